package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Proofs of concept of the second adversarial review (issue 12, custody
// invariants over the account's whole life). Each TestAttack... test
// states the attack, the guarantee it breaks and a suggested fix, and
// fails on the code it was written against (review2 branch, from main at
// ff4e23d). Outcomes are judged on internal/nisoracle, the
// transliteration of NIS's multisig validators and observers, never on
// the library's own model.
//
// The three tests in this file share a root: the signer checks a
// cosignatory modification only against its *current* registration (the
// plan and its next version), as if the chain could hold no other state
// and no key had ever been described otherwise. Its journal knows better:
// every registration it ever made, and every modification it signed.

// attack2Cosigner is an offline vault described by the plan documents.
func attack2Cosigner(t *testing.T, label, custodian string) (multisig.Cosigner, *sign.PrivateKey) {
	k := fixtureKey(t, "attack2 "+label)
	return multisig.Cosigner{PublicKey: k.PublicKey(), Label: label, Role: multisig.Offline, Custodian: custodian}, k
}

// attack2Plan is a plan of the fixture's account.
func attack2Plan(t *testing.T, f *fixture, cosigners []multisig.Cosigner, threshold int) *multisig.Plan {
	p, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, cosigners, threshold, multisig.Relaxations{})
	require.NoError(t, err)
	return p
}

// attack2Convert converts the fixture's account into plan on a new NIS
// oracle.
func attack2Convert(t *testing.T, f *fixture, plan *multisig.Plan) *nisoracle.Chain {
	oracle := nisoracle.New(sign.Testnet)
	conv, err := plan.Conversion(f.opts)
	require.NoError(t, err)
	require.Equal(t, nisoracle.Success, oracle.ValidateOwn(conv))
	oracle.ApplyModification(conv)
	return oracle
}

// attack2Announce has NIS execute the wrapper around inner, initiated by
// the hot key, with the cosignatures of signers, if NIS accepts it.
func attack2Announce(t *testing.T, f *fixture, oracle *nisoracle.Chain, inner *transaction.MultisigAggregateModification, signers []sign.PublicKey) bool {
	t.Helper()
	if oracle.ValidateWrapper(inner, f.hot.PublicKey(), signers) != nisoracle.Success {
		return false
	}
	oracle.ApplyModification(inner)
	return true
}

// attack2Signers asks each vault to cosign inner (a modification the
// online side made from plan) and returns the keys of those that signed.
func attack2Signers(t *testing.T, plan *multisig.Plan, inner *transaction.MultisigAggregateModification, o multisig.TxOptions, vaults ...*OfflineSigner) []sign.PublicKey {
	t.Helper()
	var signed []sign.PublicKey
	for _, v := range vaults {
		if _, err := attackCosign(t, v, plan, inner, o); err == nil {
			signed = append(signed, v.Key.PublicKey())
		} else {
			t.Logf("vault %s refused: %v", v.Key.PublicKey().Address(sign.Testnet), err)
		}
	}
	return signed
}

