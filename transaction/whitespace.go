package transaction

// NIS's white space is Java's, not Go's. NIS refuses a string that is
// empty or only white space (StringUtils.isNullOrWhitespace, called by
// Deserializer.readString and MustBe.notWhitespace), and it tests every
// UTF-16 char with Character.isWhitespace. That set is not
// unicode.IsSpace's:
//
//   - Java counts U+001C to U+001F (the information separators); Go does
//     not.
//   - Go counts U+0085 (next line) and the no-break spaces U+00A0, U+2007
//     and U+202F; Java does not.
//
// Of the transaction fields NIS reads with readString, only the mosaic
// description can be white space at all: names, namespaces, addresses and
// mosaic properties must also match patterns or exact spellings that
// leave no room for it. No NIS transaction rule uses String.trim.

// mongolianVowelSeparator, U+180E, was a space separator (Zs) up to
// Unicode 6.2 and is a format character (Cf) since 6.3. Java 8, which NIS
// ran on up to 0.6.100 and which nodes may still run, counts it as white
// space; Java 11, which the current NIS requires, does not. It is white
// space here, so that a description refused by some node's Java is never
// signed; refusing costs only descriptions made of nothing visible.
const mongolianVowelSeparator = '\u180E'

// javaWhitespace reports whether r is white space to NIS: Java's
// Character.isWhitespace, true for the space, line and paragraph
// separators (Zs, Zl, Zp) other than the no-break spaces U+00A0, U+2007
// and U+202F, for U+0009 to U+000D and for U+001C to U+001F; plus
// mongolianVowelSeparator. The set is written out rather than taken from
// Go's Unicode tables, so that a new Unicode version in Go cannot change
// it; TestJavaWhitespaceIsJavas compares it with the tables.
func javaWhitespace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ',
		0x1680, mongolianVowelSeparator,
		0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200A,
		0x2028, 0x2029, 0x205F, 0x3000:
		return true
	}
	return false
}

// nisBlank reports whether NIS's StringUtils.isNullOrWhitespace is true
// for s: s is empty or every character is javaWhitespace. Java tests
// UTF-16 chars and Go runes, which is the same here: no white space lies
// outside the Basic Multilingual Plane, a surrogate is not white space,
// and an invalid UTF-8 byte reads as U+FFFD in both, which is not white
// space.
func nisBlank(s string) bool {
	for _, r := range s {
		if !javaWhitespace(r) {
			return false
		}
	}
	return true
}
