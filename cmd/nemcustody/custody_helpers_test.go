package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/sign"
)

// fixtureNodeTime is the node time of the test requests.
const fixtureNodeTime = 367_856_452

// custodyFixture is a 2-of-3 plan (an online withdrawal server, two
// offline vaults) with its keys in keystores, made through the library
// with a low work factor so that tests stay fast. The whole-flow test makes
// its keystores with 'key generate' instead.
type custodyFixture struct {
	*keystoreFixture
	plan     string
	customer sign.Address
}

func newCustodyFixture(t *testing.T) *custodyFixture {
	t.Helper()
	f := &custodyFixture{keystoreFixture: newKeystoreFixture(t, "account", "hot", "vault-a", "vault-b", "vault-c")}
	c, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	f.customer = c.Address(sign.Testnet)
	c.Destroy()

	f.plan = f.path("plan.json")
	requireOK(t, runCLI(t, "", "plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "2",
		"--cosigner", "online:"+f.pub("hot")+":withdrawal server:datacenter",
		"--cosigner", "offline:"+f.pub("vault-a")+":vault A:site A",
		"--cosigner", "offline:"+f.pub("vault-b")+":vault B:site B",
		"--out", f.plan), new(planJSON))
	f.writePolicy(t, "policy-vault.json", vaultPolicy(f.customer))
	f.writePolicy(t, "policy-modify.json", modifyPolicy())
	for _, who := range []string{"account", "vault-a", "vault-b", "vault-c"} {
		f.newJournal(t, f.path(who+".journal"), f.plan)
	}
	return f
}

// firstSigning is the seq of the first signing entry in a journal made by
// newJournal: 1 is "opened", 2 "registered".
const firstSigning = 3

// newJournal creates a journal at path with 'journal init' and registers
// plan in it with 'plan register', as an offline machine is set up.
func (f *custodyFixture) newJournal(t *testing.T, path, plan string) {
	t.Helper()
	requireOK(t, runCLI(t, "", "journal", "init", path, "--operator", "alice"), new(journalInitJSON))
	var p planJSON
	requireOK(t, runCLI(t, "", "plan", "check", plan), &p)
	r := runCLI(t, "", "plan", "register", "--journal", path, "--plan", plan, "--fingerprint", p.Fingerprint, "--operator", "alice")
	require.Contains(t, r.stderr, "fingerprint "+p.Fingerprint, "the ceremony shows the plan and its fingerprint")
	r.stderr = ""
	var reg registerJSON
	requireOK(t, r, &reg)
	require.Equal(t, 2, reg.Seq)
	require.Equal(t, p.Fingerprint, reg.Fingerprint)
}

type journalInitJSON struct {
	Journal   string `json:"journal"`
	JournalID string `json:"journalId"`
	HeadSeq   int    `json:"headSeq"`
}

type registerJSON struct {
	Journal         string `json:"journal"`
	Seq             int    `json:"seq"`
	Fingerprint     string `json:"fingerprint"`
	NextFingerprint string `json:"nextFingerprint"`
}

// writePolicy writes p's canonical document, the only form the signer
// reads.
func (f *custodyFixture) writePolicy(t *testing.T, name string, p *coldwallet.Policy) string {
	t.Helper()
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.path(name), b, 0o644))
	return f.path(name)
}

// vaultPolicy allows transfers to the customer.
func vaultPolicy(to sign.Address) *coldwallet.Policy {
	return &coldwallet.Policy{
		Version: 1, Networks: []sign.Network{sign.Testnet}, Types: []string{"transfer"},
		MaxAmountPerTransaction: "1001",
		Window:                  &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "5000", MaxCount: 20},
		Recipients:              []sign.Address{to}, MaxDeadline: "6h",
	}
}

// modifyPolicy allows conversions and cosignatory changes.
func modifyPolicy() *coldwallet.Policy {
	return &coldwallet.Policy{
		Version: 1, Networks: []sign.Network{sign.Testnet}, Types: []string{"aggregate-modification"},
		MaxDeadline: "6h", AllowModifications: true, MaxAmountPerTransaction: "10",
	}
}

