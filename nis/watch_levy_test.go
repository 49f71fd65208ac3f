package nis

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var levyCoin = transaction.MosaicID{Namespace: "alice", Name: "coin"}

// defineCoin gives the fake node alice:coin, 1,000,000 units, with levy,
// and the multisig account 100 units of it.
func (c *custody) defineCoin(levy *transaction.MosaicLevy) transaction.MosaicDefinition {
	d := transaction.MosaicDefinition{Creator: testKey(c.t, "mosaic creator").PublicKey(), ID: levyCoin, Description: "coin",
		Properties: transaction.MosaicProperties{InitialSupply: 1_000_000, Transferable: true}, Levy: levy}
	c.node.DefineMosaic(d)
	c.node.SetMosaicBalance(c.plan.Address(), levyCoin, 100)
	return d
}

// mosaicPayout is a payout of units of alice:coin, cosigned by vault A,
// as a block holds it.
func (c *custody) mosaicPayout(units uint64, ts transaction.Timestamp) *transaction.Signed {
	t := c.t
	opts := multisig.TxOptions{Timestamp: ts, Deadline: ts + 3600, Mosaics: func(transaction.MosaicID) (transaction.MosaicSupply, bool) {
		return transaction.MosaicSupply{Supply: 1_000_000}, true
	}}
	inner := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: ts, Deadline: ts + 3600},
		Recipient: testKey(t, "shop").Address(sign.Testnet), Amount: transaction.XEM, Mosaics: []transaction.Mosaic{{ID: levyCoin, Quantity: units}}}
	ms, err := c.plan.Wrap(inner, c.hot.PublicKey(), opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, c.hot)
	require.NoError(t, err)
	cs, err := c.plan.Cosign(ms.Inner, c.coldA, opts)
	require.NoError(t, err)
	return confirmed(t, w, cs)
}

// oracleOutflow is the XEM NIS takes out for s, by the transliteration of
// NIS's transfer methods.
func oracleOutflow(t *testing.T, s *transaction.Signed, levy *transaction.MosaicLevy) transaction.Amount {
	notes, err := nisoracle.Execute(s.Tx, sign.Testnet, func(string) *transaction.MosaicLevy { return levy })
	require.NoError(t, err)
	var total int64
	for _, n := range notes {
		if n.Mosaic == "nem:xem" {
			total += n.Quantity
		}
	}
	return transaction.Amount(total)
}

// TestWatchCountsLevies: an approved payout of one unit of a mosaic whose
// definition carries a 50,000 XEM levy. Before levies were counted, the
// watcher saw 0.35 XEM leave and raised nothing under a 100 XEM limit;
// NIS took 50,000.35 XEM. Now the outflow is what the NIS transliteration
// computes, and the alert says so.
func TestWatchCountsLevies(t *testing.T) {
	c := newCustody(t)
	collector := testKey(t, "levy collector").Address(sign.Testnet)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: collector, MosaicID: transaction.XEMMosaic, Fee: 50_000 * uint64(transaction.XEM)}
	c.defineCoin(levy)
	p := c.mosaicPayout(1, t0-60)
	require.NoError(t, c.node.AddBlock(p))
	require.Equal(t, 50_000*transaction.XEM, c.node.Balance(collector), "the node charged the levy")

	dir := t.TempDir()
	cs := p.Tx.(*transaction.Multisig).Cosignatures[0]
	csHash, err := transaction.HashOf(&cs.Cosignature)
	require.NoError(t, err)
	vaultA := writeJournal(t, dir, "vault-a.jsonl", c.coldA, []transaction.Hash{csHash})
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Journals: []string{vaultA}, Signers: c.offline(),
		MaxOutflow: 100 * transaction.XEM, Window: time.Hour})
	require.NoError(t, err)
	alerts, err := w.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, []AlertKind{Outflow}, kinds(alerts), "approved, but the levy is an outflow")
	require.Equal(t, oracleOutflow(t, p, levy), alerts[0].Amount)
	require.Equal(t, "50000.350000", alerts[0].Amount.String())
	require.Contains(t, alerts[0].Message, "fees and levies included")
}

