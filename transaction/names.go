package transaction

import "strings"

// NIS's name rules (NamespaceId, NamespaceIdPart, MosaicId).
const (
	maxRootLength     = 16
	maxSublevelLength = 64
	maxNamespaceDepth = 3
	maxMosaicName     = 32
)

// validNamespacePart reports whether s matches ^[a-z0-9][a-z0-9_-]*$.
func validNamespacePart(s string) bool {
	if s == "" || !isLowerAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLowerAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// namespaceError returns why a fully qualified namespace id (parts joined
// by dots) is not one NIS accepts, or "".
func namespaceError(ns string, maxDepth int) string {
	if strings.Count(ns, ".") >= maxDepth {
		return "more than " + itoa(maxDepth) + " levels"
	}
	rest := ns
	for i := 0; ; i++ {
		p, tail, more := strings.Cut(rest, ".")
		rest = tail
		if !validNamespacePart(p) {
			return "part " + itoa(i+1) + " does not match [a-z0-9][a-z0-9_-]*"
		}
		limit := maxSublevelLength
		if i == 0 {
			limit = maxRootLength
		}
		if len(p) > limit {
			return "part " + itoa(i+1) + " is longer than " + itoa(limit) + " characters"
		}
		if !more {
			return ""
		}
	}
}

// validMosaicName reports whether s matches
// [a-z0-9][a-z0-9'_-]*( [a-z0-9'_-]+)* and is at most 32 characters.
func validMosaicName(s string) bool {
	if s == "" || len(s) > maxMosaicName || !isLowerAlnum(s[0]) {
		return false
	}
	prevSpace := false
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case isLowerAlnum(c) || c == '\'' || c == '_' || c == '-':
		default:
			return false
		}
		prevSpace = false
	}
	return !prevSpace
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
