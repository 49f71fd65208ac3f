package qr

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Run "go test ./coldwallet/qr -run TestGolden -update" to rewrite the
// golden parts and PNG after a deliberate change of the format or of the
// encoder (then review the diff and testdata/README.md).
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	goldenPayloadFile = "testdata/golden-payload.txt"
	goldenPartsFile   = "testdata/golden-parts.txt"
	goldenPNGFile     = "testdata/golden-part-1.png"
)

func readGoldenParts(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(goldenPartsFile)
	require.NoError(t, err)
	parts := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	require.Len(t, parts, 3)
	return parts
}

// The golden payload, split at the default options, gives exactly the
// parts in testdata/golden-parts.txt, which join back to it; part 1 draws
// exactly the PNG in testdata (compared pixel by pixel, since PNG bytes
// depend on the Go version's compressor).
func TestGolden(t *testing.T) {
	payload, err := os.ReadFile(goldenPayloadFile)
	require.NoError(t, err)
	parts := mustSplit(t, payload, Options{})
	img, err := pngOf(parts[0], Options{})
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(goldenPartsFile, []byte(strings.Join(parts, "\n")+"\n"), 0o644))
		require.NoError(t, os.WriteFile(goldenPNGFile, img, 0o644))
	}

	require.Equal(t, readGoldenParts(t), parts)
	got, err := join(ParseScannerText(string(mustRead(t, goldenPartsFile))))
	require.NoError(t, err)
	require.Equal(t, payload, got)

	want, ok := decodePNG(t, mustRead(t, goldenPNGFile)).(*image.Paletted)
	require.True(t, ok, "a paletted PNG")
	have, ok := decodePNG(t, img).(*image.Paletted)
	require.True(t, ok, "a paletted PNG")
	require.Equal(t, want.Bounds(), have.Bounds())
	require.Equal(t, want.Palette, have.Palette)
	require.True(t, bytes.Equal(want.Pix, have.Pix), "pixels differ")
}

// The README's example lines are the golden parts.
func TestGoldenREADME(t *testing.T) {
	readme := string(mustRead(t, filepath.Join("testdata", "README.md")))
	for _, p := range readGoldenParts(t) {
		require.Contains(t, readme, p)
	}
	require.Contains(t, readme, helloPart)
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return img
}
