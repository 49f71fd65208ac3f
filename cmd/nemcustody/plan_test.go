package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// TestParseCosignerNames: the CLI applies multisig.NameProblem to labels
// and multisig.CustodianProblem to custodians, so it refuses exactly what
// a plan would, naming a refused character by code point.
func TestParseCosignerNames(t *testing.T) {
	k, err := sign.NewPrivateKeyFromSeed(make([]byte, 32))
	require.NoError(t, err)
	pub := k.PublicKey().String()
	cases := []struct {
		spec, want string
	}{
		{"offline:" + pub + ":vault A:site A", ""},
		{"offline:" + pub + ":vault\x1b[31mA", "--cosigner 1: the label has a control or non-printing character"},
		{"offline:" + pub + ":vault A:site\u2028A", "--cosigner 1: the custodian has the non-ASCII character U+2028 at byte 4: " + asciiRule},
		{"offline:" + pub + ":vault A:\u0405ite A", "--cosigner 1: the custodian has the non-ASCII character U+0405 at byte 0: " + asciiRule},
		{"offline:" + pub + ":vault A:site\tA", "--cosigner 1: the custodian has the control character U+0009 at byte 4: custodian names are ASCII letters, digits, space and - _ . , ' & ( ) / # : only"},
		{"offline:" + pub + ":vault A:ops@site", "--cosigner 1: the custodian has the character '@' at byte 3: custodian names are ASCII letters, digits, space and - _ . , ' & ( ) / # : only"},
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

	// A label only names the key for people: any printable script.
	got, err := parseCosigner("offline:"+pub+":Tresor Z\u00fcrich \u6771\u4eac:Zurich", "cosigner", 1)
	require.NoError(t, err)
	require.Equal(t, "Tresor Z\u00fcrich \u6771\u4eac", got.Label)
}

// asciiRule is the end of the reason for a non-ASCII custodian.
const asciiRule = "custodian names are ASCII letters, digits, space and - _ . , ' & ( ) / # : only, " +
	"so that a look-alike letter cannot pass for another custodian; spell it in ASCII " +
	"(a plan written by an earlier version: edit this custodian in the plan file and have the plan reviewed again)"
