package nis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxResponseSize caps what is read from a node: no answer of the
// endpoints this package uses comes near it (a page of 100 transactions
// with the largest messages is about 350 KiB). A longer body is refused
// with ErrBadResponse without being parsed.
const maxResponseSize = 1 << 20

// Defaults of Client and RetryPolicy.
const (
	// defaultTimeout bounds one attempt of a request.
	defaultTimeout = 30 * time.Second
	// defaultAttempts is the number of tries of a request, the first
	// included.
	defaultAttempts = 3
	// defaultBackoff is the pause before the second try; it doubles.
	defaultBackoff = 500 * time.Millisecond
	// defaultMaxBackoff caps the pause between tries.
	defaultMaxBackoff = 5 * time.Second
)

// Client talks to one NIS node over its REST API. The zero value of every
// field but BaseURL is usable. A Client is safe for concurrent use.
//
// The client never sends a private key: it offers no call to
// /transaction/prepare-announce or to any other endpoint that takes one.
type Client struct {
	// BaseURL is the node's address: "https://node.example:7891" (NIS's
	// HTTPS port) or "http://localhost:7890". A path is kept as a prefix.
	BaseURL string
	// HTTP sends the requests. nil means a client of this package's own
	// that does not follow redirects (a redirect could move an announce to
	// plain HTTP or to another host); a given client is used as it is.
	HTTP *http.Client
	// Timeout bounds each attempt of a request; 0 means 30 s.
	Timeout time.Duration
	// Retry says how requests are retried when the node is unavailable.
	Retry RetryPolicy
}

// RetryPolicy bounds the retries of a request that failed with
// ErrUnavailable (a network error, a timeout, a 5xx status). Rejections
// and bad responses are never retried, and neither is anything once the
// request's context is done. The zero value retries twice.
//
// GET requests are safe to repeat. So is an announce: NIS identifies a
// transaction by the hash of its bytes, so when an announce whose answer
// was lost is sent again the node answers Neutral (the transaction is in
// its pool or its answer cache) or FailureHashExists (it is in its chain),
// never a second transfer; Announce reports both as accepted.
type RetryPolicy struct {
	// Attempts is the number of tries, the first included; 0 means
	// 3, 1 disables retries.
	Attempts int
	// Backoff is the wait before the second try, doubled before each
	// further one; 0 means 500 ms.
	Backoff time.Duration
	// MaxBackoff caps the wait; 0 means 5 s.
	MaxBackoff time.Duration
}

func (p RetryPolicy) attempts() int {
	if p.Attempts <= 0 {
		return defaultAttempts
	}
	return p.Attempts
}

// wait returns the pause before try number n+1 (n ≥ 1).
func (p RetryPolicy) wait(n int) time.Duration {
	b, m := p.Backoff, p.MaxBackoff
	if b <= 0 {
		b = defaultBackoff
	}
	if m <= 0 {
		m = defaultMaxBackoff
	}
	for i := 1; i < n && b < m; i++ {
		b *= 2
	}
	return min(b, m)
}

// defaultHTTP is used when Client.HTTP is nil: no redirects, and no
// timeout of its own (each attempt has a context deadline).
var defaultHTTP = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

func (c *Client) timeout() time.Duration {
	if c.Timeout <= 0 {
		return defaultTimeout
	}
	return c.Timeout
}

// endpoint returns the URL of path with query q.
func (c *Client) endpoint(path string, q url.Values) (string, error) {
	if c.BaseURL == "" {
		return "", errors.New("nis: Client.BaseURL is empty")
	}
	if err := CheckURL(c.BaseURL); err != nil {
		return "", fmt.Errorf("nis: Client.BaseURL: %w", errors.Unwrap(err))
	}
	u, _ := url.Parse(c.BaseURL)
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	u.RawQuery = q.Encode()
	u.Fragment = ""
	return u.String(), nil
}

// get fetches path and returns the body of a 200 answer.
func (c *Client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return c.do(ctx, http.MethodGet, path, q, nil)
}

// post sends body as JSON to path and returns the body of a 200 answer.
func (c *Client) post(ctx context.Context, path string, body []byte) ([]byte, error) {
	return c.do(ctx, http.MethodPost, path, nil, body)
}

// do sends a request, retrying on ErrUnavailable as c.Retry allows.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, error) {
	u, err := c.endpoint(path, q)
	if err != nil {
		return nil, err
	}
	n := c.Retry.attempts()
	for try := 1; ; try++ {
		b, err := c.once(ctx, method, u, body)
		if err == nil {
			return b, nil
		}
		if ctx.Err() != nil || !errors.Is(err, ErrUnavailable) || try >= n {
			return nil, fmt.Errorf("nis: %s %s: %w", method, path, err)
		}
		t := time.NewTimer(c.Retry.wait(try))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("nis: %s %s: %w (while waiting to retry after: %w)", method, path, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// once makes one attempt.
func (c *Client) once(ctx context.Context, method, u string, body []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the answer: %w", ErrUnavailable, err)
	}
	if len(b) > maxResponseSize {
		return nil, fmt.Errorf("%w: the answer is longer than %d bytes", ErrBadResponse, maxResponseSize)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return b, nil
	case resp.StatusCode >= 400:
		return nil, statusError(resp.StatusCode, b)
	default:
		// 1xx, 2xx other than 200, 3xx (redirects are not followed).
		return nil, fmt.Errorf("%w: unexpected HTTP status %d", ErrBadResponse, resp.StatusCode)
	}
}
