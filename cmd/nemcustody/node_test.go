package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// nodeFixture is the custody fixture's account on a test node served on
// 127.0.0.1, converted to the plan (2 of 3, stored min 2) and funded.
type nodeFixture struct {
	*custodyFixture
	node *nistest.Node
	url  string
}

func newNodeFixture(t *testing.T) *nodeFixture {
	t.Helper()
	f := &nodeFixture{custodyFixture: newCustodyFixture(t), node: nistest.New(sign.Testnet, fixtureNodeTime)}
	f.node.Fund(f.keys["account"].PublicKey(), 100_000*transaction.XEM)
	f.node.SetMultisig(f.keys["account"].PublicKey(), []sign.PublicKey{f.keys["hot"].PublicKey(), f.keys["vault-a"].PublicKey(), f.keys["vault-b"].PublicKey()}, 2)
	srv := httptest.NewServer(f.node)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	nodeRetry = nis.RetryPolicy{Attempts: 1}
	t.Cleanup(func() { nodeRetry = nis.RetryPolicy{} })
	return f
}

type nodeTimeJSON struct {
	Node     string `json:"node"`
	NodeTime uint32 `json:"nodeTime"`
	UTC      string `json:"utc"`
}

type announceJSON struct {
	Node      string `json:"node"`
	Announced []struct {
		Payload   int    `json:"payload"`
		Type      string `json:"type"`
		Hash      string `json:"hash"`
		InnerHash string `json:"innerHash"`
		Code      int    `json:"code"`
		Result    string `json:"result"`
		Attempts  int    `json:"attempts"`
		Note      string `json:"note"`
	} `json:"announced"`
}

type accountJSON struct {
	Node      string `json:"node"`
	Address   string `json:"address"`
	PublicKey string `json:"publicKey"`
	Balance   string `json:"balance"`
	Multisig  *struct {
		Cosignatories []struct {
			Address   string `json:"address"`
			PublicKey string `json:"publicKey"`
			Label     string `json:"label"`
		} `json:"cosignatories"`
		MinCosignatories int `json:"minCosignatories"`
		Required         int `json:"required"`
	} `json:"multisig"`
	CosignatoryOf  []string `json:"cosignatoryOf"`
	Reconciliation *struct {
		Plan        string `json:"plan"`
		Fingerprint string `json:"fingerprint"`
		Enforced    bool   `json:"enforced"`
		Differences []struct {
			Kind    string `json:"kind"`
			Address string `json:"address"`
			Label   string `json:"label"`
			Plan    int    `json:"plan"`
			Chain   int    `json:"chain"`
			Message string `json:"message"`
		} `json:"differences"`
	} `json:"reconciliation"`
}

func TestNodeTime(t *testing.T) {
	f := newNodeFixture(t)
	var out nodeTimeJSON
	requireOK(t, runCLI(t, "", "node", "time", "--node", f.url), &out)
	require.Equal(t, nodeTimeJSON{Node: f.url, NodeTime: fixtureNodeTime, UTC: "2026-11-23T14:27:17Z"}, out)

	// The request takes the node's time itself.
	f.node.SetTime(fixtureNodeTime + 30)
	var req requestJSON
	requireOK(t, runCLI(t, "", "request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
		"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "5", "--node", f.url,
		"--out", f.path("t.req"), "--wrapper-out", f.path("t.wrap")), &req)
	require.Equal(t, uint32(fixtureNodeTime+30), req.NodeTime)
	require.Equal(t, uint32(fixtureNodeTime+30+2*3600), req.Deadline)
}

