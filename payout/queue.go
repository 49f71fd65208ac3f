package payout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
)

// Queue is the online side of payouts for one multisig account: it takes
// withdrawals, builds batches for the offline keys, takes their responses,
// announces and follows each payout to confirmation, storing every step in
// Store. Several Queues (in one process or on several servers) may share a
// Store; see the package documentation for what the stores guarantee.
//
// The zero value of every field but Store and Plan is usable. A Queue is
// safe for concurrent use; do not change its fields while it is in use.
type Queue struct {
	// Store keeps the withdrawals (OpenSQLite, OpenPostgres). Required.
	Store Store
	// Plan is the custody plan of the paying account. Required; the first
	// call records the plan's account in the store, and a store of
	// another account is refused.
	Plan *multisig.Plan
	// Node is the NIS node that gives the network time, announces and
	// shows the pool and the chain. Required by Build, Announce, Refresh
	// and Wait.
	Node *nis.Client
	// Initiator signs the wrappers, usually the plan's online key.
	// Required by Build.
	Initiator sign.Signer
	// Cosigners are the offline keys asked to sign each batch; nil means
	// every offline cosigner of the plan other than the initiator. With
	// the initiator they must be able to reach the plan's threshold.
	Cosigners []sign.PublicKey
	// Deadline is how long a build's transactions stay valid, from 1s to
	// 24h; 0 means 2h. The round trip to the offline keys must fit in it,
	// and the offline policy's maxDeadline must allow it.
	Deadline time.Duration
	// Confirmations is how many blocks, the payout's own included, make
	// it confirmed; 0 means 10.
	Confirmations int
	// ExpiryGrace is how long after a build's deadline, by the node's time
	// and by this machine's clock, the node must still show neither its
	// wrapper nor its inner transaction before the withdrawal expires and
	// may be built again: time for a block harvested just before the
	// deadline to reach the node. 0 means 10 minutes; at least 1 minute.
	ExpiryGrace time.Duration
	// Poll is Wait's pause between two looks at the node; 0 means 30s.
	Poll time.Duration
	// AnnounceOptions tune the announcing (nis.Client.AnnounceInOrder);
	// their Progress, when set, is called besides the queue's own log.
	AnnounceOptions nis.AnnounceOptions
	// Logger receives every change of a withdrawal (Info) and the
	// progress of announcing (Debug); nil logs nothing.
	Logger *slog.Logger
	// Now is this machine's clock; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	bound bool
}

// Defaults of the Queue fields.
const (
	defaultDeadline      = 2 * time.Hour
	defaultConfirmations = 10
	defaultExpiryGrace   = 10 * time.Minute
	minExpiryGrace       = time.Minute
	defaultPoll          = 30 * time.Second
)

func (q *Queue) deadline() time.Duration {
	if q.Deadline == 0 {
		return defaultDeadline
	}
	return q.Deadline
}

func (q *Queue) confirmations() uint64 {
	if q.Confirmations <= 0 {
		return defaultConfirmations
	}
	return uint64(q.Confirmations)
}

func (q *Queue) expiryGrace() time.Duration {
	if q.ExpiryGrace == 0 {
		return defaultExpiryGrace
	}
	return q.ExpiryGrace
}

func (q *Queue) poll() time.Duration {
	if q.Poll <= 0 {
		return defaultPoll
	}
	return q.Poll
}

func (q *Queue) now() time.Time {
	if q.Now != nil {
		return q.Now().UTC()
	}
	return time.Now().UTC()
}

func (q *Queue) logger() *slog.Logger {
	if q.Logger != nil {
		return q.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// ready checks the fields every call needs and binds the store to the
// plan's account.
func (q *Queue) ready(ctx context.Context) error {
	if q == nil || q.Store == nil {
		return errors.New("payout: the queue has no store")
	}
	if q.Plan == nil {
		return fmt.Errorf("payout: the queue has no plan: %w", multisig.ErrMissing)
	}
	if q.ExpiryGrace != 0 && q.ExpiryGrace < minExpiryGrace {
		return fmt.Errorf("payout: ExpiryGrace %s is shorter than %s", q.ExpiryGrace, minExpiryGrace)
	}
	if q.Deadline < 0 {
		return fmt.Errorf("payout: Deadline %s is negative", q.Deadline)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.bound {
		return nil
	}
	if err := q.Plan.Validate(); err != nil {
		return err
	}
	if err := q.Store.bind(ctx, q.Plan.Address()); err != nil {
		return err
	}
	q.bound = true
	return nil
}

// needNode checks that the queue has a node.
func (q *Queue) needNode() error {
	if q.Node == nil {
		return errors.New("payout: the queue has no node (Node)")
	}
	return nil
}

// logChanges logs each stored change.
func (q *Queue) logChanges(changed []Record) {
	l := q.logger()
	for _, r := range changed {
		attrs := []any{"id", r.ID, "state", string(r.State), "attempt", r.Attempt}
		if r.Batch != "" {
			attrs = append(attrs, "batch", r.Batch, "wrapper", r.WrapperHash.String(), "deadline", uint32(r.Deadline))
		}
		if r.Height > 0 {
			attrs = append(attrs, "height", r.Height, "confirmations", r.Confirmations)
		}
		if r.Reason != "" {
			attrs = append(attrs, "reason", r.Reason)
		}
		l.Info("payout: withdrawal "+string(r.State), attrs...)
	}
}
