package journal

import (
	"time"

	"github.com/nemcustody/nemcustody/internal/window"
)

// MaxClockSkew is how far a request's node time may lie from the offline
// machine's clock before the signer refuses it unless the operator accepts
// it. Offline clocks drift, but not by a day: a node time that far off is
// a mistake (Unix seconds given as NEM seconds lie in 2072), a stale
// request, or an online side making times up. A signed entry's node time
// counts for the expiry rule only within it of the entry's time.
const MaxClockSkew = 24 * time.Hour

// spentOf returns what a signed entry moved, for the policy window.
func spentOf(e Entry) (Spent, bool) {
	if e.Event != EventSigned || e.Transfers == 0 && e.XEM == 0 {
		return Spent{}, false
	}
	return Spent{Time: e.NodeTime, Amount: e.XEM, Transfers: e.Transfers, Validity: e.Validity}, true
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

// spanOf is what the window counts of a signing (see window.SpanOf).
func spanOf(s Spent) (window.Span, bool) {
	if s.Validity == nil {
		return window.SpanOf(s.Time, 0, 0, false, s.Amount, s.Transfers)
	}
	return window.SpanOf(s.Time, s.Validity.From, s.Validity.Until, true, s.Amount, s.Transfers)
}

// spanOfEntry is spanOf for the signing e records, if it is one.
func spanOfEntry(e Entry) (window.Span, bool) {
	s, ok := spentOf(e)
	if !ok {
		return window.Span{}, false
	}
	return spanOf(s)
}

// WindowAt is what the rolling window held at one signing of a journal:
// the most XEM and the most transfers that the signings recorded up to
// and including it can make take effect within any period of network
// time that overlaps its validity. It is the quantity the policy's window
// caps, as the signer computed it when it signed.
type WindowAt struct {
	Seq int
	// Amount is decimal XEM (or a note that it exceeds all XEM).
	Amount    string
	Transfers int
}

// RunningWindow returns, for every signed entry that counts in the window
// (it took XEM or signed transfers, and is not a repeat), what the window
// of the given period held at it, counting it and the entries before it,
// in journal order. period is rounded up to whole seconds, as the signer
// rounds it.
func RunningWindow(entries []Entry, period time.Duration) []WindowAt {
	p := int64((period + time.Second - 1) / time.Second)
	x := window.New(nil)
	var out []WindowAt
	for _, e := range entries {
		sp, ok := spanOfEntry(e)
		if !ok {
			continue
		}
		x.Add(sp)
		pk := x.Peak(sp.From-p, sp.Until, p)
		out = append(out, WindowAt{Seq: e.Seq, Amount: pk.Amount.String(), Transfers: pk.Transfers})
	}
	return out
}