// TestNodeAnswersAreUntrusted: a node that lies or fails is reported in
// one error line, never trusted, and never given anything but a URL.
func TestNodeAnswersAreUntrusted(t *testing.T) {
	f := newNodeFixture(t)
	for _, tc := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"time out of range", `{"sendTimeStamp":-1,"receiveTimeStamp":0}`, 200, "out of range"},
		{"time with an unknown member", `{"sendTimeStamp":1,"receiveTimeStamp":1,"x":1}`, 200, "bad response"},
		{"not JSON", `<html>`, 200, "bad response"},
		{"a 500", `{}`, 500, "node unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			r := runCLI(t, "", "node", "time", "--node", srv.URL)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
			r = runCLI(t, "", "request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
				"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "5", "--node", srv.URL,
				"--out", f.path("t.req"), "--wrapper-out", f.path("t.wrap"))
			requireFailure(t, r)
			requireNoFile(t, f.path("t.req"))
		})
	}
	// The node answers for another account than the one asked for.
	other := seedKey(t, "other")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("address", other.Address(sign.Testnet).String())
		r.URL.RawQuery = q.Encode()
		f.node.ServeHTTP(w, r)
	}))
	defer srv.Close()
	r := runCLI(t, "", "account", "--node", srv.URL, "--plan", f.plan)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the node answered for "+other.Address(sign.Testnet).String())

	for _, args := range [][]string{
		{"node", "time"},
		{"node", "time", "--node", "ftp://node"},
		{"node", "time", "--node", "https://user:secret@node.example"},
		{"account", "--node", f.url},
		{"account", "--node", f.url, "TNOTANADDRESS"},
		{"announce", "--node", f.url},
		{"announce", "--node", f.url, "-", "-"},
		{"announce", "--node", f.url, "--wait", "0s", "x"},
	} {
		r := runCLI(t, "", args...)
		requireUsage(t, r)
		require.NotContains(t, r.stderr, "secret")
	}
}

func TestAccount(t *testing.T) {
	f := newNodeFixture(t)
	var out accountJSON
	requireOK(t, runCLI(t, "", "account", "--node", f.url, "--plan", f.plan), &out)
	require.Equal(t, f.keys["account"].Address(sign.Testnet).String(), out.Address)
	require.Equal(t, "100000.000000", out.Balance)
	require.NotNil(t, out.Multisig)
	require.Equal(t, 2, out.Multisig.MinCosignatories)
	require.Equal(t, 2, out.Multisig.Required)
	require.Len(t, out.Multisig.Cosignatories, 3)
	require.Equal(t, "vault A", out.Multisig.Cosignatories[1].Label)
	require.NotNil(t, out.Reconciliation)
	require.True(t, out.Reconciliation.Enforced)
	require.Empty(t, out.Reconciliation.Differences)
	require.Contains(t, runCLI(t, "", "account", "--node", f.url, "--plan", f.plan).stdout, `"differences": []`)

	// Without a plan: no labels, no reconciliation; by pretty address too.
	out = accountJSON{}
	requireOK(t, runCLI(t, "", "account", "--node", f.url, f.keys["account"].Address(sign.Testnet).Pretty()), &out)
	require.Nil(t, out.Reconciliation)
	require.Empty(t, out.Multisig.Cosignatories[1].Label)

	// The chain stores 0 on 2 of 2 cosigners (converted by another tool,
	// a vault missing): both the missing cosigner and the stored 0 are
	// reported, and the threshold NIS requires (all: 2) against the plan's.
	f.node.SetMultisig(f.keys["account"].PublicKey(), []sign.PublicKey{f.keys["hot"].PublicKey(), f.keys["vault-a"].PublicKey()}, 0)
	out = accountJSON{}
	requireOK(t, runCLI(t, "", "account", "--node", f.url, "--plan", f.plan), &out)
	require.False(t, out.Reconciliation.Enforced)
	var kinds []string
	for _, d := range out.Reconciliation.Differences {
		kinds = append(kinds, d.Kind)
	}
	require.Equal(t, []string{"missing-cosigner", "stored-min-zero"}, kinds)
	require.Equal(t, 0, out.Multisig.MinCosignatories)
	require.Equal(t, 2, out.Multisig.Required)

	// Another account than the plan's.
	r := runCLI(t, "", "account", "--node", f.url, "--plan", f.plan, f.customer.String())
	requireFailure(t, r)
	require.Contains(t, r.stderr, "is not the plan's account")

	// Not multisig: the account's own key can move everything.
	f.node.SetMultisig(f.keys["account"].PublicKey(), nil, 0)
	out = accountJSON{}
	requireOK(t, runCLI(t, "", "account", "--node", f.url, "--plan", f.plan), &out)
	require.Nil(t, out.Multisig)
	require.Equal(t, "not-multisig", out.Reconciliation.Differences[0].Kind)
}

