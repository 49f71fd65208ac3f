package nis

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// answer serves body with status on every request and counts them.
func answer(t *testing.T, status int, body string) (*Client, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return testClient(srv.URL), &n
}

func TestNetworkTime(t *testing.T) {
	c := newCustody(t)
	c.node.Advance(1499 * time.Millisecond)
	ts, err := c.client.NetworkTime(context.Background())
	require.NoError(t, err)
	require.Equal(t, t0+1, ts, "rounded to the nearest second, as NIS rounds")
}

// TestNetworkTimeAnswers: what a node may answer instead of
// CommunicationTimeStamps, and the error each gives.
func TestNetworkTimeAnswers(t *testing.T) {
	big := `{"sendTimeStamp":1,"receiveTimeStamp":1,"x":"` + strings.Repeat("a", maxResponseSize) + `"}`
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		want     error
		attempts int32
	}{
		{"ok", 200, `{"sendTimeStamp":5000,"receiveTimeStamp":4000}`, nil, 1},
		{"HTML error page", 200, `<html>oops</html>`, ErrBadResponse, 1},
		{"empty body", 200, ``, ErrBadResponse, 1},
		{"truncated", 200, `{"sendTimeStamp":5000`, ErrBadResponse, 1},
		{"a member missing", 200, `{"sendTimeStamp":5000}`, ErrBadResponse, 1},
		{"null member", 200, `{"sendTimeStamp":5000,"receiveTimeStamp":null}`, ErrBadResponse, 1},
		{"unknown member", 200, `{"sendTimeStamp":5000,"receiveTimeStamp":5000,"extra":1}`, ErrBadResponse, 1},
		{"duplicate member", 200, `{"sendTimeStamp":5000,"receiveTimeStamp":5000,"sendTimeStamp":9000000}`, ErrBadResponse, 1},
		{"two values", 200, `{"sendTimeStamp":5000,"receiveTimeStamp":5000}{}`, ErrBadResponse, 1},
		{"a string for a number", 200, `{"sendTimeStamp":"5000","receiveTimeStamp":5000}`, ErrBadResponse, 1},
		{"a fraction", 200, `{"sendTimeStamp":5000.5,"receiveTimeStamp":5000}`, ErrBadResponse, 1},
		{"negative", 200, `{"sendTimeStamp":-1,"receiveTimeStamp":-1}`, ErrBadResponse, 1},
		{"beyond a timestamp", 200, `{"sendTimeStamp":9999999999999,"receiveTimeStamp":9999999999999}`, ErrBadResponse, 1},
		{"invalid UTF-8", 200, "{\"sendTimeStamp\":5000,\"receiveTimeStamp\":5000,\"\xff\":1}", ErrBadResponse, 1},
		{"deeply nested", 200, strings.Repeat("[", 100) + strings.Repeat("]", 100), ErrBadResponse, 1},
		{"longer than 1 MiB", 200, big, ErrBadResponse, 1},
		{"no content", 204, ``, ErrBadResponse, 1},
		{"a redirect is not followed", 302, ``, ErrBadResponse, 1},
		{"NIS error object, 400: not retried", 400, `{"status":400,"error":"Bad Request","message":"address must be valid","timeStamp":1}`, ErrRejected, 1},
		{"404 plain text", 404, `not found`, ErrRejected, 1},
		{"503 while NIS boots: retried", 503, `{"status":503,"error":"Service Unavailable","message":"NIS_ILLEGAL_STATE_NOT_BOOTED","timeStamp":1}`, ErrUnavailable, 3},
		{"502 from a proxy: retried", 502, `<html>bad gateway</html>`, ErrUnavailable, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, n := answer(t, tc.status, tc.body)
			ts, err := c.NetworkTime(context.Background())
			require.Equal(t, tc.attempts, n.Load())
			if tc.want == nil {
				require.NoError(t, err)
				require.Equal(t, transaction.Timestamp(5), ts, "sendTimeStamp counts")
				return
			}
			require.ErrorIs(t, err, tc.want)
			require.True(t, strings.HasPrefix(err.Error(), "nis: "), err.Error())
			for _, other := range []error{ErrBadResponse, ErrRejected, ErrUnavailable} {
				if other != tc.want {
					require.NotErrorIs(t, err, other)
				}
			}
		})
	}
}

