package multisig

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// modification builds an inner aggregate modification (version 2) of
// account, canonical, with the given changes.
func modification(t testing.TB, account sign.PublicKey, change *int32, mods ...transaction.CosignatoryModification) *transaction.MultisigAggregateModification {
	m := &transaction.MultisigAggregateModification{
		Header:        transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: now, Deadline: deadline, Signer: account, Fee: 500_000},
		Modifications: mods,
	}
	if change != nil {
		m.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: *change}
	}
	require.NoError(t, transaction.Canonicalize(m))
	return m
}

func addMod(k sign.PublicKey) transaction.CosignatoryModification {
	return transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: k}
}

func delMod(k sign.PublicKey) transaction.CosignatoryModification {
	return transaction.CosignatoryModification{Type: transaction.ModificationDelete, Cosignatory: k}
}

func i32(v int32) *int32 { return &v }

// TestStoredZeroIsNotTheThreshold is class 1 of the custody review: an
// account converted without a min-cosignatories change stores 0 ("all
// must sign"), and a later relative change is added to 0, not to the
// number of cosigners. Adding a third key with +1, as the plan's
// arithmetic (2 -> 3) suggests, makes the account 1 of 3 on the chain.
func TestStoredZeroIsNotTheThreshold(t *testing.T) {
	account, hot, vaultA, vaultB := pub(t, "account"), pub(t, "hot"), pub(t, "cold-a"), pub(t, "cold-b")
	conversion := modification(t, account, nil, addMod(hot), addMod(vaultA))
	s, err := State{}.Apply(conversion)
	require.NoError(t, err)
	require.Equal(t, 0, s.MinCosignatories, "no min change: NIS stores 0")
	require.True(t, s.AllMustSign())
	require.Equal(t, 2, s.Required())

	naive, err := s.Apply(modification(t, account, i32(1), addMod(vaultB)))
	require.NoError(t, err)
	require.Equal(t, 1, naive.MinCosignatories)
	require.Equal(t, 1, naive.Required(), "1 of 3 on the chain")
	require.True(t, naive.CanAct(withdrawalOf(t, account), []sign.PublicKey{hot}), "the hot key alone moves funds")

	// The same plan change computed from the chain's state is +3.
	p, err := NewPlan(account, sign.Testnet, []Cosigner{
		{PublicKey: hot, Label: "hot", Role: Online, Custodian: "datacenter"},
		{PublicKey: vaultA, Label: "vault A", Role: Offline, Custodian: "site A"},
		{PublicKey: pub(t, "cold-c"), Label: "vault C", Role: Offline, Custodian: "site C"},
	}, 3, Relaxations{})
	require.NoError(t, err)
	// (The 2-of-2 of the review is no longer a valid plan: its server
	// alone could remove the vault. A 3-of-3 stored as 0 shows the same.)
	chain, err := State{}.Apply(modification(t, account, nil, addMod(hot), addMod(vaultA), addMod(pub(t, "cold-c"))))
	require.NoError(t, err)
	require.NoError(t, p.CheckState(chain), "stored 0 enforces an N-of-N plan")
	u, err := p.AddCosigner(chain, Cosigner{PublicKey: vaultB, Label: "vault B", Role: Offline, Custodian: "site B"}, 4, opts)
	require.NoError(t, err)
	require.Equal(t, int32(4), u.Inner.MinCosignatories.RelativeChange, "computed from the stored 0")
	require.Equal(t, 4, u.AfterState.MinCosignatories)
	naivePlan, err := p.AddCosigner(p.State(), Cosigner{PublicKey: vaultB, Label: "vault B", Role: Offline, Custodian: "site B"}, 4, opts)
	require.NoError(t, err)
	wrong, err := chain.Apply(naivePlan.Inner)
	require.NoError(t, err)
	require.Equal(t, 1, wrong.Required(), "the plan's arithmetic applied to a stored 0 gives 1 of 4")

	_, err = p.AddCosigner(State{Cosignatories: []sign.PublicKey{hot, vaultA}}, Cosigner{PublicKey: vaultB, Role: Offline}, 3, opts)
	require.ErrorIs(t, err, ErrState, "a chain state that does not enforce the plan is refused")
}

