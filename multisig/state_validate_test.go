package multisig

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestStateValidate applies the NIS rules that need the acting account's
// state: MultisigCosignatoryModificationValidator,
// NumCosignatoryRangeValidator, MultisigTransactionSignerValidator and
// MultisigNonOperationalValidator. (These cases were transaction's
// ValidateOptions.Multisig cases; the state model is here now.)
func TestStateValidate(t *testing.T) {
	account, alice, bob, carol := pub(t, "account"), pub(t, "alice"), pub(t, "bob"), pub(t, "carol")
	keysFrom := func(prefix string, n int) []sign.PublicKey {
		ks := make([]sign.PublicKey, n)
		for i := range ks {
			ks[i] = pub(t, fmt.Sprintf("%s%d", prefix, i))
		}
		return ks
	}
	adds := func(n int) []transaction.CosignatoryModification {
		var ms []transaction.CosignatoryModification
		for _, k := range keysFrom("new", n) {
			ms = append(ms, addMod(k))
		}
		return ms
	}
	mod := func(change *int32, mods ...transaction.CosignatoryModification) *transaction.MultisigAggregateModification {
		return modification(t, account, change, mods...)
	}
	wrap := func(inner transaction.Transaction, signer sign.PublicKey) transaction.Transaction {
		return &transaction.Multisig{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: deadline, Signer: signer, Fee: 150_000}, Inner: inner}
	}
	state20 := State{Cosignatories: append([]sign.PublicKey{alice, bob, carol}, keysFrom("k", 17)...), MinCosignatories: 16}
	state3of3 := State{Cosignatories: []sign.PublicKey{alice, bob, carol}, MinCosignatories: 3}
	full := State{Cosignatories: keysFrom("full", 32), MinCosignatories: 1}
	transfer := withdrawalOf(t, account)

	cases := []struct {
		name  string
		state State
		tx    transaction.Transaction
		err   error
		text  string
	}{
		{"conversion of a fresh account to 10-of-10 (+10)", State{}, mod(i32(10), adds(10)...), nil, ""},
		{"conversion to 10 cosignatories with min +11", State{}, mod(i32(11), adds(10)...), transaction.ErrMinCosignatoriesOutOfRange, "the stored min would be 11 with 10 cosignatories"},
		{"16-of-20 lowered by -16 to all-of-20", state20, wrap(mod(i32(-16)), alice), nil, ""},
		{"16-of-20 lowered by -17", state20, wrap(mod(i32(-17)), alice), transaction.ErrMinCosignatoriesOutOfRange, "would be -1"},
		{"16-of-20 raised by +4 to 20-of-20", state20, wrap(mod(i32(4)), alice), nil, ""},
		{"16-of-20 raised by +10", state20, wrap(mod(i32(10)), alice), transaction.ErrMinCosignatoriesOutOfRange, "would be 26 with 20"},
		{"adding an existing cosignatory", state3of3, wrap(mod(nil, addMod(carol)), alice), transaction.ErrAlreadyCosignatory, "already a cosignatory"},
		{"removing a non-cosignatory", state3of3, wrap(mod(i32(-1), delMod(pub(t, "stranger"))), alice), transaction.ErrNotCosignatory, "cannot be removed"},
		{"removing a cosignatory of 3-of-3 and lowering min", state3of3, wrap(mod(i32(-1), delMod(carol)), alice), nil, ""},
		{"removing a cosignatory of 3-of-3 without lowering min", state3of3, wrap(mod(nil, delMod(carol)), alice), transaction.ErrMinCosignatoriesOutOfRange, "would be 3 with 2 cosignatories"},
		{"adding a 33rd cosignatory", full, wrap(mod(nil, addMod(carol)), full.Cosignatories[0]), transaction.ErrTooManyCosignatories, "33 cosignatories afterwards"},
		{"swapping a cosignatory of a full account", full, wrap(mod(nil, addMod(carol), delMod(full.Cosignatories[5])), full.Cosignatories[0]), nil, ""},
		{"wrapper signed by a cosignatory", state3of3, wrap(transfer, alice), nil, ""},
		{"wrapper signed by a non-cosignatory", state3of3, wrap(transfer, pub(t, "stranger")), transaction.ErrNotCosignatory, "wrapper signer"},
		{"multisig account signing a transfer itself", state3of3, transfer, transaction.ErrNotAllowedForMultisig, "signed by a multisig account"},
		{"multisig account modifying itself unwrapped", state3of3, mod(nil, addMod(pub(t, "x"))), transaction.ErrNotAllowedForMultisig, "signed by a multisig account"},
		{"ordinary account signing a transfer", State{}, transfer, nil, ""},
		{"impossible state: min above n", State{Cosignatories: []sign.PublicKey{alice}, MinCosignatories: 2}, transfer, ErrState, "stored min cosignatories 2 with 1"},
		{"impossible state: a cosignatory twice", State{Cosignatories: []sign.PublicKey{alice, alice}}, wrap(transfer, alice), ErrState, "twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, transaction.Validate(c.tx, transaction.ValidateOptions{}), "valid without state")
			err := c.state.Validate(c.tx)
			if c.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.err)
			require.ErrorContains(t, err, c.text)
		})
	}
}
