package edgecases

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Policies builds the policy cases.
func Policies() (*File, error) {
	f := &File{
		Name:      "policies.json",
		Subject:   "the offline signer's policy (coldwallet.Policy.Evaluate): what it refuses and which rule it names; the request's node time is now",
		Generator: "go generate ./internal/edgecases",
		Schema: map[string]string{
			"input.policy":  "the policy file: canonical JSON (members in order, white space is free), without white space",
			"input.request": "the request envelope",
			"input.history": "earlier signings from the journal: JSON [{\"time\":nodeTime,\"xem\":microXEM,\"transfers\":n,\"validFrom\":t,\"validUntil\":t}]; validFrom and validUntil (the network times at which NIS could execute the signing, inclusive) are left out for a journal entry written before they were recorded, which counts over time ± 86410 s",
			"result":        "sign or refuse",
			"error":         "for a refusal, the policy rule named, or the sentinel for a NIS time rule",
		},
		Flags: map[string]string{
			"Allowed":   "within the policy",
			"Refused":   "refused by a policy rule",
			"ZeroValue": "the empty policy refuses everything",
			"Window":    "the rolling window counted from the journal: the request is valid from nodeTime-10 to nodeTime+3600, the period is 86400 s, and a signing counts in a window [t, t+86400] when its validity meets it",
			"Expired":   "an item whose deadline is before the latest node time of a signed journal entry",
			"Levy":      "one unit of alice:coin, whose definition (carried in the request) has an absolute levy in XEM: the levy counts as an outflow, must match the policy's pin, and goes to its recipient",
		},
	}
	c, err := newCustody()
	if err != nil {
		return nil, err
	}
	base := coldwallet.Policy{
		Version: coldwallet.PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"transfer"},
		MaxAmountPerTransaction: "1001", Window: &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "2500", MaxCount: 3},
		Recipients: []sign.Address{c.customer}, MaxDeadline: "2h",
	}
	type spent struct {
		Time       transaction.Timestamp  `json:"time"`
		XEM        transaction.Amount     `json:"xem"`
		Transfers  int                    `json:"transfers"`
		ValidFrom  *transaction.Timestamp `json:"validFrom,omitempty"`
		ValidUntil *transaction.Timestamp `json:"validUntil,omitempty"`
	}
	// over is a signing at node time at, valid over [from, until].
	over := func(at, from, until transaction.Timestamp, xem transaction.Amount, transfers int) spent {
		return spent{Time: at, XEM: xem, Transfers: transfers, ValidFrom: &from, ValidUntil: &until}
	}
	const day = 86400
	from := nodeTime - 10 // the request's validity
	until := nodeTime + 3600
	// add adds a case of the withdrawal of amount, or of the request
	// given.
	add := func(comment string, flags []string, p coldwallet.Policy, amount transaction.Amount, history []spent, result, rule string, given ...*coldwallet.Request) error {
		req, err := c.request(amount, nil)
		if err != nil {
			return err
		}
		if len(given) > 0 {
			req = given[0]
		}
		env, err := req.MarshalText()
		if err != nil {
			return err
		}
		doc, err := p.MarshalJSON()
		if err != nil {
			return err
		}
		var pj bytes.Buffer // the canonical document without white space
		if err := json.Compact(&pj, doc); err != nil {
			return err
		}
		if history == nil {
			history = []spent{}
		}
		hj, err := json.Marshal(history)
		if err != nil {
			return err
		}
		f.Tests = append(f.Tests, Case{Comment: comment, Flags: flags,
			Input: map[string]string{"policy": pj.String(), "request": string(env), "history": string(hj)}, Result: result, Error: rule})
		return nil
	}
	edit := func(fn func(p *coldwallet.Policy)) coldwallet.Policy {
		p := base
		fn(&p)
		return p
	}
	xem := transaction.XEM
	for _, tc := range []struct {
		comment string
		flags   []string
		p       coldwallet.Policy
		amount  transaction.Amount
		history []spent
		result  string
		rule    string
	}{
		{"1000 XEM plus fees, within the per-transaction maximum of 1001 XEM", []string{"Allowed"}, base, 1000 * xem, nil, "sign", ""},
		{"the empty policy", []string{"ZeroValue", "Refused"}, coldwallet.Policy{Version: 1}, 1 * xem, nil, "refuse", "networks"},
		{"kill switch on", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.KillSwitch = true }), 1 * xem, nil, "refuse", "killSwitch"},
		{"mainnet only", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.Networks = []sign.Network{sign.Mainnet} }), 1 * xem, nil, "refuse", "networks"},
		{"transfers not allowed", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.Types = []string{"aggregate-modification"} }), 1 * xem, nil, "refuse", "types"},
		{"recipient not on the allowlist", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.Recipients = []sign.Address{c.hot.Address(sign.Testnet)} }), 1 * xem, nil, "refuse", "recipients"},
		{"1001 XEM: with the fees, more than the maximum of 1001 XEM", []string{"Refused"}, base, 1001 * xem, nil, "refuse", "maxAmountPerTransaction"},
		{"fees above maxFee of 0.01 XEM", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.MaxFee = "0.01" }), 1 * xem, nil, "refuse", "maxFee"},
		{"deadline 1 h away, policy allows 59 min", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.MaxDeadline = "59m" }), 1 * xem, nil, "refuse", "maxDeadline"},
		{"no window set", []string{"Refused"}, edit(func(p *coldwallet.Policy) { p.Window = nil }), 1 * xem, nil, "refuse", "window"},
		{"2000 XEM valid an hour ago, 600 more", []string{"Window", "Refused"}, base, 600 * xem, []spent{over(nodeTime-3600, nodeTime-3610, nodeTime, 2000*xem, 2)}, "refuse", "window.maxAmount"},
		{"2000 XEM valid until one period before the request becomes valid: one window holds both", []string{"Window", "Refused"}, base, 600 * xem, []spent{over(from-day-3600, from-day-3610, from-day, 2000*xem, 2)}, "refuse", "window.maxAmount"},
		{"2000 XEM valid until one period and one second before it: outside every window with it", []string{"Window", "Allowed"}, base, 600 * xem, []spent{over(from-day-3601, from-day-3611, from-day-1, 2000*xem, 2)}, "sign", ""},
		{"2000 XEM valid from one period after the request expires still counts", []string{"Window", "Refused"}, base, 600 * xem, []spent{over(nodeTime, until+day, until+day+60, 2000*xem, 2)}, "refuse", "window.maxAmount"},
		{"2000 XEM signed at a later node time still counts", []string{"Window", "Refused"}, base, 600 * xem, []spent{over(nodeTime+3000, nodeTime+2990, nodeTime+6600, 2000*xem, 2)}, "refuse", "window.maxAmount"},
		{"2000 XEM without a recorded validity, node time 172820 s earlier: counted over node time ± 86410 s", []string{"Window", "Refused"}, base, 600 * xem, []spent{{Time: nodeTime - 172820, XEM: 2000 * xem, Transfers: 2}}, "refuse", "window.maxAmount"},
		{"2000 XEM without a recorded validity, node time 172821 s earlier: outside", []string{"Window", "Allowed"}, base, 600 * xem, []spent{{Time: nodeTime - 172821, XEM: 2000 * xem, Transfers: 2}}, "sign", ""},
		{"three transfers in the window already", []string{"Window", "Refused"}, base, 1 * xem, []spent{over(nodeTime-60, nodeTime-70, nodeTime+60, 3*xem, 3)}, "refuse", "window.maxCount"},
		{"a signing at a node time after the request's deadline: the request has expired", []string{"Expired", "Refused"}, base, 1 * xem, []spent{over(until+1, until-9, until+3600, 1*xem, 1)}, "refuse", "transaction.ErrExpired"},
		{"a signing at the request's deadline: not expired", []string{"Expired", "Allowed"}, base, 1 * xem, []spent{over(until, until-10, until+3600, 1*xem, 1)}, "sign", ""},
	} {
		if err := add(tc.comment, tc.flags, tc.p, tc.amount, tc.history, tc.result, tc.rule); err != nil {
			return nil, err
		}
	}

	// Levies: one unit of alice:coin, whose levy the request reports and
	// the policy pins.
	addLevy := func(comment string, p coldwallet.Policy, reported *transaction.MosaicLevy, result, rule string) error {
		req, err := c.mosaicRequest(1, coinDefinition(reported))
		if err != nil {
			return err
		}
		return add(comment, []string{"Levy", map[string]string{"sign": "Allowed", "refuse": "Refused"}[result]}, p, 0, nil, result, rule, req)
	}
	levy := func(fee transaction.Amount, to sign.Address) *transaction.MosaicLevy {
		return &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: to, MosaicID: transaction.XEMMosaic, Fee: uint64(fee)}
	}
	pin := func(l *transaction.MosaicLevy) func(p *coldwallet.Policy) {
		return func(p *coldwallet.Policy) {
			pm := coldwallet.PolicyMosaic{ID: levyCoin.String(), MaxQuantity: "1"}
			if l != nil {
				pm.Levy = &coldwallet.PolicyLevy{Type: "absolute", Recipient: l.Recipient, Mosaic: "nem:xem", Fee: strconv.FormatUint(l.Fee, 10)}
			}
			p.Mosaics = []coldwallet.PolicyMosaic{pm}
		}
	}
	stranger := c.hot.Address(sign.Testnet)
	for _, lc := range []struct {
		comment  string
		p        coldwallet.Policy
		reported *transaction.MosaicLevy
		result   string
		rule     string
	}{
		{"a 1 XEM levy to the customer, pinned and reported", edit(pin(levy(xem, c.customer))), levy(xem, c.customer), "sign", ""},
		{"a 50,000 XEM levy, pinned and reported: more than 1001 XEM leaves with one unit", edit(pin(levy(50_000*xem, c.customer))), levy(50_000*xem, c.customer), "refuse", "maxAmountPerTransaction"},
		{"the mosaic is not pinned", base, levy(xem, c.customer), "refuse", "mosaics"},
		{"the request reports no levy, the policy pins 50,000 XEM", edit(pin(levy(50_000*xem, c.customer))), nil, "refuse", "mosaics"},
		{"the request reports a 1 XEM levy, the policy pins no levy", edit(pin(nil)), levy(xem, c.customer), "refuse", "mosaics"},
		{"a 1 XEM levy to an account off the allowlist, pinned and reported", edit(pin(levy(xem, stranger))), levy(xem, stranger), "refuse", "recipients"},
	} {
		if err := addLevy(lc.comment, lc.p, lc.reported, lc.result, lc.rule); err != nil {
			return nil, err
		}
	}
	return f, nil
}
