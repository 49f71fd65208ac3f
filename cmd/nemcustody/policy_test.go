package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type policyCheckJSON struct {
	Policy      string   `json:"policy"`
	Fingerprint string   `json:"fingerprint"`
	Allows      []string `json:"allows"`
}

type policiesCheckJSON struct {
	Policies []policyCheckJSON `json:"policies"`
	Account  struct {
		Period     string `json:"period"`
		MaxAmount  string `json:"maxAmount"`
		MaxCount   int    `json:"maxCount"`
		Signatures int    `json:"signatures"`
		Limits     string `json:"limits"`
	} `json:"account"`
}

// TestPolicyCheck: what a policy allows, in plain lines; the canonical
// form; vault policies against the plan's account limits (class 5 of the
// custody review: each vault counts only its own journal).
func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	var one policyCheckJSON
	requireOK(t, runCLI(t, "", "policy", "check", f.path("policy-vault.json")), &one)
	require.Len(t, one.Fingerprint, 64)
	require.Contains(t, one.Allows, "rolling window: at most 5000.000000 XEM and 20 transfers can take effect on chain within any 24h0m0s")
	require.Contains(t, one.Allows, "recipients: 1 ("+f.customer.String()+")")

	// A document that is not canonical: refused, and --canonical prints the form.
	messy := writeFile(t, f.path("messy.json"), `{"version": 1, "types": ["transfer"], "networks": ["testnet"], "recipients": []}`)
	requireFailure(t, runCLI(t, "", "policy", "check", messy))
	r := runCLI(t, "", "policy", "check", "--canonical", messy)
	require.Equal(t, exitOK, r.code, r.stderr)
	canon := writeFile(t, f.path("canon.json"), r.stdout)
	requireOK(t, runCLI(t, "", "policy", "check", canon), &one)
	require.Contains(t, one.Allows, "recipients: none, so no transfer is signed")

	// A duplicate key in another case is refused, and not by --canonical either.
	dup := writeFile(t, f.path("dup.json"), `{"version": 1, "killSwitch": true, "networks": ["testnet"], "types": [], "recipients": [], "KILLSWITCH": false}`)
	requireFailure(t, runCLI(t, "", "policy", "check", "--canonical", dup))

	// The plan with account limits: 2 of 3, one server, so every transfer
	// needs one vault; two vaults at 5000 a day let 10000 leave.
	plan := f.path("limited.json")
	var p planJSON
	requireOK(t, runCLI(t, "", "plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "2",
		"--cosigner", "online:"+f.pub("hot")+":withdrawal server:datacenter",
		"--cosigner", "offline:"+f.pub("vault-a")+":vault A:site A",
		"--cosigner", "offline:"+f.pub("vault-b")+":vault B:site B",
		"--limit-period", "24h", "--limit-amount", "10000", "--limit-count", "40", "--out", plan), &p)
	require.Equal(t, "10000.000000 XEM and 40 transfers in 24h0m0s", p.Limits)
	var both policiesCheckJSON
	requireOK(t, runCLI(t, "", "policy", "check", f.path("policy-vault.json"), f.path("policy-vault.json"), "--plan", plan), &both)
	require.Len(t, both.Policies, 2)
	require.Equal(t, "10000.000000", both.Account.MaxAmount)
	require.Equal(t, 40, both.Account.MaxCount)
	require.Equal(t, 1, both.Account.Signatures)

	bigger := vaultPolicy(f.customer)
	bigger.Window.MaxAmount = "5000.000001"
	f.writePolicy(t, "bigger.json", bigger)
	r = runCLI(t, "", "policy", "check", f.path("bigger.json"), f.path("policy-vault.json"), "--plan", plan)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the vault policies exceed the account's limits: within any 24h0m0s the vaults' windows let 10000.000001 XEM")

	// Usage: several policies need a plan; --canonical takes one.
	requireUsage(t, runCLI(t, "", "policy", "check", f.path("policy-vault.json"), f.path("policy-vault.json")))
	requireUsage(t, runCLI(t, "", "policy", "check", "--canonical", messy, messy))
	requireUsage(t, runCLI(t, "", "policy", "check"))
	r = runCLI(t, "", "policy", "check", f.path("policy-vault.json"), "--plan", f.plan)
	requireFailure(t, r)
	require.True(t, strings.Contains(r.stderr, "declares no limits"), r.stderr)
	requireUsage(t, runCLI(t, "", "plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "2",
		"--cosigner", "online:"+f.pub("hot")+":h", "--limit-period", "24h"))
}
