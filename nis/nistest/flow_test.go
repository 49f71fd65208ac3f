package nistest_test

import (
	"bytes"
	"encoding/json"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

const now transaction.Timestamp = 250_000_000

func key(t *testing.T, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.HashedKey(t, label)
}

// announce POSTs s to the node over HTTP and returns NIS's code and
// message.
func announce(t *testing.T, url string, s *transaction.Signed) (int, string) {
	t.Helper()
	a, err := s.Announcement()
	require.NoError(t, err)
	body, err := json.Marshal(a)
	require.NoError(t, err)
	resp, err := http.Post(url+"/transaction/announce", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var r struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&r))
	return r.Code, r.Message
}

// flow is a 2-of-3 plan's account on a node served over HTTP.
type flow struct {
	node                       *nistest.Node
	url                        string
	plan                       *multisig.Plan
	account, hot, vaultA, vaul *sign.PrivateKey
}

func newFlow(t *testing.T) *flow {
	f := &flow{account: key(t, "account"), hot: key(t, "hot"), vaultA: key(t, "vault A"), vaul: key(t, "vault B")}
	var err error
	f.plan, err = multisig.NewPlan(f.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: f.hot.PublicKey(), Label: "hot", Role: multisig.Online, Custodian: "dc"},
		{PublicKey: f.vaultA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: f.vaul.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	f.node = nistest.New(sign.Testnet, now)
	f.node.Fund(f.account.PublicKey(), 10_000*transaction.XEM)
	srv := httptest.NewServer(f.node)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func mustHash(t *testing.T, tx transaction.Transaction) transaction.Hash {
	h, err := transaction.HashOf(tx)
	require.NoError(t, err)
	return h
}

func opts(ts transaction.Timestamp) multisig.TxOptions {
	return multisig.TxOptions{Timestamp: ts, Deadline: ts + 3600}
}

// TestWithdrawalAsNISCountsIt walks a conversion and a withdrawal through
// the node's HTTP API and checks each answer against NIS's rules, not
// against this module's arithmetic: the numbers are NIS's (codes from
// ValidationResult.java, fees from the fee table).
func TestWithdrawalAsNISCountsIt(t *testing.T) {
	f := newFlow(t)
	conv, err := f.plan.Conversion(opts(now))
	require.NoError(t, err)
	sc, err := transaction.Sign(conv, f.account)
	require.NoError(t, err)
	code, msg := announce(t, f.url, sc)
	require.Equal(t, 1, code, msg)
	require.Equal(t, 1, f.node.Harvest())
	st := f.node.MultisigState(f.plan.Address())
	require.Len(t, st.Cosignatories, 3)
	require.Equal(t, 2, st.MinCosignatories, "a version 2 conversion with +2 stores 2")

	// The account's own key can sign nothing now (74).
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: now + 3600},
		Recipient: key(t, "customer").Address(sign.Testnet), Amount: 250 * transaction.XEM}
	tr.Fee, err = transaction.MinimumFee(tr, nil)
	require.NoError(t, err)
	tr.Signer = f.account.PublicKey()
	self, err := transaction.Sign(tr, f.account)
	require.NoError(t, err)
	code, msg = announce(t, f.url, self)
	require.Equal(t, 74, code, msg)

	// The withdrawal: a cosignature before its wrapper is 73.
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), opts(now))
	require.NoError(t, err)
	wrapper, err := transaction.Sign(ms, f.hot)
	require.NoError(t, err)
	cs, err := f.plan.Cosign(ms.Inner, f.vaultA, opts(now+1))
	require.NoError(t, err)
	code, msg = announce(t, f.url, cs)
	require.Equal(t, 73, code, msg)
	code, _ = announce(t, f.url, wrapper)
	require.Equal(t, 1, code)
	code, _ = announce(t, f.url, wrapper)
	require.Equal(t, 0, code, "SUCCESS is repeated as NEUTRAL")
	require.Equal(t, 2, f.node.Announces(mustHash(t, ms)))
	require.Zero(t, f.node.Harvest(), "1 of 2 signatures: the wrapper waits in the pool")

	// The hash cache repeats 73 for the same cosignature for ten minutes;
	// a cosignature with new bytes is attached.
	code, _ = announce(t, f.url, cs)
	require.Equal(t, 73, code, "NIS's PushService repeats its first answer")
	f.node.Advance(nistest.PushCacheTTL + time.Second)
	code, _ = announce(t, f.url, cs)
	require.Equal(t, 1, code)
	require.Equal(t, 1, f.node.Harvest())
	wh, err := transaction.HashOf(ms)
	require.NoError(t, err)
	require.True(t, f.node.Confirmed(wh))

	// The account paid the amount, the inner fee, the wrapper fee, the
	// cosignature fee and the conversion's fee: NIS's debtor for all.
	paid := 250*transaction.XEM + tr.Fee + ms.Fee + cs.Tx.Common().Fee + conv.Fee
	require.Equal(t, 10_000*transaction.XEM-paid, f.node.Balance(f.plan.Address()))
	require.Equal(t, 250*transaction.XEM, f.node.Balance(key(t, "customer").Address(sign.Testnet)))

	// Announced again once its cache entry is gone: in the chain.
	code, _ = announce(t, f.url, wrapper)
	require.Equal(t, 7, code, "FAILURE_HASH_EXISTS")
}

