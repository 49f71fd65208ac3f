package coldwallet

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrAccountLimits: the offline signers' policies together could let more
// leave the account than the plan's limits allow.
var ErrAccountLimits = errors.New("the vault policies exceed the account's limits")

// AccountBound is what the policies of a plan's offline signers let leave
// the account, at most, within any interval of the plan's limits period.
type AccountBound struct {
	// Period is the interval, the plan's limits period.
	Period time.Duration
	// MaxAmount is the most XEM (amounts, levies and fees) that can leave.
	MaxAmount transaction.Amount
	// MaxCount is the most transfers.
	MaxCount int
	// Signatures is how many offline signatures every transfer needs at
	// least, with every online key signing too: each counts in its
	// signer's window.
	Signatures int
}

// CheckAccountLimits checks that the policies of the plan's offline
// cosigners (one per offline cosigner in plan order, or one that every
// offline cosigner uses) cannot together let more leave the account than
// plan.Limits allow, and returns what they let leave at most.
//
// The arithmetic. A transfer satisfies NIS only with the signatures
// multisig.State.Requirement asks for; with every online key signing
// (the online side is assumed compromised), at least
// r = Required - online of them are offline signatures (all offline
// cosigners in NIS's n-of-n mode), and each counts in its signer's rolling
// window. A window of period P and cap A lets at most
// (floor(Q / (P + 1 s)) + 1) * A take effect within any interval of Q
// seconds (see Policy.Window). So within any interval of the plan's period
// Q, at most (sum over the offline signers of those bounds) / r XEM
// leave, and likewise for transfers. A policy that allows any type and has
// no window bounds nothing, and neither does a plan whose online keys
// alone reach the threshold (r = 0): both are refused.
func CheckAccountLimits(plan *multisig.Plan, policies []*Policy) (AccountBound, error) {
	if err := plan.Validate(); err != nil {
		return AccountBound{}, err
	}
	if plan.Limits == nil {
		return AccountBound{}, fmt.Errorf("coldwallet: %w: the plan declares no limits", ErrAccountLimits)
	}
	var offline []multisig.Cosigner
	online := 0
	for _, c := range plan.Cosigners {
		if c.Role == multisig.Offline {
			offline = append(offline, c)
		} else {
			online++
		}
	}
	switch {
	case len(policies) == 1:
		for len(policies) < len(offline) {
			policies = append(policies, policies[0])
		}
	case len(policies) != len(offline):
		return AccountBound{}, fmt.Errorf("coldwallet: %d policies for %d offline cosigners: give one per offline cosigner, in the plan's order, or one they all use", len(policies), len(offline))
	}
	b := AccountBound{Period: plan.Limits.Period, Signatures: max(0, plan.State().Required()-online)}
	if b.Signatures == 0 {
		return b, fmt.Errorf("coldwallet: %w: the online keys alone satisfy NIS, so no offline policy bounds the account", ErrAccountLimits)
	}
	q := int64(plan.Limits.Period / time.Second)
	amount, count := new(big.Int), new(big.Int)
	for i, p := range policies {
		c, err := p.compile()
		if err != nil {
			return b, fmt.Errorf("coldwallet: the policy of %q: %w", offline[i].Label, err)
		}
		if p.KillSwitch || len(c.types) == 0 {
			continue
		}
		if c.window == nil {
			return b, fmt.Errorf("coldwallet: %w: the policy of %q allows signing without a rolling window, which bounds nothing", ErrAccountLimits, offline[i].Label)
		}
		caps := big.NewInt(q/(int64(c.window.period/time.Second)+1) + 1)
		amount.Add(amount, new(big.Int).Mul(caps, new(big.Int).SetUint64(uint64(c.window.maxAmount))))
		count.Add(count, new(big.Int).Mul(caps, big.NewInt(int64(c.window.maxCount))))
	}
	r := big.NewInt(int64(b.Signatures))
	amount.Quo(amount, r)
	count.Quo(count, r)
	if !amount.IsUint64() || amount.Uint64() > uint64(transaction.MaxAmount) {
		b.MaxAmount = transaction.MaxAmount
	} else {
		b.MaxAmount = transaction.Amount(amount.Uint64())
	}
	b.MaxCount = int(min(count.Int64(), 1<<31))
	l := plan.Limits
	if b.MaxAmount > l.MaxAmount || l.MaxCount != 0 && b.MaxCount > l.MaxCount {
		return b, fmt.Errorf("coldwallet: %w: within any %s the vaults' windows let %s XEM and %d transfers leave (each transfer needs %d offline signature(s)), the plan allows %s",
			ErrAccountLimits, l.Period, b.MaxAmount, b.MaxCount, b.Signatures, l)
	}
	return b, nil
}
