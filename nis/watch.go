package nis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Defaults of WatchConfig.
const (
	// DefaultPendingGrace is how long an unapproved wrapper may wait in
	// the pool for its cosignatures before it is reported.
	DefaultPendingGrace = 2 * time.Minute
	// DefaultLookback is the history the first poll checks.
	DefaultLookback = 24 * time.Hour
)

// watchPages bounds the pages of outgoing transactions one poll reads.
const watchPages = 10

// WatchConfig says what a Watcher watches.
type WatchConfig struct {
	// Account is the account whose outflows are watched: a multisig
	// account (funds leave it through wrappers its cosignatories sign) or
	// an ordinary one.
	Account sign.Address
	// Journals are the offline signers' journals (coldwallet), copied to
	// the watching machine; they hold no secrets. The hashes of their
	// "signed" entries are the approved transactions. They are read and
	// verified again at every poll, so appending copies of newer journals
	// takes effect without a restart.
	Journals []string
	// MaxOutflow, when not 0, raises an Outflow alert when the XEM moved
	// by the account's confirmed transfers within Window exceeds it.
	MaxOutflow transaction.Amount
	// Window is the period MaxOutflow applies to; required with it.
	Window time.Duration
	// PendingGrace is how long an unapproved multisig wrapper may wait in
	// the unconfirmed pool before it is reported: its cosignatures,
	// which are what the journals approve, are usually announced right
	// after it. 0 means DefaultPendingGrace. Confirmed transactions and
	// unconfirmed ones that are not wrappers are reported at once.
	PendingGrace time.Duration
	// Lookback limits the first poll to transactions stamped within it
	// (older history is taken as known); 0 means DefaultLookback.
	Lookback time.Duration
}

// AlertKind says what an alert is about.
type AlertKind string

// Alert kinds.
const (
	// Unapproved: a transaction moving funds out of the account (or
	// changing it: any type the account is the debtor of) whose hash
	// appears in no journal.
	Unapproved AlertKind = "unapproved"
	// Outflow: the XEM moved out within the window exceeds MaxOutflow.
	Outflow AlertKind = "outflow"
	// Incomplete: more outgoing transactions appeared since the last poll
	// than one poll reads (watchPages pages of MaxPageSize); the oldest of
	// them were not checked.
	Incomplete AlertKind = "incomplete"
	// WatchFailing: polls keep failing, so the account is not being
	// watched. Poll never raises it (it returns the error); Run does,
	// after FailingAfter failed polls in a row.
	WatchFailing AlertKind = "watch-failing"
)

// Alert is one finding of a Watcher. Its JSON form is what the CLI prints
// and posts to a webhook.
type Alert struct {
	Kind    AlertKind    `json:"kind"`
	Account sign.Address `json:"account"`
	// NodeTime is the node's network time of the poll that raised it.
	NodeTime transaction.Timestamp `json:"nodeTime"`
	// Hash is the unapproved transaction's hash (a wrapper's own hash);
	// InnerHash the hash of the transaction it wraps.
	Hash      *transaction.Hash `json:"hash,omitempty"`
	InnerHash *transaction.Hash `json:"innerHash,omitempty"`
	// Type is the type of what moves the funds (a wrapper's inner
	// transaction), in the words of transaction.Type.String.
	Type      string        `json:"type,omitempty"`
	Recipient *sign.Address `json:"recipient,omitempty"`
	// Amount is the micro-XEM moved: by the unapproved transaction, or
	// (Outflow) by all transfers within the window.
	Amount transaction.Amount `json:"amount,omitempty"`
	// Height is the block of a confirmed transaction; 0 while unconfirmed.
	Height uint64 `json:"height,omitempty"`
	// Limit, Window and Hashes describe an Outflow alert: MaxOutflow, the
	// window, and the transfers counted.
	Limit  transaction.Amount `json:"limit,omitempty"`
	Window string             `json:"window,omitempty"`
	Hashes []transaction.Hash `json:"hashes,omitempty"`
	// Message says it in one line for people.
	Message string `json:"message"`
}

// Watcher polls a node for the outgoing transactions of an account and
// reports those no offline journal approved, and outflows above a limit.
// Create it with NewWatcher; it keeps what it has seen between polls, so
// each finding is reported once. Safe for concurrent use; polls are
// serialized.
//
// Which hash counts as approved: a transaction is approved when its own
// hash, the hash of one of the cosignatures it carries, or (for a wrapper)
// its inner transaction's hash is in a "signed" entry of a journal. The
// own hash covers what an offline key signed itself (an ordinary
// transfer, or a wrapper it initiated). The inner hash is what the offline
// signer records under "approves" for every cosignature and wrapper: it
// approves exactly the payout, whoever initiates the wrapper. A
// cosignature's hash covers journals written before "approves" existed:
// the cosignature names the inner hash and the account, and its signature
// is verified. For those journals an unconfirmed wrapper is given
// PendingGrace to collect its cosignatures before it is reported.
//
// Outflow counts the XEM of confirmed transfers (a wrapper's inner
// transfer included; fees not), approved or not, at the node time the
// watcher first saw each one: a transaction's own timestamp can be set up
// to a day in the past and would let a burst hide from a short window.
// Transactions already confirmed at the first poll are counted at their
// timestamp, the best that history offers.
type Watcher struct {
	client *Client
	cfg    WatchConfig

	mu     sync.Mutex
	polled bool
	seen   map[transaction.Hash]*observed
}