// TestStoredMinimumIsRelative: a conversion without a min-cosignatories
// change stores 0 (all must sign); NIS adds a later relative change to
// the stored value, so +1 on a 2-of-2 that stores 0 leaves 1: a 1-of-3
// after adding a third cosigner, which any single key can then satisfy.
func TestStoredMinimumIsRelative(t *testing.T) {
	f := newFlow(t)
	a, b, c := f.hot.PublicKey(), f.vaultA.PublicKey(), f.vaul.PublicKey()
	f.node.SetMultisig(f.account.PublicKey(), []sign.PublicKey{a, b}, 0)
	mod := &transaction.MultisigAggregateModification{
		Header:           transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: now, Deadline: now + 3600, Signer: f.account.PublicKey()},
		Modifications:    []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: c}},
		MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: 1},
	}
	var err error
	mod.Fee, err = transaction.MinimumFee(mod, nil)
	require.NoError(t, err)
	ms := &transaction.Multisig{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: now + 3600, Signer: a}, Inner: mod}
	ms.Fee, err = transaction.MinimumFee(ms, nil)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, f.hot)
	require.NoError(t, err)
	code, msg := announce(t, f.url, w)
	require.Equal(t, 1, code, msg)
	require.Zero(t, f.node.Harvest(), "stored 0 on 2 cosigners: both must sign")
	h, err := transaction.HashOf(mod)
	require.NoError(t, err)
	cs := &transaction.MultisigSignature{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: now + 3600, Signer: b},
		OtherHash: h, MultisigAccount: f.plan.Address()}
	cs.Fee, err = transaction.MinimumFee(cs, nil)
	require.NoError(t, err)
	scs, err := transaction.Sign(cs, f.vaultA)
	require.NoError(t, err)
	code, msg = announce(t, f.url, scs)
	require.Equal(t, 1, code, msg)
	require.Equal(t, 1, f.node.Harvest())
	st := f.node.MultisigState(f.plan.Address())
	require.Equal(t, 1, st.MinCosignatories, "0 + 1, not 2 + 1")
	require.Len(t, st.Cosignatories, 3)
	require.Equal(t, 1, st.Required(), "a 1-of-3: any one key moves everything")
}

// TestExpiredIsRefusedAndDropped: past the deadline NIS refuses an
// announce (3), and drops a pool transaction at the next block.
func TestExpiredIsRefusedAndDropped(t *testing.T) {
	f := newFlow(t)
	f.node.SetMultisig(f.account.PublicKey(), f.plan.Keys(), 2)
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: now + 60},
		Recipient: key(t, "customer").Address(sign.Testnet), Amount: transaction.XEM}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), multisig.TxOptions{Timestamp: now, Deadline: now + 60})
	require.NoError(t, err)
	w, err := transaction.Sign(ms, f.hot)
	require.NoError(t, err)
	code, _ := announce(t, f.url, w)
	require.Equal(t, 1, code)
	wh, err := transaction.HashOf(ms)
	require.NoError(t, err)
	require.True(t, f.node.InPool(wh))
	f.node.Advance(61 * time.Second)
	require.Zero(t, f.node.Harvest())
	require.False(t, f.node.InPool(wh), "dropped once expired")
	cs, err := f.plan.Cosign(ms.Inner, f.vaultA, multisig.TxOptions{Timestamp: now, Deadline: now + 60})
	require.NoError(t, err)
	code, _ = announce(t, f.url, cs)
	require.Equal(t, 3, code, "FAILURE_PAST_DEADLINE")

	// A timestamp more than 10 s ahead of the node's clock: 10.
	ahead := f.node.Time() + 11
	tr2 := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ahead, Deadline: ahead + 60},
		Recipient: key(t, "customer").Address(sign.Testnet), Amount: transaction.XEM}
	ms2, err := f.plan.Wrap(tr2, f.hot.PublicKey(), multisig.TxOptions{Timestamp: ahead, Deadline: ahead + 60})
	require.NoError(t, err)
	w2, err := transaction.Sign(ms2, f.hot)
	require.NoError(t, err)
	code, _ = announce(t, f.url, w2)
	require.Equal(t, 10, code, "FAILURE_TIMESTAMP_TOO_FAR_IN_FUTURE")
}
