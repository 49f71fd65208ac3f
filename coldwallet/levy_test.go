package coldwallet

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var (
	levyCoin = transaction.MosaicID{Namespace: "alice", Name: "coin"}
	levyGold = transaction.MosaicID{Namespace: "alice", Name: "gold"}
)

// mosaicDef is a definition of id by a third party, 1,000,000 units,
// divisibility 0, with levy.
func mosaicDef(t testing.TB, id transaction.MosaicID, levy *transaction.MosaicLevy) transaction.MosaicDefinition {
	return transaction.MosaicDefinition{Creator: fixtureKey(t, "mosaic creator").PublicKey(), ID: id, Description: "a test mosaic",
		Properties: transaction.MosaicProperties{InitialSupply: 1_000_000, Transferable: true}, Levy: levy}
}

// mosaicRequest asks vault A to cosign a transfer of mosaics (with amount
// as the multiplier) to the customer, carrying defs as the online side
// reports them.
func (f *fixture) mosaicRequest(t testing.TB, amount transaction.Amount, defs []transaction.MosaicDefinition, mosaics ...transaction.Mosaic) *Request {
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: fixtureTime, Deadline: fixtureDeadline},
		Recipient: f.customer(t), Amount: amount, Mosaics: mosaics,
	}
	opts := f.opts
	opts.Mosaics = func(transaction.MosaicID) (transaction.MosaicSupply, bool) {
		return transaction.MosaicSupply{Supply: 1_000_000}, true
	}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), opts)
	require.NoError(t, err)
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	return &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()}, Note: "mosaic payout",
		Mosaics: defs, Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner}}}
}

// pin is the policy's pin of levy on id.
func pin(id transaction.MosaicID, levy *transaction.MosaicLevy, max string) PolicyMosaic {
	p := PolicyMosaic{ID: id.String(), MaxQuantity: max}
	if levy != nil {
		typ := "absolute"
		if levy.Type == transaction.LevyPercentile {
			typ = "percentile"
		}
		p.Levy = &PolicyLevy{Type: typ, Recipient: levy.Recipient, Mosaic: levy.MosaicID.String(), Fee: itoa(levy.Fee)}
	}
	return p
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// nisDebitXEM is what NIS takes out of the account in XEM for the
// request's items (cosignature fees and the inner transaction once),
// computed by the transliteration of NIS's transfer methods with the
// levies the chain holds.
func nisDebitXEM(t *testing.T, req *Request, chain map[transaction.MosaicID]*transaction.MosaicLevy) transaction.Amount {
	levies := func(id string) *transaction.MosaicLevy {
		m, err := transaction.ParseMosaicID(id)
		require.NoError(t, err)
		return chain[m]
	}
	var total int64
	for i, it := range req.Items {
		txs := []transaction.Transaction{it.Tx}
		if i == 0 {
			txs = append(txs, it.Inner)
		}
		for _, tx := range txs {
			notes, err := nisoracle.Execute(tx, sign.Testnet, levies)
			require.NoError(t, err)
			for _, n := range notes {
				if n.Mosaic == "nem:xem" {
					total += n.Quantity
				}
			}
		}
	}
	return transaction.Amount(total)
}

// TestLevyDrainRefused: one unit of a mosaic whose definition carries a
// 50,000 XEM levy. Before levies were counted, the signer signed it within
// a 1001 XEM cap and journaled 0.2 XEM; NIS takes 50,000.2 XEM. Now the
// levy counts in maxAmountPerTransaction, the journal and the window, and
// what is counted is what the NIS transliteration computes.
func TestLevyDrainRefused(t *testing.T) {
	f := newFixture(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 50_000 * uint64(transaction.XEM)}
	chain := map[transaction.MosaicID]*transaction.MosaicLevy{levyCoin: levy}
	req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy)}, transaction.Mosaic{ID: levyCoin, Quantity: 1})
	env, err := req.MarshalText()
	require.NoError(t, err)
	want := nisDebitXEM(t, req, chain)
	require.Equal(t, "50000.200000", want.String(), "the oracle: levy, inner fee, cosignature fee")

	p := basePolicy(f, t)
	p.Mosaics = []PolicyMosaic{pin(levyCoin, levy, "1")}
	s, _ := newSigner(t, f, f.coldA, p)
	_, err = s.Sign(env)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "maxAmountPerTransaction", pe.Rule)
	require.ErrorContains(t, err, "50000.200000 XEM (amount, levies and fees) is more than 1001.000000 XEM")

	// Within a cap that allows it, the journal counts what NIS takes, and
	// the window refuses a second one.
	p.MaxAmountPerTransaction, p.Window.MaxAmount = "60000", "100000"
	res, err := s.Sign(env)
	require.NoError(t, err)
	require.Equal(t, want, res.Entry.XEM)
	second := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy)}, transaction.Mosaic{ID: levyCoin, Quantity: 1})
	second.Note = "again"
	env2, err := second.MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env2)
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "window.maxAmount", pe.Rule)
}

