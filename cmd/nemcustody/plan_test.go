package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// TestParseCosignerNames: the CLI applies multisig.NameProblem to labels
// and custodians, so it refuses exactly what a plan would.
func TestParseCosignerNames(t *testing.T) {
	k, err := sign.NewPrivateKeyFromSeed(make([]byte, 32))
	require.NoError(t, err)
	pub := k.PublicKey().String()
	cases := []struct {
		spec, want string
	}{
		{"offline:" + pub + ":vault A:site A", ""},
		{"offline:" + pub + ":vault\x1b[31mA", "--cosigner 1: the label has a control or non-printing character"},
		{"offline:" + pub + ":vault A:site\u2028A", "--cosigner 1: the custodian has a control or non-printing character"},
		{"offline:" + pub + ":vault A: site A", "--cosigner 1: the custodian has leading or trailing white space"},
		{"offline:" + pub + ":", "--cosigner 1: the label is empty"},
	}
	for _, c := range cases {
		got, err := parseCosigner(c.spec, "cosigner", 1)
		if c.want == "" {
			require.NoError(t, err)
			require.Equal(t, multisig.Cosigner{PublicKey: k.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"}, got)
			continue
		}
		require.EqualError(t, err, c.want)
	}
}
