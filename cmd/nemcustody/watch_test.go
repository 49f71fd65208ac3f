package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

const watchT0 transaction.Timestamp = 250_000_000

// watchFixture is a 2-of-3 multisig account on a fake node with one
// approved and one unapproved payout confirmed, and vault A's journal.
type watchFixture struct {
	node    *nistest.Node
	url     string
	account sign.Address
	journal string
	plan    string
	signers []string // the offline keys, hex
	stolen  transaction.Hash
}

func seedKey(t *testing.T, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.HashedKey(t, label)
}

func newWatchFixture(t *testing.T) *watchFixture {
	account, hot, coldA, coldB := seedKey(t, "account"), seedKey(t, "hot"), seedKey(t, "cold-a"), seedKey(t, "cold-b")
	plan, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "hot", Role: multisig.Online},
		{PublicKey: coldA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "A"},
		{PublicKey: coldB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	node := nistest.New(sign.Testnet, watchT0)
	node.Fund(account.PublicKey(), 100_000*transaction.XEM)
	node.SetMultisig(account.PublicKey(), plan.Keys(), 2)

	pay := func(amount transaction.Amount, to string, cosigner *sign.PrivateKey, ts transaction.Timestamp) (*transaction.Signed, *transaction.Signed) {
		opts := multisig.TxOptions{Timestamp: ts, Deadline: ts + 3600}
		ms, err := plan.Wrap(&transaction.Transfer{
			Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ts, Deadline: ts + 3600},
			Recipient: seedKey(t, to).Address(sign.Testnet), Amount: amount,
		}, hot.PublicKey(), opts)
		require.NoError(t, err)
		w, err := transaction.Sign(ms, hot)
		require.NoError(t, err)
		cs, err := plan.Cosign(ms.Inner, cosigner, opts)
		require.NoError(t, err)
		withCs := *ms
		withCs.Cosignatures = []transaction.SignedCosignature{{Cosignature: *cs.Tx.(*transaction.MultisigSignature), Signature: cs.Signature}}
		require.NoError(t, node.AddBlock(&transaction.Signed{Tx: &withCs, Signature: w.Signature}))
		return w, cs
	}
	_, okCs := pay(100*transaction.XEM, "alice", coldA, watchT0-900)
	stolen, _ := pay(900*transaction.XEM, "mallory", coldB, watchT0-600)

	dir := t.TempDir()
	f := &watchFixture{node: node, account: plan.Address(), journal: filepath.Join(dir, "vault-a.jsonl"), plan: filepath.Join(dir, "plan.json"),
		signers: []string{coldA.PublicKey().String(), coldB.PublicKey().String()}}
	b, err := json.Marshal(plan)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.plan, b, 0o600))
	f.stolen, err = transaction.HashOf(stolen.Tx)
	require.NoError(t, err)
	okHash, err := transaction.HashOf(okCs.Tx)
	require.NoError(t, err)
	j, err := journal.Create(f.journal, "", nil, journal.Options{})
	require.NoError(t, err)
	_, err = j.Append(journal.Entry{Event: journal.EventSigned, RequestID: "req-1", Hashes: []transaction.Hash{okHash},
		Summary: "payout to alice", Signer: coldA.PublicKey()})
	require.NoError(t, err)
	require.NoError(t, j.Close())

	srv := httptest.NewServer(node)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// args are watch's arguments for the fixture's node, account, journal and
// offline keys, then extra.
func (f *watchFixture) args(extra ...string) []string {
	return f.argsFor(f.url, extra...)
}

// argsFor is args with another node URL.
func (f *watchFixture) argsFor(url string, extra ...string) []string {
	return append([]string{"watch", "--node", url, "--account", f.account.Pretty(), "--journal", f.journal,
		"--signer", f.signers[0], "--signer", f.signers[1]}, extra...)
}

// alertsOf decodes the JSON lines of stdout.
func alertsOf(t *testing.T, stdout string) []nis.Alert {
	var out []nis.Alert
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		var a nis.Alert
		require.NoError(t, json.Unmarshal([]byte(line), &a), line)
		out = append(out, a)
	}
	return out
}

