package window

import (
	"cmp"
	"math/bits"
	"slices"
	"time"

	"github.com/nemcustody/nemcustody/transaction"
)

// The rolling window, on chain
//
// Every signing the journal records counts over its validity [from, until]
// (network seconds, inclusive): the times at which NIS could execute it. It
// falls in the window [t, t+P] exactly when from ≤ t+P and t ≤ until, that
// is for t in [from-P, until]. A new request with validity [F, U] is signed
// only if, for every t in [F-P, U] (elsewhere it adds nothing), the
// signings that fall in [t, t+P] plus the new request stay within the caps.
// The total as a function of t is a step function that rises only at some
// from-P, so its maximum over [F-P, U] is at F-P or at one of those points:
// a sweep over the entries that can fall in any of those windows computes
// it exactly. None of this depends on the node times the online side
// reports.

// Span is one counted signing: its validity [From, Until] (network
// seconds, inclusive), the micro-XEM it took out and the transfers it
// signed.
type Span struct {
	From, Until int64
	Amount      transaction.Amount
	Transfers   int
}

// Index is the history the window counts, sorted by until, then from.
// The journal builds it once while it verifies the file, and Add keeps it
// up to date, so a check reads only the entries that can
// still fall in a window with the new request: those whose until is at
// least F-P and whose from is at most U+P, found by binary search. The
// from bound is turned into an until bound with the longest interval seen
// (from ≥ until - maxLen).
type Index struct {
	spans  []Span
	maxLen int64
	// latest is the latest node time of a signed entry, for the expiry
	// rule; hasLatest says whether there is one.
	latest    transaction.Timestamp
	hasLatest bool
}

// New indexes spans, sorting them once.
func New(spans []Span) *Index {
	x := &Index{}
	for _, sp := range spans {
		x.maxLen = max(x.maxLen, sp.Until-sp.From)
		x.spans = append(x.spans, sp)
	}
	slices.SortFunc(x.spans, compareSpans)
	return x
}

// Add indexes one more span (one just appended, as a rule the latest).
func (x *Index) Add(sp Span) {
	x.maxLen = max(x.maxLen, sp.Until-sp.From)
	i, _ := slices.BinarySearchFunc(x.spans, sp, compareSpans)
	x.spans = slices.Insert(x.spans, i, sp) // at the end, as a rule
}

// Latest returns the latest node time NoteNodeTime recorded, and whether
// there is one.
func (x *Index) Latest() (transaction.Timestamp, bool) { return x.latest, x.hasLatest }

// NoteNodeTime records the node time of a signed entry, for the expiry
// rule.
func (x *Index) NoteNodeTime(t transaction.Timestamp) {
	if !x.hasLatest || t > x.latest {
		x.latest, x.hasLatest = t, true
	}
}

// compareSpans orders spans by until, then from.
func compareSpans(a, b Span) int {
	if c := cmp.Compare(a.Until, b.Until); c != 0 {
		return c
	}
	return cmp.Compare(a.From, b.From)
}

// candidates returns the indexed signings whose until is at least lo and
// whose from is at most hi, in until order.
func (x *Index) candidates(lo, hi int64) []Span {
	start, _ := slices.BinarySearchFunc(x.spans, lo, func(s Span, t int64) int { return cmp.Compare(s.Until, t) })
	// from ≥ until - maxLen, so from ≤ hi needs until ≤ hi + maxLen.
	end, _ := slices.BinarySearchFunc(x.spans, hi+x.maxLen+1, func(s Span, t int64) int { return cmp.Compare(s.Until, t) })
	var out []Span
	for _, s := range x.spans[start:max(start, end)] {
		if s.From <= hi {
			out = append(out, s)
		}
	}
	return out
}

// Peak is the most any one window holds.
type Peak struct {
	Amount      Sum   // micro-XEM
	AmountAt    int64 // a t whose window [t, t+P] holds Amount
	Transfers   int
	TransfersAt int64
}