// TestAttackRegistrationForgetsEarlierRoles: the first review's fix
// (PlanDifferences) keeps a key's role and custodian from changing
// between a plan and its next version, but only for keys in both. The
// online side takes two ordinary-looking ceremonies:
//
//  1. plan: 3 of 4, two online servers (datacenter, datacenter 2) and
//     vaults A and B; next version: server 2 retired, 2 of 3. The vaults
//     sign the removal (NIS needs the server and both vaults) and it is
//     confirmed.
//  2. the next version registered as the plan (it follows), with a new
//     next version that "adds vault D at site D" as an offline key (2 of
//     4). Vault D's key is server 2's key. CheckTransition compares the
//     plan (where server 2 no longer is) with the next version, so
//     nothing differs; the custody check believes the role the document
//     gives (offline) and passes 2 of 4 with one online key. Vault A
//     signs, the server initiates, NIS needs 2: it is confirmed.
//
// On chain the account is now 2 of 4 with two online keys: the two
// servers alone move funds. The vaults' journals hold, in the first
// registration, that this very key is the online "withdrawal server 2"
// at "datacenter 2".
//
// Breaks: "a next version may relabel keys but never turn an online key
// offline, move a key to another custodian" (SECURITY.md, Signing for a
// plan nobody approved) and "no set of online keys ... can make NIS
// accept a transfer" (README, What the limits guarantee). The same two
// steps move a key to another custodian (vault A's key back as "vault E"
// at "site E" makes site A hold two keys), and Replace shows no
// difference for a key the replaced plan does not hold.
//
// Suggested fix: Register, Replace and CheckTransition compare a key's
// role and custodian with every description of it the journal has ever
// registered (plan and next version of every "registered" entry), not
// only with the current plan; a key once online stays online, a key once
// at a custodian stays there, unless the operator confirms the difference
// in a Replace that names it.
func TestAttackRegistrationForgetsEarlierRoles(t *testing.T) {
	f := newFixture(t)
	hot2 := fixtureKey(t, "fixture hot 2")
	server2 := multisig.Cosigner{PublicKey: hot2.PublicKey(), Label: "withdrawal server 2", Role: multisig.Online, Custodian: "datacenter 2"}
	plan := attack2Plan(t, f, append(append([]multisig.Cosigner{}, f.plan.Cosigners...), server2), 3)
	next1 := attack2Plan(t, f, f.plan.Cosigners, 2) // server 2 retired
	require.NoError(t, CheckTransition(plan, next1))

	oracle := attack2Convert(t, f, plan)
	vaultA := attackVault(t, f.coldA, plan, next1)
	vaultB := attackVault(t, f.coldB, plan, next1)

	// Ceremony 1: retire server 2.
	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	u1, err := plan.RemoveCosigner(plan.State(), hot2.PublicKey(), 2, o1)
	require.NoError(t, err)
	signed := attack2Signers(t, plan, u1.Inner, o1, vaultA, vaultB)
	require.Len(t, signed, 2, "the registered transition is signed")
	require.True(t, attack2Announce(t, f, oracle, u1.Inner, signed), "NIS confirms the removal")

	// Ceremony 2: next1 is now the plan; the new next version brings
	// server 2's key back as "vault D", offline, at "site D".
	vaultD := multisig.Cosigner{PublicKey: hot2.PublicKey(), Label: "vault D", Role: multisig.Offline, Custodian: "site D"}
	next2 := attack2Plan(t, f, append(append([]multisig.Cosigner{}, f.plan.Cosigners...), vaultD), 2)
	var regErr error
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		if _, err := Register(v.Journal, next1, next2, "vault operator"); err != nil {
			regErr = err
		}
	}
	o2 := multisig.TxOptions{Timestamp: fixtureTime + 1800, Deadline: fixtureTime + 1800 + 3600}
	u2, err := next1.AddCosigner(next1.State(), vaultD, 2, o2)
	require.NoError(t, err)
	if regErr == nil {
		signed = attack2Signers(t, next1, u2.Inner, o2, vaultA)
		attack2Announce(t, f, oracle, u2.Inner, signed)
	}

	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), []sign.PublicKey{hot2.PublicKey()}),
		"NIS accepts a transfer signed by the two online servers alone: server 2's key came back described as an offline vault (registration error: %v)", regErr)
}

