package coldwallet

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// TestRegistrationHistory: every plan and next version registered since
// the last replacement stays in Registration.Earlier, the same whether the
// journal wrote the entries or read them back, and Replace starts anew.
func TestRegistrationHistory(t *testing.T) {
	f := newFixture(t)
	vault := func(label string) multisig.Cosigner {
		return multisig.Cosigner{PublicKey: fixtureKey(t, "history "+label).PublicKey(), Label: label, Role: multisig.Offline, Custodian: "site " + label}
	}
	plan := f.plan
	withC, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, append(append([]multisig.Cosigner{}, plan.Cosigners...), vault("C")), 3, multisig.Relaxations{})
	require.NoError(t, err)
	withD, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, append(append([]multisig.Cosigner{}, withC.Cosigners...), vault("D")), 3, multisig.Relaxations{})
	require.NoError(t, err)

	path := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := journal.Create(path, "", nil, journal.Options{})
	require.NoError(t, err)
	fps := func(ps []*multisig.Plan) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Fingerprint())
		}
		return out
	}
	earlier := func(j *journal.Journal) []string {
		reg, err := Registered(j)
		require.NoError(t, err)
		return fps(reg.Earlier)
	}

	_, err = Register(j, plan, withC, "op")
	require.NoError(t, err)
	require.Empty(t, earlier(j), "the first registration has no history")
	_, err = Register(j, withC, withD, "op")
	require.NoError(t, err)
	want := fps([]*multisig.Plan{plan, withC})
	require.Equal(t, want, earlier(j))
	_, err = Register(j, withC, nil, "op")
	require.NoError(t, err)
	want = fps([]*multisig.Plan{plan, withC, withC, withD})
	require.Equal(t, want, earlier(j))
	require.NoError(t, j.Close())

	j, err = journal.Open(path, journal.Options{})
	require.NoError(t, err)
	require.Equal(t, want, earlier(j), "read back, the history is the same")

	// A key once online never returns offline, even when the plan that
	// described it is two registrations back.
	hot := plan.Cosigners[0]
	require.Equal(t, multisig.Online, hot.Role)
	reg, err := Registered(j)
	require.NoError(t, err)
	require.Empty(t, reg.Differences(withD))
	turned := vault("E")
	turned.PublicKey = hot.PublicKey
	var others []multisig.Cosigner
	for _, c := range withC.Cosigners {
		if c.PublicKey != hot.PublicKey {
			others = append(others, c)
		}
	}
	d := reg.Differences(nil, mustPlan(t, f, append(others, turned), 3))
	require.Len(t, d, 2)
	require.Contains(t, d[0], "offline")
	require.Contains(t, d[1], `to "site E"`)

	e, err := Replace(j, withD, nil, "op")
	require.NoError(t, err)
	require.True(t, replaces(e))
	require.Empty(t, earlier(j), "a replacement starts the history anew")
	_, err = Register(j, withD, nil, "op")
	require.NoError(t, err)
	require.Equal(t, fps([]*multisig.Plan{withD}), earlier(j))
	require.NoError(t, j.Close())
	j, err = journal.Open(path, journal.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	require.Equal(t, fps([]*multisig.Plan{withD}), earlier(j), "read back after a replacement")
}

// mustPlan makes a plan of the fixture's account.
func mustPlan(t *testing.T, f *fixture, cs []multisig.Cosigner, threshold int) *multisig.Plan {
	p, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, cs, threshold, multisig.Relaxations{})
	require.NoError(t, err)
	return p
}
