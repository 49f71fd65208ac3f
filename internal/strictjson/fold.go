package strictjson

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldKey folds a key so that two keys fold equal exactly when
// encoding/json (and strings.EqualFold) would match one with the other:
// every rune becomes the smallest rune of its Unicode simple case folding
// orbit ("K", "k" and the Kelvin sign fold alike).
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(s)
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = utf8.AppendRune(b, foldRune(r))
	}
	return string(b)
}

// foldRune returns the smallest rune of r's simple folding orbit.
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}
