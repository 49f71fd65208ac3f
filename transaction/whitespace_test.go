package transaction

import (
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// javaWhitespace11 is every char for which Java 11 (and 17, 21) says
// Character.isWhitespace, written out from its documentation: U+0009 to
// U+000D, U+001C to U+001F, and the Zs, Zl and Zp characters but the
// no-break spaces U+00A0, U+2007 and U+202F.
var javaWhitespace11 = []rune{
	0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20,
	0x1680,
	0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200A,
	0x2028, 0x2029, 0x205F, 0x3000,
}

// TestJavaWhitespaceDisagreesWithGo lists every code point on which NIS's
// white space and Go's unicode.IsSpace disagree, found by scanning all of
// them, and whether NIS counts it.
func TestJavaWhitespaceDisagreesWithGo(t *testing.T) {
	want := []struct {
		name  string
		r     rune
		isNIS bool
	}{
		{"U+001C information separator four (file separator)", 0x1C, true},
		{"U+001D information separator three (group separator)", 0x1D, true},
		{"U+001E information separator two (record separator)", 0x1E, true},
		{"U+001F information separator one (unit separator)", 0x1F, true},
		{"U+0085 next line", 0x85, false},
		{"U+00A0 no-break space", 0xA0, false},
		{"U+180E Mongolian vowel separator (Zs up to Unicode 6.2: Java 8)", 0x180E, true},
		{"U+2007 figure space (no-break)", 0x2007, false},
		{"U+202F narrow no-break space", 0x202F, false},
	}
	var got []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if javaWhitespace(r) != unicode.IsSpace(r) {
			got = append(got, r)
		}
	}
	require.Len(t, got, len(want), "disagreements: %U", got)
	for i, w := range want {
		t.Run(w.name, func(t *testing.T) {
			require.Equal(t, w.r, got[i])
			require.Equal(t, w.isNIS, javaWhitespace(w.r))
			require.Equal(t, !w.isNIS, unicode.IsSpace(w.r))
		})
	}
}

// TestJavaWhitespaceIsJavas: the helper is Java 11's Character.isWhitespace
// plus U+180E (Java 8's), and Java's documented definition, read from Go's
// Unicode tables, gives exactly the chars written out above.
func TestJavaWhitespaceIsJavas(t *testing.T) {
	listed := map[rune]bool{}
	for _, r := range javaWhitespace11 {
		listed[r] = true
	}
	var fromTables []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		documented := unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp) && r != 0xA0 && r != 0x2007 && r != 0x202F ||
			r >= 0x09 && r <= 0x0D || r >= 0x1C && r <= 0x1F
		if documented {
			fromTables = append(fromTables, r)
		}
		require.Equal(t, listed[r] || r == 0x180E, javaWhitespace(r), "U+%04X", r)
	}
	require.Equal(t, javaWhitespace11, fromTables, "Go's Unicode tables no longer give Java 11's set")
	require.True(t, unicode.Is(unicode.Cf, 0x180E), "U+180E is a format character since Unicode 6.3")
}

// TestNISBlank: empty or only Java white space, tested char by char.
func TestNISBlank(t *testing.T) {
	cases := []struct {
		name string
		s    string
		want bool
	}{
		{"empty", "", true},
		{"one space", " ", true},
		{"every NIS white space", string(append(append([]rune{}, javaWhitespace11...), 0x180E)), true},
		{"information separators among tabs", "\t\x1c\x1d\t\x1e\x1f", true},
		{"a letter after white space", " \t\x1fa", false},
		{"a no-break space", "\u00a0", false},
		{"a no-break space among spaces", "  \u00a0  ", false},
		{"next line", "\u0085", false},
		{"zero width space (a format character to both)", "\u200b", false},
		{"byte order mark", "\ufeff", false},
		{"an invalid UTF-8 byte (U+FFFD to Java)", " \xff ", false},
		{"an encoded surrogate (U+FFFD to Java)", " \xed\xa0\x80", false},
		{"a character outside the BMP", " \U0001F600", false},
		{"NUL", "\x00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, nisBlank(c.s))
		})
	}
}

