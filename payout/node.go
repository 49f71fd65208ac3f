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
		var errs []error
		for _, r := range rs {
			if r.Err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", r.Type, r.Hash, r.Err))
			}
		}
		out[i].err = errors.Join(errs...)
		if w := rs[0]; w.Err != nil && w.Result != nil && refusal(w.Result.Code) {
			out[i].reason = w.Result.Code.String()
		}
	}
	return out, nil
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