// Peak returns the most XEM and the most transfers the indexed signings
// hold in any window [t, t+p] with t in [lo, hi] (the new request's
// [F-P, U]): the maxima of two step functions, taken at lo and at every
// point where one rises.
func (x *Index) Peak(lo, hi, p int64) Peak {
	type event struct {
		at        int64
		amount    transaction.Amount
		transfers int
		add       bool
	}
	var events []event
	for _, s := range x.candidates(lo, hi+p) {
		// s falls in [t, t+p] for t in [s.From-p, s.Until], here
		// clipped to [lo, hi]; it is non-empty for a candidate.
		from, until := max(s.From-p, lo), min(s.Until, hi)
		if from > until {
			continue
		}
		events = append(events, event{from, s.Amount, s.Transfers, true}, event{until + 1, s.Amount, s.Transfers, false})
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.at, b.at) })
	pk := Peak{AmountAt: lo, TransfersAt: lo}
	var amount Sum
	transfers := 0
	for i := 0; i < len(events); {
		at := events[i].at
		for ; i < len(events) && events[i].at == at; i++ {
			if e := events[i]; e.add {
				amount, transfers = amount.Add(e.amount), transfers+e.transfers
			} else {
				amount, transfers = amount.sub(e.amount), transfers-e.transfers
			}
		}
		if at > hi {
			break
		}
		if pk.Amount.less(amount) {
			pk.Amount, pk.AmountAt = amount, at
		}
		if transfers > pk.Transfers {
			pk.Transfers, pk.TransfersAt = transfers, at
		}
	}
	return pk
}

// Sum is a sum of amounts that cannot overflow: each amount is at most
// transaction.MaxAmount, but a journal may hold any number of them.
type Sum struct{ hi, lo uint64 }

// Add returns s + a.
func (s Sum) Add(a transaction.Amount) Sum {
	lo, carry := bits.Add64(s.lo, uint64(a), 0)
	return Sum{s.hi + carry, lo}
}

func (s Sum) sub(a transaction.Amount) Sum {
	lo, borrow := bits.Sub64(s.lo, uint64(a), 0)
	return Sum{s.hi - borrow, lo}
}

func (s Sum) less(t Sum) bool { return s.hi < t.hi || s.hi == t.hi && s.lo < t.lo }

// Exceeds reports whether s is more than limit.
func (s Sum) Exceeds(limit transaction.Amount) bool { return s.hi > 0 || s.lo > uint64(limit) }

// String formats s as decimal XEM, or says it is more than all XEM.
func (s Sum) String() string {
	if s.Exceeds(transaction.MaxAmount) {
		return "more than all the"
	}
	return transaction.Amount(s.lo).String()
}

// Spans returns the indexed spans in index order (for tests).
func (x *Index) Spans() []Span { return slices.Clone(x.spans) }

// legacySlack is how far a journal entry written before validity was
// recorded may have been executable on either side of its node time: every
// such item passed CheckTimes at the node time (timestamp at most 10 s
// ahead of it, deadline not before it) and NIS's DeadlineValidator
// (deadline at most 86400 s after the timestamp), so it was executable
// from no earlier than nodeTime-86400-10 to no later than nodeTime+10+86400.
const legacySlack = int64(transaction.MaxDeadline/time.Second) + int64(transaction.MaxAheadOfNodeTime/time.Second)

// SpanOf is what the window counts of a signing at node time nodeTime
// that took amount out in transfers: over its validity [from, until] when
// recorded, else over the node time ± 86410 s (legacySlack), within the
// range of network time. A signing that takes nothing and signs no
// transfer (a repeated request, say), or whose validity is empty, counts
// nothing.
func SpanOf(nodeTime, from, until transaction.Timestamp, recorded bool, amount transaction.Amount, transfers int) (Span, bool) {
	if amount == 0 && transfers == 0 {
		return Span{}, false
	}
	lo, hi := int64(from), int64(until)
	if !recorded {
		f, u := LegacyValidity(nodeTime)
		lo, hi = int64(f), int64(u)
	}
	if lo > hi {
		return Span{}, false
	}
	return Span{From: lo, Until: hi, Amount: amount, Transfers: transfers}, true
}

// LegacyValidity is the interval the window counts a signing over when
// its journal entry records no validity (written before it was recorded):
// its node time ± 86410 s, within the range of network time.
func LegacyValidity(nodeTime transaction.Timestamp) (from, until transaction.Timestamp) {
	lo := max(0, int64(nodeTime)-legacySlack)
	hi := min(int64(transaction.MaxTimestamp), int64(nodeTime)+legacySlack)
	return transaction.Timestamp(lo), transaction.Timestamp(hi)
}
