package edgecases

import (
	"bytes"
	"encoding/json"

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
			"input.history": "earlier signings from the journal: JSON [{\"time\":nodeTime,\"xem\":microXEM,\"transfers\":n}]",
			"result":        "sign or refuse",
			"error":         "for a refusal, the policy rule named, or the sentinel for a NIS time rule",
		},
		Flags: map[string]string{
			"Allowed":   "within the policy",
			"Refused":   "refused by a policy rule",
			"ZeroValue": "the empty policy refuses everything",
			"Window":    "the rolling window counted from the journal",
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
		Time      transaction.Timestamp `json:"time"`
		XEM       transaction.Amount    `json:"xem"`
		Transfers int                   `json:"transfers"`
	}
	add := func(comment string, flags []string, p coldwallet.Policy, amount transaction.Amount, history []spent, result, rule string) error {
		req, err := c.request(amount, nil)
		if err != nil {
			return err
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
		{"2000 XEM in the last 24 h, 600 more", []string{"Window", "Refused"}, base, 600 * xem, []spent{{nodeTime - 3600, 2000 * xem, 2}}, "refuse", "window.maxAmount"},
		{"2000 XEM 24 h ago exactly: outside the window", []string{"Window", "Allowed"}, base, 600 * xem, []spent{{nodeTime - 86400, 2000 * xem, 2}}, "sign", ""},
		{"2000 XEM signed at a later node time still counts", []string{"Window", "Refused"}, base, 600 * xem, []spent{{nodeTime + 3600, 2000 * xem, 2}}, "refuse", "window.maxAmount"},
		{"three transfers in the window already", []string{"Window", "Refused"}, base, 1 * xem, []spent{{nodeTime - 60, 3 * xem, 3}}, "refuse", "window.maxCount"},
	} {
		if err := add(tc.comment, tc.flags, tc.p, tc.amount, tc.history, tc.result, tc.rule); err != nil {
			return nil, err
		}
	}
	return f, nil
}