// transfer builds a transfer request from the hot key; name prefixes the
// files.
func (f *custodyFixture) transfer(t *testing.T, name, amount string, extra ...string) requestJSON {
	t.Helper()
	args := append([]string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", amount,
		"--node-time", fmt.Sprint(fixtureNodeTime), "--out", f.path(name + ".req"), "--wrapper-out", f.path(name + ".wrap"),
		"--heads", f.path("heads.json")}, extra...)
	var out requestJSON
	requireOK(t, runCLI(t, "", args...), &out)
	return out
}

// signArgs are the arguments of 'sign' for key who with policy.
func (f *custodyFixture) signArgs(req, who, policy string, extra ...string) []string {
	return append([]string{"sign", req, "--keystore", f.keystore(who), "--passphrase-file", f.passFile,
		"--policy", policy, "--journal", f.path(who + ".journal"), "--plan", f.plan}, extra...)
}

type planJSON struct {
	Out       string `json:"out"`
	Network   string `json:"network"`
	Account   string `json:"account"`
	Address   string `json:"address"`
	Threshold int    `json:"threshold"`
	Cosigners []struct {
		PublicKey string `json:"publicKey"`
		Address   string `json:"address"`
		Label     string `json:"label"`
		Role      string `json:"role"`
		Custodian string `json:"custodian"`
	} `json:"cosigners"`
	Warnings    []string `json:"warnings"`
	Fingerprint string   `json:"fingerprint"`
	Limits      string   `json:"limits"`
}

type signerJSON struct {
	PublicKey string `json:"publicKey"`
	Address   string `json:"address"`
	Label     string `json:"label"`
}

type requestJSON struct {
	RequestID   string       `json:"requestId"`
	Items       int          `json:"items"`
	Out         string       `json:"out"`
	WrapperOut  string       `json:"wrapperOut"`
	PlanOut     string       `json:"planOut"`
	NodeTime    uint32       `json:"nodeTime"`
	Deadline    uint32       `json:"deadline"`
	InnerHash   string       `json:"innerHash"`
	WrapperHash string       `json:"wrapperHash"`
	Required    int          `json:"required"`
	Removed     string       `json:"removed"`
	Signers     []signerJSON `json:"signers"`
	Warnings    []string     `json:"warnings"`
}

type signJSON struct {
	RequestID   string `json:"requestId"`
	Signer      string `json:"signer"`
	Signatures  int    `json:"signatures"`
	JournalID   string `json:"journalId"`
	JournalSeq  int    `json:"journalSeq"`
	JournalHash string `json:"journalHash"`
	RepeatOf    int    `json:"repeatOf"`
	Out         string `json:"out"`
}

type journalJSON struct {
	Valid    bool   `json:"valid"`
	HeadSeq  int    `json:"headSeq"`
	HeadHash string `json:"headHash"`
}

// requireSigned checks a successful sign run: the review on stderr, the
// response envelope on stdout (or JSON with --out).
func requireSigned(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
	require.True(t, strings.HasPrefix(r.stderr, "SIGNING REQUEST "), "stderr: %s", r.stderr)
	require.NotContains(t, r.stderr, "nemcustody: error")
}

// requireRefused checks a failed run that may have printed the review
// first: exit 1, nothing on stdout, and exactly one error line, the last.
func requireRefused(t *testing.T, r result) string {
	t.Helper()
	require.Equal(t, exitFailure, r.code, "stdout: %s stderr: %s", r.stdout, r.stderr)
	require.Empty(t, r.stdout)
	require.True(t, strings.HasSuffix(r.stderr, "\n"), "stderr: %q", r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	require.True(t, strings.HasPrefix(last, "nemcustody: error: "), "last stderr line: %q", last)
	require.Equal(t, 1, strings.Count(r.stderr, "nemcustody: error: "), "stderr: %s", r.stderr)
	require.NotContains(t, r.stderr, "nemcustody: hint: ")
	return last
}

// announceLines splits combine's output into announce objects.
func announceLines(t *testing.T, stdout string) []string {
	t.Helper()
	require.True(t, strings.HasSuffix(stdout, "\n"), "%q", stdout)
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a map[string]string
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&a), "%q", sc.Text())
		require.Len(t, a, 2)
		require.Contains(t, a, "data")
		require.Contains(t, a, "signature")
		lines = append(lines, sc.Text())
	}
	return lines
}

// readJournal returns the journal's lines.
func readJournal(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}
