package payout

import (
	"context"

	"github.com/nemcustody/nemcustody/transaction"
)

// Announce announces every signed withdrawal whose deadline has not
// passed at the node's time, each wrapper before its cosignatures
// (nis.Client.AnnounceInOrder, which retries what NIS asks to retry), and
// stores the outcome: announced when the node accepted the wrapper and its
// cosignatures; still signed, with NIS's Reason, when it refused the
// wrapper (Announce tries again next time; the withdrawal fails once its
// deadline has passed); unchanged when the node could not be reached.
// Announcing again is harmless: NIS knows a transaction by its hash. It
// returns the records that changed, and the error of the payloads the node
// did not accept.
func (q *Queue) Announce(ctx context.Context) ([]Record, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	if err := q.needNode(); err != nil {
		return nil, err
	}
	signed, err := q.Store.list(ctx, []State{Signed})
	if err != nil || len(signed) == 0 {
		return nil, err
	}
	now, err := q.nodeTime(ctx)
	if err != nil {
		return nil, err
	}
	var todo []stored
	var each [][]transaction.Announcement
	for _, x := range signed {
		if now > x.Deadline {
			continue // Refresh expires it
		}
		p, err := payloadsOf(x.ID, x.payloads)
		if err != nil {
			return nil, err
		}
		todo = append(todo, x)
		each = append(each, p)
	}
	if len(todo) == 0 {
		return nil, nil
	}
	outcomes, aerr := q.announce(ctx, each)
	var changes []change
	for i, o := range outcomes {
		x := todo[i]
		switch {
		case o.ok:
			changes = append(changes, change{id: x.ID, from: Signed, attempt: x.Attempt, to: Announced})
		case o.reason != "" && o.reason != x.Reason:
			changes = append(changes, change{id: x.ID, from: Signed, attempt: x.Attempt, to: Signed, reason: o.reason})
		}
	}
	changed, err := q.Store.update(ctx, changes, q.now())
	q.logChanges(changed)
	if err != nil {
		return changed, err
	}
	return changed, aerr
}
