package nis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Defaults of AnnounceOptions.
const (
	// DefaultAnnounceWait is longer than the ten minutes for which NIS
	// repeats its first answer to a hash (PushService.TX_CACHE_SECONDS =
	// 600): a cosignature refused with FailureMultisigNoMatchingMultisig
	// is refused again, from that cache, even after its wrapper arrives,
	// until the ten minutes have passed.
	DefaultAnnounceWait = 12 * time.Minute
	// defaultAnnouncePoll is the first pause between pool checks and
	// retries; it doubles up to 30 s.
	defaultAnnouncePoll = 2 * time.Second
	// maxAnnouncePoll caps the pause between pool checks and retries.
	maxAnnouncePoll = 30 * time.Second
)

// AnnounceOptions tune AnnounceInOrder. The zero value is usable.
type AnnounceOptions struct {
	// Wait bounds, per wrapper, how long its cosignatures wait for it to
	// reach the node's unconfirmed pool and how long they are retried
	// while the node answers FailureMultisigNoMatchingMultisig; 0 means
	// DefaultAnnounceWait. The transactions' own deadlines still apply:
	// the node refuses them once the deadline has passed.
	Wait time.Duration
	// Poll is the first pause between pool checks and between retries;
	// 0 means 2 s. It doubles up to 30 s.
	Poll time.Duration
	// Progress, when set, is told of every payload's progress, from the
	// calling goroutine: after each announce with the node's answer
	// (Attempts counts them, Err is what the answer means so far, a 73
	// about to be retried included), and once for a payload that is not
	// sent (Err wraps ErrNotAnnounced). The last call for a payload
	// carries its outcome, the one AnnounceInOrder returns. Wrappers and
	// other transactions come first, then the cosignatures, as they are
	// announced: a caller can show them while AnnounceInOrder waits for a
	// wrapper to reach the pool (up to Wait).
	Progress func(Announced)
}

// progress tells opts.Progress of a.
func (o AnnounceOptions) progress(a *Announced) {
	if o.Progress != nil {
		o.Progress(*a)
	}
}

func (o AnnounceOptions) wait() time.Duration {
	if o.Wait <= 0 {
		return DefaultAnnounceWait
	}
	return o.Wait
}

func (o AnnounceOptions) poll() time.Duration {
	if o.Poll <= 0 {
		return defaultAnnouncePoll
	}
	return o.Poll
}

// Announced is the outcome of one payload of AnnounceInOrder.
type Announced struct {
	// Index is the payload's position in the input, from 0.
	Index int
	Type  transaction.Type
	Hash  transaction.Hash
	// InnerHash is, for a wrapper, its inner hash; for a cosignature, the
	// inner hash it names. Zero for other types.
	InnerHash transaction.Hash
	// Result is the node's last answer; nil if the payload was not sent
	// or no answer came.
	Result *AnnounceResult
	// Attempts counts the announces made (Announce's own retries after a
	// network failure not included).
	Attempts int
	// Err is nil when the node accepted the payload or already knew it.
	Err error
	// Note explains an outcome that is not plain: a cosignature that was
	// not needed, a wrapper that never appeared in the pool.
	Note string
}

// ErrNotAnnounced: a payload was not sent because its wrapper was
// refused, or because the context ended first.
var ErrNotAnnounced = errors.New("not announced")

// AnnounceInOrder announces payloads (what coldwallet.Combine or
// multisig.Status list) so that a node can accept them all, and is safe to
// run again with the same payloads after any failure:
//
//  1. Every payload is parsed strictly and its signature verified; if one
//     fails, nothing is sent and the error says which.
//  2. Every payload that is not a cosignature (wrappers, conversions,
//     ordinary transactions) is announced, in the given order.
//  3. Then each cosignature, in the given order. If its wrapper was among
//     the payloads and was refused, the cosignature is not sent
//     (ErrNotAnnounced): the node would refuse it too, and remember that
//     refusal for ten minutes. If the wrapper was not among the payloads,
//     the node's pool is polled (GET /account/unconfirmedTransactions of
//     the multisig account) until the wrapper appears, for up to
//     opts.Wait. A cosignature the node answers with
//     FailureMultisigNoMatchingMultisig (its wrapper not yet there, as
//     behind a load balancer whose nodes have not yet relayed it) is
//     retried with backoff for up to opts.Wait, never dropped.
//
// Re-running is idempotent: the node answers Neutral or FailureHashExists
// for what it already has, and both count as accepted (Neutral once the
// pool or the chain shows it, see Announce and ErrNotKnown). A cosignature of a
// wrapper that is already confirmed (FailureHashExists) and that the node
// answers with FailureMultisigNoMatchingMultisig was not needed: the
// wrapper was completed without it; that is reported in Note, not as an
// error.
//
// The result has one entry per payload, in input order. The error is nil
// when every payload was accepted, else it joins the failures, each naming
// its payload; errors.Is finds ErrRejected, ErrUnavailable,
// ErrBadResponse or ErrNotAnnounced in it.
func (c *Client) AnnounceInOrder(ctx context.Context, payloads []transaction.Announcement, opts AnnounceOptions) ([]Announced, error) {
	signed, out, err := prepareAnnouncements(payloads)
	if err != nil {
		return nil, err
	}

	wrappers := map[transaction.Hash]*Announced{}
	for i, s := range signed {
		if s.Tx.Type() == transaction.TypeMultisigSignature {
			continue
		}
		a := &out[i]
		c.announceOnce(ctx, a, s, opts)
		if a.Type == transaction.TypeMultisig {
			if prev, ok := wrappers[a.InnerHash]; !ok || prev.Err != nil {
				wrappers[a.InnerHash] = a
			}
		}
	}

	deadlines := map[transaction.Hash]time.Time{}
	seen := map[transaction.Hash]bool{}
	for i, s := range signed {
		cs, ok := s.Tx.(*transaction.MultisigSignature)
		if !ok {
			continue
		}
		a := &out[i]
		if ctx.Err() != nil {
			a.Err = fmt.Errorf("nis: %w: %w", ErrNotAnnounced, ctx.Err())
			opts.progress(a)
			continue
		}
		dl, ok := deadlines[cs.OtherHash]
		if !ok {
			dl = time.Now().Add(opts.wait())
			deadlines[cs.OtherHash] = dl
		}
		w := wrappers[cs.OtherHash]
		switch {
		case w != nil && w.Err != nil:
			a.Err = fmt.Errorf("nis: %w: its wrapper (payload %d) was not accepted: %w", ErrNotAnnounced, w.Index+1, w.Err)
			opts.progress(a)
		case w != nil && w.Result.Code == FailureHashExists:
			c.announceOnce(ctx, a, s, AnnounceOptions{})
			if isNoMatchingMultisig(a.Err) {
				a.Err = nil
				a.Note = "the wrapper is already confirmed, completed without this cosignature"
			}
			opts.progress(a)
		case w != nil:
			c.announceRetrying(ctx, a, s, dl, opts)
		default:
			if !seen[cs.OtherHash] {
				found, err := c.waitForWrapper(ctx, cs.MultisigAccount, cs.OtherHash, dl, opts.poll())
				if err != nil {
					a.Err = err
					opts.progress(a)
					continue
				}
				seen[cs.OtherHash] = true
				if !found {
					a.Note = "the wrapper did not appear in the node's unconfirmed pool in time"
					c.announceOnce(ctx, a, s, opts)
					continue
				}
			}
			c.announceRetrying(ctx, a, s, dl, opts)
		}
	}

	var errs []error
	for i := range out {
		if out[i].Err != nil {
			errs = append(errs, fmt.Errorf("payload %d (%s %s): %w", i+1, out[i].Type, out[i].Hash, out[i].Err))
		}
	}
	return out, errors.Join(errs...)
}

