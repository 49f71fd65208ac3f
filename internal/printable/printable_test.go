package printable

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProblem(t *testing.T) {
	for s, want := range map[string]string{
		"vault A":               "",
		"Tōkyō site 2":          "",
		strings.Repeat("a", 16): "",
		strings.Repeat("a", 17): "is longer than 16 bytes",
		"":                      "is empty",
		" vault":                "has leading or trailing white space",
		"vault\n":               "has leading or trailing white space",
		"vault\nA":              "has a control or non-printing character",
		"\x1b[31mred":           "has a control or non-printing character",
		"a\u2028b":              "has a control or non-printing character",
		"a\u202eb":              "has a control or non-printing character",
		"a\u00a0b":              "has a control or non-printing character",
		"a\tb":                  "has a control or non-printing character",
		"bad \xff":              "is not valid UTF-8",
	} {
		require.Equal(t, want, Problem(s, 16), "%q", s)
	}
}
