package multisig

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// TestWrapDoesNotMutateItsInput: Wrap fills in the inner transaction's
// signer and minimum fee and puts it in NIS's canonical order, on a copy:
// the caller's transaction is left exactly as it was, and the wrapper does
// not share it (changing one never changes the other).
func TestWrapDoesNotMutateItsInput(t *testing.T) {
	p := twoOfThree(t)
	hot := testKey(t, "hot")
	for _, tc := range []struct {
		name  string
		inner func() transaction.Transaction
	}{
		{"a transfer with a zero signer and fee", func() transaction.Transaction {
			return &transaction.Transfer{
				Header:    transaction.Header{Network: p.Network, Version: 1, Timestamp: now, Deadline: deadline},
				Recipient: pub(t, "customer").Address(p.Network), Amount: 5 * transaction.XEM,
				Message: &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("withdrawal 1042")},
			}
		}},
		{"a mosaic transfer given out of NIS's order", func() transaction.Transaction {
			return &transaction.Transfer{
				Header:    transaction.Header{Network: p.Network, Version: 2, Timestamp: now, Deadline: deadline},
				Recipient: pub(t, "customer").Address(p.Network), Amount: transaction.XEM,
				Mosaics: []transaction.Mosaic{
					{ID: transaction.XEMMosaic, Quantity: 7 * uint64(transaction.XEM)},
					{ID: transaction.MosaicID{Namespace: "alice", Name: "coin"}, Quantity: 3},
				},
			}
		}},
		{"a cosignatory change given out of order", func() transaction.Transaction {
			return &transaction.MultisigAggregateModification{
				Header: transaction.Header{Network: p.Network, Version: 2, Timestamp: now, Deadline: deadline},
				Modifications: []transaction.CosignatoryModification{
					{Type: transaction.ModificationAdd, Cosignatory: pub(t, "new-b")},
					{Type: transaction.ModificationAdd, Cosignatory: pub(t, "new-a")},
					{Type: transaction.ModificationDelete, Cosignatory: pub(t, "cold-b")},
				},
				MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: 1},
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, want := tc.inner(), tc.inner()
			ms, err := p.Wrap(in, hot.PublicKey(), TxOptions{Timestamp: now, Deadline: deadline, Mosaics: func(transaction.MosaicID) (transaction.MosaicSupply, bool) {
				return transaction.MosaicSupply{Supply: 1_000_000, Divisibility: 0}, true
			}})
			require.NoError(t, err)
			require.Equal(t, want, in, "the caller's transaction is unchanged")
			require.NotSame(t, in, ms.Inner)
			require.Equal(t, p.Account, ms.Inner.Common().Signer, "the copy carries the account")
			require.NotZero(t, ms.Inner.Common().Fee, "and the minimum fee")
			require.NoError(t, transaction.Check(ms.Inner), "and NIS's order")

			// Nothing is shared: changing the wrapper's inner transaction
			// leaves the caller's alone.
			switch inner := ms.Inner.(type) {
			case *transaction.Transfer:
				if inner.Message != nil {
					inner.Message.Payload[0] = 'X'
				}
				if len(inner.Mosaics) > 0 {
					inner.Mosaics[0].Quantity = 1
				}
			case *transaction.MultisigAggregateModification:
				inner.Modifications[0].Type = transaction.ModificationDelete
				inner.MinCosignatories.RelativeChange = 5
			}
			require.Equal(t, want, in)
		})
	}
}
