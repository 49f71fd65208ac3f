package nis

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestWatchRun: three failed polls in a row raise one WatchFailing alert;
// a good poll ends the outage (PollFailed gets nil) and the next three
// failures raise the alert again; Run ends with nil when ctx ends.
func TestWatchRun(t *testing.T) {
	c := newCustody(t)
	j := writeJournal(t, t.TempDir(), "vault-a.jsonl", c.coldA)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	cl := c.rewriting("/account/transfers/outgoing", func(body string) string {
		switch n.Add(1) {
		case 4:
			return body
		case 8:
			cancel()
		}
		return "<html>"
	})
	w, err := NewWatcher(cl, WatchConfig{Account: c.plan.Address(), Journals: []string{j}, Signers: c.offline()})
	require.NoError(t, err)

	var alerts []Alert
	var failed []error
	err = w.Run(ctx, time.Millisecond, RunHandlers{
		Alert:      func(a Alert) { alerts = append(alerts, a) },
		PollFailed: func(err error) { failed = append(failed, err) },
	})
	require.NoError(t, err)
	require.Equal(t, []AlertKind{WatchFailing, WatchFailing}, kinds(alerts))
	require.Contains(t, alerts[0].Message, "3 polls of "+c.plan.Address().String()+" in a row failed")
	require.Equal(t, c.plan.Address(), alerts[0].Account)
	require.Len(t, failed, 7)
	for i, err := range failed {
		if i == 3 {
			require.NoError(t, err, "polls work again")
			continue
		}
		require.ErrorIs(t, err, ErrBadResponse, "poll %d", i)
	}
	require.EqualValues(t, 8, n.Load())
}

func TestWatchRunChecksArguments(t *testing.T) {
	c := newCustody(t)
	w, err := NewWatcher(c.client, WatchConfig{Account: c.plan.Address()})
	require.NoError(t, err)
	require.ErrorContains(t, w.Run(context.Background(), 0, RunHandlers{Alert: func(Alert) {}}), "nis: watch: interval 0s is not positive")
	require.ErrorContains(t, w.Run(context.Background(), time.Second, RunHandlers{}), "nis: watch: no alert handler")
}
