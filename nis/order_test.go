package nis

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/transaction"
)

var fast = AnnounceOptions{Wait: 5 * time.Second, Poll: time.Millisecond}

func TestAnnounceInOrder(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	p := c.withdraw(25*transaction.XEM, "alice", t0)
	// Given out of order: the wrapper is still announced first.
	payloads := []transaction.Announcement{ann(t, p.coldA), ann(t, p.wrapper)}
	res, err := c.client.AnnounceInOrder(ctx, payloads, fast)
	require.NoError(t, err)
	require.Len(t, res, 2)
	require.Equal(t, transaction.TypeMultisigSignature, res[0].Type)
	require.Equal(t, Success, res[0].Result.Code)
	require.Equal(t, Success, res[1].Result.Code)
	require.Equal(t, 1, res[0].Attempts)
	require.Equal(t, res[1].InnerHash, res[0].InnerHash, "the cosignature names the wrapper's inner hash")
	require.Equal(t, 1, c.node.Cosignatures(res[1].Hash))
	require.Equal(t, 1, c.node.Harvest(), "2 of 3: complete")

	// Run again: idempotent. Within NIS's ten-minute answer cache the
	// node repeats NEUTRAL; later the chain answers FAILURE_HASH_EXISTS.
	res, err = c.client.AnnounceInOrder(ctx, payloads, fast)
	require.NoError(t, err)
	require.Equal(t, Neutral, res[0].Result.Code)
	require.Equal(t, Neutral, res[1].Result.Code)
	c.node.Advance(nistest.PushCacheTTL + time.Second)
	res, err = c.client.AnnounceInOrder(ctx, payloads, fast)
	require.NoError(t, err)
	require.Equal(t, FailureHashExists, res[0].Result.Code)
	require.Equal(t, FailureHashExists, res[1].Result.Code)
	require.Equal(t, 1_000_000*transaction.XEM-25*transaction.XEM-transaction.FeeUnit-2*transaction.FlatFee, c.node.Balance(c.plan.Address()))
}

// lagging is a load balancer in front of c's node whose node has not yet
// received the wrapper when the cosignature arrives: the wrapper's
// announce is answered SUCCESS by "another node" and relayed to this one
// only after the first cosignature was refused. Every announce also moves
// the node's clock forward by step.
func (c *custody) lagging(wrapper transaction.Announcement, step time.Duration) *Client {
	var mu sync.Mutex
	var held []byte
	h := c.node
	serve := func(body []byte) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/transaction/announce", bytes.NewReader(body)))
		return rec
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/transaction/announce" {
			h.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		defer c.node.Advance(step)
		if bytes.Contains(body, []byte(wrapper.Data)) && held == nil {
			held = body
			// What the other node answered.
			rec := httptest.NewRecorder()
			nistest.New(c.node.Network, c.node.Time()).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/transaction/announce", bytes.NewReader(body)))
			var m map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &m)
			m["code"], m["message"] = 1, "SUCCESS"
			_ = json.NewEncoder(w).Encode(m)
			return
		}
		rec := serve(body)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		if strings.Contains(rec.Body.String(), `"code":73`) && held != nil {
			serve(held) // the relay arrives
		}
	}))
	c.t.Cleanup(srv.Close)
	return testClient(srv.URL)
}

// TestAnnounceInOrderRetriesEarlyCosignature: a cosignature that reaches a
// node before its wrapper is retried, not lost. NIS repeats its first
// answer (73) from its ten-minute cache, so the retries continue past it.
func TestAnnounceInOrderRetriesEarlyCosignature(t *testing.T) {
	c := newCustody(t)
	p := c.withdraw(25*transaction.XEM, "alice", t0)
	cl := c.lagging(ann(t, p.wrapper), 4*time.Minute)
	res, err := cl.AnnounceInOrder(context.Background(), []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, fast)
	require.NoError(t, err)
	require.Equal(t, Success, res[1].Result.Code)
	require.Equal(t, 4, res[1].Attempts, "73 at 0 min, again from NIS's cache at 4 and 8 min, accepted at 12 min")
	require.Equal(t, 4, c.node.Announces(res[1].Hash))
	require.Equal(t, 1, c.node.Cosignatures(res[0].Hash))
	require.Equal(t, 1, c.node.Harvest())
}

