package coldwallet

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// The window property: whatever node times a compromised online side
// reports, and wherever it puts timestamps and deadlines within what the
// policy and NIS allow relative to them, the withdrawals the real signer
// signs (real policy, real journal on disk) that NIS could execute within
// any interval of network time [t, t+P] take out at most the window's
// cap, in at most maxCount transfers. The oracle below is written from
// NIS's rules alone and does not call the library's window code.

// Policy of the property test: maxDeadline D, window period P = 2D (the
// setting SECURITY.md used to call safe), 2500 XEM and 3 transfers per
// window, 1001 XEM per item.
const (
	propD     = 6 * 3600
	propP     = 2 * propD
	propCap   = 2500 * transaction.XEM
	propCount = 3
)

func propPolicy(f *fixture, t testing.TB) *Policy {
	p := basePolicy(f, t.(*testing.T))
	p.MaxDeadline = "6h"
	p.Window = &PolicyWindow{Period: "12h", MaxAmount: "2500", MaxCount: propCount}
	return p
}

// oracleItem is one signed cosignature as NIS sees it: the network times
// at which a block may carry it and what it takes out of the account.
type oracleItem struct {
	from, until int64 // executable at block time t iff from <= t <= until
	xem         transaction.Amount
}

// oracleOf applies NIS's rules to a signed item. A block stamped t can
// carry it only if, for every transaction it needs, the timestamp is at
// most 10 s ahead of the validating node's time, about t
// (TransactionNonFutureEntityValidator with
// BlockChainConstants.MAX_ALLOWED_SECONDS_AHEAD_OF_TIME, applied to every
// child by ChildAwareSingleTransactionValidator), and:
//
//   - for a wrapper the vault signs (it initiates): the wrapper's deadline
//     is not before t (TransactionDeadlineBlockValidator checks the
//     block's top-level transactions only, so the inner transaction's
//     deadline is not relied on);
//   - for a cosignature: the deadlines of the cosignature and the inner
//     transaction are not before t (the unconfirmed pool's
//     TransactionDeadlineValidator and
//     DefaultUnconfirmedTransactions.dropExpiredTransactions, over every
//     child); the wrapper is the online side's and assumed not to narrow
//     anything.
//
// What it takes out: the amount, the inner fee and the wrapper's or the
// cosignature's fee (MultisigTransaction.getDebtor: the multisig account
// pays them).
func oracleOf(it Item) (oracleItem, bool) {
	o := oracleItem{from: -1 << 62, until: 1 << 62}
	inner := it.Inner
	if ms, ok := it.Tx.(*transaction.Multisig); ok {
		inner = ms.Inner
		o.until = int64(ms.Deadline)
	} else {
		o.until = min(int64(it.Tx.Common().Deadline), int64(inner.Common().Deadline))
	}
	for _, tx := range []transaction.Transaction{it.Tx, inner} {
		o.from = max(o.from, int64(tx.Common().Timestamp)-10)
	}
	tr := inner.(*transaction.Transfer)
	o.xem = tr.Amount + tr.Fee + it.Tx.Common().Fee
	return o, o.from <= o.until
}

// oracleMax returns the most XEM and the most transfers of items that NIS
// could execute within one closed interval [t, t+q], over every t: the
// maximum is attained where t+q meets an item's from, so every such t is
// tried, with a grid and every other endpoint besides.
func oracleMax(items []oracleItem, q int64) (transaction.Amount, int, int64) {
	var ts []int64
	for _, o := range items {
		ts = append(ts, o.from-q, o.from, o.until, o.until-q, o.from-q-1, o.until+1)
	}
	if len(items) > 0 {
		lo, hi := slices.Min(ts), slices.Max(ts)
		for t := lo; t <= hi; t += max(1, (hi-lo)/500) {
			ts = append(ts, t)
		}
	}
	var best transaction.Amount
	bestN := 0
	var at int64
	for _, t := range ts {
		var sum transaction.Amount
		n := 0
		for _, o := range items {
			if o.from <= t+q && o.until >= t {
				sum += o.xem
				n++
			}
		}
		if sum > best || n > bestN {
			at = t
		}
		best, bestN = max(best, sum), max(bestN, n)
	}
	return best, bestN, at
}

// adversary makes the next request's times. Every strategy stays within
// what CheckTimes and maxDeadline allow relative to the node time it
// claims (and sometimes strays outside, to be refused).
type adversary struct {
	r    *rand.Rand
	base int64
	k    int
	last int64 // node time of the last request signed
}

func (a *adversary) pick(vals ...int64) int64 { return vals[a.r.IntN(len(vals))] }

