package coldwallet

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Proofs of concept of the adversarial review of issue 12 (custody
// invariants over the account's whole life). Each TestAttack... test
// states the attack, the guarantee it breaks and what NIS does; it fails
// on the code it was written against. The outcome is always checked on
// internal/nisoracle, the transliteration of NIS's multisig validators
// and observers, never on the library's own model.

// attackVault is an offline vault with its own journal in which plan and
// next are registered.
func attackVault(t *testing.T, key *sign.PrivateKey, plan, next *multisig.Plan) *OfflineSigner {
	j := newRegisteredJournal(t, filepath.Join(t.TempDir(), "journal.jsonl"), plan, next)
	p := &Policy{Version: PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"aggregate-modification"},
		MaxAmountPerTransaction: "10", MaxDeadline: "6h", AllowModifications: true}
	return &OfflineSigner{Key: key, Policy: p, Journal: j, Confirm: yes, Operator: "vault operator", Now: offlineClock}
}

// attackCosign asks s to cosign inner (the plan's account's modification)
// at node time o.Timestamp, and reports whether it signed.
func attackCosign(t *testing.T, s *OfflineSigner, plan *multisig.Plan, inner transaction.Transaction, o multisig.TxOptions) (*SignResult, error) {
	cs, err := plan.Cosignature(inner, s.Key.PublicKey(), o)
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: o.Timestamp, Signers: []sign.PublicKey{s.Key.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
	env, err := req.MarshalText()
	require.NoError(t, err)
	return s.Sign(env)
}

// attackTransfer is a transfer out of the account, to be wrapped.
func attackTransfer(account sign.PublicKey) *transaction.Transfer {
	return &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: account,
		Timestamp: fixtureTime, Deadline: fixtureDeadline, Fee: transaction.FlatFee}, Amount: 1}
}

