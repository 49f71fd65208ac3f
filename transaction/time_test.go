package transaction

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestEpoch(t *testing.T) {
	require.Equal(t, int64(1427587585), epoch.Unix(), "2015-03-29 00:06:25 UTC")
	require.Equal(t, int64(epochMillis), epoch.UnixMilli())
	require.Equal(t, time.UTC, epoch.Location())
}

func TestTimestampOf(t *testing.T) {
	maxTime := epoch.Add(time.Duration(MaxTimestamp) * time.Second)
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		name string
		in   time.Time
		want Timestamp
		err  error
	}{
		{"the epoch is 0", epoch, 0, nil},
		{"499 ms after the epoch rounds down", epoch.Add(499 * time.Millisecond), 0, nil},
		{"500 ms after the epoch rounds up", epoch.Add(500 * time.Millisecond), 1, nil},
		{"1499 ms rounds down to 1", epoch.Add(1499 * time.Millisecond), 1, nil},
		{"1500 ms rounds up to 2", epoch.Add(1500 * time.Millisecond), 2, nil},
		{"sub-millisecond digits are dropped as Java's clock drops them", epoch.Add(499*time.Millisecond + 999*time.Microsecond), 0, nil},
		{"the zone does not matter", time.Date(2015, 3, 29, 9, 6, 26, 0, tokyo), 1, nil},
		{"a day after the epoch", epoch.Add(24 * time.Hour), 86400, nil},
		{"the largest time", maxTime.Add(499 * time.Millisecond), MaxTimestamp, nil},
		{"one nanosecond before the epoch is refused", epoch.Add(-time.Nanosecond), 0, ErrInvalidField},
		{"a time that rounds beyond the largest is refused", maxTime.Add(500 * time.Millisecond), 0, ErrInvalidField},
		{"the far future is refused", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 0, ErrInvalidField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TimestampOf(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestTimestampTime(t *testing.T) {
	for _, ts := range []Timestamp{0, 1, 86400, 101_234_567, MaxTimestamp} {
		tm := ts.Time()
		require.Equal(t, time.UTC, tm.Location())
		back, err := TimestampOf(tm)
		require.NoError(t, err)
		require.Equal(t, ts, back)
	}
	require.Equal(t, "2018-07-22T00:39:12Z", Timestamp(104_632_367).Time().Format(time.RFC3339))
}

func TestNetworkTimeFromMillis(t *testing.T) {
	tests := []struct {
		name string
		ms   int64
		want Timestamp
	}{
		{"zero", 0, 0},
		{"499 ms rounds down", 499, 0},
		{"500 ms rounds up", 500, 1},
		{"1499 ms rounds down", 1499, 1},
		{"1500 ms rounds up", 1500, 2},
		{"a node's sendTimeStamp", 101_234_567_890, 101_234_568},
		{"a node's receiveTimeStamp a moment later", 101_234_568_499, 101_234_568},
		{"negative clamps to 0", -1, 0},
		{"the largest time", int64(MaxTimestamp) * 1000, MaxTimestamp},
		{"beyond the largest time clamps", math.MaxInt64, MaxTimestamp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, NetworkTimeFromMillis(tt.ms))
		})
	}
}

func TestDeadline(t *testing.T) {
	const ts Timestamp = 100_000_000
	tests := []struct {
		name string
		ts   Timestamp
		d    time.Duration
		want Timestamp
		err  error
	}{
		{"one hour", ts, time.Hour, ts + 3600, nil},
		{"one second", ts, time.Second, ts + 1, nil},
		{"exactly 24 hours", ts, MaxDeadline, ts + 86400, nil},
		{"fractions of a second are dropped", ts, 1900 * time.Millisecond, ts + 1, nil},
		{"24 hours and 1 second is refused", ts, MaxDeadline + time.Second, 0, ErrDeadlineTooFar},
		{"24 hours and 1 nanosecond is refused", ts, MaxDeadline + 1, 0, ErrDeadlineTooFar},
		{"zero is refused", ts, 0, 0, ErrDeadlineBeforeTimestamp},
		{"negative is refused", ts, -time.Hour, 0, ErrDeadlineBeforeTimestamp},
		{"less than a second is refused", ts, 999 * time.Millisecond, 0, ErrDeadlineBeforeTimestamp},
		{"beyond the largest time is refused", MaxTimestamp - 10, time.Minute, 0, ErrInvalidField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Deadline(tt.ts, tt.d)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestTimeSentinels: each time sentinel is a rule, and names NIS's class
// and result.
func TestTimeSentinels(t *testing.T) {
	for _, s := range []*RuleError{ErrDeadlineBeforeTimestamp, ErrDeadlineTooFar, ErrTimestampInFuture, ErrExpired} {
		require.ErrorIs(t, s, ErrRule)
		require.Contains(t, s.Error(), "Validator")
		require.Contains(t, s.Error(), "FAILURE_")
	}
	require.Equal(t, 3, ErrExpired.Code())
	require.Equal(t, 3, ErrDeadlineBeforeTimestamp.Code())
	require.Equal(t, 4, ErrDeadlineTooFar.Code())
	require.Equal(t, 10, ErrTimestampInFuture.Code())
}

func TestCheckTimes(t *testing.T) {
	const now Timestamp = 100_000_000
	// at builds a header stamped ts with the given deadline.
	at := func(h *Header, ts, deadline Timestamp) { h.Timestamp, h.Deadline = ts, deadline }
	tests := []struct {
		name   string
		edit   func(ms *Multisig)
		err    error
		field  string
		values string
	}{
		{"all valid", func(*Multisig) {}, nil, "", ""},
		{"deadline exactly 24 hours after the timestamp", func(ms *Multisig) { at(&ms.Header, now, now+86400) }, nil, "", ""},
		{"deadline 24 hours and 1 second after the timestamp", func(ms *Multisig) { at(&ms.Header, now, now+86401) },
			ErrDeadlineTooFar, "transaction: deadline:", "deadline 100086401 is 86401 s after timestamp 100000000"},
		{"deadline equal to the timestamp", func(ms *Multisig) { at(&ms.Header, now, now) },
			ErrDeadlineBeforeTimestamp, "transaction: deadline:", "deadline 100000000, timestamp 100000000"},
		{"deadline before the timestamp", func(ms *Multisig) { at(&ms.Header, now, now-1) },
			ErrDeadlineBeforeTimestamp, "transaction: deadline:", ""},
		{"timestamp 10 seconds ahead of node time", func(ms *Multisig) { at(&ms.Header, now+10, now+100) }, nil, "", ""},
		{"timestamp 11 seconds ahead of node time", func(ms *Multisig) { at(&ms.Header, now+11, now+100) },
			ErrTimestampInFuture, "transaction: timeStamp:", "timestamp 100000011 is 11 s ahead of node time 100000000"},
		{"deadline equal to node time", func(ms *Multisig) { at(&ms.Header, now-100, now) }, nil, "", ""},
		{"deadline 1 second before node time", func(ms *Multisig) { at(&ms.Header, now-100, now-1) },
			ErrExpired, "transaction: deadline:", "deadline 99999999 is 1 s before node time 100000000"},
		{"inner transaction expired", func(ms *Multisig) { at(ms.Inner.Common(), now-100, now-1) },
			ErrExpired, "transaction: otherTrans.deadline:", ""},
		{"inner deadline too far", func(ms *Multisig) { at(ms.Inner.Common(), now, now+86401) },
			ErrDeadlineTooFar, "transaction: otherTrans.deadline:", ""},
		{"second cosignature ahead of node time", func(ms *Multisig) { at(&ms.Cosignatures[1].Cosignature.Header, now+11, now+100) },
			ErrTimestampInFuture, "transaction: signatures[1].timeStamp:", ""},
		{"first cosignature expired", func(ms *Multisig) { at(&ms.Cosignatures[0].Cosignature.Header, now-100, now-50) },
			ErrExpired, "transaction: signatures[0].deadline:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := wrapperWithCosignatures(t, now)
			tt.edit(ms)
			err := CheckTimes(ms, now)
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			require.ErrorIs(t, err, ErrRule)
			var fe *FieldError
			require.True(t, errors.As(err, &fe))
			require.Contains(t, err.Error(), tt.field)
			require.Contains(t, err.Error(), tt.values)
		})
	}
	t.Run("no transaction", func(t *testing.T) {
		require.ErrorIs(t, CheckTimes(nil, now), ErrMalformed)
	})
	t.Run("a lone transfer", func(t *testing.T) {
		tr := newTransfer()
		at(&tr.Header, now, now+60)
		require.NoError(t, CheckTimes(tr, now))
		require.ErrorIs(t, CheckTimes(tr, now+61), ErrExpired)
		require.ErrorIs(t, CheckTimes(tr, now-11), ErrTimestampInFuture)
	})
}
