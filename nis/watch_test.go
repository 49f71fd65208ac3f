package nis

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func kinds(alerts []Alert) []AlertKind {
	var k []AlertKind
	for _, a := range alerts {
		k = append(k, a.Kind)
	}
	return k
}

// TestWatchOnePoll is the acceptance case: an unapproved outgoing transfer
// and an over-threshold burst are both reported by one poll; approved
// transfers are not.
func TestWatchOnePoll(t *testing.T) {
	c := newCustody(t)
	dir := t.TempDir()
	approved := c.withdraw(100*transaction.XEM, "alice", t0-1800)
	stolen := c.withdraw(50*transaction.XEM, "mallory", t0-1200) // hot key + vault B: vault B's journal is not given
	var burst []*payout
	for i, ts := range []transaction.Timestamp{t0 - 600, t0 - 500, t0 - 400} {
		burst = append(burst, c.withdraw(transaction.Amount(400+i)*transaction.XEM, "exchange", ts))
	}
	ancient := c.withdraw(7*transaction.XEM, "mallory", t0-3*24*3600) // before the lookback
	require.NoError(t, c.node.AddBlock(confirmed(t, ancient.wrapper, ancient.coldB)))
	require.NoError(t, c.node.AddBlock(confirmed(t, approved.wrapper, approved.coldA)))
	require.NoError(t, c.node.AddBlock(confirmed(t, stolen.wrapper, stolen.coldB)))
	for _, p := range burst {
		require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldA)))
	}
	// An incoming transfer is not an outflow.
	donor := testKey(t, "donor")
	c.node.Fund(donor.PublicKey(), 1000*transaction.XEM)
	in, err := transaction.Sign(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: t0 - 100,
		Deadline: t0 + 3600, Signer: donor.PublicKey(), Fee: transaction.FeeUnit}, Recipient: c.plan.Address(), Amount: 999 * transaction.XEM}, donor)
	require.NoError(t, err)
	require.NoError(t, c.node.AddBlock(in))

	vaultA := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{hashOf(t, approved.coldA)},
		[]transaction.Hash{hashOf(t, burst[0].coldA), hashOf(t, burst[1].coldA), hashOf(t, burst[2].coldA)})
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{vaultA}, Signers: c.offline(),
		MaxOutflow: 1000 * transaction.XEM, Window: time.Hour})
	require.NoError(t, err)

	alerts, err := w.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved, Outflow}, kinds(alerts))

	u := alerts[0]
	require.Equal(t, hashOf(t, stolen.wrapper), *u.Hash)
	require.Equal(t, "transfer", u.Type)
	require.Equal(t, testKey(t, "mallory").Address(sign.Testnet), *u.Recipient)
	require.Equal(t, 50*transaction.XEM, u.Amount)
	require.Equal(t, 350_000*transaction.MicroXEM, u.Fee, "inner 0.05 + wrapper 0.15 + one cosignature 0.15")
	require.NotZero(t, u.Height)
	require.Equal(t, t0, u.NodeTime)
	require.Contains(t, u.Message, "unapproved transfer of 50.000000 XEM to "+testKey(t, "mallory").Address(sign.Testnet).String())

	o := alerts[1]
	require.Equal(t, (100+50+400+401+402)*transaction.XEM+5*350_000, o.Amount, "fees included")
	require.Equal(t, 1000*transaction.XEM, o.Limit)
	require.Equal(t, "1h0m0s", o.Window)
	require.Len(t, o.Hashes, 5)
	require.Equal(t, hashOf(t, approved.wrapper), o.Hashes[0], "oldest first")
	require.Contains(t, o.Message, "1354.750000 XEM left")

	b, err := json.Marshal(u)
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, "unapproved", back["kind"])
	require.Equal(t, hashOf(t, stolen.wrapper).String(), back["hash"])
	require.Equal(t, float64(50_000_000), back["amount"], "micro-XEM")

	// Nothing new: nothing reported again.
	alerts, err = w.Poll(context.Background())
	require.NoError(t, err)
	require.Empty(t, alerts)
}