// TestAttackEarlierNextStillPending: the vaults register plan P (3 of 4:
// the server, vaults A, B, C) with next version N (vault D added, 2 of
// 5) and sign the change (add D, min -1; NIS needs the server, A and B).
// The online side keeps the signed wrapper and cosignatures and does not
// announce them. Within their deadline it asks for a new ceremony: "we
// chose vault E instead of D". Register accepts P again with another
// next version N' (vault E added, 2 of 5), and vault A signs that change
// (add E, min -1): from P it gives exactly N', and applied to N' again
// NIS would refuse it (E is a cosignatory already). The signer never
// considers N, the next version it registered and signed towards a
// minute ago. The online side now announces both: at P the first change
// gives N (stored 2), and at N the second needs 2 signatures (the
// server and A) and stores 1. On chain: 1 of 6, the server alone.
//
// Breaks: "Offline signers sign a change only into the registered next
// plan, and never into a state that breaks this" (README, What the
// limits guarantee): every signature went into a registered next plan
// from the registered plan, and the result is the online key alone.
//
// Suggested fix: a modification must keep the invariant from every state
// the chain may hold: the states of every plan and next version
// registered in the journal since the last Replace, and those reached by
// the modifications the journal records as signed whose validity has not
// ended by the latest node time it holds. Or, narrower: refuse a
// registration that drops a next version towards which the journal holds
// a signed modification still valid.
func TestAttackEarlierNextStillPending(t *testing.T) {
	f := newFixture(t)
	vaultC, coldC := attack2Cosigner(t, "vault C", "site C")
	vaultD, _ := attack2Cosigner(t, "vault D", "site D")
	vaultE, _ := attack2Cosigner(t, "vault E", "site E")
	base := append(append([]multisig.Cosigner{}, f.plan.Cosigners...), vaultC)
	plan := attack2Plan(t, f, base, 3)
	next := attack2Plan(t, f, append(append([]multisig.Cosigner{}, base...), vaultD), 2)
	other := attack2Plan(t, f, append(append([]multisig.Cosigner{}, base...), vaultE), 2)

	oracle := attack2Convert(t, f, plan)
	vaultA := attackVault(t, f.coldA, plan, next)
	vaultB := attackVault(t, f.coldB, plan, next)
	attackVault(t, coldC, plan, next)

	// The registered change, signed and kept back by the online side.
	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	u1, err := plan.AddCosigner(plan.State(), vaultD, 2, o1)
	require.NoError(t, err)
	signed1 := attack2Signers(t, plan, u1.Inner, o1, vaultA, vaultB)
	require.Len(t, signed1, 2)

	// Ten minutes later: the same plan again, another next version.
	var regErr error
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		if _, err := Register(v.Journal, plan, other, "vault operator"); err != nil {
			regErr = err
		}
	}
	o2 := multisig.TxOptions{Timestamp: fixtureTime + 600, Deadline: fixtureTime + 600 + 3600}
	u2, err := plan.AddCosigner(plan.State(), vaultE, 2, o2)
	require.NoError(t, err)
	var signed2 []sign.PublicKey
	if regErr == nil {
		signed2 = attack2Signers(t, plan, u2.Inner, o2, vaultA)
	}

	// Both announced while valid, the kept one first.
	require.True(t, attack2Announce(t, f, oracle, u1.Inner, signed1), "NIS executes the first change: the chain holds N")
	attack2Announce(t, f, oracle, u2.Inner, signed2)
	cosigners, stored := oracle.Cosignatories(f.account.PublicKey())
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil),
		"NIS now stores min %d with %d cosignatories: the online server alone moves funds", stored, len(cosigners))
}

// TestAttackNextRegisteredBeforeConfirmed: the vaults register plan P (2
// of 3: the server, vaults A and B) and next version N (vault C added, 3
// of 4), and vault A signs the change. The online side never announces
// it, and tells the operators it is confirmed (its `account --node`
// output, its node, its word: the offline side cannot look). The README
// says: "after the change is confirmed, register the next plan as the
// plan", so the operators register N as the plan (it follows) with a new
// next version N2 (vault D added, 2 of 5), and vault A signs "add D, min
// -1": from N (stored 3) exactly N2, and NIS would refuse it again at N2
// (D is a cosignatory). But the chain is still at P (stored 2): there
// NIS needs 2 signatures (the server and A), adds D and stores 1: 1 of
// 4, the server alone.
//
// Breaks: "Offline signers sign a change only into the registered next
// plan, and never into a state that breaks this" (README, What the
// limits guarantee). The signer cannot know the chain moved; it assumed
// it.
//
// Suggested fix: as for TestAttackEarlierNextStillPending: a newly
// registered plan does not make the previously registered one impossible
// on chain; keep checking modifications from the states of the plans
// registered before (since the last Replace), or accept the next version
// as the plan only with evidence the offline side can check.
func TestAttackNextRegisteredBeforeConfirmed(t *testing.T) {
	f := newFixture(t)
	vaultC, _ := attack2Cosigner(t, "vault C", "site C")
	vaultD, _ := attack2Cosigner(t, "vault D", "site D")
	plan := f.plan
	withC := append(append([]multisig.Cosigner{}, plan.Cosigners...), vaultC)
	next := attack2Plan(t, f, withC, 3)
	next2 := attack2Plan(t, f, append(append([]multisig.Cosigner{}, withC...), vaultD), 2)

	oracle := attack2Convert(t, f, plan)
	vaultA := attackVault(t, f.coldA, plan, next)

	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	u1, err := plan.AddCosigner(plan.State(), vaultC, 3, o1)
	require.NoError(t, err)
	require.Len(t, attack2Signers(t, plan, u1.Inner, o1, vaultA), 1, "the registered change is signed (and never announced)")

	// "Confirmed": the next ceremony.
	_, regErr := Register(vaultA.Journal, next, next2, "vault operator")
	o2 := multisig.TxOptions{Timestamp: fixtureTime + 1800, Deadline: fixtureTime + 1800 + 3600}
	u2, err := next.AddCosigner(next.State(), vaultD, 2, o2)
	require.NoError(t, err)
	var signed []sign.PublicKey
	if regErr == nil {
		signed = attack2Signers(t, next, u2.Inner, o2, vaultA)
	}
	attack2Announce(t, f, oracle, u2.Inner, signed)
	cosigners, stored := oracle.Cosignatories(f.account.PublicKey())
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil),
		"the chain was still at the plan: NIS now stores min %d with %d cosignatories, the online server alone moves funds", stored, len(cosigners))
}

