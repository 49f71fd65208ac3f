package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// The caption under a PNG code: "PART i/n" and the payload id, so that a
// person holding a printout or a screen full of files sees which part it
// is and which payload it belongs to without scanning it. The caption lies
// below the quiet zone, so a scanner never sees it as part of the code.

// glyphs is a 5 x 7 pixel font for the characters a caption uses: digits,
// capital letters, '/', '-' and space. Each glyph is 7 rows of 5 columns,
// '#' dark.
var glyphs = map[rune][7]string{
	'0': {" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "},
	'1': {"  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "},
	'2': {" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"},
	'3': {"#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "},
	'4': {"   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "},
	'5': {"#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "},
	'6': {"  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "},
	'7': {"#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "},
	'8': {" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "},
	'9': {" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "},
	'A': {" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"},
	'B': {"#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "},
	'C': {" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "},
	'D': {"###  ", "#  # ", "#   #", "#   #", "#   #", "#  # ", "###  "},
	'E': {"#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"},
	'F': {"#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "},
	'G': {" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"},
	'H': {"#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"},
	'I': {" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "},
	'J': {"  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "},
	'K': {"#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"},
	'L': {"#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"},
	'M': {"#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"},
	'N': {"#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"},
	'O': {" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "},
	'P': {"#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "},
	'Q': {" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"},
	'R': {"#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"},
	'S': {" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "},
	'T': {"#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "},
	'U': {"#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "},
	'V': {"#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "},
	'W': {"#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "},
	'X': {"#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"},
	'Y': {"#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "},
	'Z': {"#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"},
	'/': {"    #", "    #", "   # ", "  #  ", " #   ", "#    ", "#    "},
	'-': {"     ", "     ", "     ", "#####", "     ", "     ", "     "},
	' ': {"     ", "     ", "     ", "     ", "     ", "     ", "     "},
}

// glyphAdvance is a glyph's width with the space after it, in font pixels.
const glyphAdvance = 6

// caption returns the caption lines WritePNGs draws under the code of p:
// "PART i/n" and the payload id.
func caption(p Part) []string {
	return []string{fmt.Sprintf("PART %d/%d", p.Index, p.Total), p.PayloadID.String()}
}

// captionedImage is Image with lines of text drawn under the code, in the
// white margin's color scheme: each line as large as fits the width, at
// most ModulePixels image pixels per font pixel. Characters the caption
// font lacks (anything but digits, capital letters, '/', '-' and space)
// are refused.
func (s *Symbol) captionedImage(lines ...string) (*image.Paletted, error) {
	code := s.Image()
	side := code.Bounds().Dx()
	px := s.opts.ModulePixels
	type placed struct {
		text  string
		scale int
	}
	var ls []placed
	height := side
	for _, l := range lines {
		for _, r := range l {
			if _, ok := glyphs[r]; !ok {
				return nil, fmt.Errorf("qr: %w: the caption font has no %q", ErrOptions, r)
			}
		}
		scale := min(px, max(1, (side-2*px)/(len(l)*glyphAdvance)))
		ls = append(ls, placed{l, scale})
		height += 9 * scale
	}
	if len(ls) > 0 {
		height += quietZone * px / 2
	}
	img := image.NewPaletted(image.Rect(0, 0, side, height), color.Palette{color.White, color.Black})
	copy(img.Pix, code.Pix)
	y := side
	for _, l := range ls {
		width := len(l.text)*glyphAdvance*l.scale - l.scale
		x0 := max(0, (side-width)/2)
		for i, r := range l.text {
			g := glyphs[r]
			for gy, row := range g {
				for gx, c := range row {
					if c != '#' {
						continue
					}
					for dy := range l.scale {
						for dx := range l.scale {
							x := x0 + (i*glyphAdvance+gx)*l.scale + dx
							if x < side {
								img.Pix[(y+gy*l.scale+dy)*img.Stride+x] = 1
							}
						}
					}
				}
			}
		}
		y += 9 * l.scale
	}
	return img, nil
}

// captionedPNG returns captionedImage as PNG bytes.
func (s *Symbol) captionedPNG(lines ...string) ([]byte, error) {
	img, err := s.captionedImage(lines...)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qr: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}
