package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// feeRequest asks vault A to cosign a 1 XEM withdrawal whose inner
// transaction and cosignature carry the given fees (0: the minimum).
func (f *fixture) feeRequest(t *testing.T, innerFee, cosigFee transaction.Amount) *Request {
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: fixtureTime, Deadline: fixtureDeadline, Fee: innerFee},
		Recipient: f.customer(t),
		Amount:    1 * transaction.XEM,
	}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), f.opts)
	require.NoError(t, err)
	opts := f.opts
	opts.Fee = cosigFee
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), opts)
	require.NoError(t, err)
	return &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner}}}
}

// TestPolicyCountsFees: NIS charges the inner fee and the cosignature's
// fee to the multisig account, so a huge fee on a small transfer is a
// drain the per-transaction maximum catches, and maxFee caps each fee.
func TestPolicyCountsFees(t *testing.T) {
	f := newFixture(t)
	huge := 5_000_000 * transaction.XEM
	for name, c := range map[string]struct {
		inner, cosig transaction.Amount
		edit         func(*Policy)
		rule         string
	}{
		"minimum fees":                       {0, 0, func(*Policy) {}, ""},
		"a huge inner fee on a 1 XEM payout": {huge, 0, func(*Policy) {}, "maxAmountPerTransaction"},
		"a huge cosignature fee":             {0, huge, func(*Policy) {}, "maxAmountPerTransaction"},
		"an inner fee of 999 XEM, no maxFee": {999 * transaction.XEM, 0, func(*Policy) {}, ""},
		"an inner fee of 999 XEM, maxFee 1":  {999 * transaction.XEM, 0, func(p *Policy) { p.MaxFee = "1" }, "maxFee"},
		"a cosignature fee of 2 XEM, maxFee": {0, 2 * transaction.XEM, func(p *Policy) { p.MaxFee = "1" }, "maxFee"},
		"fees above the window":              {999 * transaction.XEM, 0, func(p *Policy) { p.Window.MaxAmount = "1000" }, "window.maxAmount"},
	} {
		t.Run(name, func(t *testing.T) {
			p := basePolicy(f, t)
			c.edit(p)
			err := p.Evaluate(f.feeRequest(t, c.inner, c.cosig), nil)
			if c.rule == "" {
				require.NoError(t, err)
				return
			}
			var pe *PolicyError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, c.rule, pe.Rule, err.Error())
		})
	}
}

// TestSignerJournalsFees: the journal entry records the amount and every
// fee, so the window of later runs counts them.
func TestSignerJournalsFees(t *testing.T) {
	f := newFixture(t)
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))
	env, err := f.feeRequest(t, 900*transaction.XEM, 0).MarshalText()
	require.NoError(t, err)
	res, err := s.Sign(env)
	require.NoError(t, err)
	cs := res.Review.Items[0].Cosignature
	require.Equal(t, 901*transaction.XEM+cs.Fee, res.Entry.XEM)
	require.Equal(t, 1, res.Entry.Transfers)
	require.Equal(t, []journal.Spent{{Time: fixtureTime, Amount: 901*transaction.XEM + cs.Fee, Transfers: 1, Validity: &journal.Validity{From: fixtureTime - 10, Until: fixtureDeadline}}}, s.Journal.Spent())

	// A 1600 XEM fee is more than one item may take out (1001 XEM).
	env, err = f.feeRequest(t, 1600*transaction.XEM, 0).MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "maxAmountPerTransaction", pe.Rule)
	env, err = f.feeRequest(t, 999*transaction.XEM, 0).MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.NoError(t, err, "1901 XEM and fees within 2501")
	env, err = f.feeRequest(t, 599*transaction.XEM, 0).MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "window.maxAmount", pe.Rule)
}

// TestWindowHoldsAgainstNodeTime: an online side that reports node times
// that go back (T+5h, T+4h, ...) or stale ones cannot step around the
// rolling window.
func TestWindowHoldsAgainstNodeTime(t *testing.T) {
	f := newFixture(t)
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t)) // 3 transfers, 2501 XEM per 24 h
	signed := 0
	for h := 5; h >= 0; h-- {
		req := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t)))
		req.NodeTime = fixtureTime + transaction.Timestamp(h*3600)
		env, err := req.MarshalText()
		require.NoError(t, err)
		if _, err := s.Sign(env); err == nil {
			signed++
		}
	}
	require.Equal(t, 2, signed, "two 1000 XEM withdrawals fit the 2501 XEM window, whatever the node times")

	// A transaction stamped more than maxDeadline before the node time is
	// stale: refused, so the node time cannot be moved forward past it.
	opts := f.opts
	opts.Timestamp, opts.Deadline = fixtureTime, fixtureTime+8*3600
	plan := f.plan
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: fixtureTime, Deadline: fixtureTime + 8*3600},
		Recipient: f.customer(t), Amount: transaction.XEM}
	ms, err := plan.Wrap(tr, f.hot.PublicKey(), opts)
	require.NoError(t, err)
	cs, err := plan.Cosignature(ms.Inner, f.coldA.PublicKey(), multisig.TxOptions{Timestamp: fixtureTime + 7*3600, Deadline: fixtureTime + 8*3600})
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime + 7*3600, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner}}}
	err = basePolicy(f, t).Evaluate(req, nil)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "maxDeadline", pe.Rule)
	require.ErrorContains(t, err, "stamped 7h0m0s before the node time, more than 6h0m0s")
}

// TestPolicyMosaics: a mosaic other than nem:xem must be pinned (and
// allowMosaics, which let any mosaic through, is refused); nem:xem counts
// as XEM (quantity times amount / 1,000,000).
func TestPolicyMosaics(t *testing.T) {
	f := newFixture(t)
	gold := transaction.Mosaic{ID: transaction.MosaicID{Namespace: "vault", Name: "gold"}, Quantity: 5}
	defs := []transaction.MosaicDefinition{mosaicDef(t, gold.ID, nil)}
	p := basePolicy(f, t)
	var pe *PolicyError
	require.ErrorAs(t, p.Evaluate(f.mosaicRequest(t, 2*transaction.XEM, defs, gold), nil), &pe)
	require.Equal(t, "mosaics", pe.Rule)
	p.AllowMosaics = true
	require.ErrorContains(t, p.Evaluate(f.mosaicRequest(t, 2*transaction.XEM, defs, gold), nil), "allowMosaics is no longer accepted")
	p.AllowMosaics = false
	p.Mosaics = []PolicyMosaic{pin(gold.ID, nil, "10")}
	require.NoError(t, p.Evaluate(f.mosaicRequest(t, 2*transaction.XEM, defs, gold), nil), "2 x 5 units, within 10")
	require.ErrorAs(t, p.Evaluate(f.mosaicRequest(t, 3*transaction.XEM, defs, gold), nil), &pe)
	require.Equal(t, "mosaics", pe.Rule, "3 x 5 units is more than 10")

	// 2 x 400 XEM as nem:xem moves 800 XEM: within 1001, and 2 x 600 is not.
	require.NoError(t, p.Evaluate(f.mosaicRequest(t, 2*transaction.XEM, nil, transaction.Mosaic{ID: transaction.XEMMosaic, Quantity: 400 * uint64(transaction.XEM)}), nil))
	require.ErrorAs(t, p.Evaluate(f.mosaicRequest(t, 2*transaction.XEM, nil, transaction.Mosaic{ID: transaction.XEMMosaic, Quantity: 600 * uint64(transaction.XEM)}), nil), &pe)
	require.Equal(t, "maxAmountPerTransaction", pe.Rule)
}
