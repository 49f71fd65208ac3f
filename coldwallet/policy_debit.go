package coldwallet

import (
	"errors"
	"math/bits"

	"github.com/nemcustody/nemcustody/transaction"
)

// debits is what the signable items of a request take out of the account
// they act for (the multisig account, or the signer's own account).
type debits struct {
	perItem   []transaction.Amount // item i's share: see itemDebit
	total     transaction.Amount   // sum over items, each approved transaction once
	transfers int                  // approved transfers, each once
}

// requestDebits adds up what a request's items take out of the account.
// An approved transaction (a wrapper's or a cosignature's inner one, or a
// plain one) counts once per request even when several items approve it
// (a wrapper and a cosignature of the same transfer); each item's own fee
// counts every time, because each is a separate debit on chain.
func requestDebits(req *Request) (*debits, error) {
	d := &debits{}
	seen := map[transaction.Hash]bool{}
	for _, it := range req.Items {
		approved := approvedBy(it)
		h, err := transaction.HashOf(approved)
		if err != nil {
			return nil, err
		}
		own, moved, err := itemDebit(it, approved)
		if err != nil {
			return nil, err
		}
		d.perItem = append(d.perItem, own+moved)
		share := own
		if !seen[h] {
			seen[h] = true
			share += moved
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

// itemDebit splits what an item takes out of the account into the fee of
// the item's own transaction when it is a wrapper or a cosignature (NIS
// debits both from the multisig account), and what the approved
// transaction takes: its fee plus the XEM it moves, its namespace rental
// fee or its mosaic creation fee.
//
// A cosigner signs only the cosignature and the inner transaction: the
// wrapper's fee is the initiator's choice and cannot be bounded here.
func itemDebit(it Item, approved transaction.Transaction) (own, moved transaction.Amount, err error) {
	if approved != it.Tx {
		own = it.Tx.Common().Fee
	}
	moved = approved.Common().Fee
	var body transaction.Amount
	switch t := approved.(type) {
	case *transaction.Transfer:
		var ok bool
		if body, ok = t.XEMMoved(); !ok {
			return 0, 0, errors.New("the XEM quantity overflows")
		}
	case *transaction.ProvisionNamespace:
		body = t.RentalFee
	case *transaction.MosaicDefinitionCreation:
		body = t.CreationFee
	}
	if moved, err = addAmounts(moved, body); err != nil {
		return 0, 0, err
	}
	return own, moved, nil
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
