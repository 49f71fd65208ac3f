package nis

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestWebhookRetries: a receiver that is down (5xx) is tried again, up to
// Attempts; one that refuses the alert (4xx) is not.
func TestWebhookRetries(t *testing.T) {
	serve := func(statuses ...int) (*httptest.Server, *atomic.Int32) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := int(hits.Add(1))
			w.WriteHeader(statuses[min(n, len(statuses))-1])
		}))
		t.Cleanup(srv.Close)
		return srv, &hits
	}
	a := Alert{Kind: Outflow, Account: testKey(t, "x").Address(sign.Testnet), Message: "m"}
	ctx := context.Background()

	srv, hits := serve(503, 502, 204)
	require.NoError(t, (&Webhook{URL: srv.URL, Backoff: time.Millisecond}).Send(ctx, a))
	require.EqualValues(t, 3, hits.Load(), "down twice, then delivered")

	srv, hits = serve(503)
	require.EqualError(t, (&Webhook{URL: srv.URL, Backoff: time.Millisecond, Attempts: 4}).Send(ctx, a), "nis: webhook: HTTP 503")
	require.EqualValues(t, 4, hits.Load())

	srv, hits = serve(400, 204)
	require.EqualError(t, (&Webhook{URL: srv.URL, Backoff: time.Millisecond}).Send(ctx, a), "nis: webhook: HTTP 400")
	require.EqualValues(t, 1, hits.Load(), "a refusal is not retried")

	srv, hits = serve(503, 204)
	require.Error(t, (&Webhook{URL: srv.URL, Backoff: time.Millisecond, Attempts: 1}).Send(ctx, a))
	require.EqualValues(t, 1, hits.Load(), "Attempts 1 disables retries")

	srv, hits = serve(503, 204)
	done, cancel := context.WithCancel(ctx)
	cancel()
	require.Error(t, (&Webhook{URL: srv.URL, Backoff: time.Hour}).Send(done, a))
	require.LessOrEqual(t, hits.Load(), int32(1), "an ended context stops the retries")
}
