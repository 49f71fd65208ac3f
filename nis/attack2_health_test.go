package nis

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/keyhealth"
)

// TestAttackHealthRecordFromTheFuture: staleness counts from the
// record's "created" time for a cosigner that never proved control, and
// from a challenge's "issued" time otherwise; both are the online
// machine's clock when the record was written, and neither is signed.
// When that clock was wrong (set years ahead by a bad NTP answer or by
// hand, then corrected), or when whoever can write the record file moves
// "created" forward, every time in the record lies after both the
// watcher's clock and the node's time, now.Sub(since) is negative, and
// no cosigner is ever reported stale until that future date plus 180
// days. The watcher takes the later of its clock and the node's time
// precisely so that a wrong clock cannot hide a stale key; here the
// record itself carries the wrong clock, and it is read without a look
// at the time it claims.
//
// Here: the record claims it was created five years from now. Two hundred
// days later, by the watcher's clock and by the node's, no cosigner has
// proved anything, and nothing is reported.
//
// Breaks: "`watch --health health.json --plan plan.json` raises a
// `stale-key` alert for a cosigner that has not proved control for 180
// days" (README, Key health checks) and "judged by the later of the local
// clock and the node's time" (SECURITY.md, A lost offline key).
//
// Suggested fix: a record time (created, a challenge's issue, a proof's
// recording) after the later of the local clock and the node's time is
// impossible: refuse the record, or report every cosigner counted from
// such a time stale ("the record's times are in the future: is a clock
// wrong?"); plan health challenge/accept refuse to write such a time
// too.
func TestAttackHealthRecordFromTheFuture(t *testing.T) {
	f := newHealthFixture(t)
	future := f.clock.Add(5 * 365 * 24 * time.Hour)
	var err error
	f.rec, err = keyhealth.NewRecord(f.c.plan, future) // the online clock, wrong that day
	require.NoError(t, err)
	f.save(t)

	f.clock = f.clock.Add(200 * 24 * time.Hour)
	f.c.node.Advance(200 * 24 * time.Hour)
	alerts, err := f.w.Poll(context.Background())
	if err != nil {
		require.ErrorContains(t, err, "health record", "refusing a record from the future also keeps the promise")
		return
	}
	stale := 0
	for _, a := range alerts {
		if a.Kind == StaleKey {
			stale++
		}
	}
	require.Equal(t, 3, stale, "200 days without a single proof, by both clocks; the record claims it was created on %s", future.Format(time.DateOnly))
}