// TestLevyOnlineSideLies: the online side chooses every byte of the
// request, so it may leave a definition out, report another levy than the
// one the policy pins, or move a mosaic the policy never pinned; a levy to
// an account off the allowlist is refused even when everyone agrees on it.
func TestLevyOnlineSideLies(t *testing.T) {
	f := newFixture(t)
	stranger := fixtureKey(t, "stranger").Address(sign.Testnet)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 5 * uint64(transaction.XEM)}
	small := *levy
	small.Fee = 1
	elsewhere := *levy
	elsewhere.Recipient = stranger
	percent := *levy
	percent.Type = transaction.LevyPercentile
	one := transaction.Mosaic{ID: levyCoin, Quantity: 1}
	for _, c := range []struct {
		name    string
		carried *transaction.MosaicLevy // the levy the request reports
		pinned  *PolicyMosaic
		rule    string
	}{
		{"the definition says what the policy pins", levy, &PolicyMosaic{}, ""},
		{"no levy reported, a levy pinned", nil, &PolicyMosaic{}, "mosaics"},
		{"a smaller levy reported", &small, &PolicyMosaic{}, "mosaics"},
		{"the levy reported to another recipient", &elsewhere, &PolicyMosaic{}, "mosaics"},
		{"a percentile levy reported for an absolute one", &percent, &PolicyMosaic{}, "mosaics"},
		{"the mosaic is not pinned", levy, nil, "mosaics"},
		{"pinned and reported, to a recipient off the allowlist", &elsewhere, ptr(pin(levyCoin, &elsewhere, "10")), "recipients"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := basePolicy(f, t)
			if c.pinned != nil {
				pm := pin(levyCoin, levy, "10")
				if c.pinned.ID != "" {
					pm = *c.pinned
				}
				p.Mosaics = []PolicyMosaic{pm}
			}
			req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, c.carried)}, one)
			env, err := req.MarshalText()
			require.NoError(t, err)
			s, _ := newSigner(t, f, f.coldA, p)
			_, err = s.Sign(env)
			if c.rule == "" {
				require.NoError(t, err)
				return
			}
			var pe *PolicyError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, c.rule, pe.Rule, err.Error())
		})
	}

	t.Run("the definition left out of the envelope", func(t *testing.T) {
		req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy)}, one)
		env, err := req.MarshalText()
		require.NoError(t, err)
		lines := strings.Split(string(env), "\n")
		var kept []string
		for _, l := range lines[:len(lines)-2] {
			if !strings.HasPrefix(l, "mosaic: ") {
				kept = append(kept, l)
			}
		}
		kept[0] = "nemcustody-request v1"
		ew := &envelopeWriter{}
		ew.b.WriteString(strings.Join(kept, "\n") + "\n")
		_, _, err = ParseRequest(ew.finish())
		require.ErrorIs(t, err, ErrEnvelope)
		require.ErrorContains(t, err, "no definition of alice:coin, which a transfer moves")
		// And a request value without it, handed to the policy directly.
		req.Mosaics = nil
		p := basePolicy(f, t)
		p.Mosaics = []PolicyMosaic{pin(levyCoin, levy, "10")}
		var pe *PolicyError
		require.ErrorAs(t, p.Evaluate(req, nil), &pe)
		require.Equal(t, "mosaics", pe.Rule)
		require.ErrorContains(t, pe, "carries no definition of alice:coin")
	})
}

func ptr[T any](v T) *T { return &v }

