package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// conversionRequest asks the account key to sign a conversion.
func conversionRequest(t *testing.T, f *fixture, conv *transaction.MultisigAggregateModification) *Request {
	return &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.account.PublicKey()},
		Items: []Item{{Kind: KindSign, Tx: conv}}}
}

// TestReviewConversionMustMatchPlan: with the plan of the account given,
// the offline side converts it only into that plan.
func TestReviewConversionMustMatchPlan(t *testing.T) {
	f := newFixture(t)
	conv, err := f.plan.Conversion(f.opts)
	require.NoError(t, err)
	rv, err := NewReview(conversionRequest(t, f, conv), "id", Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	require.NotNil(t, rv.Items[0].After)
	require.Equal(t, 2, rv.Items[0].After.Threshold)
	require.Len(t, rv.Items[0].After.Cosigners, 3)
	require.Contains(t, rv.String(), "cosigners afterwards (2 of 3 must sign; NIS stores min 2)")

	attackerA, attackerB := fixtureKey(t, "attacker A").PublicKey(), fixtureKey(t, "attacker B").PublicKey()
	mk := func(change int32, keys ...sign.PublicKey) *transaction.MultisigAggregateModification {
		m := &transaction.MultisigAggregateModification{Header: conv.Header}
		if change != 0 {
			m.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: change}
		}
		for _, k := range keys {
			m.Modifications = append(m.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: k})
		}
		require.NoError(t, transaction.Canonicalize(m))
		return m
	}
	hot, a, b := f.hot.PublicKey(), f.coldA.PublicKey(), f.coldB.PublicKey()
	for name, c := range map[string]struct {
		m   *transaction.MultisigAggregateModification
		msg string
	}{
		"1 of 2 attacker keys":        {mk(1, attackerA, attackerB), "NIS would hold 1 of 2 must sign; NIS stores min 1, the plan says 2 of 3"},
		"one key swapped":             {mk(2, hot, a, attackerA), "NIS would hold 2 of 3 must sign; NIS stores min 2, the plan says 2 of 3"},
		"the plan's keys, 1 of 3":     {mk(1, hot, a, b), "NIS would hold 1 of 3 must sign; NIS stores min 1, the plan says 2 of 3"},
		"no change means all of them": {mk(0, hot, a, b), "NIS would hold all 3 must sign; NIS stores min 0, the plan says 2 of 3"},
		"a removal in the conversion": {func() *transaction.MultisigAggregateModification {
			m := mk(2, hot, a, b)
			m.Modifications[0].Type = transaction.ModificationDelete
			require.NoError(t, transaction.Canonicalize(m))
			return m
		}(), "NIS would refuse it"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewReview(conversionRequest(t, f, c.m), "id", Registration{Plan: f.plan}, summary.Options{})
			require.ErrorIs(t, err, ErrNotThePlan)
			require.ErrorContains(t, err, "coldwallet: item 1: the conversion does not match the plan: "+c.msg)
		})
	}

	// Class 1 of the custody review: a conversion without a min change
	// leaves NIS storing 0. It used to pass as the 3-of-3 plan; a later
	// relative change would then be added to 0. A conversion must store the
	// threshold explicitly.
	all, err := multisig.NewPlan(f.plan.Account, f.plan.Network, f.plan.Cosigners, 3, multisig.Relaxations{})
	require.NoError(t, err)
	_, err = NewReview(conversionRequest(t, f, mk(0, hot, a, b)), "id", Registration{Plan: all}, summary.Options{})
	require.ErrorIs(t, err, ErrNotThePlan)
	require.ErrorContains(t, err, "NIS would hold all 3 must sign; NIS stores min 0, the plan says 3 of 3")
	rv, err = NewReview(conversionRequest(t, f, mk(3, hot, a, b)), "id", Registration{Plan: all}, summary.Options{})
	require.NoError(t, err)
	require.Equal(t, multisig.State{Cosignatories: []sign.PublicKey{b, hot, a}, MinCosignatories: 3}.String(), rv.Items[0].After.State.String())

	// Without a plan the review cannot compare, and says what it converts.
	rv, err = NewReview(conversionRequest(t, f, mk(1, attackerA, attackerB)), "id", Registration{}, summary.Options{})
	require.NoError(t, err)
	require.Nil(t, rv.Items[0].After)
	require.Contains(t, rv.String(), "WARNING: this converts account")
}

// TestReviewShowsPlanWarnings: relaxations and n-of-n appear, in
// capitals, on every item that acts for the plan's account.
func TestReviewShowsPlanWarnings(t *testing.T) {
	f := newFixture(t)
	relaxed, err := multisig.NewPlan(f.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: f.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: f.coldA.PublicKey(), Label: "vault A", Role: multisig.Online, Custodian: "datacenter"},
	}, 2, multisig.Relaxations{AllowOnlineThreshold: true, AllowSingleCustodian: true})
	require.NoError(t, err)
	f.plan = relaxed
	req := f.cosignRequest(t, f.withdrawal(t, 10*transaction.XEM, f.customer(t)))
	rv, err := NewReview(req, "id", Registration{Plan: relaxed}, summary.Options{})
	require.NoError(t, err)
	out := rv.String()
	require.Contains(t, out, "WARNING: THE PLAN: RELAXED: ONLINE KEYS ALONE CAN REACH THE THRESHOLD AND MOVE FUNDS")
	require.Contains(t, out, "WARNING: THE PLAN: RELAXED: ONE CUSTODIAN OR SITE ALONE CAN REACH THE THRESHOLD")
	require.Contains(t, out, "WARNING: THE PLAN: threshold 2 of 2")
}

// TestReviewWarnsAboutFees: a fee more than ten times the minimum is
// called out, whoever pays it.
func TestReviewWarnsAboutFees(t *testing.T) {
	f := newFixture(t)
	rv, err := NewReview(f.feeRequest(t, 0, 0), "id", Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	require.Empty(t, rv.Items[0].Warnings)

	rv, err = NewReview(f.feeRequest(t, 500_000, 1_500_000), "id", Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	require.Empty(t, rv.Items[0].Warnings, "exactly ten times the minimum (0.05 and 0.15 XEM) is not warned about")

	rv, err = NewReview(f.feeRequest(t, 500_001, 1_500_001), "id", Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	require.Equal(t, []string{
		"WARNING: THE TRANSACTION FEE IS 0.500001 XEM, MORE THAN 10 TIMES THE MINIMUM OF 0.050000 XEM",
		"WARNING: THE COSIGNATURE FEE IS 1.500001 XEM, MORE THAN 10 TIMES THE MINIMUM OF 0.150000 XEM",
	}, rv.Items[0].Warnings)
}