// TestWatchPending: an unconfirmed wrapper waits PendingGrace for the
// cosignatures that approve it; once they are attached it is approved.
func TestWatchPending(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := c.withdraw(10*transaction.XEM, "alice", t0)
	bad := c.withdraw(20*transaction.XEM, "mallory", t0)
	vaultA := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{hashOf(t, good.coldA)})
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{vaultA}, Signers: c.offline()})
	require.NoError(t, err)

	for _, s := range []*transaction.Signed{good.wrapper, bad.wrapper} {
		_, err := c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
	}
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts, "within the grace period")

	_, err = c.client.Announce(ctx, ann(t, good.coldA))
	require.NoError(t, err)
	c.node.Advance(DefaultPendingGrace)
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved}, kinds(alerts))
	require.Equal(t, hashOf(t, bad.wrapper), *alerts[0].Hash)
	require.Zero(t, alerts[0].Height, "unconfirmed")
	require.Contains(t, alerts[0].Message, "(unconfirmed, hash ")

	// The attacker completes it with vault B: confirmed, not reported
	// twice; the approved one is never reported.
	_, err = c.client.Announce(ctx, ann(t, bad.coldB))
	require.NoError(t, err)
	require.Equal(t, 2, c.node.Harvest())
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts)
}

// TestWatchOrdinaryAccount: a single-key hot wallet. Its transfers are
// approved by their own hash; an unapproved one is reported while still
// unconfirmed.
func TestWatchOrdinaryAccount(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	hotWallet := testKey(t, "hot-wallet")
	c.node.Fund(hotWallet.PublicKey(), 10_000*transaction.XEM)
	send := func(amount transaction.Amount, to string) *transaction.Signed {
		s, err := transaction.Sign(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: t0,
			Deadline: t0 + 3600, Signer: hotWallet.PublicKey(), Fee: transaction.FeeUnit},
			Recipient: testKey(t, to).Address(sign.Testnet), Amount: amount}, hotWallet)
		require.NoError(t, err)
		return s
	}
	ok, probe := send(5*transaction.XEM, "alice"), send(10*transaction.XEM, "mallory")
	j := writeJournal(t, t.TempDir(), "signer.jsonl", hotWallet, []transaction.Hash{hashOf(t, ok)})
	w, err := NewWatcher(c.client, WatchConfig{Account: hotWallet.Address(sign.Testnet), Journals: []string{j}, Signers: []sign.PublicKey{hotWallet.PublicKey()}})
	require.NoError(t, err)
	for _, s := range []*transaction.Signed{ok, probe} {
		_, err := c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
	}
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved}, kinds(alerts))
	require.Equal(t, hashOf(t, probe), *alerts[0].Hash)
	require.Nil(t, alerts[0].InnerHash)
}

// TestWatchBurstAfterStart: transfers seen after the first poll count at
// the node time they were first seen, whatever their timestamp says.
func TestWatchBurstAfterStart(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	dir := t.TempDir()
	j := writeJournal(t, dir, "vault-a.jsonl", c.coldA)
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline(), MaxOutflow: 500 * transaction.XEM, Window: 10 * time.Minute})
	require.NoError(t, err)
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts)

	// Stamped 20 hours ago, outside a 10-minute window by their
	// timestamps: an attacker's trick. Approved, but still counted.
	var hashes []transaction.Hash
	for i := range 3 {
		p := c.withdraw(200*transaction.XEM, "exchange", t0-20*3600+transaction.Timestamp(i))
		require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldA)))
		hashes = append(hashes, hashOf(t, p.coldA))
	}
	j2 := writeJournal(t, dir, "vault-a2.jsonl", c.coldA, hashes)
	require.NoError(t, os.Rename(j2, j))
	c.node.Advance(time.Minute)
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Outflow}, kinds(alerts))
	require.Equal(t, 600*transaction.XEM+3*350_000, alerts[0].Amount)

	// Eleven minutes later the window has moved on; a small transfer is
	// not a burst.
	c.node.Advance(11 * time.Minute)
	p := c.withdraw(1*transaction.XEM, "exchange", t0)
	require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldB)))
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved}, kinds(alerts))
}