// TestAttackRepeatedMinDecreaseAfterNext: the registered transition is a
// pure threshold decrease (plan 3 of 4 -> next 2 of 4: one online server
// and three vaults at three sites, both plans valid). The online side
// gets it signed and confirmed (server + vaults A and B), and the chain
// now stores 2. The vaults still hold the registration (plan, next) until
// someone runs the next registration ceremony, so the online side builds
// the same change again with a new timestamp (a new hash, so NIS's hash
// cache does not stop it) and asks vault C, which has never signed a
// change. Vault C checks the modification only from the states of the
// registered *plan* (stored 3 -> 2 = the registered next plan: "fine"),
// and its review shows exactly what the operator approved before ("2 of
// 4"). But the chain is at the next plan: NIS adds -1 to the stored 2
// (MultisigMinCosignatoriesModificationObserver; NumCosignatoryRangeValidator
// only asks 0 <= 1 <= 4), needs only 2 signatures for it (server + C,
// MultisigSignaturesPresentValidator), and stores 1: 1 of 4. The server
// alone then satisfies NIS for any transfer.
//
// Breaks: "Offline signers sign a change only into the registered next
// plan, and never into a state that breaks [the custody invariant]"
// (README, What the limits guarantee; SECURITY.md, Signing for a plan
// nobody approved). No operator made a mistake: every review showed the
// registered transition. A signer that refused a second signing by the
// same vault would not help either: each step uses a vault that signed
// nothing before.
//
// The fix: the signer also considers the states NIS holds once the
// registered transition is confirmed (Next.States()), and refuses a
// modification NIS would accept there unless the result still keeps the
// invariant. Here a second -1 gives 1 of 4, so the pure decrease is
// refused from the start: NIS refuses to repeat a change that also adds
// or removes a key (already a cosignatory, not a cosignatory), so a
// decrease that is not safe to repeat goes with one (see the second half).
func TestAttackRepeatedMinDecreaseAfterNext(t *testing.T) {
	f := newFixture(t)
	coldC := fixtureKey(t, "fixture cold C")
	cosigners := append(append([]multisig.Cosigner{}, f.plan.Cosigners...),
		multisig.Cosigner{PublicKey: coldC.PublicKey(), Label: "vault C", Role: multisig.Offline, Custodian: "site C"})
	plan, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, cosigners, 3, multisig.Relaxations{})
	require.NoError(t, err)
	next, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, cosigners, 2, multisig.Relaxations{})
	require.NoError(t, err, "2 of 4 with one online key and three sites is a valid plan")
	require.NoError(t, CheckTransition(plan, next))

	// NIS: the account is converted into the plan, 3 of 4, stored 3.
	oracle := nisoracle.New(sign.Testnet)
	conv, err := plan.Conversion(f.opts)
	require.NoError(t, err)
	require.Equal(t, nisoracle.Success, oracle.ValidateOwn(conv))
	oracle.ApplyModification(conv)

	vaultA := attackVault(t, f.coldA, plan, next)
	vaultB := attackVault(t, f.coldB, plan, next)
	vaultC := attackVault(t, coldC, plan, next)

	// Step 1, the registered transition: no vault signs a decrease that
	// NIS would apply again below the next plan.
	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	u1, err := plan.SetThreshold(plan.State(), 2, o1)
	require.NoError(t, err)
	for _, v := range []*OfflineSigner{vaultA, vaultB, vaultC} {
		_, err := attackCosign(t, v, plan, u1.Inner, o1)
		require.ErrorIs(t, err, ErrNotRegistered)
		require.ErrorContains(t, err, "would leave NIS holding 1 of 4")
	}
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(u1.Inner, f.hot.PublicKey(), nil), "the server alone cannot lower it")
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil))

	// The same decrease with a key change is not repeatable (NIS refuses
	// to add a cosignatory twice): 3 of 4 to 2 of 5, signed by the
	// server and two vaults, confirmed; then applied again it is refused.
	coldD := fixtureKey(t, "fixture cold D")
	withD := append(append([]multisig.Cosigner{}, cosigners...),
		multisig.Cosigner{PublicKey: coldD.PublicKey(), Label: "vault D", Role: multisig.Offline, Custodian: "site D"})
	next5, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, withD, 2, multisig.Relaxations{})
	require.NoError(t, err)
	u2, err := plan.AddCosigner(plan.State(), withD[4], 2, o1)
	require.NoError(t, err)
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		// Registered after the first, next stays a state the chain may
		// hold, and from its stored 2 the change gives 1 of 5: the
		// registration is refused.
		_, err := Register(v.Journal, plan, next5, "")
		require.ErrorIs(t, err, ErrNotRegistered, "the earlier next version may be on chain")
		require.ErrorContains(t, err, "NIS holding 1 of 5")
		// The operator, who saw every vault refuse the first change,
		// replaces the registration: the chain holds the plan.
		_, err = Replace(v.Journal, plan, next5, "")
		require.NoError(t, err)
		_, err = attackCosign(t, v, plan, u2.Inner, o1)
		require.NoError(t, err, "a decrease NIS will not repeat is signed")
	}
	require.Equal(t, nisoracle.Success, oracle.ValidateWrapper(u2.Inner, f.hot.PublicKey(), []sign.PublicKey{f.coldA.PublicKey(), f.coldB.PublicKey()}))
	oracle.ApplyModification(u2.Inner)
	o2 := multisig.TxOptions{Timestamp: fixtureTime + 1800, Deadline: fixtureTime + 1800 + 3600}
	again, err := plan.AddCosigner(plan.State(), withD[4], 2, o2)
	require.NoError(t, err)
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(again.Inner, f.hot.PublicKey(), []sign.PublicKey{f.coldA.PublicKey()}),
		"NIS refuses the same change again: vault D is already a cosignatory")
	_, stored := oracle.Cosignatories(f.account.PublicKey())
	require.Equal(t, 2, stored)
}

