package journal

import (
	"github.com/nemcustody/nemcustody/transaction"
)

// Validity is a closed interval of NEM network time, in whole seconds:
// the block timestamps From ≤ t ≤ Until at which NIS could execute what a
// signature approves. The rolling window counts a signing over its
// Validity (see Policy.Window).
type Validity struct {
	From  transaction.Timestamp
	Until transaction.Timestamp
}

// Empty reports whether no network time lies in v.
func (v Validity) Empty() bool { return v.From > v.Until }

// Spent is what one signed entry took out: its node time, the micro-XEM
// (amounts and fees), the transfers, and when NIS could execute what was
// signed. The policy's rolling window counts it.
type Spent struct {
	Time      transaction.Timestamp
	Amount    transaction.Amount
	Transfers int
	// Validity is the hull of the signed items' validity; nil for a
	// journal entry written before it was recorded, which the window
	// counts over Time ± 86410 s (every item then passed CheckTimes at
	// Time, and NIS keeps a deadline within a day of its timestamp).
	Validity *Validity
}
