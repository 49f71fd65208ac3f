package nis

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func TestTransfersAndUnconfirmed(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	p1 := c.withdraw(100*transaction.XEM, "alice", t0-600)
	p2 := c.withdraw(200*transaction.XEM, "bob", t0-300)
	require.NoError(t, c.node.AddBlock(confirmed(t, p1.wrapper, p1.coldA)))
	require.NoError(t, c.node.AddBlock(confirmed(t, p2.wrapper, p2.coldB)))
	p3 := c.withdraw(300*transaction.XEM, "carol", t0)
	_, err := c.client.Announce(ctx, ann(t, p3.wrapper))
	require.NoError(t, err)

	out, err := c.client.Transfers(ctx, c.plan.Address(), Outgoing, Page{})
	require.NoError(t, err)
	require.Len(t, out, 2)
	require.Equal(t, hashOf(t, p2.wrapper), out[0].Hash, "newest first")
	require.Equal(t, hashOf(t, p1.wrapper), out[1].Hash)
	require.Greater(t, out[0].ID, out[1].ID)
	require.Equal(t, uint64(3), out[0].Height)
	ih, err := transaction.InnerHash(p2.wrapper.Tx.(*transaction.Multisig))
	require.NoError(t, err)
	require.Equal(t, ih, out[0].InnerHash)
	require.Len(t, out[0].Signed.Tx.(*transaction.Multisig).Cosignatures, 1, "the cosignature the block carries")

	// Paging by id.
	older, err := c.client.Transfers(ctx, c.plan.Address(), Outgoing, Page{BeforeID: out[0].ID, Size: 5})
	require.NoError(t, err)
	require.Len(t, older, 1)
	require.Equal(t, out[1].Hash, older[0].Hash)

	in, err := c.client.Transfers(ctx, testKey(t, "alice").Address(sign.Testnet), Incoming, Page{})
	require.NoError(t, err)
	require.Len(t, in, 1)
	require.Equal(t, out[1].Hash, in[0].Hash)

	none, err := c.client.Transfers(ctx, c.plan.Address(), Incoming, Page{})
	require.NoError(t, err)
	require.Empty(t, none)

	// The pending wrapper, listed for the account and for a cosignatory.
	for _, addr := range []sign.Address{c.plan.Address(), c.coldA.Address(sign.Testnet)} {
		un, err := c.client.Unconfirmed(ctx, addr)
		require.NoError(t, err)
		require.Len(t, un, 1)
		require.Equal(t, hashOf(t, p3.wrapper), un[0].Hash)
		require.Zero(t, un[0].Height)
	}

	_, err = c.client.Transfers(ctx, c.plan.Address(), "sideways", Page{})
	require.Error(t, err)
	_, err = c.client.Transfers(ctx, c.plan.Address(), All, Page{Size: 101})
	require.Error(t, err)
}

// TestTransactionAnswersChecked: a node lying about a transaction, or
// garbling it, gets ErrBadResponse for the whole page.
func TestTransactionAnswersChecked(t *testing.T) {
	c := newCustody(t)
	p1 := c.withdraw(100*transaction.XEM, "alice", t0-600)
	p2 := c.withdraw(200*transaction.XEM, "bob", t0-300)
	require.NoError(t, c.node.AddBlock(confirmed(t, p1.wrapper, p1.coldA)))
	require.NoError(t, c.node.AddBlock(confirmed(t, p2.wrapper, p2.coldB)))
	_, err := c.client.Announce(context.Background(), ann(t, c.withdraw(5*transaction.XEM, "carol", t0).wrapper))
	require.NoError(t, err)
	h1, h2 := hashOf(t, p1.wrapper), hashOf(t, p2.wrapper)
	amount := `"amount":200000000`

	for _, tc := range []struct {
		name, path string
		edit       func(string) string
	}{
		{"an amount changed (the cosignature no longer names it)", "/account/transfers/outgoing",
			func(s string) string { return strings.Replace(s, amount, `"amount":900000000`, 1) }},
		{"a wrapper fee changed (its signature no longer verifies)", "/account/transfers/outgoing",
			func(s string) string { return strings.Replace(s, `"fee":150000`, `"fee":160000`, 1) }},
		{"a hash that is not the transaction's", "/account/transfers/outgoing",
			func(s string) string { return strings.Replace(s, h2.String(), h1.String(), 1) }},
		{"ids out of order", "/account/transfers/outgoing",
			func(s string) string {
				return strings.Replace(strings.Replace(s, `"id":2`, `"id":9`, 1), `"id":1`, `"id":10`, 1)
			}},
		{"a cosignature of another payout", "/account/transfers/outgoing",
			func(s string) string {
				var m map[string][]map[string]json.RawMessage
				require.NoError(t, json.Unmarshal([]byte(s), &m))
				var w0, w1 map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(m["data"][0]["transaction"], &w0))
				require.NoError(t, json.Unmarshal(m["data"][1]["transaction"], &w1))
				w0["signatures"] = w1["signatures"]
				b, _ := json.Marshal(w0)
				m["data"][0]["transaction"] = b
				out, _ := json.Marshal(m)
				return string(out)
			}},
		{"an unknown member in a transaction", "/account/transfers/outgoing",
			func(s string) string { return strings.Replace(s, `"type":4100,`, `"type":4100,"note":1,`, 1) }},
		{"a page longer than asked", "/account/transfers/outgoing",
			func(s string) string {
				var m map[string][]json.RawMessage
				require.NoError(t, json.Unmarshal([]byte(s), &m))
				for len(m["data"]) <= 25 {
					m["data"] = append(m["data"], m["data"][0])
				}
				out, _ := json.Marshal(m)
				return string(out)
			}},
		{"the unconfirmed inner hash is wrong", "/account/unconfirmedTransactions",
			func(s string) string {
				i := strings.LastIndex(s, `"meta":{"data":"`) + len(`"meta":{"data":"`)
				return s[:i] + strings.Repeat("0", 64) + s[i+64:]
			}},
		{"the unconfirmed inner hash is missing", "/account/unconfirmedTransactions",
			func(s string) string {
				i := strings.LastIndex(s, `"meta":{"data":"`) + len(`"meta":{"data":`)
				return s[:i] + "null" + s[i+66:]
			}},
		{"not a list", "/account/unconfirmedTransactions", func(string) string { return `{"data":{}}` }},
		{"garbage", "/account/unconfirmedTransactions", func(string) string { return `]]` }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := c.rewriting(tc.path, tc.edit)
			var err error
			if tc.path == "/account/unconfirmedTransactions" {
				_, err = cl.Unconfirmed(context.Background(), c.plan.Address())
			} else {
				_, err = cl.Transfers(context.Background(), c.plan.Address(), Outgoing, Page{})
			}
			require.ErrorIs(t, err, ErrBadResponse)
		})
	}
}
