package payout

// This file holds every use of package nis: the node's time, what its
// pool and chain show, and announcing.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/internal/faultpoint"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/transaction"
)

// maxChainPages bounds how far back the chain is read: pages of
// nis.MaxPageSize outgoing transactions, newest first.
const maxChainPages = 100

// chainLookback is the margin by which the chain is read back past the
// oldest build still followed: a transaction whose deadline is that much
// before a build's timestamp is in an earlier block than any node could
// have put the build in.
const chainLookback = time.Hour

// view is what the node shows of the account.
type view struct {
	time   transaction.Timestamp
	height uint64
	// pool holds the hashes and inner hashes of the unconfirmed
	// transactions the node lists (at most 25: NIS lists no more).
	pool map[transaction.Hash]bool
	// chain maps the hashes and inner hashes of confirmed outgoing
	// transactions to their block.
	chain map[transaction.Hash]uint64
	// complete: the chain was read back past every build followed.
	complete bool
}

// nodeTime returns the node's network time.
func (q *Queue) nodeTime(ctx context.Context) (transaction.Timestamp, error) {
	return q.Node.NetworkTime(ctx)
}

// look reads the node: its time, its pool, the account's outgoing
// transactions back to before oldest (the earliest timestamp of the builds
// followed), and the chain height, in that order, so that a transaction
// harvested meanwhile is seen in the pool or the chain and its block is
// never above the height.
func (q *Queue) look(ctx context.Context, oldest transaction.Timestamp) (*view, error) {
	account := q.Plan.Address()
	v := &view{pool: map[transaction.Hash]bool{}, chain: map[transaction.Hash]uint64{}}
	var err error
	if v.time, err = q.Node.NetworkTime(ctx); err != nil {
		return nil, err
	}
	pool, err := q.Node.Unconfirmed(ctx, account)
	if err != nil {
		return nil, err
	}
	for _, t := range pool {
		v.pool[t.Hash] = true
		if t.InnerHash != (transaction.Hash{}) {
			v.pool[t.InnerHash] = true
		}
	}
	stop := oldest.Time().Add(-chainLookback)
	page := nis.Page{Size: nis.MaxPageSize}
	for range maxChainPages {
		txs, err := q.Node.Transfers(ctx, account, nis.Outgoing, page)
		if err != nil {
			return nil, err
		}
		for _, t := range txs {
			v.chain[t.Hash] = t.Height
			if t.InnerHash != (transaction.Hash{}) {
				v.chain[t.InnerHash] = t.Height
			}
			if t.Signed.Tx.Common().Deadline.Time().Before(stop) {
				v.complete = true
			}
		}
		if v.complete || len(txs) == 0 {
			v.complete = true
			break
		}
		page.BeforeID = txs[len(txs)-1].ID
	}
	if v.height, err = q.Node.ChainHeight(ctx); err != nil {
		return nil, err
	}
	return v, nil
}

// announced is the outcome of announcing one withdrawal's payloads.
type announced struct {
	err    error  // nil when the wrapper and every cosignature were accepted
	reason string // NIS's refusal of the wrapper, "" when none
	// unknown: the node answered NEUTRAL ("already known") to every
	// payload it did not accept, and lists none of them (it lists 25 pool
	// transactions of an account): most likely in its pool, not proven.
	unknown bool
}

// announce announces the payloads of each withdrawal (wrapper first, then
// its cosignatures) in one nis.Client.AnnounceInOrder, and returns each
// withdrawal's outcome; the error is that of a payload list that was not
// sent at all.
func (q *Queue) announce(ctx context.Context, each [][]transaction.Announcement) ([]announced, error) {
	var payloads []transaction.Announcement
	first := make([]int, len(each))
	for i, p := range each {
		first[i] = len(payloads)
		payloads = append(payloads, p...)
	}
	opts := q.AnnounceOptions
	theirs := opts.Progress
	log := q.logger()
	opts.Progress = func(a nis.Announced) {
		faultpoint.Point("payout.announce.payload")
		answer := "not sent"
		if a.Result != nil {
			answer = a.Result.Code.String()
		}
		log.Debug("payout: announce", "type", a.Type.String(), "hash", a.Hash.String(), "attempts", a.Attempts, "answer", answer)
		if theirs != nil {
			theirs(a)
		}
	}
	results, err := q.Node.AnnounceInOrder(ctx, payloads, opts)
	if results == nil {
		return nil, err
	}
	out := make([]announced, len(each))
	for i, p := range each {
		rs := results[first[i] : first[i]+len(p)]
		q.cosignUnverified(ctx, p, rs, opts.Progress)
		var errs []error
		out[i].unknown = true
		for _, r := range rs {
			if r.Err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", r.Type, r.Hash, r.Err))
				out[i].unknown = out[i].unknown && errors.Is(r.Err, nis.ErrNotKnown)
			}
		}
		out[i].err = errors.Join(errs...)
		out[i].unknown = out[i].unknown && out[i].err != nil
		if w := rs[0]; w.Err != nil && w.Result != nil && refusal(w.Result.Code) {
			out[i].reason = w.Result.Code.String()
		}
	}
	return out, nil
}

// cosignUnverified sends the cosignatures of a wrapper the node answered
// NEUTRAL ("already known") without listing it, which AnnounceInOrder
// does not send. That happens to a wrapper announced before a crash and
// again after it: NIS lists at most 25 of an account's pool transactions,
// and a batch has up to 64. The node knows the wrapper, so it is most
// likely in its pool: a cosignature answered SUCCESS proves it (NIS
// attaches a cosignature only to a wrapper in its pool), and the wrapper
// counts as accepted; one answered otherwise leaves the withdrawal signed,
// to be announced again or followed by Refresh.
func (q *Queue) cosignUnverified(ctx context.Context, payloads []transaction.Announcement, rs []nis.Announced, progress func(nis.Announced)) {
	w := &rs[0]
	if w.Result == nil || w.Result.Code != nis.Neutral || !errors.Is(w.Err, nis.ErrNotKnown) {
		return
	}
	proven := false
	for j := 1; j < len(rs); j++ {
		r := &rs[j]
		if r.Result != nil || r.Type != transaction.TypeMultisigSignature {
			continue
		}
		res, err := q.Node.Announce(ctx, payloads[j])
		r.Attempts++
		r.Result, r.Err = res, err
		if progress != nil {
			progress(*r)
		}
		if err == nil && res.Code == nis.Success {
			proven = true
		}
	}
	if proven {
		w.Err = nil
	}
}

// refusal reports whether NIS's answer to a wrapper is a refusal worth
// recording: not an acceptance, not its deadline passing (the withdrawal
// then expires), and not a cosignature's wait for its wrapper.
func refusal(r nis.Result) bool {
	return !r.Accepted() && r != nis.FailurePastDeadline && r != nis.FailureMultisigNoMatchingMultisig
}

// unavailable reports whether err is the node not answering, which Wait
// waits out.
func unavailable(err error) bool {
	return errors.Is(err, nis.ErrUnavailable)
}