// TestWatchLevyUnknown: a node that does not know the definition, answers
// another mosaic's, or answers garbage cannot hide the levy silently: the
// transaction raises LevyUnknown once, and its outflow is counted without
// the levy. A node that cannot be reached fails the poll instead.
func TestWatchLevyUnknown(t *testing.T) {
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: testKey(t, "levy collector").Address(sign.Testnet), MosaicID: transaction.XEMMosaic, Fee: 7 * uint64(transaction.XEM)}
	for _, c := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		want   string
	}{
		{"not found", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"status":404,"error":"Not Found","message":"invalid mosaic definition","timeStamp":1}`))
		}, "404"},
		{"another mosaic's definition", func(w http.ResponseWriter) {
			_, _ = w.Write([]byte(`{"creator":"` + strings.Repeat("ab", 32) + `","id":{"namespaceId":"alice","name":"gold"},"description":"gold",` +
				`"properties":[{"name":"divisibility","value":"0"},{"name":"initialSupply","value":"1"},{"name":"supplyMutable","value":"false"},{"name":"transferable","value":"true"}],"levy":{}}`))
		}, "answered for alice:gold"},
		{"a levy with an unknown key", func(w http.ResponseWriter) {
			_, _ = w.Write([]byte(`{"creator":"` + strings.Repeat("ab", 32) + `","id":{"namespaceId":"alice","name":"coin"},"description":"coin",` +
				`"properties":[{"name":"divisibility","value":"0"},{"name":"initialSupply","value":"1"},{"name":"supplyMutable","value":"false"},{"name":"transferable","value":"true"}],` +
				`"levy":{"type":1,"recipient":"` + testKey(t, "x").Address(sign.Testnet).String() + `","mosaicId":{"namespaceId":"nem","name":"xem"},"fee":1,"Fee":0}}`))
		}, "bad response"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cu := newCustody(t)
			cu.defineCoin(levy)
			p := cu.mosaicPayout(1, t0-60)
			require.NoError(t, cu.node.AddBlock(p))
			mux := http.NewServeMux()
			mux.Handle("/", cu.node)
			mux.HandleFunc("GET /mosaic/definition", func(w http.ResponseWriter, _ *http.Request) { c.answer(w) })
			srv := httptest.NewServer(mux)
			defer srv.Close()
			w, err := NewWatcher(testClient(srv.URL), WatchConfig{Account: cu.plan.Address(), MaxOutflow: 100 * transaction.XEM, Window: time.Hour})
			require.NoError(t, err)
			alerts, err := w.Poll(context.Background())
			require.NoError(t, err)
			require.Equal(t, []AlertKind{Unapproved, LevyUnknown}, kinds(alerts))
			a := alerts[1]
			require.Equal(t, hashOf(t, p), *a.Hash)
			require.Contains(t, a.Message, "the levy of alice:coin is unknown")
			require.Contains(t, a.Message, c.want)
			require.Contains(t, a.Message, "counted as 0.350000 XEM without it")
			alerts, err = w.Poll(context.Background())
			require.NoError(t, err)
			require.Empty(t, alerts, "reported once")
		})
	}

	t.Run("unreachable", func(t *testing.T) {
		cu := newCustody(t)
		cu.defineCoin(levy)
		require.NoError(t, cu.node.AddBlock(cu.mosaicPayout(1, t0-60)))
		mux := http.NewServeMux()
		mux.Handle("/", cu.node)
		mux.HandleFunc("GET /mosaic/definition", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
		srv := httptest.NewServer(mux)
		defer srv.Close()
		w, err := NewWatcher(testClient(srv.URL), WatchConfig{Account: cu.plan.Address()})
		require.NoError(t, err)
		_, err = w.Poll(context.Background())
		require.ErrorIs(t, err, ErrUnavailable)
	})
}

// TestWatchDefinitionCache: a definition is read once per 10 min
// of node time, and a levy changed on the node is seen after it.
func TestWatchDefinitionCache(t *testing.T) {
	c := newCustody(t)
	collector := testKey(t, "levy collector").Address(sign.Testnet)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: collector, MosaicID: transaction.XEMMosaic, Fee: uint64(transaction.XEM)}
	d := c.defineCoin(levy)
	var reads atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/", c.node)
	mux.HandleFunc("GET /mosaic/definition", func(w http.ResponseWriter, r *http.Request) {
		reads.Add(1)
		c.node.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	w, err := NewWatcher(testClient(srv.URL), WatchConfig{Account: c.plan.Address(), MaxOutflow: 1000 * transaction.XEM, Window: 24 * time.Hour})
	require.NoError(t, err)
	require.NoError(t, c.node.AddBlock(c.mosaicPayout(1, t0-60)))
	_, err = w.Poll(context.Background())
	require.NoError(t, err)
	require.NoError(t, c.node.AddBlock(c.mosaicPayout(2, t0-50)))
	c.node.Advance(time.Minute)
	_, err = w.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, int32(1), reads.Load(), "cached")

	// The creator (holding the whole supply, say) raises the levy to
	// 2,000 XEM; after 10 min the watcher sees it.
	d.Levy = &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: collector, MosaicID: transaction.XEMMosaic, Fee: 2000 * uint64(transaction.XEM)}
	c.node.DefineMosaic(d)
	c.node.Advance(definitionTTL)
	require.NoError(t, c.node.AddBlock(c.mosaicPayout(3, t0+600)))
	alerts, err := w.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, int32(2), reads.Load())
	var out []Alert
	for _, a := range alerts {
		if a.Kind == Outflow {
			out = append(out, a)
		}
	}
	require.Len(t, out, 1)
	require.Contains(t, out[0].Message, "fees and levies included")
	require.Greater(t, out[0].Amount, 2002*transaction.XEM)
}

// TestClientMosaicDefinition: the answer is read strictly and must be the
// definition asked for; the supply likewise.
func TestClientMosaicDefinition(t *testing.T) {
	c := newCustody(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyPercentile, Recipient: testKey(t, "levy collector").Address(sign.Testnet), MosaicID: levyCoin, Fee: 25}
	want := c.defineCoin(levy)
	ctx := context.Background()
	got, err := c.client.MosaicDefinition(ctx, levyCoin, sign.Testnet)
	require.NoError(t, err)
	require.Equal(t, &want, got)
	_, err = c.client.MosaicDefinition(ctx, levyCoin, sign.Mainnet)
	require.ErrorIs(t, err, ErrBadResponse, "a testnet levy recipient on mainnet")
	_, err = c.client.MosaicDefinition(ctx, transaction.MosaicID{Namespace: "alice", Name: "gold"}, sign.Testnet)
	require.ErrorIs(t, err, ErrRejected)
	var se *StatusError
	require.True(t, errors.As(err, &se))
	require.Equal(t, http.StatusNotFound, se.Status)
	supply, err := c.client.MosaicSupply(ctx, levyCoin)
	require.NoError(t, err)
	require.Equal(t, uint64(1_000_000), supply)
	_, err = c.client.MosaicDefinition(ctx, transaction.MosaicID{Namespace: "Alice", Name: "coin"}, sign.Testnet)
	require.ErrorContains(t, err, "nis: mosaic definition:")
}
