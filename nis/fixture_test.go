package nis

import (
	"github.com/nemcustody/nemcustody/internal/testfix"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// t0 is the fake node's time when a test starts.
const t0 transaction.Timestamp = 250_000_000

// testKey derives a deterministic key from a label.
func testKey(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.HashedKey(t, label)
}

// testClient is a client of url with short timeouts and backoff.
func testClient(url string) *Client {
	return &Client{BaseURL: url, Timeout: 2 * time.Second, Retry: RetryPolicy{Attempts: 3, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}}
}

// custody is a 2-of-3 multisig account on a fake testnet node: one online
// key (hot) and two offline keys.
type custody struct {
	t                          testing.TB
	node                       *nistest.Node
	srv                        *httptest.Server
	client                     *Client
	plan                       *multisig.Plan
	account, hot, coldA, coldB *sign.PrivateKey
}

func newCustody(t testing.TB) *custody {
	c := &custody{t: t, account: testKey(t, "account"), hot: testKey(t, "hot"), coldA: testKey(t, "cold-a"), coldB: testKey(t, "cold-b")}
	var err error
	c.plan, err = multisig.NewPlan(c.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: c.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: c.coldA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: c.coldB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	c.node = nistest.New(sign.Testnet, t0)
	c.node.Fund(c.account.PublicKey(), 1_000_000*transaction.XEM)
	c.node.SetMultisig(c.account.PublicKey(), c.plan.Keys(), 2)
	c.srv = httptest.NewServer(c.node)
	t.Cleanup(c.srv.Close)
	c.client = testClient(c.srv.URL)
	return c
}

// offline returns the offline keys, whose journal entries count.
func (c *custody) offline() []sign.PublicKey {
	return []sign.PublicKey{c.coldA.PublicKey(), c.coldB.PublicKey()}
}

// payout is a withdrawal from the multisig account: the inner transfer,
// the wrapper signed by the hot key, and the cosignatures of both vaults.
type payout struct {
	inner        *transaction.Transfer
	wrapper      *transaction.Signed
	coldA, coldB *transaction.Signed
}

// withdraw builds a payout of amount to the account of label, stamped ts
// with a deadline 3 hours later.
func (c *custody) withdraw(amount transaction.Amount, label string, ts transaction.Timestamp) *payout {
	t := c.t
	opts := multisig.TxOptions{Timestamp: ts, Deadline: ts + 3*3600}
	p := &payout{inner: &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ts, Deadline: ts + 3*3600},
		Recipient: testKey(t, label).Address(sign.Testnet),
		Amount:    amount,
	}}
	ms, err := c.plan.Wrap(p.inner, c.hot.PublicKey(), opts)
	require.NoError(t, err)
	p.inner = ms.Inner.(*transaction.Transfer) // with the account as signer and the fee, as the wrapper holds it
	p.wrapper, err = transaction.Sign(ms, c.hot)
	require.NoError(t, err)
	p.coldA, err = c.plan.Cosign(ms.Inner, c.coldA, opts)
	require.NoError(t, err)
	p.coldB, err = c.plan.Cosign(ms.Inner, c.coldB, opts)
	require.NoError(t, err)
	return p
}

// confirmed is the wrapper carrying the given cosignatures, as a block
// holds it.
func confirmed(t testing.TB, w *transaction.Signed, cosignatures ...*transaction.Signed) *transaction.Signed {
	ms := *w.Tx.(*transaction.Multisig)
	ms.Cosignatures = nil
	for _, cs := range cosignatures {
		ms.Cosignatures = append(ms.Cosignatures, transaction.SignedCosignature{Cosignature: *cs.Tx.(*transaction.MultisigSignature), Signature: cs.Signature})
	}
	return &transaction.Signed{Tx: &ms, Signature: w.Signature}
}

// ann returns the announce payload of s.
func ann(t testing.TB, s *transaction.Signed) transaction.Announcement {
	a, err := s.Announcement()
	require.NoError(t, err)
	return a
}

// hashOf returns the hash of s's transaction.
func hashOf(t testing.TB, s *transaction.Signed) transaction.Hash {
	h, err := transaction.HashOf(s.Tx)
	require.NoError(t, err)
	return h
}

// writeJournal writes an offline signer's journal in dir: one "signed" entry
// per group of hashes, signed by key, and returns its path.
func writeJournal(t *testing.T, dir, name string, key *sign.PrivateKey, groups ...[]transaction.Hash) string {
	path := filepath.Join(dir, name)
	j, err := journal.Create(path, "", nil, journal.Options{})
	require.NoError(t, err)
	defer j.Close()
	for i, hs := range groups {
		_, err := j.Append(journal.Entry{Event: journal.EventSigned, RequestID: name + "-" + string(rune('a'+i)),
			Hashes: hs, Summary: "approved payout", Signer: key.PublicKey()})
		require.NoError(t, err)
	}
	return path
}

// multisigOpts are transaction options stamped t0.
func multisigOpts() multisig.TxOptions {
	return multisig.TxOptions{Timestamp: t0, Deadline: t0 + 3600}
}
