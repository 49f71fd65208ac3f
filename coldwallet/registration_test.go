package coldwallet

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// modificationRequest asks vault A to cosign u's inner modification.
func (f *fixture) modificationRequest(t *testing.T, plan *multisig.Plan, inner *transaction.MultisigAggregateModification) []byte {
	cs, err := plan.Cosignature(inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
	env, err := req.MarshalText()
	require.NoError(t, err)
	return env
}

func modifyingPolicy(f *fixture, t *testing.T) *Policy {
	p := basePolicy(f, t)
	p.Types = append(p.Types, "aggregate-modification")
	p.AllowModifications = true
	return p
}

// TestRegisteredPlan is class 8 of the custody review: allowModifications
// no longer signs any change. The signer signs multisig items only for
// its registered plan, and a modification only into the registered next
// plan, whatever the online side sends.
func TestRegisteredPlan(t *testing.T) {
	f := newFixture(t)
	vaultC := multisig.Cosigner{PublicKey: fixtureKey(t, "fixture cold C").PublicKey(), Label: "vault C", Role: multisig.Offline, Custodian: "site C"}
	add, err := f.plan.AddCosigner(f.plan.State(), vaultC, 3, f.opts)
	require.NoError(t, err)
	env := f.modificationRequest(t, f.plan, add.Inner)

	// No registered plan: no multisig signature, recorded.
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := CreateJournal(path, "", nil, JournalOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	bare := &OfflineSigner{Key: f.coldA, Policy: modifyingPolicy(f, t), Journal: j, Confirm: yes, Now: offlineClock}
	res, err := bare.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "no plan is registered")
	require.Equal(t, EventRefused, res.Entry.Event)

	// The plan, but no next version: no modification.
	s, _ := newSigner(t, f, f.coldA, modifyingPolicy(f, t))
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "no next version of the plan is registered")

	// A next version the modification does not lead to.
	other, err := f.plan.AddCosigner(f.plan.State(), vaultC, 2, f.opts)
	require.NoError(t, err)
	_, err = s.Journal.Register(f.plan, other.After, "alice")
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "not the registered next plan (2 of 4)")

	// The right next version: signed, and the review shows the state NIS
	// will hold.
	_, err = s.Journal.Register(f.plan, add.After, "alice")
	require.NoError(t, err)
	res, err = s.Sign(env)
	require.NoError(t, err)
	require.Equal(t, multisig.State{Cosignatories: add.After.Keys(), MinCosignatories: 3}.String(), res.Review.Items[0].After.State.String())

	// A plan given that is not the registered one; a request for another
	// network; a wrapper for another account.
	s.Plan = other.After
	_, err = s.Sign(env)
	require.ErrorContains(t, err, "is not the plan registered in journal entry")
	s.Plan = f.plan
	mainnet, err := multisig.NewPlan(f.plan.Account, sign.Mainnet, f.plan.Cosigners, 2, multisig.Relaxations{})
	require.NoError(t, err)
	m, _ := newSigner(t, f, f.coldA, modifyingPolicy(f, t))
	m.Plan = nil
	_, err = m.Journal.Register(mainnet, nil, "")
	require.NoError(t, err)
	_, err = m.Sign(env)
	require.ErrorContains(t, err, "a testnet request, and the registered plan is for mainnet")
}

// TestRegisteredNOfN: an N-of-N plan may be stored as 0 or N on the chain.
// A change whose result depends on which is refused; storing the
// threshold explicitly (+N, which NIS refuses from N) is signed with the
// plan itself as its next version.
func TestRegisteredNOfN(t *testing.T) {
	f := newFixture(t)
	all, err := multisig.NewPlan(f.plan.Account, sign.Testnet, f.plan.Cosigners, 3, multisig.Relaxations{})
	require.NoError(t, err)
	vaultC := multisig.Cosigner{PublicKey: fixtureKey(t, "fixture cold C").PublicKey(), Label: "vault C", Role: multisig.Offline, Custodian: "site C"}
	add, err := all.AddCosigner(all.State(), vaultC, 3, f.opts) // from stored 3: no change, 3 of 4
	require.NoError(t, err)
	require.Nil(t, add.Inner.MinCosignatories)

	s, _ := newSigner(t, f, f.coldA, modifyingPolicy(f, t))
	s.Plan = nil
	_, err = s.Journal.Register(all, add.After, "")
	require.NoError(t, err)
	_, err = s.Sign(f.modificationRequest(t, all, add.Inner))
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "from a chain that stores min 0, NIS would hold all 4 must sign", "stored 0 would make it 4 of 4")

	norm, err := all.SetThreshold(multisig.State{Cosignatories: all.Keys()}, 3, f.opts)
	require.NoError(t, err)
	require.Equal(t, int32(3), norm.Inner.MinCosignatories.RelativeChange)
	_, err = s.Journal.Register(all, all, "")
	require.NoError(t, err)
	res, err := s.Sign(f.modificationRequest(t, all, norm.Inner))
	require.NoError(t, err)
	require.Equal(t, 3, res.Review.Items[0].After.State.MinCosignatories)
	_, err = s.Journal.Register(f.plan, f.plan, "")
	require.ErrorContains(t, err, "the same cosigners and threshold", "only an N-of-N plan normalizes")
}