// FuzzNISBlank compares nisBlank with StringUtils.isNullOrWhitespace done
// Java's way: decode to UTF-16 chars (invalid UTF-8 becoming U+FFFD, as
// Java's decoder does) and look each char up in Java's list.
func FuzzNISBlank(f *testing.F) {
	for _, s := range []string{"", " ", "\x1c", "\u00a0", "\u180e", " \xff", "\u2028\u3000", "a", "\U0001F600"} {
		f.Add(s)
	}
	java := map[uint16]bool{0x180E: true}
	for _, r := range javaWhitespace11 {
		java[uint16(r)] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := true
		for _, u := range utf16.Encode([]rune(s)) {
			if !java[u] {
				want = false
			}
		}
		require.Equal(t, want, nisBlank(s), "%+q", s)
	})
}

// descriptionCases are descriptions on which Go and Java disagree, and
// their neighbours, with what NIS does with a mosaic definition that has
// each: refuse it (MosaicDescriptor: MustBe.notWhitespace, and
// Deserializer.readString before it) or accept it.
var descriptionCases = []struct {
	name       string
	desc       string
	nisRefuses bool
}{
	{"U+001C information separator four", "\u001c", true},
	{"U+001D information separator three", "\u001d", true},
	{"U+001E information separator two", "\u001e", true},
	{"U+001F information separator one", "\u001f", true},
	{"all four information separators among spaces", " \u001c\u001d \u001e\u001f ", true},
	{"U+180E Mongolian vowel separator (white space to Java 8 nodes)", "\u180e", true},
	{"U+0085 next line", "\u0085", false},
	{"U+00A0 no-break space", "\u00a0", false},
	{"U+2007 figure space", "\u2007", false},
	{"U+202F narrow no-break space", "\u202f", false},
	{"U+00A0 among spaces and tabs", " \t\u00a0\t ", false},
	{"a space", " ", true},
	{"U+3000 ideographic space and U+2028 line separator", "\u3000\u2028", true},
	{"a letter after information separators", "\u001c\u001fa", false},
}

// withDescription is the valid mosaic definition of the Validate tests
// with description d.
func withDescription(d string) *MosaicDefinitionCreation {
	tx := newMosaicDefinition()
	tx.Definition.Description = d
	return tx
}

const blankDescription = "mosaicDefinition.description: invalid field: empty or only white space"

// requireNIS checks err against what NIS does with the description.
func requireNIS(t *testing.T, nisRefuses bool, err error) {
	t.Helper()
	if nisRefuses {
		require.ErrorIs(t, err, ErrInvalidField)
		require.ErrorContains(t, err, blankDescription)
		return
	}
	require.NoError(t, err)
}

// TestDescriptionWhitespaceBuilt: Check, Validate and Sign judge a
// description as NIS does.
func TestDescriptionWhitespaceBuilt(t *testing.T) {
	key, err := sign.NewPrivateKeyFromSeed(make([]byte, 32))
	require.NoError(t, err)
	for _, c := range descriptionCases {
		t.Run(c.name, func(t *testing.T) {
			requireNIS(t, c.nisRefuses, Check(withDescription(c.desc)))
			requireNIS(t, c.nisRefuses, Validate(withDescription(c.desc), ValidateOptions{}))
			tx := withDescription(c.desc)
			tx.Signer, tx.Definition.Creator = key.PublicKey(), key.PublicKey()
			s, err := Sign(tx, key)
			requireNIS(t, c.nisRefuses, err)
			if !c.nisRefuses {
				require.NoError(t, VerifySigned(s))
			}
		})
	}
}

// TestDescriptionWhitespaceParsed: the binary reader, as a compromised
// online machine would feed it any bytes, judges a description as NIS
// does, and keeps an accepted one unchanged.
func TestDescriptionWhitespaceParsed(t *testing.T) {
	for _, c := range descriptionCases {
		t.Run(c.name, func(t *testing.T) {
			b, err := withDescription(c.desc).MarshalBinary()
			require.NoError(t, err)
			require.Contains(t, string(b), c.desc, "the bytes carry the description as written")
			tx, err := Parse(b)
			requireNIS(t, c.nisRefuses, err)
			if c.nisRefuses {
				require.Nil(t, tx)
				return
			}
			require.Equal(t, c.desc, tx.(*MosaicDefinitionCreation).Definition.Description)
		})
	}
}
