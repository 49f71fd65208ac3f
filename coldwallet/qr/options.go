package qr

import (
	"fmt"
	"strings"
)

// A Level is a QR error-correction level. The zero value is LevelM, the
// default.
type Level uint8

// Error-correction levels. A code at a more redundant level holds fewer
// characters at the same version but survives more damage: L < M < Q < H.
const (
	// LevelM restores about 15% of damaged codewords. The default: codes are
	// shown on screens or printed cleanly, where the errors come from glare,
	// blur, moiré and partial framing, not dirt.
	LevelM Level = iota
	// LevelL restores about 7%: the most data, the least margin. NanoWallet
	// prints its QR codes at this level.
	LevelL
	// LevelQ restores about 25%: for printed codes that may be creased or
	// smudged.
	LevelQ
	// LevelH restores about 30%.
	LevelH
)

// index is the level's column in dataCodewords (L, M, Q, H).
func (l Level) index() int {
	return [...]int{LevelL: 0, LevelM: 1, LevelQ: 2, LevelH: 3}[l]
}

func (l Level) valid() bool { return l <= LevelH }

// String returns "L", "M", "Q" or "H".
func (l Level) String() string {
	if !l.valid() {
		return fmt.Sprintf("Level(%d)", uint8(l))
	}
	return [...]string{LevelM: "M", LevelL: "L", LevelQ: "Q", LevelH: "H"}[l]
}

// ParseLevel parses "L", "M", "Q" or "H", in either case.
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(s) {
	case "L":
		return LevelL, nil
	case "M":
		return LevelM, nil
	case "Q":
		return LevelQ, nil
	case "H":
		return LevelH, nil
	}
	return 0, fmt.Errorf("qr: %w: error-correction level must be L, M, Q or H", ErrOptions)
}

// Defaults and limits of Options.
const (
	// DefaultMaxVersion is the largest QR version Split uses unless told
	// otherwise: 97 x 97 modules, 970 characters at level M, 578 payload
	// bytes per part, so a 3 KB request is 6 codes, each an 840-pixel square
	// pngOf at 8 pixels per module.
	DefaultMaxVersion = 20
	// defaultModulePixels is the side of one module in a PNG, in pixels: a
	// version 20 code with its quiet zone is 840 x 840 pixels.
	defaultModulePixels = 8
	// MaxModulePixels is the largest module size Options accepts.
	MaxModulePixels = 32
	// quietZone is the light margin around every code, in modules: the
	// minimum ISO/IEC 18004 requires. Scanners fail without it.
	quietZone = 4
)

// Options choose the size and look of the codes. The zero value is the
// default: level M, QR versions up to 20, 8-pixel modules, light-on-dark
// terminal rendering.
type Options struct {
	// Level is the error-correction level of every code.
	Level Level
	// MaxVersion is the largest QR version (1 to 40) a part may need; Split
	// makes parts small enough for it. 0 means DefaultMaxVersion. Lower it
	// for small screens and terminals (version 15 is 77 x 77 modules, 600
	// characters at level M).
	MaxVersion int
	// ModulePixels is the side of one module in a PNG, 1 to
	// MaxModulePixels. 0 means DefaultModulePixels.
	ModulePixels int
	// Invert selects terminal rendering for a terminal that shows dark text
	// on a light background. By default the rendering is for the common
	// light-on-dark terminal; see Symbol.Terminal.
	Invert bool
}

// resolved returns o with defaults filled in, or an error wrapping
// ErrOptions.
func (o Options) resolved() (Options, error) {
	if !o.Level.valid() {
		return o, fmt.Errorf("qr: %w: unknown error-correction level %d", ErrOptions, uint8(o.Level))
	}
	if o.MaxVersion == 0 {
		o.MaxVersion = DefaultMaxVersion
	}
	if o.MaxVersion < 1 || o.MaxVersion > 40 {
		return o, fmt.Errorf("qr: %w: max version %d is outside 1 to 40", ErrOptions, o.MaxVersion)
	}
	if o.ModulePixels == 0 {
		o.ModulePixels = defaultModulePixels
	}
	if o.ModulePixels < 1 || o.ModulePixels > MaxModulePixels {
		return o, fmt.Errorf("qr: %w: module size %d pixels is outside 1 to %d", ErrOptions, o.ModulePixels, MaxModulePixels)
	}
	return o, nil
}

// partLength returns the most characters a part may have under o: what one
// QR code of version o.MaxVersion holds at o.Level in alphanumeric mode.
func (o Options) partLength() (int, error) {
	o, err := o.resolved()
	if err != nil {
		return 0, err
	}
	return alphanumericCapacity(o.MaxVersion, o.Level), nil
}

// bytesPerPart returns the most payload bytes one part carries under o. It
// is an error if a code of o.MaxVersion at o.Level is too small to hold a
// part at all.
func (o Options) bytesPerPart() (int, error) {
	chars, err := o.partLength()
	if err != nil {
		return 0, err
	}
	n := (chars - partOverhead) * 5 / 8
	if n < 1 {
		o, _ := o.resolved()
		return 0, fmt.Errorf("qr: %w: a version %d code at level %s holds %d characters, too few for a part (at least %d)",
			ErrOptions, o.MaxVersion, o.Level, chars, partOverhead+2)
	}
	return n, nil
}
