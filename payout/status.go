package payout

import (
	"context"
	"time"
)

// Status returns the stored record of a withdrawal (ErrNotFound when its
// ID was never submitted). It does not ask the node; Refresh does.
func (q *Queue) Status(ctx context.Context, id string) (Record, error) {
	if err := q.ready(ctx); err != nil {
		return Record{}, err
	}
	if err := checkID(id); err != nil {
		return Record{}, err
	}
	x, err := q.Store.get(ctx, id)
	return x.Record, err
}

// List returns the stored withdrawals in the given states (every
// withdrawal when none is given), in submission order.
func (q *Queue) List(ctx context.Context, states ...State) ([]Record, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	xs, err := q.Store.list(ctx, states)
	if err != nil {
		return nil, err
	}
	out := make([]Record, len(xs))
	for i, x := range xs {
		out[i] = x.Record
	}
	return out, nil
}

// Wait follows a withdrawal until it is confirmed or failed, or ctx ends:
// it refreshes from the node every Poll and returns the record, with
// ctx's error when it ended first. A node that cannot be reached is tried
// again; any other error ends the wait. An expired withdrawal is waited
// for too: the next Build builds it again.
func (q *Queue) Wait(ctx context.Context, id string) (Record, error) {
	for {
		r, err := q.Status(ctx, id)
		if err != nil || final(r) {
			return r, err
		}
		if _, err := q.Refresh(ctx); err != nil {
			if ctx.Err() != nil {
				return r, ctx.Err()
			}
			if !unavailable(err) {
				return r, err
			}
			q.logger().Warn("payout: wait: the node is unavailable; trying again", "id", id, "error", err.Error())
		}
		if r, err = q.Status(ctx, id); err != nil || final(r) {
			return r, err
		}
		t := time.NewTimer(q.poll())
		select {
		case <-ctx.Done():
			t.Stop()
			return r, ctx.Err()
		case <-t.C:
		}
	}
}
