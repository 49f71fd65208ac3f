package nis

import (
	"context"
	"fmt"
	"time"
)

// FailingAfter is how many polls in a row may fail before Run raises a
// WatchFailing alert.
const FailingAfter = 3

// RunHandlers receive what Run finds.
type RunHandlers struct {
	// Alert receives every alert, in order, including WatchFailing.
	// Required.
	Alert func(Alert)
	// PollFailed, when set, receives the error of each failed poll, and
	// nil once a poll succeeds again after a WatchFailing alert.
	PollFailed func(error)
}

// Run polls every interval until ctx ends, then returns nil; a watcher's
// job is to keep going, so failed polls do not end it. After FailingAfter
// failed polls in a row it raises one WatchFailing alert (the account is
// not being watched) and raises the next one only after polls have worked
// again. Run returns an error only for a bad interval or a missing Alert
// handler.
func (w *Watcher) Run(ctx context.Context, interval time.Duration, h RunHandlers) error {
	if interval <= 0 {
		return fmt.Errorf("nis: watch: interval %v is not positive", interval)
	}
	if h.Alert == nil {
		return fmt.Errorf("nis: watch: no alert handler")
	}
	failures := 0
	for {
		alerts, err := w.Poll(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil:
			if h.PollFailed != nil {
				h.PollFailed(err)
			}
			if failures++; failures == FailingAfter {
				h.Alert(Alert{Kind: WatchFailing, Account: w.cfg.Account,
					Message: fmt.Sprintf("%d polls of %s in a row failed: the account is not being watched (%v)", failures, w.cfg.Account, err)})
			}
		default:
			if failures >= FailingAfter && h.PollFailed != nil {
				h.PollFailed(nil)
			}
			failures = 0
			for _, a := range alerts {
				h.Alert(a)
			}
		}
		if !sleep(ctx, interval) {
			return nil
		}
	}
}
