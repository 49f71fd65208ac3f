package payout

import (
	"context"
	"fmt"
)

// Submit stores a withdrawal as accepted and returns its record. The ID is
// the idempotency key: submitting an ID again returns the stored
// withdrawal, in whatever state it is; submitting it with another
// recipient, amount or message is refused with ErrConflict and changes
// nothing. The withdrawal is checked first (its ID, a recipient on the
// plan's network, an amount, a printable message); nil means it is on
// disk.
func (q *Queue) Submit(ctx context.Context, w Withdrawal) (Record, error) {
	if err := q.ready(ctx); err != nil {
		return Record{}, err
	}
	if err := w.check(q.Plan.Network); err != nil {
		return Record{}, err
	}
	x, created, err := q.Store.submit(ctx, w, q.now())
	if err != nil {
		return Record{}, err
	}
	if !x.same(w) {
		return Record{}, fmt.Errorf("payout: withdrawal %s: %w (submitted %s: %s XEM to %s)", w.ID, ErrConflict,
			x.Submitted.Format("2006-01-02 15:04:05 UTC"), x.Amount, x.To)
	}
	if created {
		q.logChanges([]Record{x.Record})
	}
	return x.Record, nil
}
