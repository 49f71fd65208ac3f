package nis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Webhook posts alerts as JSON to a URL: one POST per alert, the body the
// alert's JSON form, Content-Type application/json. Any 2xx status is
// success. Alerts carry hashes, addresses and amounts, never a secret.
type Webhook struct {
	// URL is an http or https URL.
	URL string
	// HTTP sends the request; nil means a client that does not follow
	// redirects.
	HTTP *http.Client
	// Timeout bounds one POST; 0 means 10 seconds.
	Timeout time.Duration
	// Attempts is how many times Send tries an alert when the receiver
	// cannot be reached or answers 5xx; 0 means 3, 1 disables retries.
	// A retried POST may arrive twice (its answer may be what was lost):
	// receivers can tell by the alert's kind and hash.
	Attempts int
	// Backoff is the wait before the second try, doubled before each
	// further one; 0 means 1 second.
	Backoff time.Duration
}

// CheckURL reports whether u can be a webhook or node URL: http or https
// with a host and without credentials.
func CheckURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("nis: %w", errNotHTTP)
	}
	if p.User != nil {
		return fmt.Errorf("nis: %w", errCredentials)
	}
	return nil
}

var (
	errNotHTTP     = errors.New("not an http or https URL with a host")
	errCredentials = errors.New("the URL must not carry credentials")
)

// Send posts a, retrying as Attempts says; it gives up early when ctx
// ends or the receiver answers anything but 2xx or 5xx.
func (h *Webhook) Send(ctx context.Context, a Alert) error {
	if err := CheckURL(h.URL); err != nil {
		return fmt.Errorf("nis: webhook: %w", err)
	}
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("nis: webhook: %w", err)
	}
	attempts, wait := h.Attempts, h.Backoff
	if attempts <= 0 {
		attempts = 3
	}
	if wait <= 0 {
		wait = time.Second
	}
	for try := 1; ; try++ {
		retry, err := h.post(ctx, body)
		if err == nil || !retry || try == attempts {
			return err
		}
		if !sleep(ctx, wait) {
			return err
		}
		wait *= 2
	}
}

// post makes one POST; retry says whether another try may help.
func (h *Webhook) post(ctx context.Context, body []byte) (retry bool, err error) {
	t := h.Timeout
	if t <= 0 {
		t = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("nis: webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	hc := h.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		return true, fmt.Errorf("nis: webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode >= 500, fmt.Errorf("nis: webhook: HTTP %d", resp.StatusCode)
	}
	return false, nil
}
