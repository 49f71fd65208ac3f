package nis

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// lyingPage serves body for every request, as a node that lies would.
func lyingPage(t *testing.T, body any) *Client {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return testClient(srv.URL)
}

// confirmedPair is one row of /account/transfers: the transaction and
// its TransactionMetaData.
func confirmedPair(t *testing.T, s *transaction.Signed, id int64) map[string]any {
	t.Helper()
	raw, err := nisjson.EncodeSigned(s)
	require.NoError(t, err)
	meta := map[string]any{"height": 7, "id": id, "hash": map[string]string{"data": hashOf(t, s).String()}, "innerHash": map[string]any{}}
	if ms, ok := s.Tx.(*transaction.Multisig); ok {
		ih, err := transaction.InnerHash(ms)
		require.NoError(t, err)
		meta["innerHash"] = map[string]string{"data": ih.String()}
	}
	return map[string]any{"transaction": json.RawMessage(raw), "meta": meta}
}

// unconfirmedPair is one row of /account/unconfirmedTransactions.
func unconfirmedPair(t *testing.T, s *transaction.Signed) map[string]any {
	t.Helper()
	p := confirmedPair(t, s, 1)
	meta := map[string]any{"data": nil}
	if ih, ok := p["meta"].(map[string]any)["innerHash"].(map[string]string); ok {
		meta["data"] = ih["data"]
	}
	p["meta"] = meta
	return p
}

// TestPagesListingATransactionTwiceRefused: NIS stores and lists a
// transaction once, and refuses a second transaction whose hash, or whose
// inner transaction's hash, it already knows (BlockUniqueHashTransaction-
// Validator, UnconfirmedTransactionsCache). A page that lists one twice
// comes from a lying node, and a caller that sums the page would count the
// payout twice: the whole page is refused.
func TestPagesListingATransactionTwiceRefused(t *testing.T) {
	c := newCustody(t)
	p1 := c.withdraw(100*transaction.XEM, "alice", t0-600)
	p2 := c.withdraw(200*transaction.XEM, "bob", t0-300)
	w1, w2 := confirmed(t, p1.wrapper, p1.coldA), confirmed(t, p2.wrapper, p2.coldB)
	// The same payout in another wrapper (another initiator), and the
	// inner transfer signed by the account itself: both share w1's inner
	// hash.
	ms, err := c.plan.Wrap(p1.inner, c.coldA.PublicKey(), multisigOpts())
	require.NoError(t, err)
	w1Again, err := transaction.Sign(ms, c.coldA)
	require.NoError(t, err)
	bare, err := transaction.Sign(p1.inner, c.account)
	require.NoError(t, err)
	ctx := context.Background()

	honest := lyingPage(t, map[string]any{"data": []any{confirmedPair(t, w2, 9), confirmedPair(t, w1, 8)}})
	page, err := honest.Transfers(ctx, c.plan.Address(), Outgoing, Page{})
	require.NoError(t, err, "distinct transactions pass")
	require.Len(t, page, 2)

	for _, tc := range []struct {
		name string
		rows []any
		msg  string
	}{
		{"the same transaction under two ids", []any{confirmedPair(t, w2, 9), confirmedPair(t, w1, 8), confirmedPair(t, w1, 7)}, "data[2]: transaction " + hashOf(t, w1).String() + " is listed twice"},
		{"the same transaction next to itself", []any{confirmedPair(t, w1, 9), confirmedPair(t, w1, 8)}, "data[1]: transaction"},
		{"two wrappers of one payout", []any{confirmedPair(t, w1, 9), confirmedPair(t, w1Again, 8)}, "data[1]: transaction"},
		{"a wrapper and its inner transfer on its own", []any{confirmedPair(t, bare, 9), confirmedPair(t, w1, 8)}, "data[1]: transaction"},
	} {
		t.Run("transfers: "+tc.name, func(t *testing.T) {
			_, err := lyingPage(t, map[string]any{"data": tc.rows}).Transfers(ctx, c.plan.Address(), Outgoing, Page{})
			require.ErrorIs(t, err, ErrBadResponse)
			require.ErrorContains(t, err, tc.msg)
		})
	}

	pending, err := lyingPage(t, map[string]any{"data": []any{unconfirmedPair(t, w1), unconfirmedPair(t, w2)}}).Unconfirmed(ctx, c.plan.Address())
	require.NoError(t, err, "distinct pending transactions pass")
	require.Len(t, pending, 2)
	for _, tc := range []struct {
		name string
		rows []any
	}{
		{"the same wrapper twice", []any{unconfirmedPair(t, w1), unconfirmedPair(t, w2), unconfirmedPair(t, w1)}},
		{"two wrappers of one payout", []any{unconfirmedPair(t, w1Again), unconfirmedPair(t, w1)}},
	} {
		t.Run("unconfirmed: "+tc.name, func(t *testing.T) {
			_, err := lyingPage(t, map[string]any{"data": tc.rows}).Unconfirmed(ctx, c.plan.Address())
			require.ErrorIs(t, err, ErrBadResponse)
			require.ErrorContains(t, err, "is listed twice")
		})
	}
}
