package nis

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// nodeAnswers returns real answers of the fake node: an account, a page
// of confirmed transactions (a wrapper with a cosignature) and an
// unconfirmed list, for the custody account of c.
func nodeAnswers(t testing.TB, c *custody) (account, transfers, unconfirmed []byte) {
	p := c.withdraw(100*transaction.XEM, "alice", t0-600)
	require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldA)))
	_, err := c.client.Announce(context.Background(), ann(t, c.withdraw(5*transaction.XEM, "bob", t0).wrapper))
	require.NoError(t, err)
	get := func(path string) []byte {
		resp, err := http.Get(c.srv.URL + path + "?address=" + c.plan.Address().String())
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return b
	}
	return get("/account/get"), get("/account/transfers/outgoing"), get("/account/unconfirmedTransactions")
}

// FuzzAnswers: no answer makes a parser panic; every refusal is
// ErrBadResponse; whatever is accepted is JSON. The seeds are real answers
// of several KiB, which the fuzzer's minimizer takes minutes over; run it
// with -fuzzminimizetime 0s.
func FuzzAnswers(f *testing.F) {
	c := newCustody(f)
	a, tr, un := nodeAnswers(f, c)
	for _, seed := range [][]byte{a, tr, un,
		[]byte(`{"sendTimeStamp":1,"receiveTimeStamp":1}`),
		[]byte(`{"type":1,"code":1,"message":"SUCCESS","innerTransactionHash":{},"transactionHash":{}}`),
		[]byte(`{"data":[]}`), []byte(`[[[[{}]]]]`)} {
		f.Add(seed)
	}
	addr := c.plan.Address()
	f.Fuzz(func(t *testing.T, b []byte) {
		_, errA := parseAccount(b, addr)
		_, errT := parseTransfers(b, Page{})
		_, errU := parseUnconfirmed(b)
		var nt networkTime
		errN := decodeStrict("time", b, &nt)
		var ar announceResultJSON
		errR := decodeStrict("announce", b, &ar)
		for _, err := range []error{errA, errT, errU, errN, errR} {
			if err == nil {
				require.True(t, json.Valid(b))
			} else {
				require.ErrorIs(t, err, ErrBadResponse)
			}
		}
	})
}

// TestNodeAnswersParse: the seeds are answers the parsers accept.
func TestNodeAnswersParse(t *testing.T) {
	c := newCustody(t)
	a, tr, un := nodeAnswers(t, c)
	_, err := parseAccount(a, c.plan.Address())
	require.NoError(t, err)
	txs, err := parseTransfers(tr, Page{})
	require.NoError(t, err)
	require.Len(t, txs, 1)
	txs, err = parseUnconfirmed(un)
	require.NoError(t, err)
	require.Len(t, txs, 1)
}
