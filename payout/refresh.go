package payout

import (
	"context"

	"github.com/nemcustody/nemcustody/transaction"
)

// Refresh looks at the node for every withdrawal that is built, signed or
// announced, and stores what it shows:
//
//   - in a block: confirmed once it has Confirmations confirmations, else
//     announced with its height;
//   - in the pool: announced;
//   - neither, and never seen in a block, once its deadline passed by the
//     node's time and by this machine's clock, ExpiryGrace ago: expired (it
//     will be built again), or failed when the node refused it (Reason).
//
// A withdrawal the node showed in a block is never expired: if the node
// stops showing it (a rollback, or a node that lies), it stays where it is
// and a warning is logged, for a person to look. Nothing expires unless
// the node's list of the account's transactions went back past every build
// followed. It returns the records that changed.
func (q *Queue) Refresh(ctx context.Context) ([]Record, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	if err := q.needNode(); err != nil {
		return nil, err
	}
	followed, err := q.Store.list(ctx, []State{Built, Signed, Announced})
	if err != nil || len(followed) == 0 {
		return nil, err
	}
	oldest := followed[0].Timestamp
	for _, x := range followed {
		oldest = min(oldest, x.Timestamp)
	}
	v, err := q.look(ctx, oldest)
	if err != nil {
		return nil, err
	}
	var changes []change
	for _, x := range followed {
		if c, ok := q.decide(x.Record, v); ok {
			changes = append(changes, c)
		}
	}
	changed, err := q.Store.update(ctx, changes, q.now())
	q.logChanges(changed)
	return changed, err
}

// decide returns the change the node's view makes to r, if any.
func (q *Queue) decide(r Record, v *view) (change, bool) {
	c := change{id: r.ID, from: r.State, attempt: r.Attempt, to: r.State, height: r.Height, confirmations: r.Confirmations, reason: r.Reason}
	h, inChain := v.chain[r.WrapperHash]
	if !inChain {
		h, inChain = v.chain[r.InnerHash]
	}
	switch {
	case inChain:
		conf := uint64(1)
		if v.height >= h {
			conf = v.height - h + 1
		}
		c.to, c.height, c.confirmations = Announced, h, conf
		if conf >= q.confirmations() {
			c.to = Confirmed
		}
	case v.pool[r.WrapperHash] || v.pool[r.InnerHash]:
		c.to = Announced
	case r.Height > 0:
		q.logger().Warn("payout: the node no longer shows a payout it showed in a block; it is not expired: look at the chain",
			"id", r.ID, "height", r.Height, "wrapper", r.WrapperHash.String())
		return c, false
	case v.complete && q.expired(r, v.time):
		c.to = Expired
		if r.Reason != "" {
			c.to = Failed
		}
	}
	return c, c != change{id: r.ID, from: r.State, attempt: r.Attempt, to: r.State, height: r.Height, confirmations: r.Confirmations, reason: r.Reason}
}

// expired reports whether r's deadline passed ExpiryGrace ago by the
// node's time and by this machine's clock.
func (q *Queue) expired(r Record, nodeTime transaction.Timestamp) bool {
	limit := r.Deadline.Time().Add(q.expiryGrace())
	return !nodeTime.Time().Before(limit) && !q.now().Before(limit)
}
