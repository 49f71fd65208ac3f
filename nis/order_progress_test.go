package nis

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// progressLog records what AnnounceInOrder reports, one line per call:
// "payload N: attempts A: answer".
type progressLog struct {
	lines []string
	last  map[int]Announced
}

func (l *progressLog) options(o AnnounceOptions) AnnounceOptions {
	l.last = map[int]Announced{}
	o.Progress = func(a Announced) {
		answer := "not sent"
		if a.Result != nil {
			answer = a.Result.Code.String()
		}
		if a.Err == nil {
			answer += ", done"
		}
		l.lines = append(l.lines, fmt.Sprintf("payload %d: attempts %d: %s", a.Index+1, a.Attempts, answer))
		l.last[a.Index] = a
	}
	return o
}

// requireFinal checks that the last report of every payload is the
// outcome AnnounceInOrder returned.
func (l *progressLog) requireFinal(t *testing.T, res []Announced) {
	require.Len(t, l.last, len(res), "every payload is reported")
	for i, r := range res {
		got := l.last[i]
		require.Equal(t, r.Attempts, got.Attempts, "payload %d", i+1)
		require.Equal(t, r.Result, got.Result, "payload %d", i+1)
		require.Equal(t, r.Note, got.Note, "payload %d", i+1)
		require.Equal(t, r.Err == nil, got.Err == nil, "payload %d", i+1)
	}
}

// TestAnnounceInOrderProgress: every announce is reported as it is made,
// wrappers first, the retries of a cosignature that came too early
// included, and the last report of each payload is its outcome.
func TestAnnounceInOrderProgress(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, c *custody, opts AnnounceOptions) ([]Announced, error)
		want []string
	}{
		{
			name: "two payouts, given cosignatures first",
			run: func(t *testing.T, c *custody, opts AnnounceOptions) ([]Announced, error) {
				p, q := c.withdraw(25*transaction.XEM, "alice", t0), c.withdraw(7*transaction.XEM, "bob", t0)
				return c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.coldA), ann(t, q.coldA), ann(t, p.wrapper), ann(t, q.wrapper)}, opts)
			},
			want: []string{
				"payload 3: attempts 1: SUCCESS, done",
				"payload 4: attempts 1: SUCCESS, done",
				"payload 1: attempts 1: SUCCESS, done",
				"payload 2: attempts 1: SUCCESS, done",
			},
		},
		{
			name: "a cosignature before its wrapper reached the node: each retry",
			run: func(t *testing.T, c *custody, opts AnnounceOptions) ([]Announced, error) {
				p := c.withdraw(25*transaction.XEM, "alice", t0)
				return c.lagging(ann(t, p.wrapper), 4*time.Minute).AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, opts)
			},
			want: []string{
				"payload 1: attempts 1: SUCCESS, done",
				"payload 2: attempts 1: FAILURE_MULTISIG_NO_MATCHING_MULTISIG",
				"payload 2: attempts 2: FAILURE_MULTISIG_NO_MATCHING_MULTISIG",
				"payload 2: attempts 3: FAILURE_MULTISIG_NO_MATCHING_MULTISIG",
				"payload 2: attempts 4: SUCCESS, done",
			},
		},
		{
			name: "a refused wrapper: its cosignature reported as not sent",
			run: func(t *testing.T, c *custody, opts AnnounceOptions) ([]Announced, error) {
				p := c.withdraw(25*transaction.XEM, "alice", t0-4*3600)
				return c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, opts)
			},
			want: []string{
				"payload 1: attempts 1: FAILURE_PAST_DEADLINE",
				"payload 2: attempts 0: not sent",
			},
		},
		{
			name: "a wrapper completed without this cosignature",
			run: func(t *testing.T, c *custody, opts AnnounceOptions) ([]Announced, error) {
				p := c.withdraw(25*transaction.XEM, "alice", t0)
				require.NoError(t, c.node.AddBlock(confirmed(t, p.wrapper, p.coldB)))
				return c.client.AnnounceInOrder(ctx, []transaction.Announcement{ann(t, p.wrapper), ann(t, p.coldA)}, opts)
			},
			want: []string{
				"payload 1: attempts 1: FAILURE_HASH_EXISTS, done",
				"payload 2: attempts 1: FAILURE_MULTISIG_NO_MATCHING_MULTISIG, done",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustody(t)
			var log progressLog
			res, _ := tc.run(t, c, log.options(fast))
			require.Equal(t, tc.want, log.lines)
			log.requireFinal(t, res)
		})
	}
}
