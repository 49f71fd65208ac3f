package coldwallet

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
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
	j, err := journal.Create(path, "", nil, journal.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	bare := &OfflineSigner{Key: f.coldA, Policy: modifyingPolicy(f, t), Journal: j, Confirm: yes, Now: offlineClock}
	res, err := bare.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "no plan is registered")
	require.Equal(t, journal.EventRefused, res.Entry.Event)

	// The plan, but no next version: no modification.
	s, _ := newSigner(t, f, f.coldA, modifyingPolicy(f, t))
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "no next version of the plan is registered")

	// A next version the modification does not lead to.
	other, err := f.plan.AddCosigner(f.plan.State(), vaultC, 2, f.opts)
	require.NoError(t, err)
	_, err = Register(s.Journal, f.plan, other.After, "alice")
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "not the registered next plan (2 of 4, stored explicitly)")

	// The right next version: signed, and the review shows the state NIS
	// will hold.
	_, err = Register(s.Journal, f.plan, add.After, "alice")
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
	_, err = Register(m.Journal, mainnet, nil, "")
	require.ErrorIs(t, err, ErrNotRegistered, "another plan than the registered one")
	_, err = Replace(m.Journal, mainnet, nil, "")
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
	_, err = Replace(s.Journal, all, add.After, "")
	require.NoError(t, err)
	_, err = s.Sign(f.modificationRequest(t, all, add.Inner))
	require.ErrorIs(t, err, ErrNotRegistered)
	require.ErrorContains(t, err, "from a chain that holds all 3 must sign; NIS stores min 0, NIS would hold all 4 must sign", "stored 0 would make it 4 of 4")

	norm, err := all.SetThreshold(multisig.State{Cosignatories: all.Keys()}, 3, f.opts)
	require.NoError(t, err)
	require.Equal(t, int32(3), norm.Inner.MinCosignatories.RelativeChange)
	_, err = Register(s.Journal, all, all, "")
	require.NoError(t, err)
	res, err := s.Sign(f.modificationRequest(t, all, norm.Inner))
	require.NoError(t, err)
	require.Equal(t, 3, res.Review.Items[0].After.State.MinCosignatories)
	require.ErrorContains(t, CheckTransition(f.plan, f.plan), "the same cosigners and threshold", "only an N-of-N plan normalizes")
}

// TestRegistrationFollows: a journal's next registration is the plan
// again or its registered next version; anything else takes Replace,
// which the journal records as a replacement.
func TestRegistrationFollows(t *testing.T) {
	f := newFixture(t)
	vaultC := multisig.Cosigner{PublicKey: fixtureKey(t, "fixture cold C").PublicKey(), Label: "vault C", Role: multisig.Offline, Custodian: "site C"}
	add, err := f.plan.AddCosigner(f.plan.State(), vaultC, 3, f.opts)
	require.NoError(t, err)
	j := newRegisteredJournal(t, filepath.Join(t.TempDir(), "journal.jsonl"), f.plan, nil)

	_, err = Replace(j, f.plan, add.After, "alice")
	require.NoError(t, err, "Replace may also re-register the same plan")
	_, err = Register(j, f.plan, nil, "alice")
	require.NoError(t, err, "the plan again, without a next version")
	_, err = Register(j, add.After, nil, "alice")
	require.ErrorIs(t, err, ErrNotRegistered, "the next version, when none is registered")
	require.ErrorContains(t, err, "a new registration must be the same plan again, or replace it explicitly")

	_, err = Register(j, f.plan, add.After, "alice")
	require.NoError(t, err)
	e, err := Register(j, add.After, nil, "alice")
	require.NoError(t, err, "the promotion to the next version")
	reg, err := Registered(j)
	require.NoError(t, err)
	require.Equal(t, e.Seq, reg.Seq)
	require.Equal(t, add.After.Fingerprint(), reg.Plan.Fingerprint())

	_, err = Register(j, f.plan, nil, "alice")
	require.ErrorIs(t, err, ErrNotRegistered, "back to the old plan")
	require.ErrorContains(t, err, "journal entry "+strconv.Itoa(e.Seq)+" registered plan "+add.After.Fingerprint())
	r, err := Replace(j, f.plan, nil, "bob")
	require.NoError(t, err)
	require.Equal(t, "REPLACES the registration of entry "+strconv.Itoa(e.Seq)+" (plan "+add.After.Fingerprint()+"); registered plan "+f.plan.Fingerprint()+": 2 of 3 for "+f.plan.Address().String(), r.Summary)

	fresh, err := journal.Create(filepath.Join(t.TempDir(), "j.jsonl"), "alice", nil, journal.Options{})
	require.NoError(t, err)
	defer fresh.Close()
	_, err = Replace(fresh, f.plan, nil, "alice")
	require.ErrorContains(t, err, "the journal registers no plan, so there is nothing to replace")
}

// TestTransitionKeepsWhereKeysLive: a next version may not turn an online
// key offline, move a key to another custodian, or loosen the account
// limits; it may relabel a key.
func TestTransitionKeepsWhereKeysLive(t *testing.T) {
	f := newFixture(t)
	with := func(i int, edit func(*multisig.Cosigner), limits *multisig.AccountLimits, threshold int) *multisig.Plan {
		cs := append([]multisig.Cosigner{}, f.plan.Cosigners...)
		if edit != nil {
			edit(&cs[i])
		}
		p, err := multisig.NewPlan(f.plan.Account, sign.Testnet, cs, threshold, multisig.Relaxations{})
		require.NoError(t, err)
		p.Limits = limits
		require.NoError(t, p.Validate())
		return p
	}
	hot := f.plan.Cosigners[0].PublicKey.Address(sign.Testnet).String()
	vaultA := f.plan.Cosigners[1].PublicKey.Address(sign.Testnet).String()
	for _, c := range []struct {
		name       string
		plan, next *multisig.Plan
		want       string
	}{
		{"online to offline", f.plan, with(0, func(c *multisig.Cosigner) { c.Role = multisig.Offline; c.Custodian = "vault site" }, nil, 3),
			"the next plan turns online cosigner " + hot + " (\"withdrawal server\") offline"},
		{"another custodian", f.plan, with(1, func(c *multisig.Cosigner) { c.Custodian = "site D" }, nil, 3),
			"the next plan moves cosigner " + vaultA + " (\"vault A\") from custodian \"site A\" to \"site D\""},
		{"the same custodian written otherwise", f.plan, with(1, func(c *multisig.Cosigner) { c.Custodian = "SITE-A"; c.Label = "vault A (safe 2)" }, nil, 3), ""},
		{"limits dropped", with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 2), with(0, nil, nil, 3),
			"the next plan changes the account limits (1000.000000 XEM in 24h0m0s)"},
		{"limits raised", with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 2), with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 2000e6}, 3),
			"the next plan changes the account limits"},
		{"limits kept", with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 2), with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 3), ""},
		{"fewer vault signatures", with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 3), with(0, nil, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1000e6}, 2),
			"under the next plan a transfer needs 1 offline signatures, under the plan 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckTransition(c.plan, c.next)
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrNotRegistered)
			require.ErrorContains(t, err, c.want)
		})
	}
}
