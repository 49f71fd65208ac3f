package qr

import (
	"strings"
	"unicode"
)

// ParseScannerText returns the parts in text read from a scanner, a file or
// a paste: one part per line or separated by any white space (parts never
// contain any), with surrounding white space, CRLF line ends and a byte
// order mark ignored. ASCII lower-case letters are upper-cased: a part has
// no lower-case letters (QR alphanumeric mode has none), so lower case can
// only come from a scanner or editor that changed the case of what it read,
// and upper-casing restores the exact text the part's checksum covers. Only
// a-z are changed, so no other character can turn into one of a part's.
//
// It does not check the parts; Assembler.Add does.
func ParseScannerText(text string) []string {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF'
	})
	for i, f := range fields {
		fields[i] = asciiUpper(f)
	}
	return fields
}

func asciiUpper(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' }) < 0 {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