// TestWatchJournalsMustVerify: NewWatcher reads the journals, so a
// missing or corrupt one fails at once; one corrupted later fails the poll.
func TestWatchJournalsMustVerify(t *testing.T) {
	c := newCustody(t)
	dir := t.TempDir()
	_, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{dir + "/missing"}, Signers: c.offline()})
	require.ErrorIs(t, err, os.ErrNotExist)
	require.ErrorContains(t, err, "nis: watch: journal "+dir+"/missing: ")

	j := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{{1}}, []transaction.Hash{{2}})
	good, err := os.ReadFile(j)
	require.NoError(t, err)
	bad := slices.Clone(good)
	bad[len(bad)/2] ^= 1
	require.NoError(t, os.WriteFile(j, bad, 0o600))
	_, err = NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline()})
	require.ErrorIs(t, err, journal.ErrCorrupt)

	require.NoError(t, os.WriteFile(j, good, 0o600))
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline()})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(j, bad, 0o600))
	_, err = w.Poll(context.Background())
	require.ErrorIs(t, err, journal.ErrCorrupt)
}

func TestWatchNodeErrors(t *testing.T) {
	c := newCustody(t)
	j := writeJournal(t, t.TempDir(), "vault-a.jsonl", c.coldA)
	cl := c.rewriting("/account/transfers/outgoing", func(string) string { return "<html>" })
	w, err := NewWatcher(cl, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline()})
	require.NoError(t, err)
	_, err = w.Poll(context.Background())
	require.ErrorIs(t, err, ErrBadResponse)
}

func TestNewWatcherChecks(t *testing.T) {
	c := newCustody(t)
	for _, cfg := range []WatchConfig{
		{},
		{Account: c.plan.Address(), MaxOutflow: 1},
		{Account: c.plan.Address(), PendingGrace: -1},
		{Account: c.plan.Address(), Signers: []sign.PublicKey{{}}},
	} {
		_, err := NewWatcher(c.client, cfg)
		require.Error(t, err)
	}
	j := writeJournal(t, t.TempDir(), "vault-a.jsonl", c.coldA)
	_, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}})
	require.ErrorIs(t, err, ErrNoSigners)
	_, err = NewWatcher(nil, WatchConfig{Account: c.plan.Address()})
	require.Error(t, err)
}

func TestWebhook(t *testing.T) {
	got := make(chan map[string]any, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		got <- m
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	h := transaction.Hash{7}
	a := Alert{Kind: Unapproved, Account: testKey(t, "x").Address(sign.Testnet), Hash: &h, Message: "m"}
	require.NoError(t, (&Webhook{URL: srv.URL}).Send(context.Background(), a))
	m := <-got
	require.Equal(t, "unapproved", m["kind"])
	require.Equal(t, h.String(), m["hash"])

	fail := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer fail.Close()
	require.ErrorContains(t, (&Webhook{URL: fail.URL, Backoff: time.Millisecond}).Send(context.Background(), a), "HTTP 500")
	require.Error(t, (&Webhook{URL: "file:///etc/passwd"}).Send(context.Background(), a))
}

// TestWatchIncomplete: more new outgoing transactions than one poll reads
// is itself reported.
func TestWatchIncomplete(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	hotWallet := testKey(t, "hot-wallet")
	c.node.Fund(hotWallet.PublicKey(), 1_000_000*transaction.XEM)
	j := writeJournal(t, t.TempDir(), "signer.jsonl", hotWallet)
	w, err := NewWatcher(c.client, WatchConfig{Account: hotWallet.Address(sign.Testnet), Journals: []string{j}, Signers: []sign.PublicKey{hotWallet.PublicKey()}})
	require.NoError(t, err)
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts)

	n := watchPages*MaxPageSize + 1
	var txs []*transaction.Signed
	for i := range n {
		s, err := transaction.Sign(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1,
			Timestamp: t0 + transaction.Timestamp(i), Deadline: t0 + 3600, Signer: hotWallet.PublicKey(), Fee: transaction.FeeUnit},
			Recipient: testKey(t, "drain").Address(sign.Testnet), Amount: transaction.XEM}, hotWallet)
		require.NoError(t, err)
		txs = append(txs, s)
	}
	require.NoError(t, c.node.AddBlock(txs...))
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, alerts, n)
	require.Equal(t, Incomplete, alerts[0].Kind)
	require.Equal(t, Unapproved, alerts[n-1].Kind)
}

