package coldwallet

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// TestReviewShowsShareHolders: the review of a cosignatory change shows,
// for each cosigner afterwards, who holds the shares of its key.
func TestReviewShowsShareHolders(t *testing.T) {
	f := newFixture(t)
	cs := slices.Clone(f.plan.Cosigners)
	for i := range cs {
		if cs[i].PublicKey == f.coldA.PublicKey() {
			cs[i].Shares = &multisig.ShareBackup{GroupThreshold: 2, Groups: []multisig.ShareGroup{
				{MemberThreshold: 1, Holders: []string{"lawyer"}}, {MemberThreshold: 1, Holders: []string{"bank"}}, {MemberThreshold: 1, Holders: []string{"notary"}}}}
		}
	}
	plan, err := multisig.NewPlan(f.plan.Account, f.plan.Network, cs, f.plan.Threshold, f.plan.Relaxations)
	require.NoError(t, err)
	inner := &transaction.MultisigAggregateModification{
		Header:        transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: fixtureTime, Signer: f.account.PublicKey(), Fee: 500_000, Deadline: fixtureDeadline},
		Modifications: []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: fixtureKey(t, "vault C").PublicKey()}},
	}
	c, err := plan.Cosignature(inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: c, Inner: inner}}}
	id, err := req.ID()
	require.NoError(t, err)
	rv, err := NewReview(req, id, Registration{Plan: plan}, summary.Options{})
	require.NoError(t, err)
	require.Contains(t, rv.String(), `; shares of its key: 2 of 3 groups: "lawyer"; "bank"; "notary"`)
}
