package qr

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// readTerminal turns a terminal drawing back into its grid of inked cells
// (two per character: top and bottom).
func readTerminal(t *testing.T, text string) [][]bool {
	t.Helper()
	require.True(t, strings.HasSuffix(text, "\n"))
	var grid [][]bool
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		top, bottom := []bool{}, []bool{}
		for _, r := range line {
			switch r {
			case '█':
				top, bottom = append(top, true), append(bottom, true)
			case '▀':
				top, bottom = append(top, true), append(bottom, false)
			case '▄':
				top, bottom = append(top, false), append(bottom, true)
			case ' ':
				top, bottom = append(top, false), append(bottom, false)
			default:
				t.Fatalf("unexpected character %q", r)
			}
		}
		grid = append(grid, top, bottom)
	}
	return grid
}

func TestTerminal(t *testing.T) {
	for _, part := range []string{helloPart, readGoldenParts(t)[0]} {
		for _, invert := range []bool{false, true} {
			s, err := Encode(part, Options{Invert: invert})
			require.NoError(t, err)
			text := s.Terminal()
			side := s.moduleCount() + 2*quietZone
			lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
			require.Len(t, lines, (side+1)/2)
			for _, l := range lines {
				require.Equal(t, side, utf8.RuneCountInString(l), "one column per module")
			}
			grid := readTerminal(t, text)
			for y := range side {
				for x := range side {
					dark := s.isDark(x-quietZone, y-quietZone)
					// Light-on-dark terminals ink the light modules and the
					// quiet zone; dark-on-light terminals ink the dark ones.
					require.Equal(t, dark == invert, grid[y][x], "module (%d, %d) invert=%v", x, y, invert)
				}
			}
			// The half row below an odd-sized drawing is never inked.
			for x := range side {
				require.False(t, grid[side][x])
			}
			got, err := terminalOf(part, Options{Invert: invert})
			require.NoError(t, err)
			require.Equal(t, text, got)
		}
	}
}
