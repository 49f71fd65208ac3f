package nis

import (
	"context"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/transaction"
)

// Poll reads the journals and the node once and returns the new alerts.
// An error (a journal that does not verify, a node that does not answer
// or answers garbage) leaves the watcher's memory as it was: the next
// poll checks the same transactions again.
func (w *Watcher) Poll(ctx context.Context) ([]Alert, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	approved, err := readApprovals(w.cfg.Journals, w.signers, w.cfg.Heads)
	if err != nil {
		return nil, err
	}
	health, err := w.readHealth()
	if err != nil {
		return nil, err
	}
	now, err := w.client.NetworkTime(ctx)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: %w", err)
	}
	pending, err := w.client.Unconfirmed(ctx, w.cfg.Account)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: %w", err)
	}
	since := subSeconds(now, w.cfg.Lookback)
	confirmed, incomplete, err := w.outgoing(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: %w", err)
	}
	if err := w.readDefinitions(ctx, now, confirmed, pending); err != nil {
		return nil, fmt.Errorf("nis: watch: %w", err)
	}
	status, err := w.healthStatus(health, now)
	if err != nil {
		return nil, err
	}

	var alerts []Alert
	if incomplete {
		alerts = append(alerts, Alert{Kind: Incomplete, Account: w.cfg.Account, NodeTime: now,
			Message: fmt.Sprintf("more than %d outgoing transactions of %s since the last poll: only the newest were checked", len(confirmed), w.cfg.Account)})
	}
	confirmedAlerts, fresh := w.checkConfirmed(now, since, confirmed, approved)
	alerts = append(alerts, confirmedAlerts...)
	alerts = append(alerts, w.checkPending(now, pending, approved)...)
	if a, ok := w.outflow(now, fresh); ok {
		alerts = append(alerts, a)
	}
	alerts = append(alerts, w.stale(status, now)...)
	w.prune(now)
	w.polled = true
	return alerts, nil
}

// outgoing reads the account's confirmed outgoing transactions, newest
// first, until a page reaches one seen before (or, at the first poll, one
// older than since) or a page is empty. incomplete is true when
// watchPages pages did not.
//
// A short page is not the end: NIS versions before pageSize existed
// answer 25 whatever is asked, so only an empty page says there is no
// more.
func (w *Watcher) outgoing(ctx context.Context, since transaction.Timestamp) ([]Transaction, bool, error) {
	var out []Transaction
	var before int64
	for range watchPages {
		page, err := w.client.Transfers(ctx, w.cfg.Account, Outgoing, Page{BeforeID: before, Size: MaxPageSize})
		if err != nil {
			return nil, false, err
		}
		if len(page) == 0 {
			return out, false, nil
		}
		out = append(out, page...)
		for _, t := range page {
			if w.seen[t.Hash] != nil || !w.polled && t.Signed.Tx.Common().Timestamp < since {
				return out, false, nil
			}
		}
		before = page[len(page)-1].ID
	}
	return out, true, nil
}

// prune forgets transactions no poll has listed for two days past the
// window (they are deeper in the history than any later poll reads) and
// mosaic definitions older than 10 min.
func (w *Watcher) prune(now transaction.Timestamp) {
	keep := max(w.cfg.Window, w.cfg.Lookback) + 48*time.Hour
	for h, o := range w.seen {
		if secondsBetween(o.lastSeen, now) > keep {
			delete(w.seen, h)
		}
	}
	for id, k := range w.defs {
		if secondsBetween(k.at, now) >= definitionTTL {
			delete(w.defs, id)
		}
	}
}

// subSeconds returns ts - d, at least 0.
func subSeconds(ts transaction.Timestamp, d time.Duration) transaction.Timestamp {
	s := int64(d / time.Second)
	if s >= int64(ts) {
		return 0
	}
	return ts - transaction.Timestamp(s)
}

// secondsBetween returns b - a as a duration (0 if b is before a).
func secondsBetween(a, b transaction.Timestamp) time.Duration {
	if b <= a {
		return 0
	}
	return time.Duration(b-a) * time.Second
}

// checkConfirmed checks the confirmed outgoing transactions a poll read,
// each once, and says whether a transfer was newly confirmed (fresh).
func (w *Watcher) checkConfirmed(now, since transaction.Timestamp, confirmed []Transaction, approved approvals) (alerts []Alert, fresh bool) {
	for i := range confirmed {
		t := &confirmed[i]
		m, ok := w.moves(t)
		if !ok {
			continue
		}
		o := w.seen[t.Hash]
		if o == nil {
			o = &observed{at: now}
			if !w.polled {
				o.at = min(t.Signed.Tx.Common().Timestamp, now)
				o.history = o.at < since
			}
			w.seen[t.Hash] = o
		}
		o.lastSeen = now
		if !o.confirmed {
			// Counted as confirmed: with every cosignature's fee.
			o.confirmed, o.amount = true, m.outflow()
			fresh = fresh || o.amount > 0 && !o.history
		}
		if !o.reported && !o.history {
			o.reported = true
			if a, ok := w.check(now, t, m, approved); ok {
				alerts = append(alerts, a)
			}
		}
		if m.levyProblem != "" && !o.levyReported && !o.history {
			o.levyReported = true
			alerts = append(alerts, w.levyAlert(now, t, m))
		}
	}
	return alerts, fresh
}

// checkPending checks the unconfirmed transactions a poll read: an
// approved one again until it is confirmed or reported, an unapproved
// wrapper once its cosignatures had time to attach.
func (w *Watcher) checkPending(now transaction.Timestamp, pending []Transaction, approved approvals) []Alert {
	var alerts []Alert
	for i := range pending {
		t := &pending[i]
		m, ok := w.moves(t)
		if !ok {
			continue
		}
		o := w.seen[t.Hash]
		if o == nil {
			o = &observed{at: now}
			w.seen[t.Hash] = o
		}
		o.lastSeen = now
		if m.levyProblem != "" && !o.levyReported && !o.confirmed {
			o.levyReported = true
			alerts = append(alerts, w.levyAlert(now, t, m))
		}
		if o.reported || o.confirmed {
			continue
		}
		// An approved one is checked again (its fees can grow as
		// cosignatures attach) until it is confirmed or reported; an
		// unapproved wrapper first waits for its cosignatures.
		a, ok := w.check(now, t, m, approved)
		if ok && (a.Kind == Fee || t.Signed.Tx.Type() != transaction.TypeMultisig || secondsBetween(o.at, now) >= w.cfg.PendingGrace) {
			o.reported = true
			alerts = append(alerts, a)
		}
	}
	return alerts
}
