package multisig

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// custodianPunctuation is the punctuation a custodian name may hold
// besides ASCII letters, digits and the space (see CustodianProblem).
const custodianPunctuation = "-_.,'&()/#:"

// custodianAlphabet describes the allowed characters in error messages.
const custodianAlphabet = "ASCII letters, digits, space and - _ . , ' & ( ) / # :"

// CustodianProblem returns why s cannot be a cosigner's custodian, or ""
// when it can. A custodian name is 1 to 64 bytes of ASCII
// letters, digits, spaces and the punctuation in custodianPunctuation,
// with at least one letter or digit and no leading or trailing space.
//
// Custodian names are restricted to ASCII, not merely printable, because
// they decide identity: the plan refuses one custodian holding M keys, and
// a Cyrillic, fullwidth or accented look-alike of a name ("Ѕite A" with a
// Cyrillic S, "Ｓite A", "Site Á") would otherwise count as a second
// custodian while a reviewer reads it as the first. Within ASCII the
// remaining look-alikes are folded by CustodianKey.
//
// The reason is a clause for "the custodian ...": it names a refused
// character by its code point and byte offset and never repeats s.
func CustodianProblem(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > maxNameLength:
		return fmt.Sprintf("is longer than %d bytes", maxNameLength)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	alnum := false
	for i, r := range s {
		switch {
		case r >= utf8.RuneSelf:
			return fmt.Sprintf("has the non-ASCII character %U at byte %d: custodian names are %s only, "+
				"so that a look-alike letter cannot pass for another custodian; spell it in ASCII "+
				"(a plan written by an earlier version: edit this custodian in the plan file and have the plan reviewed again)",
				r, i, custodianAlphabet)
		case r < ' ' || r == 0x7f:
			return fmt.Sprintf("has the control character %U at byte %d: custodian names are %s only", r, i, custodianAlphabet)
		case isASCIIAlnum(byte(r)):
			alnum = true
		case r == ' ' || strings.ContainsRune(custodianPunctuation, r):
		default:
			return fmt.Sprintf("has the character %q at byte %d: custodian names are %s only", r, i, custodianAlphabet)
		}
	}
	switch {
	case s[0] == ' ' || s[len(s)-1] == ' ':
		return "has leading or trailing white space"
	case !alnum:
		return "has no letter or digit"
	}
	return ""
}

// CustodianKey returns the skeleton of a custodian name. Two cosigners
// belong to the same custodian when the skeletons of their Custodian names
// are equal; an empty name has the empty skeleton and counts alone.
//
// The skeleton, computed byte by byte:
//
//   - ASCII letters are lowered ('A' to 'a'), by ASCII rules only
//     (Unicode case mapping would turn U+0131 dotless i into 'I' and
//     U+017F long s into 'S');
//   - the ASCII look-alikes are folded, after lowering:
//     '0' and 'o' become 'o'; '1', 'i', 'l' and '|' become 'l';
//     'm' becomes "rn"; 'w' becomes "vv";
//   - every other byte (space, punctuation; in names CustodianProblem
//     refuses, anything else) is dropped, so spacing and punctuation never
//     tell two custodians apart: "SiteA", "Si te A" and "S-i-t-e A" are
//     "Site A".
//
// So "Site-A", "site a", "SITE_A", "(Site A)", "SiteA", "S1te A" and
// "SlTE A" are one custodian, skeleton "sltea"; "Site B" and "5ite A" are
// others. The skeleton alphabet is "abcdefghjklnopqrstuvxyz23456789".
//
// The folds are the ASCII part of Unicode's confusables.txt (UTS #39),
// closed under letter case. Version 17.0 has eight entries whose source
// is ASCII (the seven with an ASCII target are the same since version
// 10.0):
//
//	0022 " -> ''   0030 0 -> O    0031 1 -> l    0049 I -> l
//	0060 ` -> '    006D m -> rn   007C | -> l    0025 % -> º/₀
//
// The last is dropped (its target is not ASCII). The quote marks fold to
// punctuation, which is a separator anyway. Lowering then forces 'o' with
// 'O' (and so '0'), 'i' with 'I' (and so 'l') and 'M' with 'm'. One fold
// is added to the standard's: 'w' becomes "vv", for the same reason as
// 'm' becomes "rn" (in proportional fonts they look alike). Pairs that
// differ in every font at review size, such as '5' and 'S', '2' and 'Z',
// '8' and 'B', "cl" and 'd', are not folded. Non-ASCII look-alikes are not
// folded at all: CustodianProblem refuses them, and Plan.Validate checks
// every name with it before comparing skeletons.
func CustodianKey(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		if fold, ok := custodianFold(name[i]); ok {
			b.WriteString(fold)
		}
	}
	return b.String()
}

// custodianFold returns the skeleton of one byte, or false for a
// separator.
func custodianFold(c byte) (string, bool) {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	switch c {
	case '0', 'o':
		return "o", true
	case '1', 'i', 'l', '|':
		return "l", true
	case 'm':
		return "rn", true
	case 'w':
		return "vv", true
	}
	if isASCIIAlnum(c) {
		return string(rune(c)), true
	}
	return "", false
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
