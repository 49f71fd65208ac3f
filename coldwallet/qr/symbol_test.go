package qr

import (
	"image/color"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every part Split makes encodes within MaxVersion, whatever the options,
// and the part that fills its code needs exactly MaxVersion.
func TestEncodedVersionWithinMax(t *testing.T) {
	r := newRand(10)
	for _, opts := range []Options{{}, {Level: LevelQ}, {MaxVersion: 15}, {Level: LevelL, MaxVersion: 8}, {Level: LevelH, MaxVersion: 12}} {
		per, err := opts.bytesPerPart()
		require.NoError(t, err)
		o, err := opts.resolved()
		require.NoError(t, err)
		for _, size := range []int{1, 100, per, 2*per + 1} {
			parts := mustSplit(t, randomPayload(r, size), opts)
			for _, p := range parts {
				s, err := Encode(p, opts)
				require.NoError(t, err)
				require.LessOrEqual(t, s.Version(), o.MaxVersion)
				require.Equal(t, 17+4*s.Version(), s.moduleCount())
				require.Equal(t, o.Level, s.Level())
				require.LessOrEqual(t, len(p), alphanumericCapacity(s.Version(), o.Level))
				if s.Version() > 1 {
					require.Greater(t, len(p), alphanumericCapacity(s.Version()-1, o.Level), "smallest version")
				}
			}
			if size == per {
				s, err := Encode(parts[0], opts)
				require.NoError(t, err)
				require.Equal(t, o.MaxVersion, s.Version(), "a full part fills a code of MaxVersion")
			}
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	full := mustSplit(t, make([]byte, 578), Options{})[0]
	for _, tc := range []struct {
		name string
		part string
		opts Options
		want error
	}{
		{"not a part", "HELLO", Options{}, ErrMalformedPart},
		{"a corrupt part", helloPart[:len(helloPart)-1] + "A", Options{}, ErrCorruptPart},
		{"a part longer than MaxVersion holds", full, Options{MaxVersion: 19}, ErrOptions},
		{"options out of range", helloPart, Options{Level: 7}, ErrOptions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Encode(tc.part, tc.opts)
			require.ErrorIs(t, err, tc.want)
			require.Nil(t, s)
			_, err = pngOf(tc.part, tc.opts)
			require.ErrorIs(t, err, tc.want)
			_, err = terminalOf(tc.part, tc.opts)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// The image is the symbol, scaled by ModulePixels, with a white quiet zone
// of QuietZone modules; finder patterns sit in three corners.
func TestImage(t *testing.T) {
	for _, px := range []int{1, 3, 8} {
		s, err := Encode(helloPart, Options{ModulePixels: px})
		require.NoError(t, err)
		require.Equal(t, 4, s.Version(), "70 characters at level M")
		img := s.Image()
		side := (s.moduleCount() + 2*quietZone) * px
		require.Equal(t, side, img.Bounds().Dx())
		require.Equal(t, side, img.Bounds().Dy())
		for y := range side {
			for x := range side {
				dark := img.At(x, y) == color.Black
				require.Equal(t, s.isDark(x/px-quietZone, y/px-quietZone), dark, "pixel (%d, %d)", x, y)
			}
		}
		// Finder pattern corners: dark at (0,0), (size-1,0), (0,size-1);
		// light outside the symbol.
		n := s.moduleCount()
		require.True(t, s.isDark(0, 0) && s.isDark(n-1, 0) && s.isDark(0, n-1))
		require.False(t, s.isDark(-1, 0) || s.isDark(0, n) || s.isDark(n, n))
		png, err := s.PNG()
		require.NoError(t, err)
		require.Equal(t, img.Bounds(), decodePNG(t, png).Bounds())
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	a, err := pngOf(helloPart, Options{})
	require.NoError(t, err)
	b, err := pngOf(helloPart, Options{})
	require.NoError(t, err)
	require.Equal(t, a, b)
}