// TestAnnounceInOrderWaitsForWrapper: cosignatures announced on their own
// (the wrapper announced by someone else) wait for it in the pool, so the
// node never has a chance to refuse them.
func TestAnnounceInOrderWaitsForWrapper(t *testing.T) {
	c := newCustody(t)
	p := c.withdraw(25*transaction.XEM, "alice", t0)
	polls := 0
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.URL.Path == "/account/unconfirmedTransactions" {
			if polls++; polls == 3 {
				_, err := c.client.Announce(context.Background(), ann(t, p.wrapper))
				require.NoError(t, err)
			}
		}
		mu.Unlock()
		c.node.ServeHTTP(w, r)
	}))
	defer srv.Close()
	res, err := testClient(srv.URL).AnnounceInOrder(context.Background(), []transaction.Announcement{ann(t, p.coldA), ann(t, p.coldB)}, fast)
	require.NoError(t, err)
	require.Equal(t, 3, polls, "polled until the wrapper appeared, once for both cosignatures")
	for _, r := range res {
		require.Equal(t, Success, r.Result.Code)
		require.Equal(t, 1, r.Attempts)
		require.Equal(t, 1, c.node.Announces(r.Hash), "never refused")
	}
	require.Equal(t, 2, c.node.Cosignatures(hashOf(t, p.wrapper)))
}

func TestAnnounceInOrderFailures(t *testing.T) {
	ctx := context.Background()

	t.Run("a refused wrapper: its cosignature is not sent", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0-4*3600) // deadline passed an hour ago
		res, err := c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, fast)
		require.ErrorIs(t, err, ErrRejected)
		require.ErrorIs(t, err, ErrNotAnnounced)
		require.Equal(t, FailurePastDeadline, res[0].Result.Code)
		require.Nil(t, res[1].Result)
		require.Zero(t, res[1].Attempts)
		require.Zero(t, c.node.Announces(res[1].Hash), "never sent: NIS would cache a refusal for ten minutes")
		require.Contains(t, err.Error(), "payload 1 (multisig ")
		require.Contains(t, err.Error(), "payload 2 (multisig signature ")
	})

	t.Run("a wrapper completed without this cosignature", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0)
		require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldB)))
		res, err := c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, fast)
		require.NoError(t, err)
		require.Equal(t, FailureHashExists, res[0].Result.Code)
		require.Equal(t, FailureMultisigNoMatchingMultisig, res[1].Result.Code)
		require.Contains(t, res[1].Note, "completed without this cosignature")
	})

	t.Run("a wrapper that never comes", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0)
		res, err := c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.coldA)}, AnnounceOptions{Wait: 30 * time.Millisecond, Poll: time.Millisecond})
		require.ErrorIs(t, err, ErrRejected)
		require.Equal(t, FailureMultisigNoMatchingMultisig, res[0].Result.Code)
		require.Equal(t, 1, res[0].Attempts, "announced once, at the end, for the node's answer")
		require.Contains(t, res[0].Note, "did not appear")
	})

	t.Run("an invalid payload: nothing is sent", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0)
		bad := ann(t, p.coldA)
		bad.Signature = ann(t, p.coldB).Signature
		_, err := c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), bad}, fast)
		require.ErrorContains(t, err, "payload 2: nothing was sent")
		require.Zero(t, c.node.Announces(hashOf(t, p.wrapper)))
	})

	t.Run("a lost answer: the announce is repeated, and the node knows it", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0)
		dropped := false
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			rec := httptest.NewRecorder()
			c.node.ServeHTTP(rec, httptest.NewRequest(r.Method, r.URL.String(), bytes.NewReader(body))) // the node gets it...
			if !dropped {
				dropped = true
				conn, _, err := w.(http.Hijacker).Hijack() // ...but its answer is lost
				require.NoError(t, err)
				conn.Close()
				return
			}
			_, _ = w.Write(rec.Body.Bytes())
		}))
		defer srv.Close()
		res, err := testClient(srv.URL).AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper)}, fast)
		require.NoError(t, err)
		require.Equal(t, Neutral, res[0].Result.Code, "already in the pool: accepted")
		require.Equal(t, 2, c.node.Announces(res[0].Hash), "Announce retried after the network error")
		require.True(t, c.node.InPool(res[0].Hash), "and it is in the pool, once")
	})

	t.Run("the context ends", func(t *testing.T) {
		c := newCustody(t)
		p := c.withdraw(25*transaction.XEM, "alice", t0)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		res, err := c.client.AnnounceInOrder(cctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, fast)
		require.ErrorIs(t, err, ErrNotAnnounced)
		require.ErrorIs(t, err, context.Canceled)
		require.Zero(t, res[0].Attempts)
		require.Zero(t, c.node.Announces(res[0].Hash))
	})
}