// TestWatchApprovesByInnerHash: a journal entry whose "approves" holds the
// inner transaction's hash (as the offline signer writes for every
// cosignature) approves the wrapper as soon as the signer's cosignature is
// attached, even when it is not the cosignature whose hash the journal
// records (re-issued, say); until then the wrapper waits PendingGrace.
func TestWatchApprovesByInnerHash(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := c.withdraw(10*transaction.XEM, "alice", t0)
	bad := c.withdraw(20*transaction.XEM, "mallory", t0)
	inner, err := transaction.InnerHash(good.wrapper.Tx.(*transaction.Multisig))
	require.NoError(t, err)
	path := filepath.Join(dir, "vault-a.jsonl")
	j, err := journal.Create(path, "", nil, journal.Options{})
	require.NoError(t, err)
	_, err = j.Append(journal.Entry{Event: journal.EventSigned, RequestID: "r1", Hashes: []transaction.Hash{{9}},
		Approves: []transaction.Hash{inner}, Summary: "approved payout", Signer: c.coldA.PublicKey()})
	require.NoError(t, err)
	require.NoError(t, j.Close())

	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{path}, Signers: c.offline(), PendingGrace: time.Second})
	require.NoError(t, err)
	for _, s := range []*transaction.Signed{good.wrapper, bad.wrapper} {
		_, err := c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
	}
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts, "within the grace period")
	_, err = c.client.Announce(ctx, ann(t, good.coldA))
	require.NoError(t, err)
	c.node.Advance(2 * time.Second)
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved}, kinds(alerts), "only the payout no journal approved")
	require.Equal(t, hashOf(t, bad.wrapper), *alerts[0].Hash)
}

// TestWatchForgedJournal: entries anyone with write access to the journal
// copies could append approve nothing the named key did not sign: not an
// entry naming an offline key whose signature the transaction lacks, nor
// one naming a key (the hot key) that is not an offline signer. An entry
// naming an offline key that did sign it does approve it: that is all the
// check guarantees.
func TestWatchForgedJournal(t *testing.T) {
	c := newCustody(t)
	dir := t.TempDir()
	stolen := c.withdraw(500*transaction.XEM, "mallory", t0-600)
	signedByB := c.withdraw(5*transaction.XEM, "bob", t0-300)
	require.NoError(t, c.node.AddBlock(confirmed(t, stolen.wrapper, stolen.coldB), confirmed(t, signedByB.wrapper, signedByB.coldB)))
	inner := func(p *payout) transaction.Hash {
		h, err := transaction.InnerHash(p.wrapper.Tx.(*transaction.Multisig))
		require.NoError(t, err)
		return h
	}
	path := filepath.Join(dir, "vault-a.jsonl")
	j, err := journal.Create(path, "", nil, journal.Options{})
	require.NoError(t, err)
	for i, e := range []journal.Entry{
		{Hashes: []transaction.Hash{hashOf(t, stolen.coldB)}, Approves: []transaction.Hash{inner(stolen)}, Signer: c.coldA.PublicKey()},
		{Hashes: []transaction.Hash{hashOf(t, stolen.wrapper)}, Approves: []transaction.Hash{inner(stolen)}, Signer: c.hot.PublicKey()},
		{Hashes: []transaction.Hash{{9}}, Approves: []transaction.Hash{inner(signedByB)}, Signer: c.coldB.PublicKey()},
	} {
		e.Event, e.RequestID, e.Summary = journal.EventSigned, fmt.Sprintf("forged-%d", i), "forged"
		_, err = j.Append(e)
		require.NoError(t, err)
	}
	require.NoError(t, j.Close())

	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{path}, Signers: c.offline()})
	require.NoError(t, err)
	alerts, err := w.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Unapproved}, kinds(alerts))
	require.Equal(t, hashOf(t, stolen.wrapper), *alerts[0].Hash)
}

