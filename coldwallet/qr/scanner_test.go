package qr

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseScannerText(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", []string{}},
		{"only white space", " \r\n\t\n", []string{}},
		{"one part, no newline", "NC1/A", []string{"NC1/A"}},
		{"one part per line", "NC1/A\nNC1/B\n", []string{"NC1/A", "NC1/B"}},
		{"CRLF and blank lines", "\r\nNC1/A\r\n\r\nNC1/B\r\n", []string{"NC1/A", "NC1/B"}},
		{"surrounding white space", "  NC1/A \t\n\tNC1/B  ", []string{"NC1/A", "NC1/B"}},
		{"space separated", "NC1/A NC1/B", []string{"NC1/A", "NC1/B"}},
		{"byte order mark", "\uFEFFNC1/A\n", []string{"NC1/A"}},
		{"lower case", "nc1/abc/xyz2\n", []string{"NC1/ABC/XYZ2"}},
		{"mixed case", "Nc1/aBc", []string{"NC1/ABC"}},
		// Unicode upper-casing would turn these into ASCII letters; only a-z
		// are changed.
		{"dotless i and long s stay", "nc1/\u0131\u017f", []string{"NC1/\u0131\u017f"}},
		{"Kelvin sign stays", "\u212a", []string{"\u212a"}},
		{"non-breaking space separates", "NC1/A\u00a0NC1/B", []string{"NC1/A", "NC1/B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseScannerText(tc.text)
			if len(tc.want) == 0 {
				require.Empty(t, got)
				return
			}
			require.Equal(t, tc.want, got)
		})
	}
}

// What scanners do to the golden parts is undone.
func TestParseScannerTextRestoresParts(t *testing.T) {
	parts := readGoldenParts(t)
	payload := mustRead(t, goldenPayloadFile)
	for name, text := range map[string]string{
		"lines":               strings.Join(parts, "\n"),
		"CRLF, trailing":      strings.Join(parts, "\r\n") + "\r\n",
		"lower case":          strings.ToLower(strings.Join(parts, "\n")),
		"reversed, with tabs": parts[2] + "\t" + parts[1] + "\t\t" + parts[0],
		"duplicates":          strings.Join(append(parts, parts[1], parts[0]), "\n"),
	} {
		got, err := join(ParseScannerText(text))
		require.NoError(t, err, name)
		require.Equal(t, payload, got, name)
	}
}