// observed is what a watcher remembers of one transaction.
type observed struct {
	at        transaction.Timestamp // counted in the window at this time
	lastSeen  transaction.Timestamp // last poll that listed it
	confirmed bool
	reported  bool // checked for approval (and reported if not approved)
	history   bool // confirmed before the lookback of the first poll: not checked
	amount    transaction.Amount
}

// NewWatcher checks cfg and returns a watcher using c.
func NewWatcher(c *Client, cfg WatchConfig) (*Watcher, error) {
	if c == nil {
		return nil, errors.New("nis: watch: no client")
	}
	if err := cfg.Account.Validate(); err != nil {
		return nil, fmt.Errorf("nis: watch: account: %w", err)
	}
	if cfg.MaxOutflow > 0 && cfg.Window <= 0 {
		return nil, errors.New("nis: watch: MaxOutflow needs a Window")
	}
	if cfg.Window < 0 || cfg.PendingGrace < 0 || cfg.Lookback < 0 {
		return nil, errors.New("nis: watch: negative duration")
	}
	if cfg.PendingGrace == 0 {
		cfg.PendingGrace = DefaultPendingGrace
	}
	if cfg.Lookback == 0 {
		cfg.Lookback = DefaultLookback
	}
	cfg.Journals = slices.Clone(cfg.Journals)
	return &Watcher{client: c, cfg: cfg, seen: map[transaction.Hash]*observed{}}, nil
}

// Poll reads the journals and the node once and returns the new alerts.
// An error (a journal that does not verify, a node that does not answer
// or answers garbage) leaves the watcher's memory as it was: the next
// poll checks the same transactions again.
func (w *Watcher) Poll(ctx context.Context) ([]Alert, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	approved, err := approvedHashes(w.cfg.Journals)
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

	var alerts []Alert
	if incomplete {
		alerts = append(alerts, Alert{Kind: Incomplete, Account: w.cfg.Account, NodeTime: now,
			Message: fmt.Sprintf("more than %d outgoing transactions of %s since the last poll: only the newest were checked", watchPages*MaxPageSize, w.cfg.Account)})
	}
	fresh := false // a transfer newly confirmed this poll
	for i := range confirmed {
		t := &confirmed[i]
		m, ok := w.moves(t)
		if !ok {
			continue
		}
		o := w.seen[t.Hash]
		if o == nil {
			o = &observed{at: now, amount: m.amount}
			if !w.polled {
				o.at = min(t.Signed.Tx.Common().Timestamp, now)
				o.history = o.at < since
			}
			w.seen[t.Hash] = o
		}
		o.lastSeen = now
		if !o.confirmed {
			o.confirmed = true
			fresh = fresh || m.amount > 0 && !o.history
		}
		if !o.reported && !o.history {
			o.reported = true
			if !isApproved(t, approved) {
				alerts = append(alerts, unapprovedAlert(w.cfg.Account, now, t, m))
			}
		}
	}
	for i := range pending {
		t := &pending[i]
		m, ok := w.moves(t)
		if !ok {
			continue
		}
		o := w.seen[t.Hash]
		if o == nil {
			o = &observed{at: now, amount: m.amount}
			w.seen[t.Hash] = o
		}
		o.lastSeen = now
		if o.reported || o.confirmed || isApproved(t, approved) {
			continue
		}
		if t.Signed.Tx.Type() != transaction.TypeMultisig || secondsBetween(o.at, now) >= w.cfg.PendingGrace {
			o.reported = true
			alerts = append(alerts, unapprovedAlert(w.cfg.Account, now, t, m))
		}
	}
	if a, ok := w.outflow(now, fresh); ok {
		alerts = append(alerts, a)
	}
	w.prune(now)
	w.polled = true
	return alerts, nil
}

// outgoing reads the account's confirmed outgoing transactions, newest
// first, until a page reaches one seen before (or, at the first poll, one
// older than since). incomplete is true when watchPages pages did not.
func (w *Watcher) outgoing(ctx context.Context, since transaction.Timestamp) ([]Transaction, bool, error) {
	var out []Transaction
	var before int64
	for range watchPages {
		page, err := w.client.Transfers(ctx, w.cfg.Account, Outgoing, Page{BeforeID: before, Size: MaxPageSize})
		if err != nil {
			return nil, false, err
		}
		out = append(out, page...)
		if len(page) < MaxPageSize {
			return out, false, nil
		}
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
// window: they are deeper in the history than any later poll reads.
func (w *Watcher) prune(now transaction.Timestamp) {
	keep := max(w.cfg.Window, w.cfg.Lookback) + 48*time.Hour
	for h, o := range w.seen {
		if secondsBetween(o.lastSeen, now) > keep {
			delete(w.seen, h)
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
