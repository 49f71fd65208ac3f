package qr

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// The acceptance case: a 3 KB request splits, is read in a shuffled order
// with a duplicate, and reassembles byte for byte.
func Test3KBRequestRoundTrip(t *testing.T) {
	r := newRand(1)
	payload := randomPayload(r, 3072)
	parts := mustSplit(t, payload, Options{})
	require.Len(t, parts, 6, "3072 bytes at 578 bytes per part")
	scanned := append([]string{parts[2]}, parts...)
	r.Shuffle(len(scanned), func(i, j int) { scanned[i], scanned[j] = scanned[j], scanned[i] })
	got, err := join(scanned)
	require.NoError(t, err)
	require.Equal(t, payload, got)
}

func TestSmallPayloadIsOnePart(t *testing.T) {
	per, err := Options{}.bytesPerPart()
	require.NoError(t, err)
	for _, size := range []int{1, 300, per} {
		payload := bytes.Repeat([]byte{'x'}, size)
		parts := mustSplit(t, payload, Options{})
		require.Len(t, parts, 1, "%d bytes", size)
		require.Equal(t, "NC1/001/001/", parts[0][:12])
		got, err := join(parts)
		require.NoError(t, err)
		require.Equal(t, payload, got)
	}
	require.Len(t, mustSplit(t, make([]byte, per+1), Options{}), 2)
}

// Parts use the space they are given: each fits a code of MaxVersion, and
// one part fewer would not carry the payload.
func TestSplitSizes(t *testing.T) {
	r := newRand(2)
	for _, opts := range []Options{{}, {Level: LevelQ}, {MaxVersion: 10}, {Level: LevelL, MaxVersion: 40}, {Level: LevelH, MaxVersion: 8}} {
		limit, err := opts.partLength()
		require.NoError(t, err)
		per, err := opts.bytesPerPart()
		require.NoError(t, err)
		for _, size := range []int{1, per - 1, per, per + 1, 3*per + 7, 20000} {
			parts := mustSplit(t, randomPayload(r, size), opts)
			require.Equal(t, (size+per-1)/per, len(parts))
			for _, p := range parts {
				require.LessOrEqual(t, len(p), limit)
			}
		}
	}
}

func TestSplitIsDeterministic(t *testing.T) {
	payload := randomPayload(newRand(3), 5000)
	require.Equal(t, mustSplit(t, payload, Options{}), mustSplit(t, payload, Options{}))
}

func TestSplitRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		size    int
		opts    Options
		wantErr error
	}{
		{"empty payload", 0, Options{}, ErrPayloadSize},
		{"larger than MaxPayloadSize", MaxPayloadSize + 1, Options{Level: LevelL, MaxVersion: 40}, ErrPayloadSize},
		{"more than MaxParts parts", 64 << 10, Options{MaxVersion: 5}, ErrPayloadSize},
		{"options out of range", 10, Options{MaxVersion: 50}, ErrOptions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := Split(make([]byte, tc.size), tc.opts)
			require.ErrorIs(t, err, tc.wantErr)
			require.Nil(t, parts)
		})
	}
	// The largest payload fits at the default options.
	parts := mustSplit(t, make([]byte, MaxPayloadSize), Options{})
	require.Len(t, parts, 454)
}
