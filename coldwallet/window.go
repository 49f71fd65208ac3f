package coldwallet

import (
	"cmp"
	"math/bits"
	"slices"

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

// windowSpan is one counted signing.
type windowSpan struct {
	from, until int64 // its validity, inclusive
	amount      transaction.Amount
	transfers   int
}

// windowIndex is the history the window counts, sorted by until, then
// from. OpenJournal builds it once while it verifies the journal, and
// Append keeps it up to date, so a check reads only the entries that can
// still fall in a window with the new request: those whose until is at
// least F-P and whose from is at most U+P, found by binary search. The
// from bound is turned into an until bound with the longest interval seen
// (from ≥ until - maxLen).
type windowIndex struct {
	spans  []windowSpan
	maxLen int64
	// latest is the latest node time of a signed entry, for the expiry
	// rule; hasLatest says whether there is one.
	latest    transaction.Timestamp
	hasLatest bool
}

// newWindowIndex indexes a history given as a slice, sorting it once.
func newWindowIndex(history []Spent) *windowIndex {
	x := &windowIndex{}
	for _, s := range history {
		x.noteNodeTime(s.Time)
		if sp, ok := spanOf(s); ok {
			x.maxLen = max(x.maxLen, sp.until-sp.from)
			x.spans = append(x.spans, sp)
		}
	}
	slices.SortFunc(x.spans, compareSpans)
	return x
}

// note indexes a journal entry just appended: a signed entry's node time
// for the expiry rule, and what it moved for the window.
func (x *windowIndex) note(e Entry) {
	if expiresBefore(e) {
		x.noteNodeTime(e.NodeTime)
	}
	s, ok := spentOf(e)
	if !ok {
		return
	}
	if sp, ok := spanOf(s); ok {
		x.maxLen = max(x.maxLen, sp.until-sp.from)
		i, _ := slices.BinarySearchFunc(x.spans, sp, compareSpans)
		x.spans = slices.Insert(x.spans, i, sp) // at the end, as a rule
	}
}

// expiresBefore reports whether a journal entry's node time counts for the
// expiry rule: the entry is a signing, and its node time lay within
// MaxClockSkew of the offline clock when it was written (its time member).
// A node time the operator accepted although it was farther off (a Unix
// time in 2072, say) does not count: it would make every later request
// expire.
func expiresBefore(e Entry) bool {
	return e.Event == EventSigned && e.NodeTime.Time().Sub(e.Time).Abs() <= MaxClockSkew
}

// noteNodeTime records the node time of a signed entry.
func (x *windowIndex) noteNodeTime(t transaction.Timestamp) {
	if !x.hasLatest || t > x.latest {
		x.latest, x.hasLatest = t, true
	}
}

// spanOf is what the window counts of a signing: over its validity, or
// over legacyValidity of its node time when it records none. A signing
// that takes nothing and signs no transfer (a repeated request, say)
// counts nothing.
func spanOf(s Spent) (windowSpan, bool) {
	if s.Amount == 0 && s.Transfers == 0 {
		return windowSpan{}, false
	}
	v := legacyValidity(s.Time)
	if s.Validity != nil {
		v = *s.Validity
	}
	if v.Empty() {
		return windowSpan{}, false
	}
	return windowSpan{from: int64(v.From), until: int64(v.Until), amount: s.Amount, transfers: s.Transfers}, true
}

func compareSpans(a, b windowSpan) int {
	if c := cmp.Compare(a.until, b.until); c != 0 {
		return c
	}
	return cmp.Compare(a.from, b.from)
}

// candidates returns the indexed signings whose until is at least lo and
// whose from is at most hi, in until order.
func (x *windowIndex) candidates(lo, hi int64) []windowSpan {
	start, _ := slices.BinarySearchFunc(x.spans, lo, func(s windowSpan, t int64) int { return cmp.Compare(s.until, t) })
	// from ≥ until - maxLen, so from ≤ hi needs until ≤ hi + maxLen.
	end, _ := slices.BinarySearchFunc(x.spans, hi+x.maxLen+1, func(s windowSpan, t int64) int { return cmp.Compare(s.until, t) })
	var out []windowSpan
	for _, s := range x.spans[start:max(start, end)] {
		if s.from <= hi {
			out = append(out, s)
		}
	}
	return out
}

// windowPeak is the most any one window holds.
type windowPeak struct {
	amount      sum128 // micro-XEM
	amountAt    int64  // a t whose window [t, t+P] holds amount
	transfers   int
	transfersAt int64
}

// peak returns the most XEM and the most transfers the indexed signings
// hold in any window [t, t+p] with t in [lo, hi] (the new request's
// [F-P, U]): the maxima of two step functions, taken at lo and at every
// point where one rises.
func (x *windowIndex) peak(lo, hi, p int64) windowPeak {
	type event struct {
		at        int64
		amount    transaction.Amount
		transfers int
		add       bool
	}
	var events []event
	for _, s := range x.candidates(lo, hi+p) {
		// s falls in [t, t+p] for t in [s.from-p, s.until], here
		// clipped to [lo, hi]; it is non-empty for a candidate.
		from, until := max(s.from-p, lo), min(s.until, hi)
		if from > until {
			continue
		}
		events = append(events, event{from, s.amount, s.transfers, true}, event{until + 1, s.amount, s.transfers, false})
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.at, b.at) })
	pk := windowPeak{amountAt: lo, transfersAt: lo}
	var amount sum128
	transfers := 0
	for i := 0; i < len(events); {
		at := events[i].at
		for ; i < len(events) && events[i].at == at; i++ {
			if e := events[i]; e.add {
				amount, transfers = amount.add(e.amount), transfers+e.transfers
			} else {
				amount, transfers = amount.sub(e.amount), transfers-e.transfers
			}
		}
		if at > hi {
			break
		}
		if pk.amount.less(amount) {
			pk.amount, pk.amountAt = amount, at
		}
		if transfers > pk.transfers {
			pk.transfers, pk.transfersAt = transfers, at
		}
	}
	return pk
}

// sum128 is a sum of amounts that cannot overflow: each amount is at most
// transaction.MaxAmount, but a journal may hold any number of them.
type sum128 struct{ hi, lo uint64 }

func (s sum128) add(a transaction.Amount) sum128 {
	lo, carry := bits.Add64(s.lo, uint64(a), 0)
	return sum128{s.hi + carry, lo}
}

func (s sum128) sub(a transaction.Amount) sum128 {
	lo, borrow := bits.Sub64(s.lo, uint64(a), 0)
	return sum128{s.hi - borrow, lo}
}

func (s sum128) less(t sum128) bool { return s.hi < t.hi || s.hi == t.hi && s.lo < t.lo }

// exceeds reports whether s is more than limit.
func (s sum128) exceeds(limit transaction.Amount) bool { return s.hi > 0 || s.lo > uint64(limit) }

// String formats s as decimal XEM, or says it is more than all XEM.
func (s sum128) String() string {
	if s.exceeds(transaction.MaxAmount) {
		return "more than all the"
	}
	return transaction.Amount(s.lo).String()
}
