package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// basePolicy allows the fixture's 1000 XEM withdrawal (plus fees) to its
// customer.
func basePolicy(f *fixture, t *testing.T) *Policy {
	return &Policy{
		Version:                 PolicyVersion,
		Networks:                []sign.Network{sign.Testnet},
		Types:                   []string{"transfer"},
		MaxAmountPerTransaction: "1001",
		Window:                  &PolicyWindow{Period: "24h", MaxAmount: "2501", MaxCount: 3},
		Recipients:              []sign.Address{f.customer(t)},
		MaxDeadline:             "6h",
	}
}

func TestPolicyRules(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	require.NoError(t, basePolicy(f, t).Evaluate(req, nil), "the base policy allows the withdrawal")

	// What the item takes out of the account: the amount, the inner fee
	// and the cosignature's fee.
	debit := 1000*transaction.XEM + w.Tx.(*transaction.Multisig).Inner.Common().Fee + req.Items[0].Tx.Common().Fee
	require.Equal(t, "1000.250000", debit.String())
	stranger := fixtureKey(t, "stranger").Address(sign.Testnet)
	// The request is valid from 10 s before its timestamp to its deadline
	// (ItemValidity); the window is one day.
	const day = 86400
	from, until := fixtureTime-10, fixtureDeadline
	require.Equal(t, journal.Validity{From: from, Until: until}, itemValidity(req.Items[0]))
	spentOver := func(f, u transaction.Timestamp, xem transaction.Amount) journal.Spent {
		return journal.Spent{Time: fixtureTime, Amount: xem * transaction.XEM, Transfers: 1, Validity: &journal.Validity{From: f, Until: u}}
	}
	during := func(xem transaction.Amount) journal.Spent {
		return journal.Spent{Time: fixtureTime - 3600, Amount: xem, Transfers: 1, Validity: &journal.Validity{From: fixtureTime - 3610, Until: fixtureTime + 3600}}
	}
	cases := []struct {
		name   string
		edit   func(p *Policy)
		req    *Request
		hist   []journal.Spent
		rule   string
		refuse bool
	}{
		{"zero policy refuses everything", func(p *Policy) { *p = Policy{Version: 1} }, req, nil, "networks", true},
		{"kill switch", func(p *Policy) { p.KillSwitch = true }, req, nil, "killSwitch", true},
		{"network not allowed", func(p *Policy) { p.Networks = []sign.Network{sign.Mainnet} }, req, nil, "networks", true},
		{"type not allowed", func(p *Policy) { p.Types = []string{"mosaic-supply-change"} }, req, nil, "types", true},
		{"recipient not on the allowlist", func(p *Policy) { p.Recipients = []sign.Address{stranger} }, req, nil, "recipients", true},
		{"empty allowlist", func(p *Policy) { p.Recipients = nil }, req, nil, "recipients", true},
		{"amount and fees above the per-transaction maximum", func(p *Policy) { p.MaxAmountPerTransaction = (debit - 1).String() }, req, nil, "maxAmountPerTransaction", true},
		{"amount and fees exactly the maximum", func(p *Policy) { p.MaxAmountPerTransaction = debit.String() }, req, nil, "", false},
		{"a fee above maxFee", func(p *Policy) { p.MaxFee = "0.149999" }, req, nil, "maxFee", true},
		{"every fee within maxFee", func(p *Policy) { p.MaxFee = "0.15" }, req, nil, "", false},
		{"no per-transaction maximum set", func(p *Policy) { p.MaxAmountPerTransaction = "" }, req, nil, "maxAmountPerTransaction", true},
		{"deadline farther than allowed", func(p *Policy) { p.MaxDeadline = "5h59m" }, req, nil, "maxDeadline", true},
		{"no deadline set", func(p *Policy) { p.MaxDeadline = "" }, req, nil, "maxDeadline", true},
		{"no window set", func(p *Policy) { p.Window = nil }, req, nil, "window", true},
		{"window amount reached with history", func(p *Policy) {}, req, []journal.Spent{during(1000 * transaction.XEM), during(600 * transaction.XEM)}, "window.maxAmount", true},
		{"window amount exactly reached", func(p *Policy) {}, req, []journal.Spent{during(2501*transaction.XEM - debit)}, "", false},
		{"window amount passed by 1 micro-XEM", func(p *Policy) {}, req, []journal.Spent{during(2501*transaction.XEM - debit + 1)}, "window.maxAmount", true},
		{"history valid until one period before the request becomes valid counts", func(p *Policy) {}, req, []journal.Spent{spentOver(from-day-3600, from-day, 2000)}, "window.maxAmount", true},
		{"history valid until one period and a second before it does not", func(p *Policy) {}, req, []journal.Spent{spentOver(from-day-3600, from-day-1, 2000)}, "", false},
		{"history valid from one period after the request expires counts", func(p *Policy) {}, req, []journal.Spent{spentOver(until+day, until+day+3600, 2000)}, "window.maxAmount", true},
		{"history valid from one period and a second after it does not", func(p *Policy) {}, req, []journal.Spent{spentOver(until+day+1, until+day+3600, 2000)}, "", false},
		{"history signed at a later node time counts", func(p *Policy) {}, req, []journal.Spent{{Time: fixtureTime + 3600, Amount: 2000 * transaction.XEM, Transfers: 1, Validity: &journal.Validity{From: fixtureTime + 3590, Until: fixtureTime + 7200}}}, "window.maxAmount", true},
		{"an old entry without validity counts over its node time ± 86410 s", func(p *Policy) {}, req, []journal.Spent{{Time: fixtureTime - 2*day - 20, Amount: 2000 * transaction.XEM, Transfers: 1}}, "window.maxAmount", true},
		{"an old entry without validity beyond that does not", func(p *Policy) {}, req, []journal.Spent{{Time: fixtureTime - 2*day - 21, Amount: 2000 * transaction.XEM, Transfers: 1}}, "", false},
		{"fees alone count in the window, not as transfers", func(p *Policy) {}, req, []journal.Spent{{Time: fixtureTime - 10, Amount: 1, Transfers: 0, Validity: nil}, {Time: fixtureTime - 20, Amount: 1, Transfers: 0, Validity: nil}, {Time: fixtureTime - 30, Amount: 1, Transfers: 2, Validity: nil}}, "", false},
		{"a repeated request (no XEM, no transfers) adds nothing", func(p *Policy) {}, req, []journal.Spent{during(2501*transaction.XEM - debit), {Time: fixtureTime, Amount: 0, Transfers: 0, Validity: &journal.Validity{From: fixtureTime - 10, Until: fixtureDeadline}}}, "", false},
		{"window count reached", func(p *Policy) {}, req, []journal.Spent{{Time: fixtureTime - 10, Amount: 1, Transfers: 1, Validity: nil}, {Time: fixtureTime - 20, Amount: 1, Transfers: 1, Validity: nil}, {Time: fixtureTime - 30, Amount: 1, Transfers: 1, Validity: nil}}, "window.maxCount", true},
		{"anyRecipient allows a stranger", func(p *Policy) { p.Recipients, p.AnyRecipient = []sign.Address{}, true }, f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, stranger)), nil, "", false},
		{"anyRecipient leaves the caps", func(p *Policy) {
			p.Recipients, p.AnyRecipient, p.MaxAmountPerTransaction = []sign.Address{}, true, "999"
		}, req, nil, "maxAmountPerTransaction", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := basePolicy(f, t)
			c.edit(p)
			err := p.Evaluate(c.req, c.hist)
			// Verdicts judges every rule; its first refusal is Evaluate's.
			vs, verr := p.Verdicts(c.req, c.hist)
			require.NoError(t, verr)
			var first error
			for _, v := range vs {
				if !v.Allowed() {
					first = v.Err
					break
				}
			}
			require.Equal(t, err, first, "Verdicts and Evaluate disagree")
			if !c.refuse {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrPolicy)
			var pe *PolicyError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, c.rule, pe.Rule, err.Error())
		})
	}

	// An expired request: the deadline is before the node time.
	late := f.cosignRequest(t, w)
	late.NodeTime = fixtureDeadline + 1
	err := basePolicy(f, t).Evaluate(late, nil)
	require.ErrorIs(t, err, transaction.ErrExpired)
}

