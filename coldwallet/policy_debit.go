package coldwallet

import (
	"errors"
	"math/bits"

	"github.com/nemcustody/nemcustody/transaction"
)

// debits is what the signable items of a request take out of the account
// they act for (the multisig account, or the signer's own account), as
// transaction.Debits computes it.
type debits struct {
	perItem   []itemDebit
	total     transaction.Amount // XEM, summed over items, each approved transaction once
	transfers int                // approved transfers, each once
}

// itemDebit is what one item takes out: see requestDebits.
type itemDebit struct {
	// xem is the item's own fee when it is a wrapper or a cosignature,
	// plus what the transaction it approves takes in XEM: its fee, the XEM
	// it moves, its XEM levies, a rental or creation fee.
	xem transaction.Amount
	// mosaics are the other mosaics the approved transaction takes out
	// (moved and levied), sorted.
	mosaics []transaction.Mosaic
	// levies are the approved transaction's levies.
	levies []transaction.Outflow
}

// requestDebits adds up what a request's items take out of the account,
// with the levies levies gives. An approved transaction (a wrapper's or a
// cosignature's inner one, or a plain one) counts once per request even
// when several items approve it (a wrapper and a cosignature of the same
// transfer); each item's own fee counts every time, because each is a
// separate debit on chain.
//
// A cosigner signs only the cosignature and the inner transaction: the
// fee of the wrapper it does not sign is the initiator's choice and cannot
// be bounded here.
func requestDebits(req *Request, levies transaction.LevyLookup) (*debits, error) {
	d := &debits{}
	seen := map[transaction.Hash]bool{}
	for _, it := range req.Items {
		approved := approvedBy(it)
		h, err := transaction.HashOf(approved)
		if err != nil {
			return nil, err
		}
		moved, err := transaction.Debits(approved, levies)
		if err != nil {
			return nil, err
		}
		own := transaction.Amount(0)
		if approved != it.Tx {
			all, err := transaction.Debits(it.Tx, levies)
			if err != nil {
				return nil, err
			}
			for _, o := range all.Outflows {
				if o.From == it.Tx.Type() {
					own += transaction.Amount(o.Quantity) // a fee: at most 2^63-1, and so is the sum Debits made
				}
			}
		}
		xem, err := addAmounts(own, moved.XEM)
		if err != nil {
			return nil, err
		}
		d.perItem = append(d.perItem, itemDebit{xem: xem, mosaics: moved.Mosaics, levies: moved.Levies()})
		share := own
		if !seen[h] {
			seen[h] = true
			share = xem
			if approved.Type() == transaction.TypeTransfer {
				d.transfers++
			}
		}
		if d.total, err = addAmounts(d.total, share); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// approvedBy returns the transaction an item's signature approves: a
// cosignature's or a wrapper's inner transaction, or the item itself.
func approvedBy(it Item) transaction.Transaction {
	if it.Kind == KindCosign {
		return it.Inner
	}
	if ms, ok := it.Tx.(*transaction.Multisig); ok {
		return ms.Inner
	}
	return it.Tx
}

// errAmountOverflow: a sum of amounts beyond what NIS can hold.
var errAmountOverflow = errors.New("the amounts add up to more than all XEM")

// addAmounts adds two amounts, refusing a sum beyond MaxAmount.
func addAmounts(a, b transaction.Amount) (transaction.Amount, error) {
	s, carry := bits.Add64(uint64(a), uint64(b), 0)
	if carry != 0 || s > uint64(transaction.MaxAmount) {
		return 0, errAmountOverflow
	}
	return transaction.Amount(s), nil
}
