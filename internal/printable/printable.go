// Package printable holds the one rule for short human text that
// nemcustody prints to an operator: labels, notes, operator names. Such
// text must not be able to fake a line of a review, colour a terminal or
// hide behind invisible characters. It may be in any script, so it must
// decide nothing: custodian names, which decide who counts as one
// custodian, follow the stricter ASCII rule of multisig.CustodianProblem.
package printable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem returns why s is not 1 to max bytes of valid UTF-8, every
// character printable (unicode.IsPrint: no control or format characters,
// no line or paragraph separator, no space other than U+0020), without
// leading or trailing white space; or "" when it is. The reason is a
// clause for "<name> ...", and never repeats s.
func Problem(s string, max int) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > max:
		return fmt.Sprintf("is longer than %d bytes", max)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.TrimSpace(s) != s:
		return "has leading or trailing white space"
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return "has a control or non-printing character"
		}
	}
	return ""
}
