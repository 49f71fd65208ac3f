package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The README is the newcomer's guide; these tests hold it to what the CLI
// does: its policy examples are read from README.md verbatim, and its
// custody flow is walked command by command against the test node.

const readmePath = "../../README.md"

// readmeCustomer is the recipient of the README's withdrawal policy: the
// first testnet account of Trezor's public test mnemonic.
const readmeCustomer = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"

// readmePolicy returns, byte for byte, the JSON block that follows
// "<!-- policy: NAME -->" in README.md.
func readmePolicy(t *testing.T, name string) string {
	t.Helper()
	b := string(mustRead(t, readmePath))
	marker := "<!-- policy: " + name + " -->\n```json\n"
	i := strings.Index(b, marker)
	require.GreaterOrEqual(t, i, 0, "README.md has no %q", marker)
	rest := b[i+len(marker):]
	end := strings.Index(rest, "```\n")
	require.GreaterOrEqual(t, end, 0)
	return rest[:end]
}

// readmeFlowCommands returns "group command" (or "group" for a
// single-command group) of every nemcustody command in the README's
// end-to-end block.
func readmeFlowCommands(t *testing.T) []string {
	t.Helper()
	b := string(mustRead(t, readmePath))
	i := strings.Index(b, "A 2-of-3 withdrawal, end to end")
	require.GreaterOrEqual(t, i, 0)
	block := b[i:]
	block = block[strings.Index(block, "```sh\n"):]
	block = block[:strings.Index(block[5:], "```")+5]
	var cmds []string
	for _, m := range regexp.MustCompile(`(?m)^nemcustody ([a-z]+)(?: ([a-z]+))?`).FindAllStringSubmatch(block, -1) {
		c := m[1]
		for _, g := range groups {
			if g.name == m[1] && g.single == nil {
				c += " " + m[2]
			}
		}
		if !slices.Contains(cmds, c) {
			cmds = append(cmds, c)
		}
	}
	return cmds
}

// TestREADMEPolicies: the README's policies are the canonical documents
// policy init writes, policy check reads them, and sign applies them.
func TestREADMEPolicies(t *testing.T) {
	f := newCustodyFixture(t)
	withdrawal := writeFile(t, f.path("readme-withdrawal.json"), readmePolicy(t, "withdrawal"))
	maintenance := writeFile(t, f.path("readme-maintenance.json"), readmePolicy(t, "key-maintenance"))
	for _, p := range []string{withdrawal, maintenance} {
		var c policyCheckJSON
		requireOK(t, runCLI(t, "", "policy", "check", p), &c)
		r := runCLI(t, "", "policy", "check", "--canonical", p)
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Equal(t, string(mustRead(t, p)), r.stdout, "the README shows the canonical form")
	}
	var c policyCheckJSON
	requireOK(t, runCLI(t, "", "policy", "check", withdrawal), &c)
	require.Contains(t, c.Allows, "recipients: 1 ("+readmeCustomer+")")

	// They are exactly what policy init writes, as the README says.
	runPolicyInitOK(t, "--template", "withdrawal", "--network", "testnet", "--recipient", readmeCustomer, "--out", f.path("init-w.json"))
	runPolicyInitOK(t, "--template", "key-maintenance", "--network", "testnet", "--out", f.path("init-k.json"))
	require.Equal(t, mustRead(t, withdrawal), mustRead(t, f.path("init-w.json")))
	require.Equal(t, mustRead(t, maintenance), mustRead(t, f.path("init-k.json")))

	// What the README says the withdrawal policy does: 999.8 XEM is the
	// largest transfer a vault cosigns (with NIS's 0.05 XEM transfer fee
	// and 0.15 XEM cosignature fee), to the listed address only.
	f.customer = mustAddress(t, readmeCustomer)
	f.transfer(t, "max", "999.8")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("max.req"), "vault-a", withdrawal, "--yes", "--out", f.path("max.resp"))...))
	f.transfer(t, "over", "999.800001")
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("over.req"), "vault-a", withdrawal, "--yes")...)),
		`policy rule "maxAmountPerTransaction": 1000.000001 XEM (amount, levies and fees) is more than 1000.000000 XEM`)
	f.customer = seedKey(t, "mallory").Address(sign.Testnet)
	f.transfer(t, "elsewhere", "1")
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("elsewhere.req"), "vault-a", withdrawal, "--yes")...)), `policy rule "recipients"`)
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("max.req"), "vault-b", maintenance, "--yes")...)), `policy rule "types"`)

	// The key-maintenance policy signs a cosigner change into the
	// registered next plan, and nothing else.
	var add requestJSON
	requireOK(t, runCLI(t, "", "request", "modification", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "2",
		"--add", "offline:"+f.pub("vault-c")+":vault C:site C", "--threshold", "2",
		"--out", f.path("add.req"), "--wrapper-out", f.path("add.wrap"), "--plan-out", f.path("add.plan")), &add)
	var cur, next planJSON
	requireOK(t, runCLI(t, "", "plan", "check", f.plan), &cur)
	requireOK(t, runCLI(t, "", "plan", "check", f.path("add.plan")), &next)
	for _, v := range []string{"vault-a", "vault-b"} {
		r := runCLI(t, "", "plan", "register", "--journal", f.path(v+".journal"), "--plan", f.plan, "--next-plan", f.path("add.plan"),
			"--fingerprint", cur.Fingerprint, "--next-fingerprint", next.Fingerprint)
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("add.req"), "vault-a", maintenance, "--yes", "--out", f.path("add.resp"))...))
	require.Contains(t, requireRefused(t, runCLI(t, "", f.signArgs(f.path("add.req"), "vault-b", withdrawal, "--yes")...)), `policy rule "types"`)
}

