package qr

import "strings"

// terminalOf draws the code as text, two module rows per line with the
// Unicode half blocks ▀ ▄ █ and spaces, one column per module, including a
// quietZone-module margin: Size()+8 columns and (Size()+9)/2 lines, each
// ending in a newline. These block characters are in code page 437, so the
// Linux console's fonts and those of common terminal emulators have them.
//
// A scanner needs dark modules on a light background, and a terminal draws
// its characters in the foreground color. So by default (for the common
// light-on-dark terminal) the characters draw the light modules and the
// margin, and the dark modules are left as the dark background. With
// Options.Invert (for a dark-on-light terminal) the characters draw the dark
// modules. A rendering made for the wrong kind of terminal shows a negative
// that many scanners do not read.
//
// A terminal cell is about twice as tall as it is wide, so two module rows
// per cell keep modules square. Use a font and window large enough that
// the whole code shows at once.
func (s *Symbol) Terminal() string {
	side := s.size + 2*quietZone
	rows := (side + 1) / 2
	var b strings.Builder
	b.Grow(rows * (side*3 + 1))
	// ink reports whether the character cell draws module (x, y) in the
	// foreground color. Rows past the margin (the lower half of an odd last
	// line) are left as background.
	ink := func(x, y int) bool {
		if y >= side {
			return false
		}
		return s.isDark(x-quietZone, y-quietZone) == s.opts.Invert
	}
	for r := range rows {
		for x := range side {
			top, bottom := ink(x, 2*r), ink(x, 2*r+1)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// terminalOf encodes part as Encode does and returns its terminal drawing.
func terminalOf(part string, opts Options) (string, error) {
	s, err := Encode(part, opts)
	if err != nil {
		return "", err
	}
	return s.Terminal(), nil
}