func withdrawalOf(t testing.TB, account sign.PublicKey) transaction.Transaction {
	return &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: deadline, Signer: account, Fee: 50_000},
		Recipient: sign.NewAddress(pub(t, "customer"), sign.Testnet), Amount: 1_000_000,
	}
}

// TestStateMatchesNIS checks State against the transliteration of NIS's
// validators and observers in internal/nisoracle, over random accounts
// (built by random conversions and modifications, as NIS applies them),
// random modifications and random signer sets.
func TestStateMatchesNIS(t *testing.T) {
	keys := make([]sign.PublicKey, 10)
	for i := range keys {
		keys[i] = pub(t, fmt.Sprintf("k%d", i))
	}
	account := pub(t, "account")
	pick := func(r *rand.Rand) sign.PublicKey { return keys[r.IntN(len(keys))] }
	randomMod := func(r *rand.Rand) *transaction.MultisigAggregateModification {
		var mods []transaction.CosignatoryModification
		for range r.IntN(4) {
			k := pick(r)
			if r.IntN(10) == 0 {
				k = account
			}
			if r.IntN(3) == 0 {
				mods = append(mods, delMod(k))
			} else {
				mods = append(mods, addMod(k))
			}
		}
		var change *int32
		if r.IntN(3) > 0 || len(mods) == 0 {
			change = i32(int32(r.IntN(9) - 4))
		}
		m := &transaction.MultisigAggregateModification{
			Header:           transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: now, Deadline: deadline, Signer: account, Fee: 500_000},
			Modifications:    mods,
			MinCosignatories: nil,
		}
		if change != nil {
			m.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: *change}
		}
		_ = transaction.Canonicalize(m) // duplicates stay: NIS must refuse them
		return m
	}
	transfer := withdrawalOf(t, account)
	applied, refused := 0, 0
	seeds := uint64(300)
	if raceEnabled { // CI runs all 300 without the race detector
		seeds = 60
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 12))
		oracle := nisoracle.New(sign.Testnet)
		var s State
		for step := range 30 {
			m := randomMod(r)
			want := oracle.ValidateModification(m)
			got, err := s.Apply(m)
			if want != nisoracle.Success {
				require.Error(t, err, "seed %d step %d: NIS answers %d", seed, step, want)
				var re *transaction.RuleError
				require.True(t, errors.As(err, &re), "seed %d step %d: %v", seed, step, err)
				refused++
			} else {
				require.NoError(t, err, "seed %d step %d", seed, step)
				oracle.ApplyModification(m)
				s = got
				applied++
			}
			cos, min := oracle.Cosignatories(account)
			require.Equal(t, min, s.MinCosignatories, "seed %d step %d", seed, step)
			require.Len(t, s.Cosignatories, len(cos))
			for _, k := range s.Cosignatories {
				require.True(t, cos[sign.NewAddress(k, sign.Testnet)])
			}
			if !s.IsMultisig() {
				continue
			}
			// Signatures: a random initiator among the cosignatories and
			// random cosigners (strangers included), for a transfer and for
			// a removal of a random cosignatory.
			initiator := s.Cosignatories[r.IntN(len(s.Cosignatories))]
			var cosigners []sign.PublicKey
			switch r.IntN(4) {
			case 0: // every cosignatory
				cosigners = s.Cosignatories
			case 1: // all but one
				skip := r.IntN(len(s.Cosignatories))
				for i, k := range s.Cosignatories {
					if i != skip {
						cosigners = append(cosigners, k)
					}
				}
			case 2: // each with probability 1/2
				for _, k := range s.Cosignatories {
					if r.IntN(2) == 0 {
						cosigners = append(cosigners, k)
					}
				}
			default: // any keys, strangers included
				for range r.IntN(len(keys)) {
					cosigners = append(cosigners, pick(r))
				}
			}
			removed := s.Cosignatories[r.IntN(len(s.Cosignatories))]
			if r.IntN(2) == 0 {
				initiator = removed
			}
			for _, inner := range []transaction.Transaction{
				transfer,
				modification(t, account, i32(int32(-r.IntN(2))), delMod(removed)),
			} {
				nisOK := oracle.ValidateWrapper(inner, initiator, cosigners) == nisoracle.Success
				signers := append([]sign.PublicKey{initiator}, cosigners...)
				_, modErr := s.Apply(asMod(inner))
				got := s.Satisfied(inner, signers) == nil && (asMod(inner) == nil || modErr == nil)
				require.Equal(t, nisOK, got, "seed %d step %d: state %v, signers %d", seed, step, s, len(signers))
			}
		}
	}
	require.Greater(t, applied, int(seeds)*10/3)
	require.Greater(t, refused, int(seeds)*10/3)
}