func mustAddress(t *testing.T, s string) sign.Address {
	t.Helper()
	a, err := sign.ParseAddress(s)
	require.NoError(t, err)
	return a
}

// TestREADMECustodyFlow walks the README's end-to-end withdrawal with the
// CLI, node commands included, against the public test node on
// 127.0.0.1, with the README's policies copied from README.md; every
// command of the README's block must have been run.
func TestREADMECustodyFlow(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return dir + "/" + name }
	pass := writeFile(t, at("pass.txt"), testPassphrase+"\n")
	ran := map[string]bool{}
	cli := func(stdin string, args ...string) result {
		t.Helper()
		c := args[0]
		for _, g := range groups {
			if g.name == args[0] && g.single == nil {
				c += " " + args[1]
			}
		}
		ran[c] = true
		return runCLI(t, stdin, args...)
	}

	// Keys, each on "its own machine".
	names := []string{"account", "hot", "vault-a", "vault-b"}
	keys := map[string]keystoreJSON{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			r := runCLI(t, "", "key", "generate", "--network", "testnet", "--label", name, "--out", at(name+".age"),
				"--passphrase-file", pass, "--work-factor", "16")
			var k keystoreJSON
			requireOK(t, r, &k)
			mu.Lock()
			keys[name] = k
			mu.Unlock()
		})
	}
	wg.Wait()
	ran["key generate"] = true

	// The test node: the account funded, not yet multisig.
	accountKey, err := sign.ParsePublicKey(keys["account"].PublicKey)
	require.NoError(t, err)
	node := nistest.New(sign.Testnet, fixtureNodeTime)
	node.Fund(accountKey, 10_000*transaction.XEM)
	srv := httptest.NewServer(node)
	defer srv.Close()
	nodeRetry = nis.RetryPolicy{Attempts: 1}
	t.Cleanup(func() { nodeRetry = nis.RetryPolicy{} })
	url := srv.URL

	// The plan.
	var plan planJSON
	requireOK(t, cli("", "plan", "create", "--network", "testnet", "--account", keys["account"].PublicKey, "--threshold", "2",
		"--cosigner", "online:"+keys["hot"].PublicKey+":withdrawal server:datacenter",
		"--cosigner", "offline:"+keys["vault-a"].PublicKey+":vault A:site A",
		"--cosigner", "offline:"+keys["vault-b"].PublicKey+":vault B:site B", "--out", at("plan.json")), &plan)
	var checked planJSON
	requireOK(t, cli("", "plan", "check", at("plan.json")), &checked)

	// Each offline machine: journal, registered plan, policy (the
	// README's, verbatim).
	for _, j := range []string{"journal.jsonl", "account-journal.jsonl"} {
		requireOK(t, cli("", "journal", "init", at(j), "--operator", "alice"), new(journalInitJSON))
		r := cli("", "plan", "register", "--journal", at(j), "--plan", at("plan.json"), "--fingerprint", checked.Fingerprint[:16], "--operator", "alice")
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	r := cli("", "policy", "init", "--template", "withdrawal", "--network", "testnet", "--recipient", readmeCustomer, "--out", at("policy.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, readmePolicy(t, "withdrawal"), string(mustRead(t, at("policy.json"))))
	requireOK(t, cli("", "policy", "check", at("policy.json")), new(policyCheckJSON))
	writeFile(t, at("account-policy.json"), readmePolicy(t, "key-maintenance"))

	// The conversion, at the node's time.
	var nt nodeTimeJSON
	requireOK(t, cli("", "node", "time", "--node", url), &nt)
	require.Equal(t, uint32(fixtureNodeTime), nt.NodeTime)
	var conv requestJSON
	requireOK(t, cli("", "request", "conversion", "--plan", at("plan.json"), "--node", url, "--out", at("conversion.txt")), &conv)
	require.Equal(t, nt.NodeTime, conv.NodeTime)
	r = cli("", "sign", at("conversion.txt"), "--keystore", at("account.age"), "--passphrase-file", pass,
		"--policy", at("account-policy.json"), "--journal", at("account-journal.jsonl"), "--yes")
	requireSigned(t, r)
	writeFile(t, at("conversion-response.txt"), r.stdout)
	r = cli("", "combine", at("conversion.txt"), at("conversion-response.txt"), "--plan", at("plan.json"), "--heads", at("heads.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	writeFile(t, at("conversion.jsonl"), r.stdout)
	var ann announceJSON
	requireOK(t, cli("", "announce", "--node", url, at("conversion.jsonl")), &ann)
	require.Equal(t, "SUCCESS", ann.Announced[0].Result)
	require.Equal(t, 1, node.Harvest())
	var acct accountJSON
	requireOK(t, cli("", "account", "--node", url, "--plan", at("plan.json")), &acct)
	require.True(t, acct.Reconciliation.Enforced, "%+v", acct.Reconciliation.Differences)
	require.Equal(t, 2, acct.Multisig.MinCosignatories)

	// The withdrawal: built online at the node's time...
	node.Advance(60_000_000_000) // a minute later
	var req requestJSON
	requireOK(t, cli("", "request", "transfer", "--plan", at("plan.json"), "--initiator-keystore", at("hot.age"), "--passphrase-file", pass,
		"--to", readmeCustomer, "--amount", "250", "--node", url, "--out", at("request.txt"), "--wrapper-out", at("wrapper.json")), &req)
	require.Equal(t, uint32(fixtureNodeTime+60), req.NodeTime)

	// ...tried, then signed, by vault A...
	vaultSign := []string{"sign", at("request.txt"), "--keystore", at("vault-a.age"), "--passphrase-file", pass,
		"--policy", at("policy.json"), "--journal", at("journal.jsonl"), "--plan", at("plan.json")}
	before := mustRead(t, at("journal.jsonl"))
	r = cli("", append(vaultSign, "--dry-run")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	var dry dryRunJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &dry))
	require.True(t, dry.WouldSign, "%+v", dry.Verdicts)
	require.Equal(t, before, mustRead(t, at("journal.jsonl")))
	r = cli("", append(vaultSign, "--yes", "--out", at("response.txt"))...)
	requireSigned(t, r)
	r = cli("", "journal", "show", at("journal.jsonl"), "--policy", at("policy.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "250.200000, 1", "the window holds the withdrawal: amount and fees")

	// ...and announced online, wrapper first.
	r = cli("", "review", at("request.txt"), "--plan", at("plan.json"), "--presigned", at("wrapper.json"), "--response", at("response.txt"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "the wrapper has 2 of the 2 NIS requires")
	r = cli("", "combine", at("request.txt"), at("response.txt"), "--plan", at("plan.json"), "--presigned", at("wrapper.json"), "--heads", at("heads.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	writeFile(t, at("announce.jsonl"), r.stdout)
	ann = announceJSON{}
	requireOK(t, cli("", "announce", "--node", url, at("announce.jsonl")), &ann)
	require.Equal(t, []string{"multisig", "multisig signature"}, []string{ann.Announced[0].Type, ann.Announced[1].Type})
	require.Equal(t, 1, node.Harvest())
	require.True(t, node.Confirmed(mustHex(t, req.WrapperHash)))
	require.Equal(t, 250*transaction.XEM, node.Balance(mustAddress(t, readmeCustomer)))

	// Every command of the README's block was walked.
	cmds := readmeFlowCommands(t)
	for _, want := range []string{"key generate", "node time", "announce", "account", "sign", "combine", "journal show", "policy init", "review"} {
		require.Contains(t, cmds, want)
	}
	for _, c := range cmds {
		require.True(t, ran[c], "the README's flow runs 'nemcustody %s', which this test did not", c)
	}
}
