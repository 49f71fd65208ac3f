package nis

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// movement is what a transaction takes out of the watched account.
type movement struct {
	tx        transaction.Transaction // what moves the funds (a wrapper's inner transaction)
	amount    transaction.Amount      // XEM moved by a transfer
	recipient *sign.Address
}

// moves reports whether t takes funds out of the watched account: the
// account is its debtor (its signer, or a wrapper's inner signer), and it
// is not a cosignature. A wrapper the account merely initiated as a
// cosignatory of another account is not its outflow.
func (w *Watcher) moves(t *Transaction) (movement, bool) {
	tx := t.Signed.Tx
	if ms, ok := tx.(*transaction.Multisig); ok {
		tx = ms.Inner
	} else if tx.Type() == transaction.TypeMultisigSignature {
		return movement{}, false
	}
	h := tx.Common()
	if h.Signer.Address(h.Network) != w.cfg.Account {
		return movement{}, false
	}
	m := movement{tx: tx}
	if tr, ok := tx.(*transaction.Transfer); ok {
		m.amount = xemMoved(tr)
		r := tr.Recipient
		m.recipient = &r
	}
	return m, true
}

// xemMoved returns the micro-XEM a transfer moves: its amount, or with
// mosaics amount × the nem:xem quantity / 1,000,000 (saturating: such a
// transfer could not be valid anyway).
func xemMoved(t *transaction.Transfer) transaction.Amount {
	if len(t.Mosaics) == 0 {
		return t.Amount
	}
	for _, m := range t.Mosaics {
		if m.ID == transaction.XEMMosaic {
			hi, lo := bits.Mul64(m.Quantity, uint64(t.Amount))
			if hi >= uint64(transaction.XEM) {
				return transaction.MaxAmount
			}
			q, _ := bits.Div64(hi, lo, uint64(transaction.XEM))
			return transaction.Amount(min(q, uint64(transaction.MaxAmount)))
		}
	}
	return 0
}

// isApproved reports whether t's hash, the hash of a cosignature it
// carries, or for a wrapper its inner transaction's hash (journal entries
// record it under "approves"), is approved.
func isApproved(t *Transaction, approved map[transaction.Hash]bool) bool {
	if approved[t.Hash] {
		return true
	}
	if ms, ok := t.Signed.Tx.(*transaction.Multisig); ok {
		if ih, err := transaction.InnerHash(ms); err == nil && approved[ih] {
			return true
		}
		for i := range ms.Cosignatures {
			h, err := transaction.HashOf(&ms.Cosignatures[i].Cosignature)
			if err == nil && approved[h] {
				return true
			}
		}
	}
	return false
}

// unapprovedAlert describes t.
func unapprovedAlert(account sign.Address, now transaction.Timestamp, t *Transaction, m movement) Alert {
	h := t.Hash
	a := Alert{Kind: Unapproved, Account: account, NodeTime: now, Hash: &h, Type: m.tx.Type().String(),
		Recipient: m.recipient, Amount: m.amount, Height: t.Height}
	if t.InnerHash != (transaction.Hash{}) {
		ih := t.InnerHash
		a.InnerHash = &ih
	}
	state := "unconfirmed"
	if t.Height > 0 {
		state = fmt.Sprintf("confirmed at height %d", t.Height)
	}
	what := a.Type
	if m.recipient != nil {
		what = fmt.Sprintf("%s of %s XEM to %s", a.Type, m.amount, m.recipient)
	}
	a.Message = fmt.Sprintf("unapproved %s from %s (%s, hash %s): no offline journal signed it", what, account, state, h)
	return a
}

// outflow returns an Outflow alert when the confirmed transfers within the
// window exceed the limit and one of them is new this poll.
func (w *Watcher) outflow(now transaction.Timestamp, fresh bool) (Alert, bool) {
	if w.cfg.MaxOutflow == 0 || !fresh {
		return Alert{}, false
	}
	from := subSeconds(now, w.cfg.Window)
	type counted struct {
		h  transaction.Hash
		at transaction.Timestamp
	}
	var in []counted
	var total transaction.Amount
	for h, o := range w.seen {
		if o.confirmed && o.amount > 0 && o.at > from && o.at <= now {
			in = append(in, counted{h, o.at})
			total = min(total+o.amount, transaction.MaxAmount)
		}
	}
	if total <= w.cfg.MaxOutflow {
		return Alert{}, false
	}
	slices.SortFunc(in, func(a, b counted) int {
		if a.at != b.at {
			return int(a.at) - int(b.at)
		}
		return slices.Compare(a.h[:], b.h[:])
	})
	a := Alert{Kind: Outflow, Account: w.cfg.Account, NodeTime: now, Amount: total, Limit: w.cfg.MaxOutflow, Window: w.cfg.Window.String()}
	for _, c := range in {
		a.Hashes = append(a.Hashes, c.h)
	}
	a.Message = fmt.Sprintf("%s XEM left %s in the last %s (%d transfers), above the limit of %s XEM", total, w.cfg.Account, w.cfg.Window, len(in), w.cfg.MaxOutflow)
	return a, true
}