func TestWatchOnce(t *testing.T) {
	f := newWatchFixture(t)
	var posted atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { posted.Add(1) }))
	defer hook.Close()

	r := runCLI(t, "", f.args("--once", "--max-outflow", "500", "--window", "1h", "--webhook", hook.URL)...)
	require.Equal(t, exitAlerts, r.code, "stderr: %s", r.stderr)
	alerts := alertsOf(t, r.stdout)
	require.Len(t, alerts, 2)
	require.Equal(t, nis.Unapproved, alerts[0].Kind)
	require.Equal(t, f.stolen, *alerts[0].Hash)
	require.Equal(t, nis.Outflow, alerts[1].Kind)
	require.Equal(t, 1000*transaction.XEM+2*350_000, alerts[1].Amount, "two payouts and their fees")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.Len(t, lines, 2)
	for _, l := range lines {
		require.True(t, strings.HasPrefix(l, "nemcustody: alert: "), l)
	}
	require.Contains(t, lines[0], "unapproved transfer of 900.000000 XEM")
	require.Equal(t, int32(2), posted.Load())

	// Below the limit and with the payout approved: nothing, exit 0.
	r = runCLI(t, "", f.args("--once", "--max-outflow", "5000", "--window", "1h", "--lookback", "1m")...)
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
	require.Empty(t, r.stdout)
	require.Empty(t, r.stderr)
}

// TestWatchSigners: only entries of the given offline keys count. With
// --plan the plan's offline cosigners are those keys; with only vault B's
// key, vault A's journal approves nothing; a --max-fee below the payouts'
// fees turns the approved one into a fee alert.
func TestWatchSigners(t *testing.T) {
	f := newWatchFixture(t)
	base := []string{"watch", "--node", f.url, "--account", f.account.String(), "--journal", f.journal, "--once"}
	r := runCLI(t, "", append(base, "--plan", f.plan)...)
	require.Equal(t, exitAlerts, r.code, "stderr: %s", r.stderr)
	alerts := alertsOf(t, r.stdout)
	require.Len(t, alerts, 1)
	require.Equal(t, f.stolen, *alerts[0].Hash)

	r = runCLI(t, "", append(base, "--signer", f.signers[1])...)
	require.Equal(t, exitAlerts, r.code, "stderr: %s", r.stderr)
	require.Equal(t, []nis.AlertKind{nis.Unapproved, nis.Unapproved}, kindsOf(alertsOf(t, r.stdout)))

	r = runCLI(t, "", f.args("--once", "--max-fee", "0.3")...)
	require.Equal(t, exitAlerts, r.code, "stderr: %s", r.stderr)
	alerts = alertsOf(t, r.stdout)
	require.Equal(t, []nis.AlertKind{nis.Unapproved, nis.Fee}, kindsOf(alerts), "newest first")
	require.Equal(t, 350_000*transaction.MicroXEM, alerts[1].Fee)
	require.Equal(t, 300_000*transaction.MicroXEM, alerts[1].Limit)
}

func kindsOf(alerts []nis.Alert) []nis.AlertKind {
	var k []nis.AlertKind
	for _, a := range alerts {
		k = append(k, a.Kind)
	}
	return k
}

func TestWatchOnceFailures(t *testing.T) {
	f := newWatchFixture(t)
	// A node that refuses every connection, in a synctest bubble: the
	// client's retries and backoffs run on the bubble's clock.
	synctest.Test(t, func(t *testing.T) {
		down := func(*http.Request) (*http.Response, error) { return nil, errors.New("connection refused") }
		r := runWatchIn(t, roundTripFunc(down), nil, f.argsFor("http://node.test", "--once")...)
		requireFailure(t, r)
		require.Contains(t, r.stderr, "node unavailable")
	})

	r := runCLI(t, "", "watch", "--node", f.url, "--account", f.account.String(), "--journal", f.journal+".missing", "--signer", f.signers[0], "--once")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "nemcustody: error: nis: watch: journal "+f.journal+".missing: ")

	r = runCLI(t, "", append(f.args("--once"), "--plan", f.plan+".missing")...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "plan")
}

