package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"

	bqr "github.com/boombuler/barcode/qr"
)

// A Symbol is one part drawn as a QR code: a square of dark and light
// modules, without its quiet zone. Make one with Encode.
type Symbol struct {
	version int
	level   Level
	size    int
	dark    []bool // row-major, size*size
	opts    Options
}

// errEncoder reports a failure inside the QR encoder. Its own messages are
// not passed on: they repeat the text being encoded.
var errEncoder = errors.New("the QR encoder refused the part")

// Encode checks part (as ParsePart does) and draws it as a QR code at
// opts.Level in alphanumeric mode, in the smallest version that holds it.
// The error wraps ErrOptions if that version is above opts.MaxVersion.
func Encode(part string, opts Options) (*Symbol, error) {
	opts, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	if _, err := ParsePart(part); err != nil {
		return nil, err
	}
	if limit := alphanumericCapacity(opts.MaxVersion, opts.Level); len(part) > limit {
		return nil, fmt.Errorf("qr: %w: a %d-character part does not fit a version %d code at level %s (%d characters)",
			ErrOptions, len(part), opts.MaxVersion, opts.Level, limit)
	}
	ecl := [...]bqr.ErrorCorrectionLevel{LevelL: bqr.L, LevelM: bqr.M, LevelQ: bqr.Q, LevelH: bqr.H}[opts.Level]
	code, err := bqr.Encode(part, ecl, bqr.AlphaNumeric)
	if err != nil {
		return nil, fmt.Errorf("qr: %w: %w", ErrOptions, errEncoder)
	}
	b := code.Bounds()
	size := b.Dx()
	version := (size - 17) / 4
	if b.Dy() != size || version < 1 || version > opts.MaxVersion || 17+4*version != size {
		return nil, fmt.Errorf("qr: %w: %w (a %d x %d code)", ErrOptions, errEncoder, b.Dx(), b.Dy())
	}
	s := &Symbol{version: version, level: opts.Level, size: size, dark: make([]bool, size*size), opts: opts}
	for y := range size {
		for x := range size {
			g := color.Gray16Model.Convert(code.At(b.Min.X+x, b.Min.Y+y)).(color.Gray16)
			s.dark[y*size+x] = g.Y < 0x8000
		}
	}
	return s, nil
}

// Version returns the QR version, 1 to 40.
func (s *Symbol) Version() int { return s.version }

// Level returns the error-correction level.
func (s *Symbol) Level() Level { return s.level }

// moduleCount returns the number of modules on a side, without the quiet zone:
// 17 + 4*Version.
func (s *Symbol) moduleCount() int { return s.size }

// isDark reports whether the module at column x, row y is dark. Modules
// outside the symbol (the quiet zone and beyond) are light.
func (s *Symbol) isDark(x, y int) bool {
	if x < 0 || y < 0 || x >= s.size || y >= s.size {
		return false
	}
	return s.dark[y*s.size+x]
}

// Image draws the code black on white with a 4-module quiet zone,
// ModulePixels pixels per module (from the Options given to Encode). Its
// palette has two colors, so it encodes as a 1-bit PNG.
func (s *Symbol) Image() *image.Paletted {
	px := s.opts.ModulePixels
	side := (s.size + 2*quietZone) * px
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y := range side {
		row := img.Pix[y*img.Stride : y*img.Stride+side]
		my := y/px - quietZone
		for x := range row {
			if s.isDark(x/px-quietZone, my) {
				row[x] = 1
			}
		}
	}
	return img
}

// pngOf returns Image as PNG bytes.
func (s *Symbol) PNG() ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, s.Image()); err != nil {
		return nil, fmt.Errorf("qr: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// pngOf encodes part as Encode does and returns the PNG of its code.
func pngOf(part string, opts Options) ([]byte, error) {
	s, err := Encode(part, opts)
	if err != nil {
		return nil, err
	}
	return s.PNG()
}
