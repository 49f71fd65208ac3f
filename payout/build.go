package payout

import (
	"context"
)

// Build makes the next batch: it takes up to max withdrawals that may be
// built (accepted, or expired; oldest first; max <= 0 means as many as one
// request holds, 64 items: 64 divided by the keys asked), stamps them with
// the node's network time, builds each transfer, wraps it and signs the
// wrapper with Initiator, and stores the transfers, the signed wrappers and
// the request for the offline keys in one transaction: the withdrawals are
// built when Build returns, and the batch's Request is what to carry to
// the offline keys ('nemcustody sign'). It returns nil when there is
// nothing to build.
//
// A batch asking a key that another batch still awaits is refused with
// ErrAwaiting (see there). Queues sharing a store never build the same
// withdrawal twice. An expired withdrawal is built again only at a node
// time past its previous deadline (and NIS's 10 s tolerance).
func (q *Queue) Build(ctx context.Context, max int) (*Batch, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	if err := q.needNode(); err != nil {
		return nil, err
	}
	signers, err := q.cosigners()
	if err != nil {
		return nil, err
	}
	if fit := maxItems / len(signers); max <= 0 || max > fit {
		max = fit
	}
	nodeTime, err := q.nodeTime(ctx)
	if err != nil {
		return nil, err
	}
	b, recs, err := q.Store.claim(ctx, max, signers, q.now(), q.builder(nodeTime, signers))
	q.logChanges(recs)
	return b, err
}

// Pending returns the batches whose withdrawals still await the offline
// signatures, oldest first: the requests to carry (again) to the offline
// keys.
func (q *Queue) Pending(ctx context.Context) ([]*Batch, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	return q.Store.pending(ctx)
}