func TestWatchUsage(t *testing.T) {
	f := newWatchFixture(t)
	for name, args := range map[string][]string{
		"no node":                 {"watch", "--account", f.account.String(), "--journal", f.journal},
		"node not a URL":          {"watch", "--node", "localhost:7890", "--account", f.account.String(), "--journal", f.journal},
		"no account":              {"watch", "--node", f.url, "--journal", f.journal},
		"bad account":             {"watch", "--node", f.url, "--account", "TALICE", "--journal", f.journal},
		"no journal":              {"watch", "--node", f.url, "--account", f.account.String()},
		"outflow without window":  f.args("--max-outflow", "10"),
		"window without outflow":  f.args("--window", "1h"),
		"negative outflow":        f.args("--max-outflow", "-1", "--window", "1h"),
		"zero interval":           f.args("--interval", "0s"),
		"webhook not http":        f.args("--webhook", "file:///tmp/x"),
		"an argument":             f.args("extra"),
		"interval not a duration": f.args("--interval", "often"),
		"no signer":               {"watch", "--node", f.url, "--account", f.account.String(), "--journal", f.journal},
		"signer not a key":        f.args("--signer", "cold-a"),
		"zero max fee":            f.args("--max-fee", "0"),
	} {
		t.Run(name, func(t *testing.T) {
			requireUsage(t, runCLI(t, "", args...))
		})
	}
	r := runCLI(t, "", "watch", "--help")
	require.Equal(t, exitOK, r.code)
	require.True(t, strings.HasPrefix(r.stdout, "Usage: nemcustody watch"))
	require.Contains(t, r.stdout, "3 alerts were raised")
}

// TestWatchContinuous: without --once, each alert is raised once across
// polls, failing polls are reported and, three in a row, alerted; an
// interrupt ends it with status 0. It runs in a synctest bubble with the
// node served in process: the polls, the client's retries and the
// interrupt follow the bubble's clock, not the machine's.
func TestWatchContinuous(t *testing.T) {
	f := newWatchFixture(t)
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		requests := 0 // network-time requests: each poll makes one per try
		node := func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/time-sync/network-time" {
				requests++
			}
			// Three good polls, then the node fails: each failed poll
			// tries 3 times; the interrupt comes in the sixth.
			if requests > 3 {
				if requests >= 3+5*3+1 {
					cancel()
				}
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			f.node.ServeHTTP(w, r)
		}
		interrupted := func() (context.Context, context.CancelFunc) { return ctx, cancel }
		r := runWatchIn(t, inProcess{http.HandlerFunc(node)}, interrupted, f.argsFor("http://node.test", "--interval", "1ms")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		alerts := alertsOf(t, r.stdout)
		require.Len(t, alerts, 2, "the unapproved payout once, then the outage once: %s", r.stdout)
		require.Equal(t, nis.Unapproved, alerts[0].Kind)
		require.Equal(t, nis.WatchFailing, alerts[1].Kind)
		require.Contains(t, r.stderr, "nemcustody: error: poll failed: ")
		require.Contains(t, r.stderr, "nemcustody: alert: 3 polls of "+f.account.String()+" in a row failed")
		require.Equal(t, 1, strings.Count(r.stderr, "in a row failed"), "the outage is alerted once")
	})
}

// runWatchIn runs a watch command whose node client uses transport, in the
// context interrupted returns (nil: until SIGINT).
func runWatchIn(t *testing.T, transport http.RoundTripper, interrupted func() (context.Context, context.CancelFunc), args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), out: new(bytes.Buffer), stdout: &stdout, stderr: &stderr, term: noTerminal{}, now: testClock,
		nodeHTTP: &http.Client{Transport: transport}, interrupted: interrupted}
	code := runEnv(e, args)
	return result{code, stdout.String(), stderr.String()}
}

// roundTripFunc is an http.RoundTripper from a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// inProcess is an http.RoundTripper that serves requests with a handler,
// in process: no sockets, so a synctest bubble sees every goroutine block.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.h.ServeHTTP(rec, r)
	}()
	select {
	case <-done:
		return rec.Result(), nil
	case <-r.Context().Done():
		<-done
		return nil, r.Context().Err()
	}
}
