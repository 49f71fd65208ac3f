package payout

import (
	"context"
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/transaction"
)

// Announce announces every signed withdrawal whose deadline has not
// passed at the node's time, each wrapper before its cosignatures
// (nis.Client.AnnounceInOrder, which retries what NIS asks to retry), and
// stores the outcome: announced when the node accepted the wrapper and its
// cosignatures; still signed, with NIS's Reason, when it refused the
// wrapper (Announce tries again next time; the withdrawal fails once its
// deadline has passed); unchanged when the node could not be reached.
// Announced withdrawals not yet in a block are announced again too
// (a cosignature may not have reached the node): announcing again is
// harmless, since NIS knows a transaction by its hash. It returns the
// records that changed, and an error naming each signed withdrawal the
// node did not accept. A withdrawal the node answers "already known"
// without listing it (NIS lists only 25 pool transactions of an account,
// a batch has up to 64: as after a crash in the middle of announcing)
// stays signed, with a warning: Refresh sees it in a block.
func (q *Queue) Announce(ctx context.Context) ([]Record, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	if err := q.needNode(); err != nil {
		return nil, err
	}
	candidates, err := q.Store.list(ctx, []State{Signed, Announced})
	if err != nil || len(candidates) == 0 {
		return nil, err
	}
	now, err := q.nodeTime(ctx)
	if err != nil {
		return nil, err
	}
	var todo []stored
	var each [][]transaction.Announcement
	for _, x := range candidates {
		if now > x.Deadline || x.State == Announced && x.Height > 0 {
			continue // expired (Refresh says so), or in a block
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
	outcomes, err := q.announce(ctx, each)
	if err != nil {
		return nil, err
	}
	var changes []change
	var errs []error
	for i, o := range outcomes {
		x := todo[i]
		if x.State != Signed {
			continue
		}
		switch {
		case o.err == nil:
			changes = append(changes, change{id: x.ID, from: Signed, attempt: x.Attempt, to: Announced})
		case o.reason != "" && o.reason != x.Reason:
			changes = append(changes, change{id: x.ID, from: Signed, attempt: x.Attempt, to: Signed, reason: o.reason})
		}
		switch {
		case o.unknown:
			q.logger().Warn("payout: the node says it knows the payout but does not list it (NIS lists 25 pool transactions of an account); Refresh will see it in a block",
				"id", x.ID, "wrapper", x.WrapperHash.String())
		case o.err != nil:
			errs = append(errs, fmt.Errorf("payout: withdrawal %s: %w", x.ID, o.err))
		}
	}
	changed, err := q.Store.update(ctx, changes, q.now())
	q.logChanges(changed)
	if err != nil {
		return changed, err
	}
	return changed, errors.Join(errs...)
}