// TestAttackMinDecreaseRepeatedTwice: the first review's fix for
// TestAttackRepeatedMinDecreaseAfterNext checks a modification once more
// from the next version's states ("applied again"), but a pure
// min-cosignatories change has no add or remove for NIS to refuse, so it
// can be applied any number of times, each time as a new transaction
// (another timestamp, another hash). The registered transition is plan 4
// of 7 (the server and vaults A to F at six sites) -> next 3 of 7, both
// valid; applied once more it gives 2 of 7, also valid, so every vault
// signs "min -1". The online side has it confirmed (server + A, B, C at
// stored 4), builds it again (server + D, E at stored 3: 2 of 7), and
// again (server + F at stored 2). Each vault signs exactly once and sees
// the registered transition, "3 of 7", every time. On chain: stored 1, 1
// of 7, the server alone.
//
// Breaks: "Offline signers sign a change only into the registered next
// plan, and never into a state that breaks this" (README, What the
// limits guarantee), and SECURITY.md's "from the registered plan, and
// also from the next version, in case the change was confirmed already
// and is asked for again": it can be asked for again more than once.
//
// Suggested fix: for a modification NIS can apply repeatedly (one that
// neither adds nor removes a cosignatory), check every state reached by
// applying it again until NIS refuses it, not only one more time; a
// decrease then reaches stored 1 and is refused whenever any online key
// or a single custodian holds a key, so a threshold decrease must travel
// with an add or a remove, which NIS never applies twice (as the first
// fix's comment intended).
func TestAttackMinDecreaseRepeatedTwice(t *testing.T) {
	f := newFixture(t)
	cosigners := append([]multisig.Cosigner{}, f.plan.Cosigners...)
	keys := []*sign.PrivateKey{f.coldA, f.coldB}
	for _, l := range []string{"C", "D", "E", "F"} {
		c, k := attack2Cosigner(t, "vault "+l, "site "+l)
		cosigners, keys = append(cosigners, c), append(keys, k)
	}
	plan := attack2Plan(t, f, cosigners, 4)
	next := attack2Plan(t, f, cosigners, 3)
	require.NoError(t, CheckTransition(plan, next))
	after := attack2Plan(t, f, cosigners, 2)
	require.NoError(t, after.Validate(), "2 of 7 with one online key and six sites is a valid plan: applied once more, the change is safe")

	oracle := attack2Convert(t, f, plan)
	var vaults []*OfflineSigner
	for _, k := range keys {
		vaults = append(vaults, attackVault(t, k, plan, next))
	}
	// Three times "min -1", each time a new transaction, each signed by
	// vaults that never signed it before.
	for i, asked := range [][]*OfflineSigner{vaults[0:3], vaults[3:5], vaults[5:6]} {
		ts := fixtureTime + transaction.Timestamp(i*1800)
		o := multisig.TxOptions{Timestamp: ts, Deadline: ts + 3600}
		u, err := plan.SetThreshold(plan.State(), 3, o)
		require.NoError(t, err)
		require.Equal(t, int32(-1), u.Inner.MinCosignatories.RelativeChange)
		signed := attack2Signers(t, plan, u.Inner, o, asked...)
		if !attack2Announce(t, f, oracle, u.Inner, signed) {
			break
		}
	}
	cosignatories, stored := oracle.Cosignatories(f.account.PublicKey())
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil),
		"NIS now stores min %d with %d cosignatories: the online server alone moves funds", stored, len(cosignatories))
}

