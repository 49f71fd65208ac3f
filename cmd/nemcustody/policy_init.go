package main

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/sign"
)

var policyInitCmd = &command{
	name:    "init",
	summary: "write a starting policy (withdrawals or key maintenance) to a new file",
	run:     runPolicyInit,
	usage: `Usage: nemcustody policy init --template withdrawal --network NETWORK
                           (--recipient ADDRESS... | --any-recipient) --out FILE
       nemcustody policy init --template key-maintenance --network NETWORK --out FILE

Writes a starting signing policy to a new file, in the canonical form
'nemcustody sign' reads, and explains every member on stderr. Policies are
canonical JSON, which has no comments: the explanations are printed, not
written into the file, and the README's "Policies" section has them too.
Edit the values (keep the members in their order; 'policy check
--canonical' prints the canonical form of an edited file), then check the
result with 'nemcustody policy check FILE' and, against real requests,
'nemcustody sign --dry-run'.

Templates:
  withdrawal        transfers only: at most 1000 XEM per item and 5000 XEM
                    and 20 transfers within any 24 h, fees at most 1 XEM,
                    deadlines within 6 h, to the recipients given (or to
                    any recipient with --any-recipient, on purpose)
  key-maintenance   conversions and cosignatory changes only (for the
                    account's own key, and for vaults that sign changes),
                    only into the registered plan or its registered next
                    version; at most 10 XEM of fees per item, deadlines
                    within 6 h

Prints JSON: policy (the file), template, fingerprint.

Example:
  nemcustody policy init --template withdrawal --network testnet \
    --recipient TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF --out policy.json

Flags:
  --template NAME     withdrawal or key-maintenance (required)
  --network NETWORK   mainnet, testnet or mijin (required)
  --recipient ADDRESS a recipient to allow (withdrawal); repeat for each
  --any-recipient     allow every recipient (withdrawal), on purpose: no
                      allowlist protects the transfers, and the review
                      warns on each
  --out FILE          the policy file to create (required; never
                      overwritten)
`,
}

// policyTemplate returns the starting policy of a template.
func policyTemplate(name string, n sign.Network, recipients []sign.Address, anyRecipient bool) (*coldwallet.Policy, error) {
	p := &coldwallet.Policy{Version: coldwallet.PolicyVersion, Networks: []sign.Network{n}, Recipients: []sign.Address{}, MaxDeadline: "6h"}
	switch name {
	case "withdrawal":
		if len(recipients) == 0 && !anyRecipient {
			return nil, usagef("the withdrawal template needs --recipient ADDRESS (repeat for each) or, on purpose, --any-recipient")
		}
		if len(recipients) > 0 && anyRecipient {
			return nil, usagef("--recipient and --any-recipient exclude each other")
		}
		p.Types = []string{"transfer"}
		p.MaxAmountPerTransaction, p.MaxFee = "1000", "1"
		p.Window = &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "5000", MaxCount: 20}
		p.Recipients, p.AnyRecipient = append(p.Recipients, recipients...), anyRecipient
	case "key-maintenance":
		if len(recipients) > 0 || anyRecipient {
			return nil, usagef("the key-maintenance template signs no transfer: it takes no --recipient or --any-recipient")
		}
		p.Types = []string{"aggregate-modification"}
		p.MaxAmountPerTransaction, p.MaxFee = "10", "1"
		p.AllowModifications = true
	case "":
		return nil, usagef("--template is required: withdrawal or key-maintenance")
	default:
		return nil, usagef("--template must be withdrawal or key-maintenance")
	}
	return p, nil
}

// policyExplanations explains each member of a policy, for policy init's
// stderr; the README's "Policies" section says the same.
var policyExplanations = []struct{ member, text string }{
	{"version", "1, the policy format; another is refused"},
	{"killSwitch", "true refuses everything (incident response); left out when false"},
	{"networks", "the networks signed for; [] signs nothing"},
	{"types", "the transaction types a signature may approve: transfer, importance-transfer, aggregate-modification, provision-namespace, mosaic-definition, mosaic-supply-change; [] signs nothing"},
	{"maxAmountPerTransaction", "decimal XEM one item may take out of the account, amount plus every fee it signs (inner, wrapper, cosignature); needed for every type, unset signs nothing"},
	{"maxFee", "decimal XEM each single fee may be at most; optional"},
	{"window", "period (such as 24h), maxAmount (XEM) and maxCount (transfers): at most that much can take effect on chain within any period, counted from the journal; needed for transfers"},
	{"recipients", "the allowlist of transfer recipients (addresses in capitals); [] allows none"},
	{"anyRecipient", "true allows every recipient, on purpose, with recipients []; the review warns on every transfer"},
	{"allowMosaics", "true allows transfers carrying mosaics other than nem:xem"},
	{"maxDeadline", "how long a signature stays usable: deadline at most this after the node time, timestamp at most this before it; unset signs nothing"},
	{"allowModifications", "true allows cosignatory changes and conversions, only into the registered plan or its registered next version"},
	{"modifications", "narrows allowModifications to kinds: conversion, add, remove, min-change"},
}

func runPolicyInit(e *env, args []string) error {
	flags := newFlagSet("policy init")
	template := flags.String("template", "", "")
	network := flags.String("network", "", "")
	var recipientFlags stringList
	flags.Var(&recipientFlags, "recipient", "")
	anyRecipient := flags.Bool("any-recipient", false, "")
	out := flags.String("out", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("policy init takes no arguments")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		return usagef("--out is required: the policy file to create")
	}
	var recipients []sign.Address
	for i, r := range recipientFlags {
		a, err := sign.ParseAddress(r)
		if err != nil {
			return usagef("--recipient %d: %v", i+1, err)
		}
		if err := a.CheckNetwork(n); err != nil {
			return usagef("--recipient %d: %v", i+1, err)
		}
		recipients = append(recipients, a)
	}
	p, err := policyTemplate(*template, n, recipients, *anyRecipient)
	if err != nil {
		return err
	}
	doc, err := p.MarshalJSON()
	if err != nil {
		return err
	}
	if err := checkOutput(*out, "policy"); err != nil {
		return err
	}
	if err := writeOutputs(e, newfile.File{Path: *out, What: "policy", Data: doc, Perm: 0o644}); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Wrote %s (template %s). What each member means (JSON has no comments; see also README, Policies):\n", *out, *template)
	for _, x := range policyExplanations {
		fmt.Fprintf(&b, "  %-24s %s\n", x.member, x.text)
	}
	b.WriteString("Next: nemcustody policy check " + *out + ", then nemcustody sign --dry-run on a real request.\n")
	fmt.Fprint(e.stderr, b.String())
	return writeJSON(e, struct {
		Policy      string `json:"policy"`
		Template    string `json:"template"`
		Fingerprint string `json:"fingerprint"`
	}{*out, *template, p.Fingerprint()})
}