// TestAttackRegistrationRelabelsOnlineKey: the online side asks for a
// registration ceremony and offers plan documents that keep every key
// and the threshold but give one of its own online keys the role
// "offline" (with a new label and site), plus a next version at a lower
// threshold. The ceremony display is the same as the last one but for
// one word and a label on one line; the fingerprint check compares with
// what the (compromised) online side prints. Neither CheckTransition
// nor Register compares the roles and custodians of keys that stay with
// those of the plan registered before, so the vault then checks the
// custody invariant with the attacker's roles: the decrease 3 of 4 -> 2
// of 4 looks safe (one "online" key), the vaults sign it, and on chain
// the two online servers together satisfy NIS.
//
// Breaks: "no set of online keys ... can make NIS accept a transfer";
// "Offline signers sign a change only into the registered next plan, and
// never into a state that breaks this" holds only with the roles the
// online side supplies. A key's role is a fact about where the key lives;
// it cannot change by registration.
//
// A fix: Register (and CheckTransition between plan and next) refuses a
// plan in which a key the journal has registered before (or that plan
// holds) changes role from online to offline or changes custodian,
// unless an explicit, separately confirmed override is given; and a new
// registration of the same account should follow the previous one (its
// plan or its next version), so the operator reviews a difference, not a
// whole document.
func TestAttackRegistrationRelabelsOnlineKey(t *testing.T) {
	f := newFixture(t)
	hot2 := fixtureKey(t, "fixture hot 2")
	server2 := multisig.Cosigner{PublicKey: hot2.PublicKey(), Label: "withdrawal server 2", Role: multisig.Online, Custodian: "datacenter 2"}
	cosigners := append(append([]multisig.Cosigner{}, f.plan.Cosigners...), server2)
	plan, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, cosigners, 3, multisig.Relaxations{})
	require.NoError(t, err, "3 of 4 with two online servers: the servers alone have 2")

	// What the online side offers at the next ceremony: the same keys and
	// threshold, server 2 now "vault D" offline at "site D".
	relabeled := append([]multisig.Cosigner{}, cosigners...)
	relabeled[3] = multisig.Cosigner{PublicKey: hot2.PublicKey(), Label: "vault D", Role: multisig.Offline, Custodian: "site D"}
	fake, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, relabeled, 3, multisig.Relaxations{})
	require.NoError(t, err)
	fakeNext, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, relabeled, 2, multisig.Relaxations{})
	require.NoError(t, err, "with server 2 called offline, 2 of 4 passes the custody check")

	// The honest state of things: NIS holds the plan, the vault has it
	// registered.
	oracle := nisoracle.New(sign.Testnet)
	conv, err := plan.Conversion(f.opts)
	require.NoError(t, err)
	require.Equal(t, nisoracle.Success, oracle.ValidateOwn(conv))
	oracle.ApplyModification(conv)
	vaultA := attackVault(t, f.coldA, plan, nil)
	vaultB := attackVault(t, f.coldB, plan, nil)

	t.Run("as the next version of the plan", func(t *testing.T) {
		require.Error(t, CheckTransition(plan, fakeNext), "a next plan that gives an online key of the plan the role offline")
	})

	// The re-registration the online side asks for, on both vaults.
	var regErr error
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		if _, err := Register(v.Journal, fake, fakeNext, "vault operator"); err != nil {
			regErr = err
		}
	}
	signers := []sign.PublicKey{}
	u, err := fake.SetThreshold(fake.State(), 2, f.opts)
	require.NoError(t, err)
	if regErr == nil {
		for _, v := range []*OfflineSigner{vaultA, vaultB} {
			if _, err := attackCosign(t, v, fake, u.Inner, f.opts); err == nil {
				signers = append(signers, v.Key.PublicKey())
			}
		}
	}
	if oracle.ValidateWrapper(u.Inner, f.hot.PublicKey(), signers) == nisoracle.Success {
		oracle.ApplyModification(u.Inner)
	}
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), []sign.PublicKey{hot2.PublicKey()}),
		"the two online servers alone move funds")
	require.Error(t, regErr, "a registration that turns a registered online key offline")
}

// TestAttackRegisteredTransitionThroughStoredZero: the same gap as
// TestAttackRepeatedMinDecreaseAfterNext, reached with an increase. The
// registered transition is plan 2 of 3 (server, vaults A and B) -> next 3
// of 3. The online side first asks for a min change of -2: from the
// plan's stored 2 it gives a stored 0, which NIS reads as "all 3 must
// sign", the registered next plan (Plan.CheckState accepts a stored 0
// for an N-of-N plan), so the vaults sign it and the review says "all 3
// must sign; NIS stores min 0". Server + A satisfy NIS (2 of 3) and the
// chain stores 0. Then the online side asks for the ordinary +1
// (plan.SetThreshold(plan.State(), 3)): from the plan's stored 2 it gives
// 3 of 3, the registered next plan, and every vault signs it, as the
// n-of-n mode now requires. NIS adds +1 to the stored 0 and stores 1:
// 1 of 3, the server alone.
//
// Breaks the same guarantee; the fix is the same (the signer must check a
// modification also from every state the registered transition can
// leave, stored 0 included).
func TestAttackRegisteredTransitionThroughStoredZero(t *testing.T) {
	f := newFixture(t)
	plan := f.plan
	next, err := multisig.NewPlan(plan.Account, sign.Testnet, plan.Cosigners, 3, multisig.Relaxations{})
	require.NoError(t, err)
	require.NoError(t, CheckTransition(plan, next))

	oracle := nisoracle.New(sign.Testnet)
	conv, err := plan.Conversion(f.opts)
	require.NoError(t, err)
	require.Equal(t, nisoracle.Success, oracle.ValidateOwn(conv))
	oracle.ApplyModification(conv)
	vaultA := attackVault(t, f.coldA, plan, next)
	vaultB := attackVault(t, f.coldB, plan, next)

	// Step 1: -2, made up by the online side.
	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	minus2 := &transaction.MultisigAggregateModification{
		Header:           transaction.Header{Network: sign.Testnet, Version: 2, Signer: plan.Account, Timestamp: o1.Timestamp, Deadline: o1.Deadline, Fee: transaction.MultisigAggregateModificationFee},
		MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: -2},
	}
	require.NoError(t, transaction.Canonicalize(minus2))
	require.NoError(t, transaction.Check(minus2))
	res, err := attackCosign(t, vaultA, plan, minus2, o1)
	if err != nil {
		return // refusing to leave a stored 0 stops the attack here
	}
	t.Logf("vault A signed -2 (from stored 2 NIS holds all 3 must sign, the registered next plan); its review:\n%s", res.Review)
	require.Equal(t, nisoracle.Success, oracle.ValidateWrapper(minus2, f.hot.PublicKey(), []sign.PublicKey{f.coldA.PublicKey()}))
	oracle.ApplyModification(minus2)
	_, stored := oracle.Cosignatories(plan.Account)
	require.Equal(t, 0, stored)

	// Step 2: the ordinary +1 to 3 of 3, computed from the plan.
	o2 := multisig.TxOptions{Timestamp: fixtureTime + 1800, Deadline: fixtureTime + 1800 + 3600}
	plus1, err := plan.SetThreshold(plan.State(), 3, o2)
	require.NoError(t, err)
	require.Equal(t, int32(1), plus1.Inner.MinCosignatories.RelativeChange)
	signers := []sign.PublicKey{}
	var refused error
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		if _, err := attackCosign(t, v, plan, plus1.Inner, o2); err != nil {
			refused = err
			continue
		}
		signers = append(signers, v.Key.PublicKey())
	}
	if oracle.ValidateWrapper(plus1.Inner, f.hot.PublicKey(), signers) == nisoracle.Success {
		oracle.ApplyModification(plus1.Inner)
	}
	_, stored = oracle.Cosignatories(plan.Account)
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(plan.Account), f.hot.PublicKey(), nil),
		"NIS now stores min %d of 3: the online server alone moves funds", stored)
	require.ErrorIs(t, refused, ErrNotRegistered, "a vault must refuse +1 while the chain may store 0")
}