// TestAnnounce: the payloads of a withdrawal, given cosignature first,
// reach the node wrapper first; a repeat is safe; a forged payload sends
// nothing at all.
func TestAnnounce(t *testing.T) {
	f := newNodeFixture(t)
	req := f.transfer(t, "w", "250")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("w.resp"))...))
	r := runCLI(t, "", "combine", f.path("w.req"), f.path("w.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("w.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := announceLines(t, r.stdout)
	require.Len(t, lines, 2)
	// Cosignature first, on purpose: announce orders them.
	payloads := writeFile(t, f.path("announce.jsonl"), lines[1]+"\n\n"+lines[0]+"\n")

	// A forged payload among them: nothing is sent.
	forged := strings.Replace(lines[0], `"signature":"`, `"signature":"00`, 1)
	forged = forged[:len(forged)-4] + `"}`
	bad := writeFile(t, f.path("bad.jsonl"), lines[1]+"\n"+forged+"\n")
	r = runCLI(t, "", "announce", "--node", f.url, bad)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "line 2")
	require.Zero(t, f.node.Announces(mustHex(t, req.WrapperHash)), "nothing is sent when one payload does not verify")

	var out announceJSON
	requireOK(t, runCLI(t, "", "announce", "--node", f.url, payloads), &out)
	require.Len(t, out.Announced, 2)
	require.Equal(t, 1, out.Announced[0].Payload)
	require.Equal(t, "multisig signature", out.Announced[0].Type)
	require.Equal(t, req.InnerHash, out.Announced[0].InnerHash)
	require.Equal(t, "multisig", out.Announced[1].Type)
	require.Equal(t, req.WrapperHash, out.Announced[1].Hash)
	for _, a := range out.Announced {
		require.Equal(t, 1, a.Code, "%+v", a)
		require.Equal(t, "SUCCESS", a.Result)
	}
	require.Equal(t, 1, f.node.Harvest())
	require.True(t, f.node.Confirmed(mustHex(t, req.WrapperHash)))

	// Again, from stdin: NIS answers from its cache and chain, accepted.
	out = announceJSON{}
	requireOK(t, runCLI(t, string(mustRead(t, payloads)), "announce", "--node", f.url, "-"), &out)
	require.Equal(t, "NEUTRAL", out.Announced[1].Result)

	// A wrapper the node refuses: its cosignature is not sent, and the
	// error line names both.
	f.node.SetMultisig(f.keys["account"].PublicKey(), nil, 0)
	f.transfer(t, "w2", "1")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("w2.req"), "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("w2.resp"))...))
	r = runCLI(t, "", "combine", f.path("w2.req"), f.path("w2.resp"), "--plan", f.plan, "--heads", f.path("heads.json"), "--presigned", f.path("w2.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	writeFile(t, f.path("w2.jsonl"), r.stdout)
	r = runCLI(t, "", "announce", "--node", f.url, "--wait", "1s", f.path("w2.jsonl"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "2 of 2 payloads not accepted: payload 1 (multisig ")
	require.Contains(t, r.stderr, "FAILURE_MULTISIG_NOT_A_COSIGNER; payload 2 (multisig signature ")
	require.Contains(t, r.stderr, "not sent")
}

func mustHex(t *testing.T, s string) transaction.Hash {
	t.Helper()
	h, err := transaction.ParseHash(s)
	require.NoError(t, err)
	return h
}
