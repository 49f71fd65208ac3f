package coldwallet

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Proofs of concept of the third adversarial review (issue 12), against
// the fixes of review 2 (registration history, Registration.Earlier,
// Differences, checkReachable; main at aba6669). Each TestAttack... test
// states the attack, the guarantee it breaks and a suggested fix, and
// fails on the code it was written against. Outcomes are judged on
// internal/nisoracle, never on the library's own model.

// attack3Journal creates a journal and registers (plan, next) in it with
// Register, returning the registration error rather than failing.
func attack3Journal(t *testing.T, plan, next *multisig.Plan) (*journal.Journal, error) {
	t.Helper()
	j, err := journal.Create(filepath.Join(t.TempDir(), "journal.jsonl"), "alice", nil,
		journal.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	_, err = Register(j, plan, next, "alice")
	return j, err
}

// TestAttackKeyTurnedOnlineWhileEarlierStateHolds: review 2's fix keeps a
// key once online online ("a key once online stays online": who(),
// Differences), but the other direction is free: a next version may
// describe a key that the plan describes as offline as online
// (PlanDifferences flags only online -> offline). The signer itself
// treats the plan's state as one the chain may still hold ("it is
// confirmed" is the online side's word; Earlier, checkReachable), yet it
// never checks that state under the new descriptions: the closure's
// starting states (the states of every registered plan) are put in `seen`
// unchecked, and Register checks only CheckTransition and Differences.
//
// The online side proposes plan P = the fixture's 2 of 3 (the server,
// vaults A and B) with next version N: vault C added, 3 of 4, and vault
// A's key "becomes withdrawal server 2" (online, still at site A). Both
// plans are valid on their own (N: two online keys of a 3 of 4). The
// vaults register it and sign "add C, +1"; the online side withholds it
// and reports it confirmed, so the operators register N as the plan and
// install vault A's key on the second server, as the approved plan says.
// The chain is still at P: 2 of 3, and the two online keys sign any
// transfer.
//
// Breaks: "no set of online keys ... can make NIS accept a transfer ...
// in the state NIS holds" (README, What the limits guarantee), in a state
// the signer's own registration history says the chain may hold.
//
// Suggested fix: Register and Replace (and CheckTransition) check every
// state the chain may hold under the new descriptions (the states of
// every plan since the last replacement, and those the closure reaches),
// with CheckCustody, and refuse a registration under which any breaks the
// invariant; or treat a role as immutable in both directions ("where the
// key lives, which no registration changes") and leave offline -> online
// to a Replace after the chain is checked. checkReachable should also
// check its starting states, not only the states it reaches.
func TestAttackKeyTurnedOnlineWhileEarlierStateHolds(t *testing.T) {
	f := newFixture(t)
	vaultC, _ := attack2Cosigner(t, "vault C", "site C")
	plan := f.plan
	serverA := multisig.Cosigner{PublicKey: f.coldA.PublicKey(), Label: "withdrawal server 2", Role: multisig.Online, Custodian: "site A"}
	next := attack2Plan(t, f, []multisig.Cosigner{plan.Cosigners[0], serverA, plan.Cosigners[2], vaultC}, 3)
	oracle := attack2Convert(t, f, plan)

	j, regErr := attack3Journal(t, plan, next)
	if regErr == nil {
		// "Confirmed": N registered as the plan.
		_, regErr = Register(j, next, nil, "alice")
	}
	var online []sign.PublicKey
	if regErr == nil {
		reg, err := Registered(j)
		require.NoError(t, err)
		for _, c := range reg.who() {
			if c.Role == multisig.Online && c.PublicKey != f.hot.PublicKey() {
				online = append(online, c.PublicKey)
			}
		}
		require.Contains(t, reg.plans(), reg.Earlier[0], "the signer still counts plan P as a state the chain may hold")
	}
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), online),
		"the chain never left P (2 of 3): the keys the registration describes as online (%d besides the server) move funds alone (registration error: %v)", len(online), regErr)
}

