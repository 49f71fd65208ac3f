package qr

import (
	"os"
	"strings"
	"testing"

	bqr "github.com/boombuler/barcode/qr"
	"github.com/stretchr/testify/require"
)

// Published alphanumeric capacities (ISO/IEC 18004 Table 7) for a few
// versions, checked against the table the package computes from.
func TestCapacityKnownValues(t *testing.T) {
	for _, tc := range []struct {
		version int
		level   Level
		chars   int
	}{
		{1, LevelL, 25}, {1, LevelM, 20}, {1, LevelQ, 16}, {1, LevelH, 10},
		{10, LevelM, 311}, {15, LevelM, 600}, {20, LevelL, 1249}, {20, LevelM, 970},
		{20, LevelQ, 702}, {20, LevelH, 557}, {40, LevelL, 4296}, {40, LevelM, 3391},
		{40, LevelQ, 2420}, {40, LevelH, 1852},
	} {
		require.Equal(t, tc.chars, alphanumericCapacity(tc.version, tc.level), "version %d level %s", tc.version, tc.level)
	}
	require.Equal(t, maxPartLength, alphanumericCapacity(40, LevelL))
}

// The capacity table agrees with the encoder: the capacity fits the
// version, one more character does not. Encoding large codes is slow (and
// much slower under the race detector), so by default each version is
// checked at one level, the levels taking turns; QR_CAPACITY_ALL=1 checks
// all 160 entries (about ten seconds without the race detector).
func TestCapacityMatchesEncoder(t *testing.T) {
	maxVersion, all := 40, os.Getenv("QR_CAPACITY_ALL") == "1"
	if !all && (testing.Short() || raceEnabled) {
		maxVersion = 20
	}
	levels := []Level{LevelL, LevelM, LevelQ, LevelH}
	ecls := map[Level]bqr.ErrorCorrectionLevel{LevelL: bqr.L, LevelM: bqr.M, LevelQ: bqr.Q, LevelH: bqr.H}
	for v := 1; v <= maxVersion; v++ {
		for i, l := range levels {
			if !all && i != v%4 {
				continue
			}
			c := alphanumericCapacity(v, l)
			code, err := bqr.Encode(strings.Repeat("A", c), ecls[l], bqr.AlphaNumeric)
			require.NoError(t, err)
			require.Equal(t, 17+4*v, code.Bounds().Dx(), "version %d level %s: %d characters", v, l, c)
			code, err = bqr.Encode(strings.Repeat("A", c+1), ecls[l], bqr.AlphaNumeric)
			if v == 40 {
				require.Error(t, err)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, 17+4*(v+1), code.Bounds().Dx(), "version %d level %s: %d characters", v, l, c+1)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    Options
		chars   int
		bytes   int
		wantErr bool
	}{
		{"zero value is level M version 20", Options{}, 970, 578, false},
		{"level Q version 20", Options{Level: LevelQ}, 702, 411, false},
		{"level M version 15", Options{MaxVersion: 15}, 600, 347, false},
		{"level L version 40", Options{Level: LevelL, MaxVersion: 40}, 4296, 2657, false},
		{"smallest usable code", Options{Level: LevelL, MaxVersion: 2}, 47, 1, false},
		{"too small for a part", Options{MaxVersion: 2}, 38, 0, true},
		{"version 41", Options{MaxVersion: 41}, 0, 0, true},
		{"negative version", Options{MaxVersion: -1}, 0, 0, true},
		{"unknown level", Options{Level: 4}, 0, 0, true},
		{"module size too large", Options{ModulePixels: MaxModulePixels + 1}, 0, 0, true},
		{"negative module size", Options{ModulePixels: -1}, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.opts.bytesPerPart()
			if tc.wantErr {
				require.ErrorIs(t, err, ErrOptions)
				_, err := Split([]byte("x"), tc.opts)
				require.ErrorIs(t, err, ErrOptions)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.bytes, b)
			c, err := tc.opts.partLength()
			require.NoError(t, err)
			require.Equal(t, tc.chars, c)
		})
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"L": LevelL, "m": LevelM, "Q": LevelQ, "h": LevelH} {
		l, err := ParseLevel(s)
		require.NoError(t, err)
		require.Equal(t, want, l)
		require.Equal(t, strings.ToUpper(s), l.String())
	}
	for _, s := range []string{"", "X", "MM", "0"} {
		_, err := ParseLevel(s)
		require.ErrorIs(t, err, ErrOptions, "%q", s)
	}
	require.Equal(t, "Level(9)", Level(9).String())
}
