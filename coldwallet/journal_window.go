package coldwallet

import (
	"time"
)

// WindowAt is what the rolling window held at one signing of a journal:
// the most XEM and the most transfers that the signings recorded up to
// and including it can make take effect within any period of network
// time that overlaps its validity. It is the quantity the policy's window
// caps (Policy.Window), as the signer computed it when it signed.
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
	x := &windowIndex{}
	var out []WindowAt
	for _, e := range entries {
		x.note(e)
		s, ok := spentOf(e)
		if !ok {
			continue
		}
		sp, ok := spanOf(s)
		if !ok {
			continue
		}
		pk := x.peak(sp.from-p, sp.until, p)
		out = append(out, WindowAt{Seq: e.Seq, Amount: pk.amount.String(), Transfers: pk.transfers})
	}
	return out
}
