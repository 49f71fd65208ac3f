package qr

import (
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWritePNGs(t *testing.T) {
	dir := t.TempDir()
	parts := readGoldenParts(t)
	paths, err := WritePNGs(dir, parts, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-001-of-003.png"),
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-002-of-003.png"),
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-003-of-003.png"),
	}, paths)
	for i, p := range paths {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		require.Equal(t, fs.FileMode(0o644), fi.Mode().Perm()&^umask(t))
		// The code is PNG's, pixel for pixel; the caption lies below it.
		want, err := pngOf(parts[i], Options{})
		require.NoError(t, err)
		code := decodePNG(t, want).(*image.Paletted)
		got := decodePNG(t, mustRead(t, p)).(*image.Paletted)
		side := code.Bounds().Dx()
		require.Equal(t, side, got.Bounds().Dx())
		require.Greater(t, got.Bounds().Dy(), side+9, "a caption strip under the code")
		require.Equal(t, code.Pix, got.Pix[:len(code.Pix)])
		require.Contains(t, got.Pix[len(code.Pix):], uint8(1), "the caption is drawn")
		// An independent decoder (ZXing) reads the file back to the part.
		text, err := ScanImage(mustRead(t, p))
		require.NoError(t, err)
		require.Equal(t, parts[i], text)
	}
	// The captions differ where the part number does: "PART 1/3", "PART 2/3".
	a, b := decodePNG(t, mustRead(t, paths[0])).(*image.Paletted), decodePNG(t, mustRead(t, paths[1])).(*image.Paletted)
	side := a.Bounds().Dx()
	require.NotEqual(t, a.Pix[side*side:], b.Pix[side*side:])

	// Nothing is overwritten, and a failed call leaves nothing behind.
	other := mustSplit(t, []byte("another payload"), Options{})
	before := mustRead(t, paths[1])
	_, err = WritePNGs(dir, append(other, parts[1]), Options{})
	require.ErrorIs(t, err, fs.ErrExist)
	require.Contains(t, err.Error(), "already exists")
	require.Equal(t, before, mustRead(t, paths[1]))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 3, "the file of the other payload was removed")
}

func TestWritePNGsRefuses(t *testing.T) {
	dir := t.TempDir()
	parts := readGoldenParts(t)
	for _, tc := range []struct {
		name  string
		dir   string
		parts []string
		opts  Options
	}{
		{"no parts", dir, nil, Options{}},
		{"a corrupt part", dir, []string{parts[0], parts[1][:100]}, Options{}},
		{"a part too long for the options", dir, parts, Options{MaxVersion: 10}},
		{"a part given twice", dir, []string{parts[0], parts[0]}, Options{}},
		{"no such directory", filepath.Join(dir, "missing"), parts, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths, err := WritePNGs(tc.dir, tc.parts, tc.opts)
			require.Error(t, err)
			require.Nil(t, paths)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Empty(t, entries)
		})
	}
}

// umask returns the process's umask bits, which os.OpenFile applies.
func umask(t *testing.T) fs.FileMode {
	t.Helper()
	p := filepath.Join(t.TempDir(), "probe")
	require.NoError(t, os.WriteFile(p, nil, 0o777))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	return 0o777 &^ fi.Mode().Perm()
}