// TestLevyInMosaics: a levy paid in the transferred mosaic itself, or in a
// third mosaic, counts against that mosaic's pinned maxQuantity, and the
// third mosaic must be pinned; a percentile levy NIS would compute with
// wrapping long arithmetic is refused.
func TestLevyInMosaics(t *testing.T) {
	f := newFixture(t)
	self := &transaction.MosaicLevy{Type: transaction.LevyPercentile, Recipient: f.customer(t), MosaicID: levyCoin, Fee: 250}
	third := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: levyGold, Fee: 3}
	for _, c := range []struct {
		name  string
		levy  *transaction.MosaicLevy
		qty   uint64
		pins  []PolicyMosaic
		rule  string
		total map[transaction.MosaicID]uint64 // what the oracle says leaves
	}{
		{"in itself: 1,000,000 moved and 25,000 levied, at the cap", self, 1_000_000, []PolicyMosaic{pin(levyCoin, self, "1025000")}, "",
			map[transaction.MosaicID]uint64{levyCoin: 1_025_000}},
		{"in itself: one unit under the cap is refused", self, 1_000_000, []PolicyMosaic{pin(levyCoin, self, "1024999")}, "mosaics", nil},
		{"in a third mosaic that is not pinned", third, 5, []PolicyMosaic{pin(levyCoin, third, "5")}, "mosaics", nil},
		{"in a third mosaic pinned below the levy", third, 5, []PolicyMosaic{pin(levyCoin, third, "5"), pin(levyGold, nil, "2")}, "mosaics", nil},
		{"in a third mosaic pinned at the levy", third, 5, []PolicyMosaic{pin(levyCoin, third, "5"), pin(levyGold, nil, "3")}, "",
			map[transaction.MosaicID]uint64{levyCoin: 5, levyGold: 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := basePolicy(f, t)
			p.Mosaics = c.pins
			req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, c.levy)}, transaction.Mosaic{ID: levyCoin, Quantity: c.qty})
			err := p.Evaluate(req, nil)
			if c.rule != "" {
				var pe *PolicyError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, c.rule, pe.Rule, err.Error())
				return
			}
			require.NoError(t, err)
			notes, err := nisoracle.Execute(req.Items[0].Inner, sign.Testnet, func(string) *transaction.MosaicLevy { return c.levy })
			require.NoError(t, err)
			got := map[transaction.MosaicID]uint64{}
			for _, n := range notes {
				if id, err := transaction.ParseMosaicID(n.Mosaic); err == nil && id != transaction.XEMMosaic {
					got[id] += uint64(n.Quantity)
				}
			}
			require.Equal(t, c.total, got)
		})
	}

	t.Run("a percentile levy whose product wraps in NIS", func(t *testing.T) {
		huge := &transaction.MosaicLevy{Type: transaction.LevyPercentile, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 1025}
		const qty = 9_000_000_000_000_000 // NIS's largest quantity
		require.True(t, nisoracle.Wraps(qty, huge.Fee))
		p := basePolicy(f, t)
		p.Mosaics = []PolicyMosaic{pin(levyCoin, huge, "9000000000000000")}
		def := mosaicDef(t, levyCoin, huge)
		def.Properties.InitialSupply, def.Properties.Divisibility = 9_000_000_000, 6
		req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{def}, transaction.Mosaic{ID: levyCoin, Quantity: qty})
		var pe *PolicyError
		require.ErrorAs(t, p.Evaluate(req, nil), &pe)
		require.Equal(t, "mosaics", pe.Rule)
		require.ErrorIs(t, pe, ErrPolicy)
		env, err := req.MarshalText()
		require.NoError(t, err)
		s, _ := newSigner(t, f, f.coldA, p)
		_, err = s.Sign(env)
		require.ErrorIs(t, err, transaction.ErrDebitOverflow, "the review cannot be computed")
	})
}

// TestReviewShowsLevies: each mosaic of the approved transfer has a levy
// line: amount, mosaic and recipient, or none; the journal summary keeps
// them.
func TestReviewShowsLevies(t *testing.T) {
	f := newFixture(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 12_500_000}
	req := f.mosaicRequest(t, 2*transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy), mosaicDef(t, levyGold, nil)},
		transaction.Mosaic{ID: levyCoin, Quantity: 4}, transaction.Mosaic{ID: levyGold, Quantity: 1})
	env, err := req.MarshalText()
	require.NoError(t, err)
	p := basePolicy(f, t)
	p.Mosaics = []PolicyMosaic{pin(levyCoin, levy, "8"), pin(levyGold, nil, "2")}
	s, _ := newSigner(t, f, f.coldA, p)
	res, err := s.Sign(env)
	require.NoError(t, err)
	require.Equal(t, []string{
		"levy on alice:coin: 12.500000 XEM to " + f.customer(t).String(),
		"levy on alice:gold: none (its definition, as the online side reports it, carries no levy)",
	}, res.Review.Items[0].Levies)
	text := res.Review.String()
	require.Contains(t, text, "  levy on alice:coin: 12.500000 XEM to "+f.customer(t).String()+" (paid by the account)\n")
	require.Contains(t, res.Entry.Summary, "levy on alice:coin: 12.500000 XEM")
	require.Equal(t, nisDebitXEM(t, req, map[transaction.MosaicID]*transaction.MosaicLevy{levyCoin: levy, levyGold: nil}), res.Entry.XEM)
}

// TestLevyPinsDescribed: policy check shows each pin, with its levy, so
// the person approving a policy sees what a unit of each mosaic costs;
// with anyRecipient the levy goes where its pin says.
func TestLevyPinsDescribed(t *testing.T) {
	f := newFixture(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 5 * uint64(transaction.XEM)}
	p := basePolicy(f, t)
	d, err := p.Describe()
	require.NoError(t, err)
	require.Contains(t, d, "mosaics other than nem:xem: none")
	p.Mosaics = []PolicyMosaic{pin(levyCoin, levy, "7")}
	d, err = p.Describe()
	require.NoError(t, err)
	require.Contains(t, d, "mosaic "+levyCoin.String()+": at most 7 smallest units per item, pinned with an absolute levy of 5000000 micro-XEM to "+f.customer(t).String())

	// The levy's recipient is not on the allowlist: refused; with
	// anyRecipient (and no allowlist) it is the pin's recipient, signed.
	stranger := fixtureKey(t, "levy collector").Address(sign.Testnet)
	levy.Recipient = stranger
	p.Mosaics = []PolicyMosaic{pin(levyCoin, levy, "7")}
	req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy)}, transaction.Mosaic{ID: levyCoin, Quantity: 1})
	err = p.Evaluate(req, nil)
	require.ErrorContains(t, err, "the levy on "+levyCoin.String()+" goes to "+stranger.String()+", which is not on the recipient allowlist")
	p.Recipients, p.AnyRecipient = []sign.Address{}, true
	require.NoError(t, p.Evaluate(req, nil))
}
