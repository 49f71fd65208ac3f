package nis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/transaction"
)

// definitionTTL is how long, in node time, a watcher keeps a mosaic
// definition it read before reading it again. A levy can change only while
// the mosaic's creator owns its whole supply
// (MosaicDefinitionCreationTransactionValidator), so definitions rarely
// change; reading them again bounds how long a change goes unseen.
const definitionTTL = 10 * time.Minute

// maxDefinitionsPerPoll bounds the definitions one poll reads, so that a
// node listing transactions of many made-up mosaics cannot stall a poll;
// the rest are read at the next polls, and their transactions raise
// LevyUnknown meanwhile.
const maxDefinitionsPerPoll = 100

// knownLevy is what a watcher read of a mosaic's definition.
type knownLevy struct {
	levy    *transaction.MosaicLevy
	problem string // why the levy is unknown; "" when levy holds
	at      transaction.Timestamp
}

// readDefinitions reads, for every mosaic other than nem:xem that a
// transfer of the account among txs moves, the definition the cache does
// not hold or holds for longer than 10 min. A node that cannot be
// reached fails the poll; any other failure (an unknown mosaic, a bad
// answer) is kept as the reason the levy is unknown.
func (w *Watcher) readDefinitions(ctx context.Context, now transaction.Timestamp, txs ...[]Transaction) error {
	read := 0
	for _, list := range txs {
		for i := range list {
			for _, id := range movedMosaics(list[i].Signed.Tx) {
				k := w.defs[id]
				if k != nil && secondsBetween(k.at, now) < definitionTTL {
					continue
				}
				if read == maxDefinitionsPerPoll {
					if k == nil {
						w.defs[id] = &knownLevy{problem: "not read yet: too many mosaics to read in one poll", at: 0}
					}
					continue
				}
				read++
				d, err := w.client.MosaicDefinition(ctx, id, w.cfg.Account.Network())
				switch {
				case err == nil:
					w.defs[id] = &knownLevy{levy: d.Levy, at: now}
				case errors.Is(err, ErrUnavailable) || ctx.Err() != nil:
					return err
				default:
					w.defs[id] = &knownLevy{problem: fmt.Sprintf("the node's definition: %v", err), at: now}
				}
			}
		}
	}
	return nil
}

// movedMosaics returns the mosaics other than nem:xem a transfer (or a
// wrapper's inner transfer) moves.
func movedMosaics(tx transaction.Transaction) []transaction.MosaicID {
	if ms, ok := tx.(*transaction.Multisig); ok {
		tx = ms.Inner
	}
	t, ok := tx.(*transaction.Transfer)
	if !ok {
		return nil
	}
	var ids []transaction.MosaicID
	for _, m := range t.Mosaics {
		if m.ID != transaction.XEMMosaic {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// levies is the transaction.LevyLookup of the definitions read.
func (w *Watcher) levies(id transaction.MosaicID) (*transaction.MosaicLevy, bool) {
	k := w.defs[id]
	if k == nil || k.problem != "" {
		return nil, false
	}
	return k.levy, true
}

// debits is transaction.Debits with the definitions read. When a levy
// cannot be determined, it returns the debits without the levies it could
// not determine (a lower bound) and the reason.
func (w *Watcher) debits(tx transaction.Transaction) (*transaction.Debit, string, error) {
	d, err := transaction.Debits(tx, w.levies)
	if err == nil {
		return d, "", nil
	}
	if !errors.Is(err, transaction.ErrLevyUnknown) && !errors.Is(err, transaction.ErrDebitOverflow) {
		return nil, "", err
	}
	problem := err.Error()
	for _, id := range movedMosaics(tx) {
		if k := w.defs[id]; k != nil && k.problem != "" {
			problem = fmt.Sprintf("the levy of %s is unknown (%s)", id, k.problem)
			break
		}
	}
	// The lower bound: no levy where it is unknown. Only the watcher's
	// count uses it, never a decision to sign.
	lower, err := transaction.Debits(tx, func(id transaction.MosaicID) (*transaction.MosaicLevy, bool) {
		l, _ := w.levies(id)
		return l, true
	})
	if err != nil {
		// A levy of a known definition that overflows: count no levy.
		lower, err = transaction.Debits(tx, func(transaction.MosaicID) (*transaction.MosaicLevy, bool) { return nil, true })
		if err != nil {
			return nil, "", err
		}
	}
	return lower, problem, nil
}

// levyAlert reports a transaction whose levy is unknown.
func (w *Watcher) levyAlert(now transaction.Timestamp, t *Transaction, m movement) Alert {
	a := w.alert(LevyUnknown, now, t, m)
	a.Message = fmt.Sprintf("a %s from %s (hash %s) moves a mosaic whose levy cannot be determined: %s; its outflow is counted as %s XEM without it",
		m.tx.Type(), w.cfg.Account, t.Hash, m.levyProblem, m.outflow())
	return a
}