func TestStatusErrorCarriesNISMessage(t *testing.T) {
	c, _ := answer(t, 400, `{"status":400,"error":"Bad Request","message":"address must be valid\u001b[2J","timeStamp":1}`)
	_, err := c.NetworkTime(context.Background())
	var se *StatusError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 400, se.Status)
	require.Equal(t, "Bad Request", se.Reason)
	require.Equal(t, "address must be valid?[2J", se.Message, "control characters from a node are neutralized")
	require.Equal(t, "nis: GET /time-sync/network-time: rejected by the node: HTTP 400 Bad Request: address must be valid?[2J", err.Error())
}

func TestRetryRecovers(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"sendTimeStamp":7000,"receiveTimeStamp":7000}`))
	}))
	defer srv.Close()
	ts, err := testClient(srv.URL).NetworkTime(context.Background())
	require.NoError(t, err)
	require.Equal(t, transaction.Timestamp(7), ts)
	require.Equal(t, int32(3), n.Load())

	n.Store(0)
	c := testClient(srv.URL)
	c.Retry.Attempts = 1
	_, err = c.NetworkTime(context.Background())
	require.ErrorIs(t, err, ErrUnavailable)
	require.Equal(t, int32(1), n.Load(), "Attempts 1 disables retries")
}

func TestTimeouts(t *testing.T) {
	// In a synctest bubble, with the handler called in process: the
	// timeouts run on the bubble's clock, so the test waits for no wall
	// clock and cannot be made flaky by a slow machine.
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var n atomic.Int32
		handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		defer close(release)

		c := testClient("http://node.test")
		c.HTTP = &http.Client{Transport: inProcess{handler}}
		c.Timeout = 20 * time.Millisecond
		start := time.Now()
		_, err := c.NetworkTime(context.Background())
		require.ErrorIs(t, err, ErrUnavailable)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, int32(3), n.Load(), "a timed-out attempt is retried")
		// Three attempts of 20 ms and backoffs of 1 and 2 ms (doubling), on
		// the bubble's clock.
		require.Equal(t, 60*time.Millisecond+1*time.Millisecond+2*time.Millisecond, time.Since(start))

		// The caller's context ends: no retry, the context's error.
		n.Store(0)
		c.Timeout = time.Minute
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		start = time.Now()
		_, err = c.NetworkTime(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, int32(1), n.Load())
		require.Equal(t, 30*time.Millisecond, time.Since(start))
	})
}

// inProcess is an http.RoundTripper that serves requests with a handler
// in the calling goroutine's bubble: no sockets, so a synctest bubble can
// see every goroutine block.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.h.ServeHTTP(rec, r)
	}()
	select {
	case <-done:
		return rec.Result(), nil
	case <-r.Context().Done():
		<-done
		return nil, r.Context().Err()
	}
}

func TestNodeDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := testClient(url).NetworkTime(context.Background())
	require.ErrorIs(t, err, ErrUnavailable)
}

func TestBaseURL(t *testing.T) {
	for _, u := range []string{"", "node:7890", "ftp://node", "http://", "https://user:pw@node:7891"} {
		_, err := (&Client{BaseURL: u}).NetworkTime(context.Background())
		require.Error(t, err, u)
		require.False(t, errors.Is(err, ErrUnavailable), u)
	}
	// A path is kept as a prefix (a node behind a reverse proxy).
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		_, _ = w.Write([]byte(`{"sendTimeStamp":1000,"receiveTimeStamp":1000}`))
	}))
	defer srv.Close()
	_, err := testClient(srv.URL + "/nis/").NetworkTime(context.Background())
	require.NoError(t, err)
	require.Equal(t, "/nis/time-sync/network-time", path)
}
