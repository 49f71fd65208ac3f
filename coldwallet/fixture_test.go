package coldwallet

import (
	"flag"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	require.Equal(t, string(want), string(got), "golden file %s", path)
}

// fixtureKey derives a deterministic key from a label.
func fixtureKey(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.PaddedKey(t, label)
}

const (
	fixtureTime     transaction.Timestamp = 367_856_452
	fixtureDeadline transaction.Timestamp = fixtureTime + 6*3600
)

type fixture struct {
	plan                       *multisig.Plan
	account, hot, coldA, coldB *sign.PrivateKey
	opts                       multisig.TxOptions
}

func newFixture(t testing.TB) *fixture {
	f := &fixture{
		account: fixtureKey(t, "fixture account"),
		hot:     fixtureKey(t, "fixture hot"),
		coldA:   fixtureKey(t, "fixture cold A"),
		coldB:   fixtureKey(t, "fixture cold B"),
		opts:    multisig.TxOptions{Timestamp: fixtureTime, Deadline: fixtureDeadline},
	}
	var err error
	f.plan, err = multisig.NewPlan(f.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: f.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: f.coldA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: f.coldB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	return f
}

// withdrawal wraps a transfer of amount XEM with the hot key and returns
// the signed wrapper.
func (f *fixture) withdrawal(t testing.TB, amount transaction.Amount, to sign.Address) *transaction.Signed {
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: fixtureTime, Deadline: fixtureDeadline},
		Recipient: to,
		Amount:    amount,
		Message:   &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("withdrawal 7f3a")},
	}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), f.opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, f.hot)
	require.NoError(t, err)
	return w
}

// cosignRequest asks vault A to cosign the wrapper's inner transaction.
func (f *fixture) cosignRequest(t testing.TB, wrappers ...*transaction.Signed) *Request {
	r := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldA.PublicKey()}, Note: "batch 2026-11-23 #1"}
	for _, w := range wrappers {
		inner := w.Tx.(*transaction.Multisig).Inner
		cs, err := f.plan.Cosignature(inner, f.coldA.PublicKey(), f.opts)
		require.NoError(t, err)
		r.Items = append(r.Items, Item{Kind: KindCosign, Tx: cs, Inner: inner})
	}
	return r
}

func (f *fixture) customer(t testing.TB) sign.Address {
	return fixtureKey(t, "fixture customer").Address(sign.Testnet)
}

// verifyFileEntries verifies the journal file at path (journal.Verify on
// the file, as the watcher reads a copy).
func verifyFileEntries(path string, opts journal.VerifyOptions) ([]journal.Entry, journal.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, journal.Result{}, err
	}
	defer f.Close()
	return journal.Verify(f, opts)
}

// verifyJournalFile is verifyFileEntries without the entries.
func verifyJournalFile(path string, opts journal.VerifyOptions) (journal.Result, error) {
	_, res, err := verifyFileEntries(path, opts)
	return res, err
}
