package multisig

import (
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/transaction"
)

// AccountLimits are what the plan allows to leave the account within any
// interval of Period, across all its offline signers together: at most
// MaxAmount of XEM (amounts, levies and every fee, as the signers' policies
// count them) and, when MaxCount is not 0, at most MaxCount transfers.
//
// Each offline signer enforces only its own policy's rolling window. The
// account's limit holds because every transfer needs signatures of offline
// keys (the online keys alone never satisfy NIS), and each of those counts
// in its signer's window; 'nemcustody policy check --plan' refuses vault
// policies whose windows together could exceed the limits
// (coldwallet.CheckAccountLimits).
type AccountLimits struct {
	// Period is the length of the interval, whole seconds, at least one.
	Period time.Duration
	// MaxAmount is the most XEM that may leave within Period.
	MaxAmount transaction.Amount
	// MaxCount is the most transfers within Period; 0 means no limit.
	MaxCount int
}

// check refuses limits no policy could hold.
func (l *AccountLimits) check() error {
	switch {
	case l.Period < time.Second || l.Period%time.Second != 0:
		return planErr(ErrLimits, "period %s: want whole seconds, at least one", l.Period)
	case l.MaxAmount == 0 || l.MaxAmount > transaction.MaxAmount:
		return planErr(ErrLimits, "maxAmount %s XEM: want more than 0 and at most all XEM", l.MaxAmount)
	case l.MaxCount < 0:
		return planErr(ErrLimits, "maxCount %d is negative", l.MaxCount)
	}
	return nil
}

// String describes the limits: "5000.000000 XEM and 20 transfers in 24h0m0s".
func (l *AccountLimits) String() string {
	if l.MaxCount == 0 {
		return fmt.Sprintf("%s XEM in %s", l.MaxAmount, l.Period)
	}
	return fmt.Sprintf("%s XEM and %d transfers in %s", l.MaxAmount, l.MaxCount, l.Period)
}