// TestWatchFee: a wrapper around an approved payout whose initiator set a
// draining fee is reported (Fee), confirmed or still unconfirmed, and its
// fees count in the outflow; MaxFee raises the cap.
func TestWatchFee(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	dir := t.TempDir()
	// rewrap signs p's inner transaction again in a wrapper paying fee.
	rewrap := func(p *payout, fee transaction.Amount) *transaction.Signed {
		ms := *p.wrapper.Tx.(*transaction.Multisig)
		ms.Fee = fee
		s, err := transaction.Sign(&ms, c.hot)
		require.NoError(t, err)
		return s
	}
	drain := c.withdraw(10*transaction.XEM, "alice", t0-600)
	drainWrapper := rewrap(drain, 900_000*transaction.XEM)
	require.NoError(t, c.node.AddBlock(confirmed(t, drainWrapper, drain.coldA)))
	pending := c.withdraw(20*transaction.XEM, "bob", t0)
	pendingWrapper := rewrap(pending, 50*transaction.XEM)
	j := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{hashOf(t, drain.coldA)}, []transaction.Hash{hashOf(t, pending.coldA)})

	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline(),
		MaxOutflow: 1000 * transaction.XEM, Window: time.Hour})
	require.NoError(t, err)
	c.node.Fund(c.account.PublicKey(), 1_000_000*transaction.XEM)
	for _, s := range []*transaction.Signed{pendingWrapper, pending.coldA} {
		_, err := c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
	}
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Fee, Fee, Outflow}, kinds(alerts))

	f := alerts[0]
	require.Equal(t, hashOf(t, drainWrapper), *f.Hash)
	require.Equal(t, 10*transaction.XEM, f.Amount)
	require.Equal(t, 900_000*transaction.XEM+200_000, f.Fee, "wrapper + inner 0.05 + cosignature 0.15")
	require.Equal(t, defaultMaxFee, f.Limit)
	require.Contains(t, f.Message, "costs the account 900000.200000 XEM in fees, above the limit of 10.000000 XEM")
	require.NotZero(t, f.Height)

	require.Equal(t, hashOf(t, pendingWrapper), *alerts[1].Hash)
	require.Equal(t, 50*transaction.XEM+200_000, alerts[1].Fee)
	require.Zero(t, alerts[1].Height, "unconfirmed: reported at once")

	require.Equal(t, 900_010*transaction.XEM+200_000, alerts[2].Amount, "the drain's fees count as outflow")

	// Nothing reported twice, also once the pending one is confirmed.
	require.Equal(t, 1, c.node.Harvest())
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Outflow}, kinds(alerts), "the confirmed pending payout is new outflow")

	// A higher cap accepts the 50 XEM wrapper.
	w, err = NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline(), MaxFee: 100 * transaction.XEM})
	require.NoError(t, err)
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Fee}, kinds(alerts))
	require.Equal(t, hashOf(t, drainWrapper), *alerts[0].Hash)
}