// TestAttackThreeChangesComposed: the fix for the three tests above
// checks a change from the states of every plan registered since the last
// replacement, applied again and again. Three different changes, each
// registered in turn as the next version of the same plan, are each safe
// from every registered state: plan 4 of 6 (the server and vaults A to
// E), next versions "add X1, 3 of 7", "add X2, 3 of 7", "add X3, 3 of 7"
// (each a decrease with an add, which NIS applies once). Any two of them
// on chain leave 2 of 8 (the server and a vault). The online side keeps
// all three signed changes and announces them one after another: stored
// 1, the server alone. The signer therefore checks every state reachable
// with any change signed under a registration since the last replacement
// (their effects are known from the registered transitions), in any
// order, with this one.
func TestAttackThreeChangesComposed(t *testing.T) {
	f := newFixture(t)
	cosigners := append([]multisig.Cosigner{}, f.plan.Cosigners...)
	keys := []*sign.PrivateKey{f.coldA, f.coldB}
	for _, l := range []string{"C", "D", "E"} {
		c, k := attack2Cosigner(t, "vault "+l, "site "+l)
		cosigners, keys = append(cosigners, c), append(keys, k)
	}
	plan := attack2Plan(t, f, cosigners, 4)
	var nexts []*multisig.Plan
	var added []multisig.Cosigner
	for _, l := range []string{"X1", "X2", "X3"} {
		c, _ := attack2Cosigner(t, "vault "+l, "site "+l)
		added = append(added, c)
		nexts = append(nexts, attack2Plan(t, f, append(append([]multisig.Cosigner{}, cosigners...), c), 3))
	}
	oracle := attack2Convert(t, f, plan)
	var vaults []*OfflineSigner
	for _, k := range keys {
		vaults = append(vaults, attackVault(t, k, plan, nexts[0]))
	}

	var changes []*transaction.MultisigAggregateModification
	var signers [][]sign.PublicKey
	for i, asked := range [][]*OfflineSigner{vaults[0:3], vaults[3:5], vaults[0:1]} {
		if i > 0 {
			var regErr error
			for _, v := range vaults {
				if _, err := Register(v.Journal, plan, nexts[i], "vault operator"); err != nil {
					regErr = err
				}
			}
			if regErr != nil {
				t.Logf("registration %d refused: %v", i+1, regErr)
				require.Equal(t, 2, i, "two of the changes together are safe")
				break
			}
		}
		ts := fixtureTime + transaction.Timestamp(i*600)
		o := multisig.TxOptions{Timestamp: ts, Deadline: ts + 3600}
		u, err := plan.AddCosigner(plan.State(), added[i], 3, o)
		require.NoError(t, err)
		require.Equal(t, int32(-1), u.Inner.MinCosignatories.RelativeChange)
		changes = append(changes, u.Inner)
		signers = append(signers, attack2Signers(t, plan, u.Inner, o, asked...))
	}
	require.Len(t, signers[0], 3, "the first change is safe from every registered state")
	for i, c := range changes {
		if !attack2Announce(t, f, oracle, c, signers[i]) {
			t.Logf("NIS refuses change %d", i+1)
		}
	}
	cosignatories, stored := oracle.Cosignatories(f.account.PublicKey())
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil),
		"NIS now stores min %d with %d cosignatories: the online server alone moves funds", stored, len(cosignatories))
}
