package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

func TestReviewWithdrawal(t *testing.T) {
	f := newFixture(t)
	req := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t)))
	id, err := req.ID()
	require.NoError(t, err)
	rv, err := NewReview(req, id, Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	golden(t, "review-withdrawal.txt", []byte(rv.String()))
	require.Len(t, rv.Items, 1)
	require.Equal(t, "vault A", rv.Items[0].SignerLabel)
	require.Equal(t, transaction.TypeTransfer, rv.Items[0].Summary.Type, "a cosignature is reviewed as what it approves")
	require.Empty(t, rv.Items[0].Warnings)

	// Without the plan, or with another account's plan, no review.
	_, err = NewReview(req, id, Registration{}, summary.Options{})
	require.ErrorContains(t, err, "no plan was given")
	other, err := multisig.NewPlan(fixtureKey(t, "other account").PublicKey(), sign.Testnet, f.plan.Cosigners, 2, multisig.Relaxations{})
	require.NoError(t, err)
	_, err = NewReview(req, id, Registration{Plan: other}, summary.Options{})
	require.ErrorContains(t, err, "the plan is for")
}

// TestReviewWeakeningModification: a change that would let the online key
// sign alone is shown with a loud warning.
func TestReviewWeakeningModification(t *testing.T) {
	f := newFixture(t)
	// Lower M to 1 and add a key the offline side does not know: by hand,
	// since the plan itself refuses to build it.
	inner := &transaction.MultisigAggregateModification{
		Header:           transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: fixtureTime, Signer: f.account.PublicKey(), Fee: 500_000, Deadline: fixtureDeadline},
		Modifications:    []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: fixtureKey(t, "attacker").PublicKey()}},
		MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: -1},
	}
	cs, err := f.plan.Cosignature(inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Note: "routine key maintenance", Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
	id, err := req.ID()
	require.NoError(t, err)
	rv, err := NewReview(req, id, Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	golden(t, "review-weakening.txt", []byte(rv.String()))
	it := rv.Items[0]
	require.Equal(t, 1, it.After.Threshold)
	require.Equal(t, 1, it.After.Unknown)
	require.Len(t, it.After.Cosigners, 4)
	require.Contains(t, it.Warnings, "WARNING: LOWERS the signatures NIS requires from 2 to 1")
	require.Contains(t, rv.String(), "WARNING: THE RESULT WEAKENS THE CUSTODY PLAN: IF THE NEW KEY IS ONLINE: online cosigners alone reach the threshold")
	require.Contains(t, rv.String(), `note (UNTRUSTED, written by the online side): "routine key maintenance"`)
}