// TestWatchShortPages: a node that ignores pageSize and answers 25 per
// page (NIS before pageSize existed) is read to the end all the same.
func TestWatchShortPages(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	hotWallet := testKey(t, "hot-wallet")
	c.node.Fund(hotWallet.PublicKey(), 1_000_000*transaction.XEM)
	j := writeJournal(t, t.TempDir(), "signer.jsonl", hotWallet)
	var pages atomic.Int32
	cl := c.rewriting("/account/transfers/outgoing", func(body string) string {
		pages.Add(1)
		var p struct {
			Data []json.RawMessage `json:"data"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &p))
		p.Data = p.Data[:min(len(p.Data), 25)]
		b, err := json.Marshal(p)
		require.NoError(t, err)
		return string(b)
	})
	w, err := NewWatcher(cl, WatchConfig{Account: hotWallet.Address(sign.Testnet), Journals: []string{j}, Signers: []sign.PublicKey{hotWallet.PublicKey()}})
	require.NoError(t, err)
	alerts, err := w.Poll(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts)

	var txs []*transaction.Signed
	for i := range 60 {
		s, err := transaction.Sign(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1,
			Timestamp: t0 + transaction.Timestamp(i), Deadline: t0 + 3600, Signer: hotWallet.PublicKey(), Fee: transaction.FeeUnit},
			Recipient: testKey(t, "drain").Address(sign.Testnet), Amount: transaction.XEM}, hotWallet)
		require.NoError(t, err)
		txs = append(txs, s)
	}
	require.NoError(t, c.node.AddBlock(txs...))
	pages.Store(0)
	alerts, err = w.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, alerts, 60)
	for _, a := range alerts {
		require.Equal(t, Unapproved, a.Kind)
	}
	require.EqualValues(t, 4, pages.Load(), "25 + 25 + 10, then an empty page")
}

// TestWatchJournalHeads is class 4 of the custody review on the watcher's
// side: with the heads combine recorded, a journal copy that is not the
// signer's journal (a new file), or no longer holds the recorded entry (a
// truncated or older copy), is refused at start and at every poll.
func TestWatchJournalHeads(t *testing.T) {
	c := newCustody(t)
	dir := t.TempDir()
	path := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{{1}}, []transaction.Hash{{2}})
	entries, err := verifyJournalFile(path)
	require.NoError(t, err)
	last := entries[len(entries)-1]
	heads := []journal.Head{{Signer: c.coldA.PublicKey(), Journal: journal.Identity(entries[0]), Seq: last.Seq, Hash: last.Hash.String()}}
	require.NoError(t, heads[0].Check())
	cfg := WatchConfig{Account: c.plan.Address(), Journals: []string{path}, Signers: c.offline(), Heads: heads}
	w, err := NewWatcher(c.client, cfg)
	require.NoError(t, err, "the signer's journal, up to date")

	// An older copy: cut at the entry before the recorded one.
	full, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := splitLines(full)
	require.NoError(t, os.WriteFile(path, slices.Concat(lines[:len(lines)-1]...), 0o600))
	_, err = NewWatcher(c.client, cfg)
	require.ErrorIs(t, err, journal.ErrRollback)
	_, err = w.Poll(context.Background())
	require.ErrorIs(t, err, journal.ErrRollback, "at every poll")

	// Another journal of the same signer: a new file.
	other := writeJournal(t, t.TempDir(), "vault-a.jsonl", c.coldA, []transaction.Hash{{1}}, []transaction.Hash{{2}})
	cfg.Journals = []string{other}
	_, err = NewWatcher(c.client, cfg)
	require.ErrorIs(t, err, journal.ErrRollback)
	require.ErrorContains(t, err, "responses came from journal")
}

// splitLines splits b after each newline.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := slices.Index(b, '\n')
		if i < 0 {
			return append(out, b)
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}
