package main

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

type policyInitJSON struct {
	Policy      string `json:"policy"`
	Template    string `json:"template"`
	Fingerprint string `json:"fingerprint"`
}

type dryRunJSON struct {
	DryRun    bool   `json:"dryRun"`
	RequestID string `json:"requestId"`
	Signer    string `json:"signer"`
	WouldSign bool   `json:"wouldSign"`
	Refusal   string `json:"refusal"`
	Verdicts  []struct {
		Item    int    `json:"item"`
		Rule    string `json:"rule"`
		Allowed bool   `json:"allowed"`
		Detail  string `json:"detail"`
		Reason  string `json:"reason"`
	} `json:"verdicts"`
}

// runPolicyInit runs policy init and returns its JSON, checking that the
// explanations went to stderr.
func runPolicyInitOK(t *testing.T, args ...string) policyInitJSON {
	t.Helper()
	r := runCLI(t, "", append([]string{"policy", "init"}, args...)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "maxAmountPerTransaction")
	require.Contains(t, r.stderr, "anyRecipient")
	r.stderr = ""
	var out policyInitJSON
	requireOK(t, r, &out)
	return out
}

// TestPolicyInit: the templates are canonical documents that policy check
// and sign accept, and they do what they say.
func TestPolicyInit(t *testing.T) {
	f := newCustodyFixture(t)
	w := runPolicyInitOK(t, "--template", "withdrawal", "--network", "testnet", "--recipient", f.customer.Pretty(), "--out", f.path("w.json"))
	require.Equal(t, f.path("w.json"), w.Policy)
	var c policyCheckJSON
	requireOK(t, runCLI(t, "", "policy", "check", w.Policy), &c)
	require.Equal(t, w.Fingerprint, c.Fingerprint)
	require.Contains(t, c.Allows, "recipients: 1 ("+f.customer.String()+")")
	require.Equal(t, `{
  "version": 1,
  "networks": [
    "testnet"
  ],
  "types": [
    "transfer"
  ],
  "maxAmountPerTransaction": "1000",
  "maxFee": "1",
  "window": {
    "period": "24h",
    "maxAmount": "5000",
    "maxCount": 20
  },
  "recipients": [
    "`+f.customer.String()+`"
  ],
  "maxDeadline": "6h"
}
`, string(mustRead(t, w.Policy)))

	// sign takes it: to the recipient yes, elsewhere no, over 1000 no.
	f.transfer(t, "ok", "999")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("ok.req"), "vault-a", w.Policy, "--yes", "--out", f.path("ok.resp"))...))
	f.transfer(t, "big", "1000")
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("big.req"), "vault-a", w.Policy, "--yes")...)), `policy rule "maxAmountPerTransaction"`,
		"1000 XEM plus fees is more than 1000")

	k := runPolicyInitOK(t, "--template", "key-maintenance", "--network", "testnet", "--out", f.path("k.json"))
	requireOK(t, runCLI(t, "", "policy", "check", k.Policy), &c)
	require.Contains(t, c.Allows, "types: aggregate-modification")
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("ok.req"), "vault-b", k.Policy, "--yes")...)), `policy rule "types"`)

	// Never over a file; bad combinations are usage errors.
	r := runCLI(t, "", "policy", "init", "--template", "key-maintenance", "--network", "testnet", "--out", f.path("k.json"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "already exists")
	for _, args := range [][]string{
		{"--network", "testnet", "--out", f.path("x.json")},
		{"--template", "withdrawal", "--network", "testnet", "--out", f.path("x.json")},
		{"--template", "withdrawal", "--network", "testnet", "--any-recipient", "--recipient", f.customer.String(), "--out", f.path("x.json")},
		{"--template", "withdrawal", "--network", "mainnet", "--recipient", f.customer.String(), "--out", f.path("x.json")},
		{"--template", "key-maintenance", "--network", "testnet", "--any-recipient", "--out", f.path("x.json")},
		{"--template", "payroll", "--network", "testnet", "--out", f.path("x.json")},
		{"--template", "withdrawal", "--network", "testnet", "--any-recipient"},
	} {
		requireUsage(t, runCLI(t, "", append([]string{"policy", "init"}, args...)...))
		requireNoFile(t, f.path("x.json"))
	}
}

