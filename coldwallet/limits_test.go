package coldwallet

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// withLimits returns the fixture's plan with account limits.
func withLimits(t *testing.T, f *fixture, l *multisig.AccountLimits) *multisig.Plan {
	p, err := multisig.NewPlan(f.plan.Account, f.plan.Network, f.plan.Cosigners, f.plan.Threshold, f.plan.Relaxations)
	require.NoError(t, err)
	p.Limits = l
	require.NoError(t, p.Validate())
	return p
}

// vaultPolicy allows transfers to the customer, window cap of maxAmount
// XEM in period.
func limitsPolicy(f *fixture, t *testing.T, period string, maxAmount string, maxCount int) *Policy {
	p := basePolicy(f, t)
	p.MaxAmountPerTransaction = "1001"
	p.Window = &PolicyWindow{Period: period, MaxAmount: maxAmount, MaxCount: maxCount}
	return p
}

func TestCheckAccountLimits(t *testing.T) {
	f := newFixture(t)
	day := &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 6000 * transaction.XEM, MaxCount: 10}
	plan := withLimits(t, f, day)
	five := limitsPolicy(f, t, "24h", "3000", 5)

	b, err := CheckAccountLimits(plan, []*Policy{five})
	require.NoError(t, err, "two vaults of 3000 XEM a day, one offline signature per transfer: 6000")
	require.Equal(t, AccountBound{Period: 24 * time.Hour, MaxAmount: 6000 * transaction.XEM, MaxCount: 10, Signatures: 1}, b)

	// Class 5 of the custody review: each vault counts only its own
	// journal, so vaults at 3001 and 3000 let 6001 leave.
	_, err = CheckAccountLimits(plan, []*Policy{limitsPolicy(f, t, "24h", "3001", 5), five})
	require.ErrorIs(t, err, ErrAccountLimits)
	require.ErrorContains(t, err, "let 6001.000000 XEM and 10 transfers leave")
	// A shorter window fits twice into a day (and once more at its edge).
	b, err = CheckAccountLimits(withLimits(t, f, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 1 << 50}), []*Policy{limitsPolicy(f, t, "12h", "1000", 5)})
	require.NoError(t, err)
	require.Equal(t, 2*2*1000*transaction.XEM, b.MaxAmount, "floor(86400/43201)+1 = 2 windows per vault")
	require.Equal(t, 2*2*5, b.MaxCount)
	// A policy that signs anything without a window bounds nothing.
	noWindow := basePolicy(f, t)
	noWindow.Types, noWindow.Window = []string{"mosaic-supply-change"}, nil
	_, err = CheckAccountLimits(plan, []*Policy{noWindow, five})
	require.ErrorContains(t, err, "without a rolling window")
	// A vault that signs nothing adds nothing.
	off := limitsPolicy(f, t, "24h", "6000", 10)
	off.KillSwitch = true
	_, err = CheckAccountLimits(plan, []*Policy{off, limitsPolicy(f, t, "24h", "6000", 10)})
	require.NoError(t, err)
	// One policy for each offline cosigner, or one for all.
	_, err = CheckAccountLimits(plan, []*Policy{five, five, five})
	require.ErrorContains(t, err, "3 policies for 2 offline cosigners")
	_, err = CheckAccountLimits(f.plan, []*Policy{five})
	require.ErrorContains(t, err, "declares no limits")

	// 3 of 4 with one server: every transfer needs two vaults.
	cs := append(f.plan.Cosigners, multisig.Cosigner{PublicKey: fixtureKey(t, "fixture cold C").PublicKey(), Label: "vault C", Role: multisig.Offline, Custodian: "site C"})
	p34, err := multisig.NewPlan(f.plan.Account, sign.Testnet, cs, 3, multisig.Relaxations{})
	require.NoError(t, err)
	p34.Limits = &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 4500 * transaction.XEM}
	b, err = CheckAccountLimits(p34, []*Policy{five})
	require.NoError(t, err)
	require.Equal(t, AccountBound{Period: 24 * time.Hour, MaxAmount: 4500 * transaction.XEM, MaxCount: 7, Signatures: 2}, b)

	// A hot account bounds nothing.
	hot, err := multisig.NewPlan(f.plan.Account, sign.Testnet, f.plan.Cosigners, 1, multisig.Relaxations{AllowOnlineThreshold: true, AllowSingleCustodian: true})
	require.NoError(t, err)
	hot.Limits = day
	_, err = CheckAccountLimits(hot, []*Policy{five})
	require.ErrorContains(t, err, "the online keys alone satisfy NIS")
}

// TestAccountLimitsHoldWithRealSigners: both vaults sign every withdrawal
// their own policy allows, alternately, as a compromised online side asks
// them; what NIS would accept (the hot key's wrapper and one vault's
// cosignature each) totals no more than CheckAccountLimits said, and
// exactly that: the bound is tight.
func TestAccountLimitsHoldWithRealSigners(t *testing.T) {
	f := newFixture(t)
	plan := withLimits(t, f, &multisig.AccountLimits{Period: 24 * time.Hour, MaxAmount: 2002 * transaction.XEM})
	policy := limitsPolicy(f, t, "24h", "1001", 5)
	bound, err := CheckAccountLimits(plan, []*Policy{policy})
	require.NoError(t, err)

	a, _ := newSigner(t, f, f.coldA, policy)
	b, _ := newSigner(t, f, f.coldB, policy)
	var total transaction.Amount
	signed := 0
	for i := range 8 {
		vault, key := a, f.coldA
		if i%2 == 1 {
			vault, key = b, f.coldB
		}
		w := f.withdrawal(t, 500*transaction.XEM+transaction.Amount(i), f.customer(t)) // eight different withdrawals
		inner := w.Tx.(*transaction.Multisig).Inner
		cs, err := f.plan.Cosignature(inner, key.PublicKey(), f.opts)
		require.NoError(t, err)
		req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{key.PublicKey()},
			Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
		env, err := req.MarshalText()
		require.NoError(t, err)
		if res, err := vault.Sign(env); err == nil {
			total += res.Entry.XEM
			signed++
		}
	}
	require.Equal(t, 4, signed, "two withdrawals of 500 XEM and fees per vault")
	require.LessOrEqual(t, total, bound.MaxAmount)
	require.Greater(t, total, bound.MaxAmount-2*transaction.XEM, "the bound is what the vaults can sign")
}