// TestAttackRelaxedNextPlanHiddenInReview: the online side offers, as
// the next version of an unrelaxed plan (2 of 3: server, vaults A and B),
// a plan that adds a second online server and carries
// allowOnlineThreshold: the two servers alone reach 2 of 4. The
// registration ceremony prints the relaxation once, among the lines of
// both plans. From then on every vault's review of the modification
// shows "cosigners afterwards (2 of 4)" and no WARNING about it: the
// review prints the registered plan's warnings (none) and checks the
// custody invariant with the next plan's relaxations, so "THE RESULT
// WEAKENS THE CUSTODY PLAN" is not shown either. On chain (NIS, as the
// oracle computes it) the two online keys then satisfy NIS alone.
//
// Breaks: "Relaxing either takes an explicit option that every review
// shows in capitals" (SECURITY.md, A single stolen online key). A
// modification that makes a relaxation take effect is exactly when the
// operator must see it.
//
// A fix: the review of a modification shows the next plan's warnings
// (RELAXED ...) and says in capitals when the next plan relaxes what the
// plan did not; CheckCustody of the result is reported against the
// plan's relaxations too, as a WARNING.
func TestAttackRelaxedNextPlanHiddenInReview(t *testing.T) {
	f := newFixture(t)
	hot2 := fixtureKey(t, "fixture hot 2")
	server2 := multisig.Cosigner{PublicKey: hot2.PublicKey(), Label: "withdrawal server 2", Role: multisig.Online, Custodian: "datacenter 2"}
	next, err := multisig.NewPlan(f.plan.Account, sign.Testnet, append(append([]multisig.Cosigner{}, f.plan.Cosigners...), server2), 2,
		multisig.Relaxations{AllowOnlineThreshold: true})
	require.NoError(t, err)
	require.NoError(t, CheckTransition(f.plan, next))
	_, err = f.plan.AddCosigner(f.plan.State(), server2, 2, f.opts)
	require.Error(t, err, "the library itself refuses this change without the relaxation")
	add := &transaction.MultisigAggregateModification{
		Header: transaction.Header{Network: sign.Testnet, Version: 2, Signer: f.plan.Account, Timestamp: fixtureTime, Deadline: fixtureTime + 3600,
			Fee: transaction.MultisigAggregateModificationFee},
		Modifications: []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: hot2.PublicKey()}},
	}
	require.NoError(t, transaction.Canonicalize(add))
	require.NoError(t, transaction.Check(add))

	vaultA := attackVault(t, f.coldA, f.plan, next)
	res, err := attackCosign(t, vaultA, f.plan, add, f.opts)
	if err != nil {
		return // refusing the relaxation at signing also holds the guarantee
	}
	review := res.Review.String()
	t.Logf("vault A's review:\n%s", review)
	require.Contains(t, review, "RELAXED", "the review of the change that makes the relaxation take effect must show it in capitals")
}