// TestAttackReplaceWhileSignedChangePending: Replace "starts the history
// anew", and nothing checks that the changes signed under the replaced
// history are settled: SECURITY.md asks the operator to "replace only
// once every change signed under the earlier registrations is confirmed
// or past its deadline", but the operator cannot see a signed change that
// the online side keeps back (it is on neither the chain nor any screen);
// only the journal knows, and Replace does not look.
//
// Plan P: 3 of 4 (the server, vaults A, B, C), next N: vault D added, 2
// of 5. Vaults A and B sign the change; the online side keeps it. Ten
// minutes later it asks for a replacement ("vault D's site fell through;
// re-register with vault E": in the CLI --replace, whose screen shows no
// differences worth a second look). Replace(P, N') with N' = vault E
// added, 2 of 5 succeeds and forgets N; vault A signs "add E, -1", which
// is safe from P and N' alone. Both are announced within their deadline:
// P -> N (stored 2), then at N "add E, -1" needs the server and A and
// stores 1: 1 of 6, the server alone.
//
// Breaks: "Offline signers sign a change only into the registered next
// plan, and never into a state that breaks this" (README, What the
// limits guarantee): this is review 2's TestAttackEarlierNextStillPending
// again, through Replace.
//
// Suggested fix: Replace refuses while the journal holds a signed
// cosignatory modification (any since the start of the history being
// replaced) whose validity has not ended by the offline clock and the
// latest node time recorded (Spent/validity are already journaled), and
// names it; or it carries the still-valid signed transitions into the new
// history (their effects stay in transitions).
func TestAttackReplaceWhileSignedChangePending(t *testing.T) {
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

	o1 := multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureTime + 3600}
	u1, err := plan.AddCosigner(plan.State(), vaultD, 2, o1)
	require.NoError(t, err)
	signed1 := attack2Signers(t, plan, u1.Inner, o1, vaultA, vaultB)
	require.Len(t, signed1, 2, "the registered change is signed, and kept back")

	var regErr error
	for _, v := range []*OfflineSigner{vaultA, vaultB} {
		if _, err := Replace(v.Journal, plan, other, "vault operator"); err != nil {
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

	require.True(t, attack2Announce(t, f, oracle, u1.Inner, signed1), "NIS executes the kept change (within its deadline): the chain holds N")
	attack2Announce(t, f, oracle, u2.Inner, signed2)
	cosigners, stored := oracle.Cosignatories(f.account.PublicKey())
	require.NotEqual(t, nisoracle.Success, oracle.ValidateWrapper(attackTransfer(f.account.PublicKey()), f.hot.PublicKey(), nil),
		"NIS now stores min %d with %d cosignatories: the online server alone moves funds (replace error: %v)", stored, len(cosigners), regErr)
}

// TestAttackClosureExplodesBlocksSigning (low severity: a denial of
// service, no key or limit is lost): checkReachable explores every state
// reachable with every transition registered since the last replacement,
// and refuses to sign when there are more than maxChainStates. The online
// side can get there with ordinary ceremonies: the same plan registered
// again and again, each time with another next version ("we chose another
// vault"), which Register accepts without a replacement. Thirteen next
// versions of the fixture's 2 of 3, each adding one vault as 3 of 4 (the
// additions commute: 2^13 subsets, every one safe), and the vault refuses
// the registered change it is asked for; each check also costs more than
// a second of CPU (the states are compared in a list). The operators must
// replace the registration, which is the step that forgets pending
// changes (TestAttackReplaceWhileSignedChangePending).
//
// Breaks no documented guarantee; it makes the signer unusable for plan
// changes until a replacement, and nudges the operators towards Replace.
//
// Suggested fix: drop from the history the transitions under which no
// signature can still be valid (superseded by a later registration more
// than the longest validity ago, by the offline clock; the journal holds
// the entry times), keep the explored states in a map keyed by a
// canonical encoding, and say in the refusal how many registrations are
// in the history.
func TestAttackClosureExplodesBlocksSigning(t *testing.T) {
	f := newFixture(t)
	plan := f.plan
	j, err := attack3Journal(t, plan, nil)
	require.NoError(t, err)
	var last *transaction.MultisigAggregateModification
	for i := range 13 {
		c, _ := attack2Cosigner(t, fmt.Sprintf("vault X%d", i), fmt.Sprintf("site X%d", i))
		next := attack2Plan(t, f, append(append([]multisig.Cosigner{}, plan.Cosigners...), c), 3)
		_, err := Register(j, plan, next, "vault operator")
		require.NoError(t, err, "the same plan again, with another next version")
		u, err := plan.AddCosigner(plan.State(), c, 3, f.opts)
		require.NoError(t, err)
		last = u.Inner
	}
	reg, err := Registered(j)
	require.NoError(t, err)
	w := &transaction.Multisig{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: f.coldA.PublicKey()}, Inner: last}
	require.NoError(t, reg.check(1, Item{Kind: KindSign, Tx: w}), "the registered change, safe in every state the chain may reach, is refused")
}
