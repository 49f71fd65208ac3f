package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestCustodyFlow drives the whole custody flow through the commands, in
// one directory, as an operator would: keystores, plan, conversion signed
// offline by the account key, a withdrawal initiated by the online key and
// cosigned offline by vault A, combined into announce payloads that 'tx
// decode' verifies, and the journal checked against the response's anchor.
func TestCustodyFlow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	pass := writeFile(t, at("pass.txt"), testPassphrase+"\n")

	// 1. Four keystores, made at the lowest work factor the CLI allows, in
	// parallel: scrypt at 64 MiB is the slow part of this test.
	names := []string{"account", "hot", "vault-a", "vault-b"}
	results := make([]result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			var stdout, stderr bytes.Buffer
			code := runWith([]string{"key", "generate", "--network", "testnet", "--label", name, "--out", at(name + ".age"),
				"--passphrase-file", pass, "--work-factor", "16"}, strings.NewReader(""), &stdout, &stderr, noTerminal{})
			results[i] = result{code, stdout.String(), stderr.String()}
		})
	}
	wg.Wait()
	keys := map[string]keystoreJSON{}
	for i, name := range names {
		var k keystoreJSON
		requireOK(t, results[i], &k)
		require.Equal(t, name, k.Label)
		require.Equal(t, at(name+".age"), k.Keystore)
		require.NotContains(t, results[i].stdout, testPassphrase)
		st, err := os.Stat(k.Keystore)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		content := mustRead(t, k.Keystore)
		require.True(t, strings.HasPrefix(string(content), "-----BEGIN AGE ENCRYPTED FILE-----\n"), string(content))
		keys[name] = k
	}
	for _, k := range keys {
		for _, other := range keys {
			require.True(t, k == other || k.PublicKey != other.PublicKey)
		}
	}
	// A keystore is never overwritten; this fails before any passphrase.
	r := runCLI(t, "", "key", "generate", "--network", "testnet", "--label", "x", "--out", at("hot.age"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "already exists")
	var inspected keystoreJSON
	requireOK(t, runCLI(t, "", "key", "inspect", "--keystore", at("vault-a.age"), "--passphrase-file", pass), &inspected)
	require.Equal(t, keys["vault-a"], inspected)

	// 2. The plan.
	var plan planJSON
	requireOK(t, runCLI(t, "", "plan", "create", "--network", "testnet", "--account", keys["account"].PublicKey, "--threshold", "2",
		"--cosigner", "online:"+keys["hot"].PublicKey+":withdrawal server:datacenter",
		"--cosigner", "offline:"+keys["vault-a"].PublicKey+":vault A:site A",
		"--cosigner", "offline:"+keys["vault-b"].PublicKey+":vault B:site B",
		"--out", at("plan.json")), &plan)
	require.Equal(t, 2, plan.Threshold)
	require.Len(t, plan.Cosigners, 3)
	require.Empty(t, plan.Warnings)
	var checked planJSON
	requireOK(t, runCLI(t, "", "plan", "check", at("plan.json")), &checked)
	plan.Out = ""
	require.Equal(t, plan, checked)

	// 3. The conversion, signed offline by the account's own key.
	var conv requestJSON
	requireOK(t, runCLI(t, "", "request", "conversion", "--plan", at("plan.json"), "--node-time", fmt.Sprint(fixtureNodeTime),
		"--out", at("conversion.req")), &conv)
	require.Equal(t, 1, conv.Items)
	require.Equal(t, uint32(fixtureNodeTime+2*3600), conv.Deadline)
	r = runCLI(t, "", "review", at("conversion.req"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "SIGNING REQUEST "+conv.RequestID)
	require.Contains(t, r.stdout, "WARNING: this converts account "+keys["account"].Address)

	// Each offline machine once: a new journal, and the plan registered in
	// it after the operator compared the fingerprint.
	nothing := writeFile(t, at("nothing.json"), `{"version": 1, "networks": [], "types": [], "recipients": []}`)
	r = runCLI(t, "", "sign", at("conversion.req"), "--keystore", at("account.age"), "--passphrase-file", pass,
		"--policy", nothing, "--journal", at("account.journal"), "--yes")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "does not exist: create it with 'nemcustody journal init'", "sign never creates a journal")
	for _, who := range []string{"account", "vault-a"} {
		var ji journalInitJSON
		requireOK(t, runCLI(t, "", "journal", "init", at(who+".journal"), "--operator", "alice"), &ji)
		require.Len(t, ji.JournalID, 32)
		r = runCLI(t, "", "plan", "register", "--journal", at(who+".journal"), "--plan", at("plan.json"),
			"--fingerprint", checked.Fingerprint[:16], "--operator", "alice")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Contains(t, r.stderr, "fingerprint "+checked.Fingerprint)
	}
	r = runCLI(t, "", "plan", "register", "--journal", at("vault-a.journal"), "--plan", at("plan.json"), "--fingerprint", strings.Repeat("0", 16))
	require.Equal(t, exitFailure, r.code)
	require.Empty(t, r.stdout)
	require.True(t, strings.HasSuffix(r.stderr, "nemcustody: error: the fingerprint given does not match the plan's (or has fewer than 16 characters): nothing registered\n"),
		"the ceremony's text, then the error line last: %s", r.stderr)
	require.Len(t, readJournal(t, at("vault-a.journal")), 2, "a fingerprint that differs registers nothing")

	accountPolicy := writeFile(t, at("account-policy.json"), `{"version": 1, "networks": ["testnet"], "types": ["aggregate-modification"], "maxAmountPerTransaction": "10",
		"recipients": [], "maxDeadline": "6h", "allowModifications": true}`)
	r = runCLI(t, "", "sign", at("conversion.req"), "--keystore", at("account.age"), "--passphrase-file", pass,
		"--policy", accountPolicy, "--journal", at("account.journal"), "--yes", "--out", at("conversion.resp"), "--operator", "alice",
		"--plan", at("plan.json"))
	requireSigned(t, r)
	require.Contains(t, r.stderr, "cosigners afterwards", "with the plan, the review shows the set the conversion makes")
	var signed signJSON
	requireOK(t, result{r.code, r.stdout, ""}, &signed)
	require.Equal(t, signJSON{RequestID: conv.RequestID, Signer: keys["account"].Address, Signatures: 1, JournalID: signed.JournalID,
		JournalSeq: firstSigning, JournalHash: signed.JournalHash, Out: at("conversion.resp")}, signed)

	r = runCLI(t, "", "combine", at("conversion.req"), at("conversion.resp"), "--plan", at("plan.json"), "--heads", at("heads.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "journal heads "+at("heads.json")+" does not exist yet")
	announce := announceLines(t, r.stdout)
	require.Len(t, announce, 1)

	// 4. A withdrawal: the online key wraps and signs, the request asks
	// both vaults (every offline cosigner), vault A answers.
	customer := "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	var req requestJSON
	requireOK(t, runCLI(t, "", "request", "transfer", "--plan", at("plan.json"), "--initiator-keystore", at("hot.age"),
		"--passphrase-file", pass, "--to", pretty(t, customer), "--amount", "250", "--message", "withdrawal 1042",
		"--node-time", fmt.Sprint(fixtureNodeTime+60), "--note", "batch 1042",
		"--out", at("withdrawal.req"), "--wrapper-out", at("withdrawal.wrap")), &req)
	require.Equal(t, 2, req.Items)
	require.Equal(t, 2, req.Required)
	require.Equal(t, []signerJSON{
		{keys["vault-a"].PublicKey, keys["vault-a"].Address, "vault A"},
		{keys["vault-b"].PublicKey, keys["vault-b"].Address, "vault B"},
	}, req.Signers)
	st, err := os.Stat(at("withdrawal.req"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	r = runCLI(t, "", "review", at("withdrawal.req"), "--plan", at("plan.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Empty(t, r.stderr)
	for _, want := range []string{"SIGNING REQUEST " + req.RequestID, `note (UNTRUSTED, written by the online side): "batch 1042"`,
		"ITEM 1 of 2: cosign", `("vault A")`, `("vault B")`, "to:                " + customer, "amount:            250.000000 XEM",
		`message:           "withdrawal 1042"`} {
		require.Contains(t, r.stdout, want)
	}

	vaultPolicy := writeFile(t, at("vault-policy.json"), `{"version": 1, "networks": ["testnet"], "types": ["transfer"],
		"maxAmountPerTransaction": "1001", "window": {"period": "24h", "maxAmount": "5000", "maxCount": 20},
		"recipients": ["`+customer+`"], "maxDeadline": "6h"}`)
	r = runCLI(t, "", "sign", at("withdrawal.req"), "--keystore", at("vault-a.age"), "--passphrase-file", pass,
		"--policy", vaultPolicy, "--journal", at("vault-a.journal"), "--plan", at("plan.json"), "--yes")
	requireSigned(t, r)
	require.Contains(t, r.stderr, "amount:            250.000000 XEM")
	require.True(t, strings.HasPrefix(r.stdout, "nemcustody-response v3\nrequest: "+req.RequestID+"\n"), r.stdout)
	resp, err := coldwallet.ParseResponse([]byte(r.stdout))
	require.NoError(t, err)
	require.Equal(t, []coldwallet.ItemSignature{{Item: 1, Signature: resp.Signatures[0].Signature}}, resp.Signatures)
	writeFile(t, at("vault-a.resp"), r.stdout)

	// 5. Back online: two payloads, the wrapper and vault A's
	// cosignature; vault B's unanswered item is not needed.
	r = runCLI(t, "", "combine", at("withdrawal.req"), at("vault-a.resp"), "--plan", at("plan.json"), "--presigned", at("withdrawal.wrap"),
		"--heads", at("heads.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, `nemcustody: note: item 2, the cosignature of "vault B" (`+keys["vault-b"].Address+`), was not needed: the threshold is met without it`+"\n", r.stderr)
	lines := announceLines(t, r.stdout)
	require.Len(t, lines, 2)
	announce = append(announce, lines...)

	// Every payload decodes and verifies with tx decode, in NIS order:
	// conversion, wrapper, cosignature.
	wantTypes := []transaction.Type{transaction.TypeMultisigAggregateModification, transaction.TypeMultisig, transaction.TypeMultisigSignature}
	for i, line := range announce {
		d := runCLI(t, line+"\n", "tx", "decode")
		require.Equal(t, exitOK, d.code, d.stderr)
		var decoded struct {
			Type      transaction.Type `json:"type"`
			Signature string           `json:"signature"`
		}
		require.NoError(t, json.Unmarshal([]byte(d.stdout), &decoded))
		require.Equal(t, wantTypes[i], decoded.Type, "payload %d", i+1)
		require.Len(t, decoded.Signature, 128)
	}
	wrapperFile, err := os.ReadFile(at("withdrawal.wrap"))
	require.NoError(t, err)
	require.Equal(t, announce[1]+"\n", string(wrapperFile))

	// The library agrees that NIS would accept the wrapper.
	p, err := multisig.DecodePlan(mustRead(t, at("plan.json")))
	require.NoError(t, err)
	var signedTxs []*transaction.Signed
	for _, line := range announce[1:] {
		s, err := parseAnnouncement([]byte(line), "test")
		require.NoError(t, err)
		signedTxs = append(signedTxs, s)
	}
	status, err := multisig.Status(p, signedTxs[0], signedTxs[1:])
	require.NoError(t, err)
	require.True(t, status.Complete)
	require.Equal(t, req.InnerHash, status.InnerHash.String())

	// 6. The journal verifies up to the entry the response names.
	var j journalJSON
	requireOK(t, runCLI(t, "", "journal", "verify", at("vault-a.journal"),
		"--expect-seq", fmt.Sprint(resp.JournalSeq), "--expect-hash", resp.JournalHash), &j)
	require.Equal(t, journalJSON{Valid: true, HeadSeq: firstSigning, HeadHash: resp.JournalHash}, j)
	requireOK(t, runCLI(t, "", "journal", "verify", at("account.journal")), &j)
	require.Equal(t, journalJSON{Valid: true, HeadSeq: firstSigning, HeadHash: signed.JournalHash}, j)
	require.Contains(t, readJournal(t, at("account.journal"))[firstSigning-1], `"operator":"alice"`)

	// The online side recorded both signers' journals.
	heads, err := coldwallet.DecodeHeads(mustRead(t, at("heads.json")))
	require.NoError(t, err)
	for _, who := range []string{"account", "vault-a"} {
		pub, err := sign.ParsePublicKey(keys[who].PublicKey)
		require.NoError(t, err)
		h, ok := heads.Head(pub)
		require.True(t, ok, who)
		require.Equal(t, firstSigning, h.Seq)
	}

	// No command printed the passphrase.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name() == "pass.txt" {
			continue
		}
		b := mustRead(t, at(e.Name()))
		require.NotContains(t, string(b), testPassphrase, e.Name())
	}
}

// TestSignPolicyRefusals: each refusal fails with exactly one error line,
// the last on stderr, naming the policy rule and the journal entry that
// records it; nothing is released.
func TestSignPolicyRefusals(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	req := f.transfer(t, "w", "250")
	other, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	defer other.Destroy()
	for _, tc := range []struct {
		name, rule string
		change     func(p *coldwallet.Policy)
	}{
		{"recipient not allowed", "recipients", func(p *coldwallet.Policy) { p.Recipients = []sign.Address{other.Address(sign.Testnet)} }},
		{"amount above the cap", "maxAmountPerTransaction", func(p *coldwallet.Policy) { p.MaxAmountPerTransaction = "249.999999" }},
		{"window amount", "window.maxAmount", func(p *coldwallet.Policy) {
			p.Window = &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "100", MaxCount: 20}
		}},
		{"transfers not allowed", "types", func(p *coldwallet.Policy) { p.Types = []string{"aggregate-modification"} }},
		{"deadline too far", "maxDeadline", func(p *coldwallet.Policy) { p.MaxDeadline = "1h" }},
		{"kill switch", "killSwitch", func(p *coldwallet.Policy) { p.KillSwitch = true }},
		{"another network", "networks", func(p *coldwallet.Policy) { p.Networks = []sign.Network{sign.Mainnet} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := vaultPolicy(f.customer)
			tc.change(pol)
			name := strings.ReplaceAll(tc.name, " ", "-")
			policy := f.writePolicy(t, name+".json", pol)
			journal := f.path(name + ".journal")
			f.newJournal(t, journal, f.plan)
			out := f.path(name + ".resp")
			r := runCLI(t, "", "sign", f.path("w.req"), "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile,
				"--policy", policy, "--journal", journal, "--plan", f.plan, "--yes", "--out", out)
			last := requireRefused(t, r)
			require.Contains(t, last, fmt.Sprintf("refused by policy rule %q", tc.rule))
			require.Contains(t, last, fmt.Sprintf("(recorded in journal entry %d)", firstSigning))
			requireNoFile(t, out)

			lines := readJournal(t, journal)
			require.Len(t, lines, firstSigning)
			require.Contains(t, lines[firstSigning-1], `"event":"refused"`)
			require.Contains(t, lines[firstSigning-1], `"requestId":"`+req.RequestID+`"`)
			require.Contains(t, lines[firstSigning-1], fmt.Sprintf(`policy rule \"%s\"`, tc.rule))
			var j journalJSON
			requireOK(t, runCLI(t, "", "journal", "verify", journal), &j)
			require.Equal(t, firstSigning, j.HeadSeq)
		})
	}
}

// TestSignRefusesAmbiguousPolicy plays an insider with write access to
// the offline disk: a policy file that reads one way to the auditor and
// another to encoding/json (a second killSwitch, a key in another case)
// or that is not in canonical form is refused before anything is signed
// or journaled, with one error line naming the member.
func TestSignRefusesAmbiguousPolicy(t *testing.T) {
	f := newCustodyFixture(t)
	f.transfer(t, "w", "250")
	on := vaultPolicy(f.customer)
	on.KillSwitch = true
	doc, err := on.MarshalJSON()
	require.NoError(t, err)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"a second killSwitch false", `"killSwitch": true,`, `"killSwitch": true, "killSwitch": false,`,
			"coldwallet: policy: killSwitch: duplicate key"},
		{"killSwitch false in capitals", `"killSwitch": true,`, `"killSwitch": true, "KILLSWITCH": false,`,
			"coldwallet: policy: KILLSWITCH: duplicate key: the same key as an earlier one in another letter case"},
		{"KillSwitch alone", `"killSwitch": true,`, `"KillSwitch": true,`,
			"coldwallet: policy: KillSwitch: unknown field: names are case-sensitive: did you mean killSwitch?"},
		{"members reordered", `"version": 1,
  "killSwitch": true,`, `"killSwitch": true, "version": 1,`,
			"coldwallet: policy: killSwitch: not in canonical form: members are out of order: version comes first ('nemcustody policy check --canonical' prints the canonical form)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, string(doc), tc.from)
			name := strings.ReplaceAll(tc.name, " ", "-")
			policy := writeFile(t, f.path(name+".json"), strings.Replace(string(doc), tc.from, tc.to, 1))
			journal, out := f.path(name+".journal"), f.path(name+".resp")
			r := runCLI(t, "", "sign", f.path("w.req"), "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile,
				"--policy", policy, "--journal", journal, "--plan", f.plan, "--yes", "--out", out)
			requireFailure(t, r)
			require.Equal(t, "nemcustody: error: policy "+policy+": "+tc.want+"\n", r.stderr)
			requireNoFile(t, out)
			requireNoFile(t, journal)
		})
	}
}

// TestSignDeclined: without --yes the operator is asked on the terminal;
// no terminal, or anything but YES, declines, and the refusal is
// journaled after the review was shown.
func TestSignDeclined(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "10")
	policy := f.path("policy-vault.json")

	r := runCLI(t, "", f.signArgs(f.path("w.req"), "vault-a", policy)...)
	last := requireRefused(t, r)
	require.True(t, strings.HasPrefix(r.stderr, "SIGNING REQUEST "), r.stderr)
	require.Contains(t, last, "no terminal to confirm on and no --yes")
	require.Contains(t, last, fmt.Sprintf("the operator declined (recorded in journal entry %d)", firstSigning))

	for i, typed := range []string{"yes\n", "YES please\n", "\n", "Y\n"} {
		term := &scriptedTerminal{lines: []string{typed}}
		r := runCLITerm(t, term, "", f.signArgs(f.path("w.req"), "vault-a", policy)...)
		last := requireRefused(t, r)
		require.Contains(t, last, fmt.Sprintf("the operator declined (recorded in journal entry %d)", firstSigning+i+1), "typed %q", typed)
		require.Equal(t, []string{"\nType YES to sign: "}, term.prompts)
	}
	for _, l := range readJournal(t, f.path("vault-a.journal"))[firstSigning-1:] {
		require.Contains(t, l, `"event":"refused"`)
	}

	// Typing YES signs.
	term := &scriptedTerminal{lines: []string{"YES\n"}}
	r = runCLITerm(t, term, "", f.signArgs(f.path("w.req"), "vault-a", policy)...)
	requireSigned(t, r)
	_, err := coldwallet.ParseResponse([]byte(r.stdout))
	require.NoError(t, err)
	lines := readJournal(t, f.path("vault-a.journal"))
	require.Len(t, lines, firstSigning+5)
	require.Contains(t, lines[firstSigning+4], `"event":"signed"`)
}

// TestSignNodeTimeFarFromClock: a request whose node time is more than a
// day from this machine's clock (here Unix seconds given as NEM seconds,
// year 2072) is refused and journaled, with --yes too, and with a
// terminal; --accept-node-time signs it after a review that warns with
// both times.
func TestSignNodeTimeFarFromClock(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	unix := transaction.Timestamp(fixtureNodeTime).Time().Unix()
	f.transfer(t, "w", "10", "--node-time", fmt.Sprint(unix))
	policy := f.path("policy-vault.json")

	r := runCLI(t, "", f.signArgs(f.path("w.req"), "vault-a", policy, "--yes")...)
	last := requireRefused(t, r)
	require.Contains(t, last, "node time is more than a day away from this machine's clock")
	require.Contains(t, last, "2072-")
	require.Contains(t, last, testClock().Format("2006-01-02 15:04:05 UTC"))
	require.Contains(t, last, "--accept-node-time signs anyway")
	require.Contains(t, last, fmt.Sprintf("(recorded in journal entry %d)", firstSigning))
	term := &scriptedTerminal{lines: []string{"YES\n"}}
	r = runCLITerm(t, term, "", f.signArgs(f.path("w.req"), "vault-a", policy)...)
	requireRefused(t, r)
	require.Empty(t, term.prompts, "refused before the operator is asked")

	r = runCLI(t, "", f.signArgs(f.path("w.req"), "vault-a", policy, "--yes", "--accept-node-time")...)
	requireSigned(t, r)
	require.Regexp(t, `WARNING: THE NODE TIME IS 45 YEARS AHEAD OF THIS MACHINE'S CLOCK: node time \d+ is 2072-[^,]+, this machine's clock reads 2026-`, r.stderr)
	lines := readJournal(t, f.path("vault-a.journal"))[firstSigning-1:]
	require.Len(t, lines, 3)
	require.Contains(t, lines[0], `"event":"refused"`)
	require.Contains(t, lines[2], `"event":"signed"`)

	r = runCLI(t, "", "sign", "--help")
	require.Contains(t, r.stdout, "--accept-node-time")
}

// TestSignPassphrasePrompt: without a passphrase flag the keystore
// passphrase is asked on the terminal; a wrong one fails without being
// repeated, and nothing is journaled.
func TestSignPassphrasePrompt(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "10")
	args := []string{"sign", f.path("w.req"), "--keystore", f.keystore("vault-a"), "--policy", f.path("policy-vault.json"),
		"--journal", f.path("j"), "--plan", f.plan, "--yes"}
	f.newJournal(t, f.path("j"), f.plan)

	r := runCLI(t, "", args...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no terminal to prompt on")
	require.Len(t, readJournal(t, f.path("j")), 2, "nothing journaled")

	// Three wrong passphrases at the terminal: asked three times, then one
	// error line; nothing journaled.
	wrong := "not the passphrase at all"
	term := &scriptedTerminal{passphrases: []string{wrong, wrong + "!", wrong + "?", testPassphrase}}
	r = runCLITerm(t, term, "", args...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "incorrect passphrase (3 tries)")
	require.NotContains(t, r.stderr, "not the passphrase")
	ks := f.keystore("vault-a")
	require.Equal(t, []string{"Passphrase for keystore " + ks + ": ", "Wrong passphrase. Passphrase for keystore " + ks + " (try 2 of 3): ",
		"Wrong passphrase. Passphrase for keystore " + ks + " (try 3 of 3): "}, term.prompts)
	require.Len(t, readJournal(t, f.path("j")), 2, "nothing journaled")

	// Wrong, then right: signed; a person at the terminal sees each
	// unlocking on stderr.
	term = &scriptedTerminal{passphrases: []string{wrong, testPassphrase}, interactive: true}
	r = runCLITerm(t, term, "", args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "\nSIGNING REQUEST ")
	require.Len(t, term.prompts, 2)
	require.Equal(t, 2, strings.Count(r.stderr, "nemcustody: unlocking keystore "+ks+" (scrypt)...\n"), r.stderr)

	// A wrong passphrase from a file is not asked again.
	bad := writeFile(t, f.path("bad-pass"), wrong+"\n")
	term = &scriptedTerminal{passphrases: []string{testPassphrase}}
	r = runCLITerm(t, term, "", append(args, "--passphrase-file", bad)...)
	requireFailure(t, r)
	require.Empty(t, term.prompts)
	require.NotContains(t, r.stderr, "tries")

	// From a file descriptor, and from stdin (descriptor 0).
	pf, err := os.Open(f.passFile)
	require.NoError(t, err)
	defer pf.Close()
	requireSigned(t, runCLI(t, "", append(args, "--passphrase-fd", fmt.Sprint(pf.Fd()))...))
	requireSigned(t, runCLI(t, testPassphrase+"\n", append(args, "--passphrase-fd", "0")...))
	require.Len(t, readJournal(t, f.path("j")), 2+3)
}

// TestCombineRefusals: a response to another request, a wrapper missing,
// a threshold not reached; each fails with one line and nothing on stdout.
func TestCombineRefusals(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	first := f.transfer(t, "first", "10")
	second := f.transfer(t, "second", "20")
	require.NotEqual(t, first.RequestID, second.RequestID)
	r := runCLI(t, "", append(f.signArgs(f.path("first.req"), "vault-a", f.path("policy-vault.json")), "--yes", "--out", f.path("first.resp"))...)
	requireSigned(t, r)

	// A response to the first request does not combine with the second.
	r = runCLI(t, "", "combine", f.path("second.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("second.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "response "+f.path("first.resp")+": response belongs to another request")
	require.Contains(t, r.stderr, first.RequestID)

	// Nor does the second request's wrapper group with the first's
	// cosignatures.
	r = runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("second.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no signed wrapper of inner transaction "+first.InnerHash)

	// Without the wrapper.
	r = runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no signed wrapper of inner transaction "+first.InnerHash+", which item(s) 1, 2 cosign: pass it with --presigned")

	// Without any response: 1 of 2 signatures.
	r = runCLI(t, "", "combine", f.path("first.req"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("first.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "has 1 of 2 signatures (not yet signed: \"vault A\"")

	// A response given twice, a damaged response, a damaged wrapper.
	r = runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("first.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "a second response")
	resp := string(mustRead(t, f.path("first.resp")))
	i := strings.Index(resp, "signature: 1 ") + len("signature: 1 ")
	bad := resp[:i] + flipHex(resp[i]) + resp[i+1:]
	requireFailure(t, runCLI(t, "", "combine", f.path("first.req"), writeFile(t, f.path("bad.resp"), bad), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("first.wrap")))
	wrap := string(mustRead(t, f.path("first.wrap")))
	i = strings.Index(wrap, `"signature":"`) + len(`"signature":"`)
	badWrap := wrap[:i] + flipHex(wrap[i]) + wrap[i+1:]
	requireFailure(t, runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", writeFile(t, f.path("bad.wrap"), badWrap)))

	// The complete set works.
	r = runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("first.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Len(t, announceLines(t, r.stdout), 2)

	// Class 4 of the custody review: vault A's journal is replaced (a new
	// file, or an old copy restored: its rolling window forgets what it
	// signed). Its next response is refused online, and the heads file is
	// unchanged. Combining the same response again is fine.
	r = runCLI(t, "", "combine", f.path("first.req"), f.path("first.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("first.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	heads := mustRead(t, f.path("heads.json"))
	require.NoError(t, os.Rename(f.path("vault-a.journal"), f.path("vault-a.journal.old")))
	f.newJournal(t, f.path("vault-a.journal"), f.plan)
	requireSigned(t, runCLI(t, "", append(f.signArgs(f.path("second.req"), "vault-a", f.path("policy-vault.json")), "--yes", "--out", f.path("second.resp"))...))
	r = runCLI(t, "", "combine", f.path("second.req"), f.path("second.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("second.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the request carries no journal head for signer")
	require.Equal(t, heads, mustRead(t, f.path("heads.json")))

	// A request made with the recorded heads: the new journal refuses to
	// sign it; the journal the online side knows signs it, and it
	// combines.
	third := f.transfer(t, "third", "30")
	req := string(mustRead(t, f.path("third.req")))
	require.True(t, strings.HasPrefix(req, "nemcustody-request v3\n"), req)
	require.Contains(t, req, "\njournal-head: "+f.keys["vault-a"].PublicKey().String()+" ")
	r = runCLI(t, "", append(f.signArgs(f.path("third.req"), "vault-a", f.path("policy-vault.json")), "--yes", "--out", f.path("third.resp"))...)
	require.Contains(t, requireRefused(t, r), "the online side last heard from this signer's journal")
	require.NoError(t, os.Rename(f.path("vault-a.journal.old"), f.path("vault-a.journal")))
	requireSigned(t, runCLI(t, "", append(f.signArgs(f.path("third.req"), "vault-a", f.path("policy-vault.json")), "--yes", "--out", f.path("third.resp"))...))
	r = runCLI(t, "", "combine", f.path("third.req"), f.path("third.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("third.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.NotEqual(t, heads, mustRead(t, f.path("heads.json")), "the head moved")
	require.NotEmpty(t, third.RequestID)
}

// flipHex returns another hex digit than c.
func flipHex(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

// TestTamperedRequest: one changed character anywhere is refused by review
// and sign, before any passphrase or journal.
func TestTamperedRequest(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "10", "--note", "batch 7")
	text := string(mustRead(t, f.path("w.req")))
	cosign := strings.Index(text, "\ncosign: ") + len("\ncosign: ")
	positions := map[string]int{
		"first line":  3,
		"network":     strings.Index(text, "testnet") + 1,
		"node time":   strings.Index(text, "node-time: ") + len("node-time: ") + 3,
		"signer":      strings.Index(text, "\nsigner: ") + 20,
		"note":        strings.Index(text, "batch 7") + 6,
		"cosignature": cosign + 30,
		"inner":       cosign + strings.Index(text[cosign:], " ") + 40,
		"checksum":    strings.Index(text, "checksum: ") + 20,
	}
	for name, i := range positions {
		t.Run(name, func(t *testing.T) {
			b := []byte(text)
			switch {
			case b[i] >= '0' && b[i] <= '8':
				b[i]++
			case b[i] == 'A':
				b[i] = 'B'
			default:
				b[i] = 'A'
			}
			name := strings.ReplaceAll(name, " ", "-")
			require.NotEqual(t, text, string(b))
			path := writeFile(t, f.path("tampered-"+name+".req"), string(b))
			r := runCLI(t, "", "review", path, "--plan", f.plan)
			requireFailure(t, r)
			require.Contains(t, r.stderr, "invalid envelope")
			// No --passphrase-file: the request is refused before any prompt.
			r = runCLI(t, "", "sign", path, "--keystore", f.keystore("vault-a"), "--policy", f.path("policy-vault.json"),
				"--journal", f.path("j-"+name), "--plan", f.plan, "--yes")
			requireFailure(t, r)
			require.Contains(t, r.stderr, "invalid envelope")
			requireNoFile(t, f.path("j-"+name))
		})
	}
}

// TestRequestModification: add, remove and threshold changes make a new
// plan, a wrapper and cosign requests under NIS's counting.
func TestRequestModification(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	base := func(name string) []string {
		return []string{"request", "modification", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
			"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "2",
			"--out", f.path(name + ".req"), "--wrapper-out", f.path(name + ".wrap"), "--plan-out", f.path(name + ".plan")}
	}

	// Add vault C, keeping 2 of now 4.
	var add requestJSON
	requireOK(t, runCLI(t, "", append(base("add"), "--add", "offline:"+f.pub("vault-c")+":vault C:site C", "--threshold", "2")...), &add)
	require.Equal(t, 2, add.Items)
	require.Equal(t, 2, add.Required)
	require.Equal(t, []string{"vault A", "vault B"}, []string{add.Signers[0].Label, add.Signers[1].Label})
	var next planJSON
	requireOK(t, runCLI(t, "", "plan", "check", f.path("add.plan")), &next)
	require.Len(t, next.Cosigners, 4)
	require.Equal(t, "vault C", next.Cosigners[3].Label)
	rv := runCLI(t, "", "review", f.path("add.req"), "--plan", f.plan)
	require.Equal(t, exitOK, rv.code, rv.stderr)
	require.Contains(t, rv.stdout, "add cosignatory:")
	require.Contains(t, rv.stdout, "cosigners afterwards (2 of 4 must sign; NIS stores min 2)")

	// The vault signs it only once the next plan is registered, and it
	// combines.
	r := runCLI(t, "", append(f.signArgs(f.path("add.req"), "vault-a", f.path("policy-modify.json")), "--yes", "--out", f.path("add.resp"))...)
	require.Contains(t, requireRefused(t, r), "no next version of the plan is registered")
	var cur planJSON
	requireOK(t, runCLI(t, "", "plan", "check", f.plan), &cur)
	r = runCLI(t, "", "plan", "register", "--journal", f.path("vault-a.journal"), "--plan", f.plan, "--next-plan", f.path("add.plan"),
		"--fingerprint", cur.Fingerprint, "--next-fingerprint", next.Fingerprint)
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runCLI(t, "", append(f.signArgs(f.path("add.req"), "vault-a", f.path("policy-modify.json")), "--yes", "--out", f.path("add.resp"))...)
	requireSigned(t, r)
	r = runCLI(t, "", "combine", f.path("add.req"), f.path("add.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("add.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Len(t, announceLines(t, r.stdout), 2)
	// A transfer-only policy refuses it.
	r = runCLI(t, "", append(f.signArgs(f.path("add.req"), "vault-b", f.path("policy-modify.json")), "--yes")...)
	require.Contains(t, requireRefused(t, r), "no next version of the plan is registered", "vault B has not registered the next plan")

	// Removing vault B from the 2-of-3 would leave a 2-of-2 whose server
	// alone can remove vault A (NIS's n-of-n removal rule): refused.
	r = runCLI(t, "", append(base("remove"), "--remove", f.pub("vault-b"), "--threshold", "2")...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, `online cosigners alone reach the threshold: 1 online key(s) can remove "vault A"`)

	// From the 2-of-4 (after vault C was added), removing vault B: it is
	// neither asked nor counted.
	var rm requestJSON
	requireOK(t, runCLI(t, "", "request", "modification", "--plan", f.path("add.plan"), "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "2",
		"--out", f.path("remove.req"), "--wrapper-out", f.path("remove.wrap"), "--plan-out", f.path("remove.plan"),
		"--remove", f.pub("vault-b"), "--threshold", "2"), &rm)
	require.Equal(t, f.keys["vault-b"].Address(sign.Testnet).String(), rm.Removed)
	require.Equal(t, 2, rm.Items)
	require.Equal(t, []string{"vault A", "vault C"}, []string{rm.Signers[0].Label, rm.Signers[1].Label})
	require.Equal(t, 2, rm.Required)
	rv = runCLI(t, "", "review", f.path("remove.req"), "--plan", f.path("add.plan"))
	require.Equal(t, exitOK, rv.code, rv.stderr)
	require.Contains(t, rv.stdout, `WARNING: REMOVES cosigner "vault B"`)
	r = runCLI(t, "", "request", "modification", "--plan", f.path("add.plan"), "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "2",
		"--out", f.path("remove-b.req"), "--wrapper-out", f.path("remove-b.wrap"), "--plan-out", f.path("remove-b.plan"),
		"--remove", f.pub("vault-b"), "--threshold", "2", "--cosigner", f.pub("vault-b"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the cosigner being removed")

	// The stored minimum decides the change: an account that stores 0
	// does not enforce a 2-of-3 plan.
	r = runCLI(t, "", "request", "modification", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "0",
		"--out", f.path("zero.req"), "--wrapper-out", f.path("zero.wrap"), "--plan-out", f.path("zero.plan"), "--threshold", "3")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the chain does not enforce the plan")

	// Change only the threshold: 3 of 3 needs both vaults.
	// (NIS counts under the current 2 of 3: two signatures raise it.)
	var thr requestJSON
	requireOK(t, runCLI(t, "", append(base("threshold"), "--threshold", "3")...), &thr)
	require.Equal(t, 2, thr.Required)
	require.Equal(t, 2, thr.Items)
	require.Equal(t, []string{"threshold 3 of 3: every key is needed; losing any one key freezes the account"}, thr.Warnings)

	// Refusals: a plan that breaks an invariant names it, removing the
	// initiator, --add and --remove together.
	r = runCLI(t, "", append(base("weak"), "--add", "online:"+f.pub("vault-c")+":server 2:datacenter 2", "--threshold", "2")...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "online cosigners alone reach the threshold")
	require.Contains(t, r.stderr, "--allow-online-threshold")
	r = runCLI(t, "", "request", "modification", "--plan", f.path("add.plan"), "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--node-time", fmt.Sprint(fixtureNodeTime), "--stored-min", "2",
		"--out", f.path("self.req"), "--wrapper-out", f.path("self.wrap"), "--plan-out", f.path("self.plan"),
		"--remove", f.pub("hot"), "--threshold", "2")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the initiator")
	requireUsage(t, runCLI(t, "", append(base("both"), "--add", "offline:"+f.pub("vault-c")+":vault C", "--remove", f.pub("vault-b"), "--threshold", "2")...))
	for _, name := range []string{"weak", "self", "both"} {
		for _, ext := range []string{".req", ".wrap", ".plan"} {
			requireNoFile(t, f.path(name+ext))
		}
	}
}

// TestRequestTransferOptions: cosigners chosen explicitly, the local clock
// with its warning, and refusals.
func TestRequestTransferOptions(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	out := f.transfer(t, "one", "1.5", "--cosigner", f.pub("vault-b"), "--deadline", "30m")
	require.Equal(t, 1, out.Items)
	require.Equal(t, "vault B", out.Signers[0].Label)
	require.Equal(t, uint32(fixtureNodeTime+1800), out.Deadline)

	args := []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "1", "--node-time", "now",
		"--out", f.path("now.req"), "--wrapper-out", f.path("now.wrap")}
	r := runCLI(t, "", args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Regexp(t, `^nemcustody: warning: --node-time now: using this machine's clock \(\d+\); local clocks drift[^\n]*\n$`, r.stderr)
	var now requestJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &now))
	require.Equal(t, now.NodeTime+7200, now.Deadline)
	require.Contains(t, r.stderr, fmt.Sprintf("(%d)", now.NodeTime))

	// With 3 of 3, the initiator and one vault are not enough.
	var plan3 planJSON
	requireOK(t, runCLI(t, "", "plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "3",
		"--cosigner", "online:"+f.pub("hot")+":withdrawal server:datacenter",
		"--cosigner", "offline:"+f.pub("vault-a")+":vault A:site A",
		"--cosigner", "offline:"+f.pub("vault-b")+":vault B:site B",
		"--out", f.path("plan3.json")), &plan3)
	require.Len(t, plan3.Warnings, 1)
	r = runCLI(t, "", "request", "transfer", "--plan", f.path("plan3.json"), "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "1", "--node-time", "1000",
		"--out", f.path("few.req"), "--wrapper-out", f.path("few.wrap"), "--cosigner", f.pub("vault-a"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the initiator and 1 cosigner(s) asked give 2 signature(s), NIS needs 3")
	requireNoFile(t, f.path("few.req"))
	requireNoFile(t, f.path("few.wrap"))

	base := func(name string) []string {
		return []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
			"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "1", "--node-time", fmt.Sprint(fixtureNodeTime),
			"--out", f.path(name + ".req"), "--wrapper-out", f.path(name + ".wrap")}
	}
	mainnet := f.keys["vault-c"].Address(sign.Mainnet).String()
	for _, tc := range []struct {
		name  string
		extra []string
		want  string
	}{
		{"initiator asked to cosign", []string{"--cosigner", f.pub("hot")}, "is the initiator"},
		{"not a cosigner", []string{"--cosigner", f.pub("vault-c")}, "is not a cosigner of the plan"},
		{"initiator not a cosigner", []string{"--initiator-keystore", f.keystore("vault-c")}, "is not a cosigner of the plan"},
		{"recipient on another network", []string{"--to", mainnet}, "the plan is for testnet"},
		{"wrong passphrase", []string{"--passphrase-file", writeFile(t, f.path("wrong"), "wrong passphrase here\n")}, "incorrect passphrase"},
		{"plain key file as keystore", []string{"--initiator-keystore", writeFile(t, f.path("plain.key"), strings.Repeat("ab", 32)+"\n")}, "is not an age file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := strings.ReplaceAll(tc.name, " ", "-")
			r := runCLI(t, "", append(base(name), tc.extra...)...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
			require.NotContains(t, r.stderr, "wrong passphrase here")
			requireNoFile(t, f.path(name+".req"))
			requireNoFile(t, f.path(name+".wrap"))
		})
	}
}

// TestConversionRequest: the conversion is signed by the account's own key
// and combines into one payload; other keys are not its signer.
func TestConversionRequest(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	var conv requestJSON
	requireOK(t, runCLI(t, "", "request", "conversion", "--plan", f.plan, "--node-time", fmt.Sprint(fixtureNodeTime),
		"--deadline", "24h", "--out", f.path("conv.req")), &conv)
	require.Equal(t, uint32(fixtureNodeTime+86400), conv.Deadline)
	require.Equal(t, f.keys["account"].Address(sign.Testnet).String(), conv.Signers[0].Address)

	r := runCLI(t, "", append(f.signArgs(f.path("conv.req"), "vault-a", f.path("policy-modify.json")), "--yes")...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "is not a signer of the request")

	// maxDeadline 6h refuses a 24h deadline.
	r = runCLI(t, "", append(f.signArgs(f.path("conv.req"), "account", f.path("policy-modify.json")), "--yes")...)
	require.Contains(t, requireRefused(t, r), `refused by policy rule "maxDeadline"`)
	day := modifyPolicy()
	day.MaxDeadline = "24h"
	f.writePolicy(t, "policy-day.json", day)
	r = runCLI(t, "", append(f.signArgs(f.path("conv.req"), "account", f.path("policy-day.json")), "--yes", "--out", f.path("conv.resp"))...)
	requireSigned(t, r)
	var s signJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	require.Equal(t, firstSigning+1, s.JournalSeq)

	r = runCLI(t, "", "combine", f.path("conv.req"), "--plan", f.plan, "--heads", f.path("heads.json"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "item 1 (multisig aggregate modification) is not signed")
	r = runCLI(t, "", "combine", f.path("conv.req"), f.path("conv.resp"), "--plan", f.plan, "--heads", f.path("heads.json"))
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := announceLines(t, r.stdout)
	require.Len(t, lines, 1)
	s2, err := parseAnnouncement([]byte(lines[0]), "test")
	require.NoError(t, err)
	require.Equal(t, transaction.TypeMultisigAggregateModification, s2.Tx.Type())
	data, _ := s2.Tx.MarshalBinary()
	require.Contains(t, lines[0], hex.EncodeToString(data))
}

// TestJournalVerifyAndCorruption: journal verify reports the line of a
// problem; sign refuses to add to a journal that does not verify.
func TestJournalVerifyAndCorruption(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "10")
	journal := f.path("vault-a.journal")
	signArgs := append(f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json")), "--yes")
	requireSigned(t, runCLI(t, "", signArgs...))
	requireSigned(t, runCLI(t, "", signArgs...))
	var j journalJSON
	requireOK(t, runCLI(t, "", "journal", "verify", journal), &j)
	require.Equal(t, firstSigning+1, j.HeadSeq)
	good := mustRead(t, journal)

	empty := writeFile(t, f.path("empty.journal"), "")
	requireOK(t, runCLI(t, "", "journal", "verify", empty), &j)
	require.Equal(t, journalJSON{Valid: true, HeadSeq: 0, HeadHash: strings.Repeat("0", 64)}, j)

	lines := strings.SplitAfter(string(good), "\n")
	edited := strings.Replace(lines[3], `"seq":4`, `"seq":5`, 1)
	prefix := lines[0] + lines[1] + lines[2]
	for _, tc := range []struct {
		name, content, want string
	}{
		{"edited entry", prefix + edited, "line 4"},
		{"torn last line", strings.TrimSuffix(string(good), "\n"), "journal has a torn last line: line 4"},
		{"entries swapped", lines[0] + lines[1] + lines[3] + lines[2], "line 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, f.path(strings.ReplaceAll(tc.name, " ", "-")+".journal"), tc.content)
			r := runCLI(t, "", "journal", "verify", path)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
			// sign refuses it, before the passphrase, and leaves it as it is.
			r = runCLI(t, "", "sign", f.path("w.req"), "--keystore", f.keystore("vault-a"), "--policy", f.path("policy-vault.json"),
				"--journal", path, "--plan", f.plan, "--yes")
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
			require.Equal(t, tc.content, string(mustRead(t, path)))
		})
	}

	// Anchors: the right one passes, a wrong hash or a later seq fails.
	requireOK(t, runCLI(t, "", "journal", "verify", journal), &j)
	requireOK(t, runCLI(t, "", "journal", "verify", journal, "--expect-seq", "4", "--expect-hash", j.HeadHash), &j)
	r := runCLI(t, "", "journal", "verify", journal, "--expect-seq", "1", "--expect-hash", j.HeadHash)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "entry 1 does not have the anchored hash")
	r = runCLI(t, "", "journal", "verify", journal, "--expect-seq", "5", "--expect-hash", j.HeadHash)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the anchor is seq 5")
	requireFailure(t, runCLI(t, "", "journal", "verify", f.path("absent.journal")))

	// A torn last line: repair moves it aside, records the repair, and the
	// signer runs again.
	torn := writeFile(t, f.path("torn.journal"), string(good)+`{"v":1,"seq":5,"ti`)
	requireFailure(t, runCLI(t, "", "journal", "verify", torn))
	requireUsage(t, runCLI(t, "", "journal", "repair", torn))
	var rep struct {
		Seq  int    `json:"seq"`
		Hash string `json:"hash"`
	}
	requireOK(t, runCLI(t, "", "journal", "repair", torn, "--operator", "alice"), &rep)
	require.Equal(t, 5, rep.Seq)
	requireOK(t, runCLI(t, "", "journal", "verify", torn), &j)
	require.Equal(t, 5, j.HeadSeq)
	require.Contains(t, string(mustRead(t, torn)), `"event":"repaired"`)
	requireSigned(t, runCLI(t, "", "sign", f.path("w.req"), "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile,
		"--policy", f.path("policy-vault.json"), "--journal", torn, "--plan", f.plan, "--yes"))
	// An edited journal is not "repaired".
	editedPath := writeFile(t, f.path("edited2.journal"), prefix+edited)
	requireFailure(t, runCLI(t, "", "journal", "repair", editedPath, "--operator", "alice"))
}

// TestCustodyUsageErrors: missing and malformed flags are usage errors
// (exit 2), caught before any file is read or written.
func TestCustodyUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pub := strings.Repeat("ab", 32)
	spec := "offline:" + pub + ":vault"
	transfer := []string{"request", "transfer", "--plan", "p", "--initiator-keystore", "k", "--to", trezorAddress,
		"--amount", "1", "--node-time", "1", "--out", filepath.Join(dir, "r"), "--wrapper-out", filepath.Join(dir, "w")}
	without := func(args []string, flag string) []string {
		var out []string
		for i := 0; i < len(args); i++ {
			if args[i] == flag {
				i++
				continue
			}
			out = append(out, args[i])
		}
		return out
	}
	sign := []string{"sign", "req", "--keystore", "k", "--policy", "p", "--journal", "j"}
	cases := map[string][]string{
		"plan create without network":    {"plan", "create", "--account", pub, "--threshold", "1", "--cosigner", spec},
		"plan create without account":    {"plan", "create", "--network", "testnet", "--threshold", "1", "--cosigner", spec},
		"plan create without threshold":  {"plan", "create", "--network", "testnet", "--account", pub, "--cosigner", spec},
		"plan create without cosigner":   {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "1"},
		"plan create threshold 0":        {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "0", "--cosigner", spec},
		"plan create bad role":           {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "1", "--cosigner", "warm:" + pub + ":x"},
		"plan create bad cosigner key":   {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "1", "--cosigner", "offline:abc:x"},
		"plan create no label":           {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "1", "--cosigner", "offline:" + pub},
		"plan create empty label":        {"plan", "create", "--network", "testnet", "--account", pub, "--threshold", "1", "--cosigner", "offline:" + pub + ":"},
		"plan create bad account":        {"plan", "create", "--network", "testnet", "--account", "xyz", "--threshold", "1", "--cosigner", spec},
		"plan create with argument":      {"plan", "create", "x"},
		"plan check without file":        {"plan", "check"},
		"plan check with two files":      {"plan", "check", "a", "b"},
		"transfer without plan":          without(transfer, "--plan"),
		"transfer without keystore":      without(transfer, "--initiator-keystore"),
		"transfer without to":            without(transfer, "--to"),
		"transfer without amount":        without(transfer, "--amount"),
		"transfer without node time":     without(transfer, "--node-time"),
		"transfer without out":           without(transfer, "--out"),
		"transfer without wrapper out":   without(transfer, "--wrapper-out"),
		"transfer same out files":        append(without(transfer, "--wrapper-out"), "--wrapper-out", filepath.Join(dir, ".", "r")),
		"transfer message too long":      append(transfer, "--message", strings.Repeat("x", 1025)),
		"transfer message not UTF-8":     append(transfer, "--message", "\xff"),
		"transfer bad amount":            append(transfer, "--amount", "1.0000001"),
		"transfer negative amount":       append(transfer, "--amount", "-1"),
		"transfer bad address":           append(transfer, "--to", "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMA"),
		"transfer bad node time":         append(transfer, "--node-time", "yesterday"),
		"transfer node time too large":   append(transfer, "--node-time", "2147483648"),
		"transfer deadline too long":     append(transfer, "--deadline", "25h"),
		"transfer deadline zero":         append(transfer, "--deadline", "0s"),
		"transfer bad cosigner":          append(transfer, "--cosigner", "abc"),
		"transfer cosigner twice":        append(transfer, "--cosigner", pub, "--cosigner", pub),
		"transfer both passphrase flags": append(transfer, "--passphrase-file", "f", "--passphrase-fd", "3"),
		"transfer passphrase fd 1":       append(transfer, "--passphrase-fd", "1"),
		"transfer passphrase fd text":    append(transfer, "--passphrase-fd", "three"),
		"transfer passphrase flag":       append(transfer, "--passphrase", testPassphrase),
		"transfer with argument":         append(transfer, "extra"),
		"transfer control note":          append(transfer, "--note", "a\x1b[2Jb"),
		"modification without threshold": {"request", "modification", "--plan", "p", "--initiator-keystore", "k", "--node-time", "1",
			"--out", "r", "--wrapper-out", "w", "--plan-out", "n"},
		"modification without plan out": {"request", "modification", "--plan", "p", "--initiator-keystore", "k", "--node-time", "1",
			"--out", "r", "--wrapper-out", "w", "--threshold", "2"},
		"modification bad add": {"request", "modification", "--plan", "p", "--initiator-keystore", "k", "--node-time", "1",
			"--out", "r", "--wrapper-out", "w", "--plan-out", "n", "--threshold", "2", "--add", "offline:" + pub},
		"conversion without plan":             {"request", "conversion", "--node-time", "1", "--out", "r"},
		"conversion without out":              {"request", "conversion", "--plan", "p", "--node-time", "1"},
		"conversion without node time":        {"request", "conversion", "--plan", "p", "--out", "r"},
		"unknown request command":             {"request", "withdrawal"},
		"review without request":              {"review", "--plan", "p"},
		"review with two requests":            {"review", "a", "b"},
		"sign without request":                sign[2:],
		"sign without keystore":               without(sign, "--keystore"),
		"sign without policy":                 without(sign, "--policy"),
		"sign without journal":                without(sign, "--journal"),
		"sign with two requests":              append(sign, "other"),
		"sign out to stdout":                  append(sign, "--out", "-"),
		"sign bad yes":                        append(sign, "--yes=sure"),
		"sign control operator":               append(sign, "--operator", "al\nice"),
		"combine without files":               {"combine", "--plan", "p"},
		"combine without plan":                {"combine", "r", "s"},
		"journal verify without file":         {"journal", "verify"},
		"journal verify seq only":             {"journal", "verify", "j", "--expect-seq", "1"},
		"journal verify hash only":            {"journal", "verify", "j", "--expect-hash", strings.Repeat("0", 64)},
		"journal verify seq 0":                {"journal", "verify", "j", "--expect-seq", "0", "--expect-hash", strings.Repeat("0", 64)},
		"journal verify bad hash":             {"journal", "verify", "j", "--expect-seq", "1", "--expect-hash", "ABC"},
		"unknown journal command":             {"journal", "repair"},
		"key generate without label":          {"key", "generate", "--network", "testnet"},
		"key generate bad label":              {"key", "generate", "--network", "testnet", "--label", " vault"},
		"key generate work factor 15":         {"key", "generate", "--network", "testnet", "--label", "x", "--work-factor", "15"},
		"key generate work factor 21":         {"key", "generate", "--network", "testnet", "--label", "x", "--work-factor", "21"},
		"key generate passphrase flag":        {"key", "generate", "--network", "testnet", "--label", "x", "--passphrase", testPassphrase},
		"inspect passphrase without keystore": {"key", "inspect", "--network", "testnet", "--passphrase-file", "f"},
		"tx sign without key":                 {"tx", "sign"},
		"tx sign with both keys":              {"tx", "sign", "--key-file", "a", "--keystore", "b"},
		"tx sign key file with passphrase":    {"tx", "sign", "--key-file", "a", "--passphrase-file", "f"},
		"tx sign passphrase on stdin":         {"tx", "sign", "--keystore", "a", "--passphrase-fd", "0"},
	}
	require.Len(t, cases, 73)
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, "", args...)
			requireUsage(t, r)
			require.NotContains(t, r.stderr, testPassphrase)
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)
}

// TestFilesNeverOverwritten: every command that writes refuses an existing
// name, writes nothing else, and leaves the file as it was.
func TestFilesNeverOverwritten(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	taken := writeFile(t, f.path("taken"), "do not touch\n")
	link := f.path("link")
	require.NoError(t, os.Symlink(f.path("nowhere"), link))
	for _, existing := range []string{taken, link} {
		for _, tc := range []struct {
			name  string
			args  []string
			fresh []string // files that must not appear
		}{
			{"plan create --out", []string{"plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "1",
				"--cosigner", "offline:" + f.pub("vault-a") + ":vault A", "--allow-single-custodian", "--out", existing}, nil},
			{"request transfer --out", []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
				"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "1", "--node-time", "1000",
				"--out", existing, "--wrapper-out", f.path("fresh.wrap")}, []string{"fresh.wrap"}},
			{"request transfer --wrapper-out", []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
				"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "1", "--node-time", "1000",
				"--out", f.path("fresh.req"), "--wrapper-out", existing}, []string{"fresh.req"}},
			{"request modification --plan-out", []string{"request", "modification", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
				"--passphrase-file", f.passFile, "--threshold", "3", "--node-time", "1000", "--stored-min", "2",
				"--out", f.path("fresh.req"), "--wrapper-out", f.path("fresh.wrap"), "--plan-out", existing}, []string{"fresh.req", "fresh.wrap"}},
			{"request conversion --out", []string{"request", "conversion", "--plan", f.plan, "--node-time", "1000", "--out", existing}, nil},
			{"key generate --out", []string{"key", "generate", "--network", "testnet", "--label", "x", "--passphrase-file", f.passFile,
				"--work-factor", "16", "--out", existing}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := runCLI(t, "", tc.args...)
				requireFailure(t, r)
				require.Contains(t, r.stderr, "already exists; refusing to overwrite it")
				for _, name := range tc.fresh {
					requireNoFile(t, f.path(name))
				}
			})
		}
	}

	// sign --out: refused before the journal is even opened.
	f.transfer(t, "w", "1")
	before := mustRead(t, f.path("vault-a.journal"))
	r := runCLI(t, "", append(f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json")), "--yes", "--out", taken)...)
	requireFailure(t, r)
	require.Equal(t, before, mustRead(t, f.path("vault-a.journal")))

	require.Equal(t, "do not touch\n", string(mustRead(t, taken)))
	requireNoFile(t, f.path("nowhere"))
}

// TestPlanCreate: invariants are refused by name, relaxations are explicit
// and warned about, and the document round-trips through plan check.
func TestPlanCreate(t *testing.T) {
	t.Parallel()
	keys := make([]string, 5)
	for i := range keys {
		k, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		keys[i] = k.PublicKey().String()
		k.Destroy()
	}
	account := keys[0]
	args := func(threshold string, cosigners ...string) []string {
		a := []string{"plan", "create", "--network", "testnet", "--account", account, "--threshold", threshold}
		for _, c := range cosigners {
			a = append(a, "--cosigner", c)
		}
		return a
	}
	hot := "online:" + keys[1] + ":hot:dc"
	a := "offline:" + keys[2] + ":vault A:site A"
	b := "offline:" + keys[3] + ":vault B:site B"

	// Without --out the document is printed; plan check reads it back.
	r := runCLI(t, "", args("2", hot, a, b)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Empty(t, r.stderr)
	p, err := multisig.DecodePlan([]byte(r.stdout))
	require.NoError(t, err)
	require.Equal(t, 2, p.Threshold)
	require.Equal(t, "vault A", p.Cosigners[1].Label)
	require.Equal(t, "site A", p.Cosigners[1].Custodian)
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.json"), r.stdout)
	var checked planJSON
	requireOK(t, runCLI(t, "", "plan", "check", path), &checked)
	require.Equal(t, p.Address().String(), checked.Address)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(r.stdout)))
	sum := sha256.Sum256(compact.Bytes())
	require.Equal(t, hex.EncodeToString(sum[:]), checked.Fingerprint, "the fingerprint is the SHA-256 of the compact document")
	require.Equal(t, p.Fingerprint(), checked.Fingerprint)

	// A document in another order is refused, naming the member, and
	// plan check --canonical prints the canonical form.
	reordered := strings.Replace(strings.Replace(r.stdout, `"threshold": 2,`, ``, 1), "\n}", `, "threshold": 2}`, 1)
	messy := writeFile(t, filepath.Join(t.TempDir(), "messy.json"), reordered)
	r2 := runCLI(t, "", "plan", "check", messy)
	requireFailure(t, r2)
	require.Equal(t, "nemcustody: error: plan "+messy+": multisig: plan document: cosigners: not in canonical form: members are out of order: "+
		"threshold comes first ('nemcustody plan check --canonical' prints the canonical form)\n", r2.stderr)
	r2 = runCLI(t, "", "plan", "check", "--canonical", messy)
	require.Equal(t, exitOK, r2.code, r2.stderr)
	require.Equal(t, r.stdout, r2.stdout)
	dup := writeFile(t, filepath.Join(t.TempDir(), "dup.json"), strings.Replace(r.stdout, `"threshold": 2,`, `"threshold": 2, "THRESHOLD": 3,`, 1))
	r2 = runCLI(t, "", "plan", "check", "--canonical", dup)
	requireFailure(t, r2)
	require.Contains(t, r2.stderr, "THRESHOLD: duplicate key")
	require.Empty(t, r2.stdout)

	// A custodian may contain ':'.
	r = runCLI(t, "", args("2", hot, a, "offline:"+keys[3]+":vault B:site B: room 2")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	p, err = multisig.DecodePlan([]byte(r.stdout))
	require.NoError(t, err)
	require.Equal(t, "site B: room 2", p.Cosigners[2].Custodian)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"online keys reach the threshold", args("1", hot, a), "online cosigners alone reach the threshold: 1 online key(s) and 1 are needed: a compromised server could move funds (--allow-online-threshold relaxes this"},
		{"one custodian reaches the threshold", args("2", hot, a, "offline:"+keys[3]+":vault A2:site A"), `one custodian or site alone reaches the threshold: custodian "site A" holds 2 key(s) and 2 are needed (--allow-single-custodian relaxes this)`},
		{"threshold above N", args("3", hot, a), "threshold out of range"},
		{"duplicate cosigner", args("2", hot, a, "offline:"+keys[2]+":again"), "duplicate cosigner"},
		{"account as cosigner", args("2", hot, a, "offline:"+account+":self"), "the multisig account cannot cosign for itself"},
		{"unusable key", args("1", "offline:"+strings.Repeat("00", 32)+":zero"), "unusable cosigner key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", tc.args...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
		})
	}

	// Relaxations are explicit and warned about, M = N too.
	hot2 := "online:" + keys[4] + ":hot 2:dc 2"
	r = runCLI(t, "", args("2", hot, hot2, a)...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "2 online key(s) and 2 are needed")
	r = runCLI(t, "", append(args("2", hot, hot2, a), "--allow-online-threshold")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "nemcustody: warning: RELAXED: ONLINE KEYS ALONE CAN REACH THE THRESHOLD AND MOVE FUNDS\n", r.stderr)
	p, err = multisig.DecodePlan([]byte(r.stdout))
	require.NoError(t, err)
	require.True(t, p.Relaxations.AllowOnlineThreshold)
	r = runCLI(t, "", append(args("2", hot, a, "offline:"+keys[3]+":vault A2:site A"), "--allow-single-custodian")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "RELAXED: ONE CUSTODIAN OR SITE ALONE CAN REACH THE THRESHOLD")
	// 2 of 2 with a server: in NIS's n-of-n mode a removal needs only the
	// other cosigners, so the server alone could remove the vault.
	r = runCLI(t, "", args("2", hot, a)...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, `1 online key(s) can remove "vault A" (in NIS's n-of-n mode a removal needs only the other cosignatories)`)
	r = runCLI(t, "", args("3", hot, a, b)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "nemcustody: warning: threshold 3 of 3: every key is needed; losing any one key freezes the account\n", r.stderr)

	// plan check refuses a document whose address does not match its key.
	p, err = multisig.DecodePlan([]byte(r.stdout))
	require.NoError(t, err)
	bad := strings.Replace(r.stdout, `"address": "`+p.Address().String()+`"`, `"address": "`+trezorAddress+`"`, 1)
	require.NotEqual(t, r.stdout, bad)
	r = runCLI(t, "", "plan", "check", writeFile(t, filepath.Join(t.TempDir(), "bad.json"), bad))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "is not the testnet address of its key")
	requireFailure(t, runCLI(t, "", "plan", "check", filepath.Join(t.TempDir(), "absent.json")))
}

// runBinary runs the built program in dir with the passphrase on file
// descriptor 3.
func runBinary(t *testing.T, bin, dir, passFile string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	pf, err := os.Open(passFile)
	require.NoError(t, err)
	defer pf.Close()
	cmd.ExtraFiles = []*os.File{pf} // descriptor 3
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr)
		code = exitErr.ExitCode()
	}
	return result{code, stdout.String(), stderr.String()}
}

// TestBinaryCustodyFlow runs the custody commands through the built
// program: a keystore with the default name and the passphrase on a file
// descriptor, a conversion signed and combined, a refusal, payloads decoded,
// the journal verified. Every signing run has --yes, so the program never
// waits on the terminal of whoever runs the tests.
func TestBinaryCustodyFlow(t *testing.T) {
	t.Parallel()
	bin := builtBinary(t)
	f := newCustodyFixture(t)
	fd3 := "--passphrase-fd=3"

	// A keystore with the default name, in the working directory.
	keyDir := t.TempDir()
	r := runBinary(t, bin, keyDir, f.passFile, "key", "generate", "--network", "testnet", "--label", "spare", "--work-factor", "16", fd3)
	var k keystoreJSON
	requireOK(t, r, &k)
	require.Equal(t, "nemcustody-"+k.Address+".age", k.Keystore)
	st, err := os.Stat(filepath.Join(keyDir, k.Keystore))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// The conversion, refused by a policy without modifications, then
	// signed; the response on stdout.
	requireOK(t, runBinary(t, bin, f.dir, f.passFile, "request", "conversion", "--plan", "plan.json", "--node-time", "1000",
		"--out", "conv.req"), new(requestJSON))
	// The fixed node time is days away from the real clock the binary
	// reads: refused, also with --yes, unless accepted.
	r = runBinary(t, bin, f.dir, f.passFile, "sign", "conv.req", "--keystore", "account.age", "--policy", "policy-modify.json",
		"--journal", "account.journal", "--yes", fd3)
	last := requireRefused(t, r)
	require.Contains(t, last, "node time is more than a day away from this machine's clock")
	require.Contains(t, last, "--accept-node-time")
	r = runBinary(t, bin, f.dir, f.passFile, "sign", "conv.req", "--keystore", "account.age", "--policy", "policy-vault.json",
		"--journal", "account.journal", "--yes", "--accept-node-time", fd3)
	last = requireRefused(t, r)
	require.Contains(t, last, `refused by policy rule "types"`)
	r = runBinary(t, bin, f.dir, f.passFile, "sign", "conv.req", "--keystore", "account.age", "--policy", "policy-modify.json",
		"--journal", "account.journal", "--yes", "--accept-node-time", fd3)
	requireSigned(t, r)
	require.Contains(t, r.stderr, "WARNING: THE NODE TIME IS")
	writeFile(t, f.path("conv.resp"), r.stdout)

	r = runBinary(t, bin, f.dir, f.passFile, "combine", "conv.req", "conv.resp", "--plan", "plan.json", "--heads", "heads.json")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := announceLines(t, r.stdout)
	require.Len(t, lines, 1)
	cmd := exec.Command(bin, "tx", "decode", "--summary")
	cmd.Stdin = strings.NewReader(lines[0] + "\n")
	summary, err := cmd.Output()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(summary), "MULTISIG AGGREGATE MODIFICATION"), string(summary))

	var j journalJSON
	requireOK(t, runBinary(t, bin, f.dir, f.passFile, "journal", "verify", "account.journal"), &j)
	require.Equal(t, firstSigning+2, j.HeadSeq, "two refusals, then signed")

	// Usage errors exit 2 from the binary too.
	r = runBinary(t, bin, f.dir, f.passFile, "sign", "conv.req")
	requireUsage(t, r)
}
