package nis

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// movement is what a transaction takes out of the watched account.
type movement struct {
	tx        transaction.Transaction // what moves the funds (a wrapper's inner transaction)
	amount    transaction.Amount      // XEM moved: a transfer's, a rental or creation fee
	fee       transaction.Amount      // transaction fees the account pays for it
	levy      transaction.Amount      // mosaic levies it pays in XEM
	recipient *sign.Address
	// levyProblem says why a levy could not be determined; the amounts
	// then leave it out.
	levyProblem string
}

// outflow is all the XEM the movement takes out of the account.
func (m movement) outflow() transaction.Amount {
	return addAmounts(addAmounts(m.amount, m.fee), m.levy)
}

// addAmounts adds, saturating at transaction.MaxAmount: a node may list a
// transaction whose fees could never be paid.
func addAmounts(a, b transaction.Amount) transaction.Amount {
	if b > transaction.MaxAmount-min(a, transaction.MaxAmount) {
		return transaction.MaxAmount
	}
	return a + b
}

// moves reports whether t takes funds out of the watched account: the
// account is its debtor (its signer, or a wrapper's inner signer), and it
// is not a cosignature. A wrapper the account merely initiated as a
// cosignatory of another account is not its outflow.
//
// What it takes is transaction.Debits of the listed transaction: every
// fee NIS debits the account (its own, and for a wrapper the wrapper's,
// the inner transaction's and those of the cosignatures attached so far),
// the XEM a transfer moves, its levies in XEM (from the definitions the
// node reports), a namespace's rental fee or a mosaic definition's
// creation fee.
func (w *Watcher) moves(t *Transaction) (movement, bool) {
	tx := t.Signed.Tx
	if tx.Type() == transaction.TypeMultisigSignature {
		return movement{}, false
	}
	inner := tx
	if ms, ok := tx.(*transaction.Multisig); ok {
		inner = ms.Inner
	}
	h := inner.Common()
	if h.Signer.Address(h.Network) != w.cfg.Account {
		return movement{}, false
	}
	m := movement{tx: inner}
	d, problem, err := w.debits(tx)
	if err != nil {
		// Saturate: a transaction whose debits do not fit a Java long
		// could not be valid anyway.
		m.amount, m.levyProblem = transaction.MaxAmount, err.Error()
	} else {
		m.levyProblem = problem
		for _, o := range d.Outflows {
			if o.Mosaic != transaction.XEMMosaic {
				continue
			}
			q := transaction.Amount(o.Quantity)
			switch o.Kind {
			case transaction.OutflowFee:
				m.fee = addAmounts(m.fee, q)
			case transaction.OutflowLevy:
				m.levy = addAmounts(m.levy, q)
			default:
				m.amount = addAmounts(m.amount, q)
			}
		}
	}
	var to sign.Address
	switch t := inner.(type) {
	case *transaction.Transfer:
		to = t.Recipient
	case *transaction.ProvisionNamespace:
		to = t.RentalFeeSink
	case *transaction.MosaicDefinitionCreation:
		to = t.CreationFeeSink
	default:
		return m, true
	}
	m.recipient = &to
	return m, true
}

// check returns the alert t raises, if any: Unapproved when no listed
// signer approved it, else Fee when its fees exceed MaxFee.
func (w *Watcher) check(now transaction.Timestamp, t *Transaction, m movement, approved approvals) (Alert, bool) {
	switch {
	case !isApproved(t, approved):
		return w.alert(Unapproved, now, t, m), true
	case m.fee > w.cfg.MaxFee:
		return w.alert(Fee, now, t, m), true
	}
	return Alert{}, false
}

// alert describes t in an Unapproved or Fee alert.
func (w *Watcher) alert(kind AlertKind, now transaction.Timestamp, t *Transaction, m movement) Alert {
	h := t.Hash
	a := Alert{Kind: kind, Account: w.cfg.Account, NodeTime: now, Hash: &h, Type: m.tx.Type().String(),
		Recipient: m.recipient, Amount: m.amount, Fee: m.fee, Levy: m.levy, Height: t.Height}
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
	if m.levy > 0 {
		what += fmt.Sprintf(" with %s XEM of mosaic levies", m.levy)
	}
	if kind == Fee {
		a.Limit = w.cfg.MaxFee
		a.Message = fmt.Sprintf("approved %s from %s (%s, hash %s) costs the account %s XEM in fees, above the limit of %s XEM",
			what, w.cfg.Account, state, h, m.fee, w.cfg.MaxFee)
		return a
	}
	a.Message = fmt.Sprintf("unapproved %s from %s (%s, hash %s, fees %s XEM): no offline journal signed it", what, w.cfg.Account, state, h, m.fee)
	return a
}

// outflow returns an Outflow alert when the confirmed outflows (XEM moved
// and fees paid) within the window exceed the limit and one of them is new
// this poll.
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
			total = addAmounts(total, o.amount)
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
	a.Message = fmt.Sprintf("%s XEM left %s in the last %s (%d transactions, fees and levies included), above the limit of %s XEM", total, w.cfg.Account, w.cfg.Window, len(in), w.cfg.MaxOutflow)
	return a, true
}