// TestAnyRecipient: "any recipient" exists only on purpose: never beside
// an allowlist, loudly in every review, and every other limit still holds
// against a compromised online side that picks the recipient.
func TestAnyRecipient(t *testing.T) {
	f := newCustodyFixture(t)
	p := vaultPolicy(f.customer)
	p.Recipients = []sign.Address{}
	p.AnyRecipient = true
	any := f.writePolicy(t, "any.json", p)
	var c policyCheckJSON
	requireOK(t, runCLI(t, "", "policy", "check", any), &c)
	require.Contains(t, c.Allows, "recipients: ANY ADDRESS (anyRecipient): no allowlist protects transfers; the amounts, the window and the account limits are the only bounds")

	both := writeFile(t, f.path("both.json"), `{"version":1,"networks":["testnet"],"types":["transfer"],"maxAmountPerTransaction":"10",`+
		`"window":{"period":"24h","maxAmount":"10","maxCount":1},"recipients":["`+f.customer.String()+`"],"anyRecipient":true,"maxDeadline":"1h"}`)
	r := runCLI(t, "", "policy", "check", both)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "recipients must then be []")

	// The attacker's address: signed, with the warning in the review.
	attacker := seedKey(t, "mallory").Address(sign.Testnet)
	f.customer = attacker
	f.transfer(t, "m", "100")
	r = runCLI(t, "", f.signArgs(f.path("m.req"), "vault-a", any, "--yes", "--out", f.path("m.resp"))...)
	requireSigned(t, r)
	require.Contains(t, r.stderr, "WARNING: THE POLICY ALLOWS ANY RECIPIENT (anyRecipient): no allowlist checks "+attacker.String())
	// ...but the caps hold: 1001 per item, 5000 a day.
	f.transfer(t, "m2", "1001")
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("m2.req"), "vault-a", any, "--yes")...)), `"maxAmountPerTransaction"`)
	// (Distinct amounts: the same request twice is a repeat, counted once.)
	for i, amount := range []string{"1000", "999", "998", "997"} {
		name := fmt.Sprint("n", i)
		f.transfer(t, name, amount)
		requireSigned(t, runCLI(t, "", f.signArgs(f.path(name+".req"), "vault-a", any, "--yes", "--out", f.path(name+".resp"))...))
	}
	f.transfer(t, "n9", "950") // 100 + 3994 + 950 and fees > 5000
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("n9.req"), "vault-a", any, "--yes")...)), `"window.maxAmount"`)
}

// TestSignDryRun: every verdict, no signature, no journal entry: the
// journal is byte for byte what it was, whatever the verdicts.
func TestSignDryRun(t *testing.T) {
	f := newCustodyFixture(t)
	f.transfer(t, "ok", "100")
	before := mustRead(t, f.path("vault-a.journal"))
	r := runCLI(t, "", f.signArgs(f.path("ok.req"), "vault-a", f.path("policy-vault.json"), "--dry-run")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "SIGNING REQUEST ")
	require.Contains(t, r.stderr, "POLICY VERDICTS (dry run: nothing is signed, nothing is journaled):")
	require.Contains(t, r.stderr, `A real run would ask "Type YES to sign".`)
	var out dryRunJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	require.True(t, out.DryRun)
	require.True(t, out.WouldSign)
	require.Empty(t, out.Refusal)
	rules := map[string]bool{}
	for _, v := range out.Verdicts {
		require.True(t, v.Allowed, "%+v", v)
		rules[v.Rule] = true
	}
	for _, want := range []string{"killSwitch", "networks", "types", "nis-times", "maxDeadline", "recipients", "maxAmountPerTransaction", "expiry", "window"} {
		require.True(t, rules[want], "no verdict for %s: %+v", want, out.Verdicts)
	}
	require.Equal(t, before, mustRead(t, f.path("vault-a.journal")), "a dry run writes nothing")

	// Two rules broken at once: both are named, the first is the refusal
	// a real run journals.
	f.customer = seedKey(t, "mallory").Address(sign.Testnet)
	f.transfer(t, "bad", "6000")
	r = runCLI(t, "", f.signArgs(f.path("bad.req"), "vault-a", f.path("policy-vault.json"), "--dry-run")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	out = dryRunJSON{}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	require.False(t, out.WouldSign)
	var refused []string
	for _, v := range out.Verdicts {
		if !v.Allowed {
			refused = append(refused, v.Rule)
		}
	}
	require.Equal(t, []string{"recipients", "maxAmountPerTransaction", "window.maxAmount"}, refused)
	require.Contains(t, out.Refusal, `policy rule "recipients"`)
	require.Equal(t, before, mustRead(t, f.path("vault-a.journal")))
	r = runCLI(t, "", f.signArgs(f.path("bad.req"), "vault-a", f.path("policy-vault.json"), "--yes")...)
	require.Contains(t, requireRefused(t, r), `policy rule "recipients"`, "the real run refuses with the first verdict")
	require.NotEqual(t, before, mustRead(t, f.path("vault-a.journal")))

	// A dry run signs nothing, so it takes none of the output flags.
	for _, extra := range [][]string{{"--out", f.path("x")}, {"--yes"}, {"--operator", "bob"}, {"--qr-png", f.path("q")}} {
		requireUsage(t, runCLI(t, "", f.signArgs(f.path("ok.req"), "vault-a", f.path("policy-vault.json"), append([]string{"--dry-run"}, extra...)...)...))
	}
	requireNoFile(t, f.path("x"))
}
