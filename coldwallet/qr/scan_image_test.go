package qr

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestScanImage: ZXing (an implementation independent of the encoder)
// reads the golden PNG and codes at every level, as PNG and as a JPEG a
// camera would save, back to the exact part text.
func TestScanImage(t *testing.T) {
	golden := mustRead(t, goldenPNGFile)
	text, err := ScanImage(golden)
	require.NoError(t, err)
	require.Equal(t, readGoldenParts(t)[0], text)

	payload := randomPayload(newRand(3), 1500)
	for _, o := range []Options{{}, {Level: LevelL}, {Level: LevelQ, ModulePixels: 4}, {Level: LevelH, MaxVersion: 25}} {
		for _, part := range mustSplit(t, payload, o) {
			s, err := Encode(part, o)
			require.NoError(t, err)
			b, err := s.captionedPNG(caption(mustParse(t, part))...)
			require.NoError(t, err)
			got, err := ScanImage(b)
			require.NoError(t, err)
			require.Equal(t, part, got)
			var jb bytes.Buffer
			require.NoError(t, jpeg.Encode(&jb, s.Image(), &jpeg.Options{Quality: 75}))
			got, err = ScanImage(jb.Bytes())
			require.NoError(t, err)
			require.Equal(t, part, got, "JPEG")
		}
	}
}

func mustParse(t *testing.T, part string) Part {
	p, err := ParsePart(part)
	require.NoError(t, err)
	return p
}

// TestScanImageRefuses: not an image, an image without a code, and an
// image whose header claims more pixels than allowed (never decoded).
func TestScanImageRefuses(t *testing.T) {
	_, err := ScanImage([]byte("NC1/001/001/..."))
	require.ErrorContains(t, err, "not a PNG, JPEG or GIF image")

	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	blank.Set(100, 100, color.Black)
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, blank))
	_, err = ScanImage(b.Bytes())
	require.ErrorIs(t, err, ErrNoCode)

	// A PNG header claiming 100000 x 100000 pixels, and no pixel data.
	hdr := []byte("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 0
	chunk := append([]byte("IHDR"), ihdr...)
	var c bytes.Buffer
	c.Write(hdr)
	_ = binary.Write(&c, binary.BigEndian, uint32(13))
	c.Write(chunk)
	_ = binary.Write(&c, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	_, err = ScanImage(c.Bytes())
	require.ErrorContains(t, err, "larger than")
}

// TestCaptionRefusesUnknownCharacters: the caption font is small on
// purpose.
func TestCaptionRefusesUnknownCharacters(t *testing.T) {
	s, err := Encode(helloPart, Options{})
	require.NoError(t, err)
	_, err = s.captionedImage("part 1/1")
	require.ErrorIs(t, err, ErrOptions)
	img, err := s.captionedImage("PART 1/1", "FHFLCQD6GYQARELA")
	require.NoError(t, err)
	require.Equal(t, s.Image().Pix, img.Pix[:len(s.Image().Pix)])
}

// FuzzScanImage: any bytes, read as an image, give a code's text or an
// error, never a panic or a hang on a small input; a text returned is
// only ever handed to Assembler.Add, which checks it.
func FuzzScanImage(f *testing.F) {
	s, err := Encode(helloPart, Options{ModulePixels: 2})
	require.NoError(f, err)
	b, err := s.captionedPNG("PART 1/1")
	require.NoError(f, err)
	f.Add(b)
	var jb bytes.Buffer
	require.NoError(f, jpeg.Encode(&jb, s.Image(), &jpeg.Options{Quality: 50}))
	f.Add(jb.Bytes())
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		text, err := ScanImage(b)
		if err == nil {
			var a Assembler
			_ = a.Add(text)
		}
	})
}