func TestPolicyModifications(t *testing.T) {
	f := newFixture(t)
	u, err := f.plan.SetThreshold(f.plan.State(), 3, f.opts)
	require.NoError(t, err)
	ms, err := f.plan.Wrap(u.Inner, f.hot.PublicKey(), f.opts)
	require.NoError(t, err)
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()}, Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner}}}
	p := basePolicy(f, t)
	p.Types = append(p.Types, "aggregate-modification")
	err = p.Evaluate(req, nil)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "allowModifications", pe.Rule)
	p.AllowModifications = true
	require.NoError(t, p.Evaluate(req, nil))
}

func TestDecodePolicy(t *testing.T) {
	f := newFixture(t)
	b, err := basePolicy(f, t).MarshalJSON()
	require.NoError(t, err)
	p, err := DecodePolicy(b)
	require.NoError(t, err)
	require.Equal(t, basePolicy(f, t), p)
	for name, doc := range map[string]string{
		"unknown field":                    `{"version":1,"networks":[],"types":[],"recipients":[],"maxAmount":"1"}`,
		"unknown version":                  `{"version":2,"networks":[],"types":[],"recipients":[]}`,
		"unknown type":                     `{"version":1,"networks":[],"types":["transfers"],"recipients":[]}`,
		"bad amount":                       `{"version":1,"networks":[],"types":[],"recipients":[],"maxAmountPerTransaction":"1e3"}`,
		"bad duration":                     `{"version":1,"networks":[],"types":[],"recipients":[],"maxDeadline":"6 hours"}`,
		"bad recipient":                    `{"version":1,"networks":[],"types":[],"recipients":["TALICE"]}`,
		"unknown network":                  `{"version":1,"networks":["moonnet"],"types":[],"recipients":[]}`,
		"trailing data":                    `{"version":1,"networks":[],"types":[],"recipients":[]} {}`,
		"negative maxCount":                `{"version":1,"networks":[],"types":[],"recipients":[],"window":{"period":"1h","maxAmount":"1","maxCount":-1}}`,
		"anyRecipient beside an allowlist": `{"version":1,"networks":[],"types":[],"recipients":["TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"],"anyRecipient":true}`,
	} {
		_, err := DecodePolicy([]byte(doc))
		require.Error(t, err, name)
	}
}