// prepareAnnouncements reads every payload, before anything is sent, and
// returns the transactions and their results to fill, in input order.
func prepareAnnouncements(payloads []transaction.Announcement) ([]*transaction.Signed, []Announced, error) {
	signed := make([]*transaction.Signed, len(payloads))
	out := make([]Announced, len(payloads))
	for i, p := range payloads {
		s, err := parseAnnouncement(p)
		if err != nil {
			return nil, nil, fmt.Errorf("nis: announce in order: payload %d: nothing was sent: %w", i+1, err)
		}
		signed[i] = s
		a := &out[i]
		a.Index, a.Type = i, s.Tx.Type()
		if a.Hash, err = transaction.HashOf(s.Tx); err != nil {
			return nil, nil, err
		}
		switch t := s.Tx.(type) {
		case *transaction.Multisig:
			if a.InnerHash, err = transaction.InnerHash(t); err != nil {
				return nil, nil, err
			}
		case *transaction.MultisigSignature:
			a.InnerHash = t.OtherHash
		}
	}
	return signed, out, nil
}

// announceOnce announces s, records the outcome in a and tells
// opts.Progress.
func (c *Client) announceOnce(ctx context.Context, a *Announced, s *transaction.Signed, opts AnnounceOptions) {
	defer opts.progress(a)
	if ctx.Err() != nil {
		a.Err = fmt.Errorf("nis: %w: %w", ErrNotAnnounced, ctx.Err())
		return
	}
	a.Attempts++
	res, err := c.announce(ctx, s)
	if res != nil {
		a.Result = res
	}
	a.Err = err
}

// announceRetrying announces s, and again with backoff while the node
// answers FailureMultisigNoMatchingMultisig, until deadline.
func (c *Client) announceRetrying(ctx context.Context, a *Announced, s *transaction.Signed, deadline time.Time, opts AnnounceOptions) {
	pause := opts.poll()
	for {
		c.announceOnce(ctx, a, s, opts)
		if !isNoMatchingMultisig(a.Err) || time.Now().Add(pause).After(deadline) {
			return
		}
		if !sleep(ctx, pause) {
			return
		}
		pause = min(2*pause, maxAnnouncePoll)
	}
}

// waitForWrapper polls the unconfirmed transactions of account until a
// wrapper with the inner hash appears (true) or deadline passes (false).
// An unavailable node is polled again; a rejection or a bad answer ends
// the wait with that error.
func (c *Client) waitForWrapper(ctx context.Context, account sign.Address, inner transaction.Hash, deadline time.Time, pause time.Duration) (bool, error) {
	for {
		txs, err := c.Unconfirmed(ctx, account)
		if err != nil && !errors.Is(err, ErrUnavailable) {
			return false, err
		}
		for _, t := range txs {
			if t.InnerHash == inner {
				return true, nil
			}
		}
		if time.Now().Add(pause).After(deadline) {
			return false, nil
		}
		if !sleep(ctx, pause) {
			return false, fmt.Errorf("nis: %w: %w", ErrNotAnnounced, ctx.Err())
		}
		pause = min(2*pause, maxAnnouncePoll)
	}
}

// isNoMatchingMultisig reports whether err is the node's
// FailureMultisigNoMatchingMultisig.
func isNoMatchingMultisig(err error) bool {
	var ne *NodeError
	return errors.As(err, &ne) && ne.Code == FailureMultisigNoMatchingMultisig
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
