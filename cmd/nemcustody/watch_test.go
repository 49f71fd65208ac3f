package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/internal/fakenis"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

const watchT0 transaction.Timestamp = 250_000_000

// watchFixture is a 2-of-3 multisig account on a fake node with one
// approved and one unapproved payout confirmed, and vault A's journal.
type watchFixture struct {
	node    *fakenis.Node
	url     string
	account sign.Address
	journal string
	stolen  transaction.Hash
}

func seedKey(t *testing.T, label string) *sign.PrivateKey {
	seed := sha256.Sum256([]byte(label))
	k, err := sign.NewPrivateKeyFromSeed(seed[:])
	require.NoError(t, err)
	return k
}

func newWatchFixture(t *testing.T) *watchFixture {
	account, hot, coldA, coldB := seedKey(t, "account"), seedKey(t, "hot"), seedKey(t, "cold-a"), seedKey(t, "cold-b")
	plan, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "hot", Role: multisig.Online},
		{PublicKey: coldA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "A"},
		{PublicKey: coldB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	node := fakenis.New(sign.Testnet, watchT0)
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

	f := &watchFixture{node: node, account: plan.Address(), journal: filepath.Join(t.TempDir(), "vault-a.jsonl")}
	f.stolen, err = transaction.HashOf(stolen.Tx)
	require.NoError(t, err)
	okHash, err := transaction.HashOf(okCs.Tx)
	require.NoError(t, err)
	j, err := coldwallet.OpenJournal(f.journal, coldwallet.JournalOptions{})
	require.NoError(t, err)
	_, err = j.Append(coldwallet.Entry{Event: coldwallet.EventSigned, RequestID: "req-1", Hashes: []transaction.Hash{okHash},
		Summary: "payout to alice", Signer: coldA.PublicKey()})
	require.NoError(t, err)
	require.NoError(t, j.Close())

	srv := httptest.NewServer(node.Handler())
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *watchFixture) args(extra ...string) []string {
	return append([]string{"watch", "--node", f.url, "--account", f.account.Pretty(), "--journal", f.journal}, extra...)
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
	require.Equal(t, 1000*transaction.XEM, alerts[1].Amount)
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

func TestWatchOnceFailures(t *testing.T) {
	f := newWatchFixture(t)
	old := watchRetry
	watchRetry = nis.RetryPolicy{Backoff: time.Millisecond}
	defer func() { watchRetry = old }()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	r := runCLI(t, "", "watch", "--node", down.URL, "--account", f.account.String(), "--journal", f.journal, "--once")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "node unavailable")

	r = runCLI(t, "", "watch", "--node", f.url, "--account", f.account.String(), "--journal", f.journal+".missing", "--once")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "journal")
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
// interrupt ends it with status 0.
func TestWatchContinuous(t *testing.T) {
	f := newWatchFixture(t)
	var polls atomic.Int32
	var failing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/time-sync/network-time" {
			polls.Add(1)
		}
		if failing.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		f.node.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old, oldRetry := watchContext, watchRetry
	watchContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	watchRetry = nis.RetryPolicy{Backoff: time.Millisecond}
	defer func() { watchContext, watchRetry = old, oldRetry }()
	go func() {
		for polls.Load() < 3 {
			time.Sleep(time.Millisecond)
		}
		failing.Store(true)
		for polls.Load() < 12 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	r := runCLI(t, "", "watch", "--node", srv.URL, "--account", f.account.String(), "--journal", f.journal, "--interval", "1ms")
	require.Equal(t, exitOK, r.code, r.stderr)
	alerts := alertsOf(t, r.stdout)
	require.Len(t, alerts, 2, "the unapproved payout once, then the outage once: %s", r.stdout)
	require.Equal(t, nis.Unapproved, alerts[0].Kind)
	require.Equal(t, nis.WatchFailing, alerts[1].Kind)
	require.Contains(t, r.stderr, "nemcustody: error: poll failed: ")
	require.Contains(t, r.stderr, "nemcustody: alert: 3 polls of "+f.account.String()+" in a row failed")
}