func asMod(tx transaction.Transaction) *transaction.MultisigAggregateModification {
	m, _ := tx.(*transaction.MultisigAggregateModification)
	return m
}

// TestCheckCustodyRemovalRule: in NIS's n-of-n mode the removal of a
// cosigner needs only the others, so a 2-of-2 is held by each of its keys
// alone, and a 3-of-3 whose two other keys are online is held by the
// servers.
func TestCheckCustodyRemovalRule(t *testing.T) {
	hot, hot2, a, b := pub(t, "hot"), pub(t, "hot2"), pub(t, "cold-a"), pub(t, "cold-b")
	who := []Cosigner{
		{PublicKey: hot, Label: "hot", Role: Online, Custodian: "datacenter"},
		{PublicKey: hot2, Label: "hot 2", Role: Online, Custodian: "datacenter 2"},
		{PublicKey: a, Label: "vault A", Role: Offline, Custodian: "site A"},
		{PublicKey: b, Label: "vault B", Role: Offline, Custodian: "site B"},
	}
	cases := []struct {
		name  string
		state State
		want  error
	}{
		{"2 of 3 stored 2", State{[]sign.PublicKey{hot, a, b}, 2}, nil},
		{"3 of 3 stored 0", State{[]sign.PublicKey{hot, a, b}, 0}, nil},
		{"2 of 2 stored 2: the server removes the vault", State{[]sign.PublicKey{hot, a}, 2}, ErrOnlineReachesThreshold},
		{"2 of 2 stored 0: the same", State{[]sign.PublicKey{hot, a}, 0}, ErrOnlineReachesThreshold},
		{"2 of 2 vaults: each removes the other", State{[]sign.PublicKey{a, b}, 0}, ErrCustodianReachesThreshold},
		{"3 of 3 with two servers: they remove the vault", State{[]sign.PublicKey{hot, hot2, a}, 3}, ErrOnlineReachesThreshold},
		{"1 of 3: the server alone", State{[]sign.PublicKey{hot, a, b}, 1}, ErrOnlineReachesThreshold},
		{"an unknown key counts as online", State{[]sign.PublicKey{hot, pub(t, "stranger"), a}, 2}, ErrOnlineReachesThreshold},
		{"not multisig", State{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckCustody(c.state, who, Relaxations{})
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, ErrPlan)
		})
	}
}

// TestCanActAgreesWithSatisfied: canAct, which the custody checks call for
// every state they may reach, answers what Satisfied says for the keys
// that are cosignatories, over random states, requirements and key sets
// (duplicates and outsiders included).
func TestCanActAgreesWithSatisfied(t *testing.T) {
	var pool []sign.PublicKey
	for i := range 7 {
		pool = append(pool, testKey(t, fmt.Sprintf("canact %d", i)).PublicKey())
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		n := 1 + r.IntN(5)
		st := State{Cosignatories: slices.Clone(pool[:n]), MinCosignatories: r.IntN(n + 1)}
		var removed *sign.PublicKey
		if r.IntN(2) == 0 {
			removed = &st.Cosignatories[r.IntN(n)]
		}
		req := st.requirement(removed)
		var keys []sign.PublicKey
		for range r.IntN(6) {
			keys = append(keys, pool[r.IntN(len(pool))])
		}
		var own []sign.PublicKey
		for _, k := range keys {
			if st.Has(k) {
				own = append(own, k)
			}
		}
		want := len(own) > 0 && st.satisfied(req, own) == nil
		require.Equal(t, want, st.canAct(req, keys), "state %s, removed %v, keys %d", st, removed, len(keys))
	}
}
