package transaction

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// nilTransactions are a nil interface and a nil pointer of every type.
func nilTransactions() []Transaction {
	return []Transaction{
		nil,
		(*Transfer)(nil),
		(*ImportanceTransfer)(nil),
		(*MultisigAggregateModification)(nil),
		(*MultisigSignature)(nil),
		(*Multisig)(nil),
		(*ProvisionNamespace)(nil),
		(*MosaicDefinitionCreation)(nil),
		(*MosaicSupplyChange)(nil),
	}
}

// isWrapper reports whether tx is a non-nil wrapper.
func isWrapper(tx Transaction) bool {
	ms, ok := tx.(*Multisig)
	return ok && ms != nil
}

// TestNilTransactions: every function of the package refuses a missing
// transaction, a nil pointer of a transaction type or a wrapper around
// one, with ErrMalformed and without panicking.
func TestNilTransactions(t *testing.T) {
	var txs []Transaction
	for _, tx := range nilTransactions() {
		txs = append(txs, tx)
		if tx != nil {
			ms := newWrapper(newTransfer())
			ms.Inner = tx
			txs = append(txs, ms)
		}
	}
	require.Len(t, txs, 17)
	for i, tx := range txs {
		t.Run(fmt.Sprintf("%d %T", i, tx), func(t *testing.T) {
			want := "transaction: transaction: malformed transaction: no transaction"
			if isWrapper(tx) {
				want = "transaction: otherTrans: malformed transaction: no inner transaction"
			}
			if ms, ok := tx.(*Multisig); ok {
				_, err := InnerHash(ms)
				require.EqualError(t, err, want, "InnerHash")
				_, err = MultisigTotalFee(ms, 1, nil)
				require.ErrorIs(t, err, ErrMalformed, "MultisigTotalFee")
			}
			_, err := HashOf(tx)
			require.EqualError(t, err, want, "HashOf")
			require.EqualError(t, Check(tx), want, "Check")
			require.EqualError(t, Validate(tx, ValidateOptions{}), want, "Validate")
			require.EqualError(t, Canonicalize(tx), want, "Canonicalize")
			require.EqualError(t, CheckTimes(tx, t0), want, "CheckTimes")
			if _, err = MinimumFee(tx, nil); !isWrapper(tx) {
				require.EqualError(t, err, want, "MinimumFee")
			} else {
				// A wrapper's minimum fee does not depend on its inner
				// transaction.
				require.NoError(t, err, "MinimumFee")
			}
			_, err = Sign(tx, nil)
			require.EqualError(t, err, want, "Sign")

			s := &Signed{Tx: tx}
			require.ErrorIs(t, VerifySigned(s), ErrMalformed, "VerifySigned")
			_, err = s.Announcement()
			require.EqualError(t, err, want, "Announcement")
			_, err = AppendVerifiable(nil, s)
			require.ErrorIs(t, err, ErrMalformed, "AppendVerifiable")
			if tx != nil {
				_, err = tx.MarshalBinary()
				require.EqualError(t, err, want, "MarshalBinary")
			}
		})
	}

	// A nil *Signed.
	var s *Signed
	_, err := s.Announcement()
	require.EqualError(t, err, "transaction: transaction: malformed transaction: no transaction")
	require.ErrorIs(t, VerifySigned(s), ErrMalformed)
	_, err = AppendVerifiable(nil, s)
	require.ErrorIs(t, err, ErrMalformed)
}
