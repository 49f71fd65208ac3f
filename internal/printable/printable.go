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
	case strings.TrimSpace(s) != s && utf8.ValidString(s) && len(s) <= max:
		return "has leading or trailing white space"
	}
	return TextProblem(s, max)
}

// TextProblem is Problem's character rule alone, for text a program
// writes rather than a person types (a journal entry's summary, an
// optional operator name): at most max bytes of valid UTF-8, every
// character printable; it may be empty and start or end with a space.
func TextProblem(s string, max int) string {
	switch {
	case len(s) > max:
		return fmt.Sprintf("is longer than %d bytes", max)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return "has a control or non-printing character"
		}
	}
	return ""
}

// Clean returns s with every character TextProblem refuses replaced by a
// space (and invalid UTF-8 by U+FFFD), for text built from other
// messages before it is written where TextProblem applies.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