// times returns the node time, the inner transaction's times and the
// cosignature's times of step a.k.
func (a *adversary) times(strategy int) (int64, span, span) {
	a.k++
	d := int64(propD)
	p := int64(propP)
	jitter := a.r.Int64N(21) - 5 // -5..15: just under, at and just over P
	var nt int64
	switch strategy {
	case 0: // random node times within a few periods
		nt = a.base + a.r.Int64N(6*p)
	case 1: // a staircase one period and a little apart
		nt = a.base + int64(a.k)*(p+jitter)
	case 2: // the staircase backwards
		nt = a.base + 40*p - int64(a.k)*(p+jitter)
	case 3: // two clusters one period and a few seconds apart, interleaved
		nt = a.base + int64(a.k%2)*(p+1+a.r.Int64N(10))
	case 4: // a few seconds of node time apart, anywhere
		nt = a.base + a.r.Int64N(30)
	case 5: // chase: just over one period after the last signed request
		nt = max(a.last, a.base) + p + 1 + a.r.Int64N(10)
	default: // anywhere, in any order
		nt = a.base + a.r.Int64N(40*p)
	}
	one := func() span {
		ts := a.pick(nt-d, nt+10, nt-d+a.r.Int64N(d+11), nt)
		lo := max(nt, ts+1)
		hi := min(nt+d, ts+86400)
		dl := a.pick(lo, hi, lo+a.r.Int64N(max(1, hi-lo+1)))
		if a.r.IntN(40) == 0 {
			dl = nt - 1 // expired at the node time: must be refused
		}
		return span{transaction.Timestamp(max(ts, 0)), transaction.Timestamp(max(dl, 1))}
	}
	inner, cos := one(), one()
	if a.r.IntN(2) == 0 {
		// The widest interval policy allows around the node time.
		inner = span{transaction.Timestamp(nt - d), transaction.Timestamp(nt + d)}
		cos = inner
	}
	if strategy == 1 && a.r.IntN(3) == 0 {
		// The narrowest interval: valid at the node time only.
		inner = span{transaction.Timestamp(nt + 10), transaction.Timestamp(nt + d)}
		cos = span{transaction.Timestamp(nt - d), transaction.Timestamp(nt)}
	}
	return nt, inner, cos
}

// runAdversary plays steps requests of one seed against a fresh signer and
// journal, and returns the oracle view of what was signed.
func runAdversary(t *testing.T, seed uint64, steps int) []oracleItem {
	f := newFixture(t)
	s, _ := newSigner(t, f, f.coldA, propPolicy(f, t))
	// The strongest online side: the operator accepts any node time.
	s.AcceptNodeTime = true
	a := &adversary{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), base: int64(fixtureTime)}
	kinds := rand.New(rand.NewPCG(seed, 3)) // a stream of its own, so seeds keep their times
	strategy := int(seed % 7)
	var signed []oracleItem
	seen := map[transaction.Hash]bool{} // the same transaction executes once
	for range steps {
		if a.r.IntN(8) == 0 {
			strategy = a.r.IntN(7)
		}
		nt, inner, cos := a.times(strategy)
		if inner.ts >= inner.dl || cos.ts >= cos.dl || nt < 0 {
			continue
		}
		amount := transaction.Amount(a.pick(1000, 999, 500, 1+a.r.Int64N(1000))) * transaction.XEM
		req := f.timedRequest(t, transaction.Timestamp(nt), amount, inner, cos)
		if kinds.IntN(4) == 0 {
			// The vault initiates: it signs the wrapper, stamped as the
			// cosignature would be.
			req = f.initiateRequest(t, transaction.Timestamp(nt), amount, inner, cos)
		}
		if _, err := signEnvelope(t, s, req); err != nil {
			continue
		}
		a.last = nt
		h, err := transaction.HashOf(req.Items[0].Tx)
		require.NoError(t, err)
		o, ok := oracleOf(req.Items[0])
		if ok && !seen[h] {
			seen[h] = true
			signed = append(signed, o)
		}
	}
	return signed
}

// propSeeds are fixed seeds; seedsOldCodeBroke are seeds on which the
// signer before the on-chain window signed more than the cap.
var (
	propSeeds         = []uint64{1, 2, 5, 6, 8, 9, 11, 12}
	seedsOldCodeBroke = []uint64{3, 4, 7, 10, 17, 23}
)

// TestWindowPropertyAdversarialNodeTimes: see the comment at the top.
func TestWindowPropertyAdversarialNodeTimes(t *testing.T) {
	seeds := slices.Concat(seedsOldCodeBroke, propSeeds)
	for range 4 {
		seeds = append(seeds, rand.Uint64())
	}
	steps := 30
	if testing.Short() || raceEnabled { // CI runs 30 without the race detector
		steps = 12
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			items := runAdversary(t, seed, steps)
			xem, n, at := oracleMax(items, propP)
			require.LessOrEqual(t, xem, propCap, "seed %d: %s XEM can execute within [%d, %d]", seed, xem, at, at+propP)
			require.LessOrEqual(t, n, propCount, "seed %d: %d transfers can execute within [%d, %d]", seed, n, at, at+propP)
			// Over a longer interval of q seconds: at most
			// floor(q/(P+1))+1 windows' worth.
			for _, q := range []int64{0, propP / 3, propP + 1, 2 * propP, 2*propP + 1, 2*propP + 2, 5*propP + 7} {
				k := q/(propP+1) + 1
				xem, n, at := oracleMax(items, q)
				require.LessOrEqual(t, xem, transaction.Amount(k)*propCap, "seed %d: %s XEM within [%d, %d]", seed, xem, at, at+q)
				require.LessOrEqual(t, n, int(k)*propCount, "seed %d: %d transfers within [%d, %d]", seed, n, at, at+q)
			}
		})
	}
}
