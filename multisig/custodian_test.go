package multisig

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// confusablesASCII holds, verbatim, every line of Unicode's
// confusables.txt (UTS #39, version 17.0.0, 2025-07-22) whose source is an
// ASCII character. The same eight lines are in versions 10.0.0 onwards,
// except the PERCENT SIGN line, which is new and has a non-ASCII target.
const confusablesASCII = `0060 ;	0027 ;	MA	#* ( ` + "`" + ` → ' ) GRAVE ACCENT → APOSTROPHE	# →ˋ→→｀→→‘→
0022 ;	0027 0027 ;	MA	#* ( " → '' ) QUOTATION MARK → APOSTROPHE, APOSTROPHE	# 
007C ;	006C ;	MA	#* ( | → l ) VERTICAL LINE → LATIN SMALL LETTER L	# 
0031 ;	006C ;	MA	# ( 1 → l ) DIGIT ONE → LATIN SMALL LETTER L	# 
0049 ;	006C ;	MA	# ( I → l ) LATIN CAPITAL LETTER I → LATIN SMALL LETTER L	# 
0030 ;	004F ;	MA	# ( 0 → O ) DIGIT ZERO → LATIN CAPITAL LETTER O	# 
0025 ;	00BA 002F 2080 ;	MA	#* ( % → º/₀ ) PERCENT SIGN → MASCULINE ORDINAL INDICATOR, SOLIDUS, SUBSCRIPT ZERO	# →⁰/₀→
006D ;	0072 006E ;	MA	# ( m → rn ) LATIN SMALL LETTER M → LATIN SMALL LETTER R, LATIN SMALL LETTER N	# 
`

// confusable is one entry: source and prototype.
type confusable struct{ from, to string }

// parseConfusables reads the lines above; it returns the entries whose
// prototype is ASCII and the number of lines.
func parseConfusables(t testing.TB) ([]confusable, int) {
	var out []confusable
	lines := 0
	for line := range strings.Lines(confusablesASCII) {
		lines++
		fields := strings.Split(line, ";")
		require.GreaterOrEqual(t, len(fields), 3, line)
		decode := func(hex string) string {
			var b strings.Builder
			for _, h := range strings.Fields(hex) {
				r, err := strconv.ParseUint(h, 16, 32)
				require.NoError(t, err)
				b.WriteRune(rune(r))
			}
			return b.String()
		}
		from, to := decode(fields[0]), decode(fields[1])
		require.Len(t, from, 1, "the source is one ASCII byte: %s", line)
		ascii := true
		for _, r := range to {
			ascii = ascii && r < 0x80
		}
		if ascii {
			out = append(out, confusable{from, to})
		}
	}
	return out, lines
}

// extraConfusables are the folds added to the standard's (see
// CustodianKey).
var extraConfusables = []confusable{{"w", "vv"}}

// TestCustodianKeyFoldsConfusables: for every ASCII entry of
// confusables.txt, and the documented additions, a name and the name with
// the source replaced by its prototype have one skeleton, in either case
// of the letters around it.
func TestCustodianKeyFoldsConfusables(t *testing.T) {
	entries, lines := parseConfusables(t)
	require.Equal(t, 8, lines)
	require.Len(t, entries, 7, "the PERCENT SIGN entry has a non-ASCII prototype")
	for _, e := range append(entries, extraConfusables...) {
		for _, around := range []string{"site %s a", "SITE %s A", "x%sx", "%s", "vault %s%s 2"} {
			n := strings.Count(around, "%s")
			a := fmt.Sprintf(around, repeat(e.from, n)...)
			b := fmt.Sprintf(around, repeat(e.to, n)...)
			require.Equal(t, CustodianKey(a), CustodianKey(b), "%q and %q", a, b)
			require.Equal(t, CustodianKey(strings.ToUpper(a)), CustodianKey(strings.ToLower(b)), "%q and %q, case changed", a, b)
		}
	}
}

func repeat(s string, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestCustodianKey pins the skeleton of typical names, the
// look-alikes folded, and the pairs deliberately kept apart.
func TestCustodianKey(t *testing.T) {
	for _, c := range []struct {
		name, key string
	}{
		{"Site A", "sltea"},
		{"site a", "sltea"},
		{"SITE-A", "sltea"},
		{"site_a", "sltea"},
		{"Site.A", "sltea"},
		{"(Site A)", "sltea"},
		{"Site  -  A.", "sltea"},
		{"S1te A", "sltea"},
		{"Slte A", "sltea"},
		{"S|te A", "sltea"},
		{"O'Brien & Co", "obrlenco"},
		{"0'Brien & C0", "obrlenco"},
		{"Warsaw", "vvarsavv"},
		{"VVarsavv", "vvarsavv"},
		{"Rome DC", "rornedc"},
		{"Rorne DC", "rornedc"},
		{"Frankfurt #2, room 5", "frankfurt2roorn5"},
		{"ACME Inc. / Zurich: vault", "acrnelnczurlchvault"},
		{"abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghljklrnnopqrstuvvvxyzol23456789"},
		{"", ""},
		{"-", ""},
		{"Ѕite", "lte"}, // non-ASCII bytes separate; CustodianProblem refuses the name first
	} {
		require.Equal(t, c.key, CustodianKey(c.name), "%q", c.name)
	}
	for _, c := range [][2]string{
		{"Site A", "Site B"},
		{"Site 5", "Site S"},
		{"Site 2", "Site Z"},
		{"Site 8", "Site B"},
		{"Site 6", "Site G"},
		{"cl", "d"},
		{"nn", "m"},
		{"u", "v"},
		{"vault 1", "vault 2"},
		{"Site A", "Site AA"},
	} {
		require.NotEqual(t, CustodianKey(c[0]), CustodianKey(c[1]), "%q and %q", c[0], c[1])
	}
}

// TestCustodianProblem: exactly ASCII letters, digits, space and the
// documented punctuation are allowed; every other byte is refused with
// its code point and offset, never echoed when invisible.
func TestCustodianProblem(t *testing.T) {
	const alphabet = "ASCII letters, digits, space and - _ . , ' & ( ) / # : only"
	for _, c := range []struct {
		name, s, want string
	}{
		{"plain", "site A", ""},
		{"every punctuation", "A-B_C.D,E'F&G(H)I/J#K:L", ""},
		{"digits only", "42", ""},
		{"64 bytes", strings.Repeat("ab", 32), ""},
		{"empty", "", "is empty"},
		{"65 bytes", strings.Repeat("a", 65), "is longer than 64 bytes"},
		{"invalid UTF-8", "site \xff", "is not valid UTF-8"},
		{"leading space", " site A", "has leading or trailing white space"},
		{"trailing space", "site A ", "has leading or trailing white space"},
		{"punctuation only", "-.-", "has no letter or digit"},
		{"newline", "site A\nsite B", "has the control character U+000A at byte 6: custodian names are " + alphabet},
		{"tab", "site\tA", "has the control character U+0009 at byte 4: custodian names are " + alphabet},
		{"escape", "\x1b[31msite", "has the control character U+001B at byte 0: custodian names are " + alphabet},
		{"delete", "site\x7f", "has the control character U+007F at byte 4: custodian names are " + alphabet},
		{"NUL", "site\x00A", "has the control character U+0000 at byte 4: custodian names are " + alphabet},
		{"at sign", "ops@site", "has the character '@' at byte 3: custodian names are " + alphabet},
		{"quotation mark", `site "A"`, `has the character '"' at byte 5: custodian names are ` + alphabet},
		{"backslash", `site\A`, `has the character '\\' at byte 4: custodian names are ` + alphabet},
		{"Cyrillic", "\u0405ite A", "has the non-ASCII character U+0405 at byte 0: custodian names are " + alphabet +
			", so that a look-alike letter cannot pass for another custodian; spell it in ASCII (a plan written by an earlier version: edit this custodian in the plan file and have the plan reviewed again)"},
		{"non-ASCII before a leading space", "\u00a0site", "has the non-ASCII character U+00A0 at byte 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := CustodianProblem(c.s)
			if c.want == "" {
				require.Empty(t, got)
				return
			}
			require.True(t, strings.HasPrefix(got, c.want), "got %q", got)
			requirePrintableASCII(t, got)
		})
	}

	// Every ASCII byte, in the middle of a name.
	for b := range 0x80 {
		c := byte(b)
		allowed := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(" -_.,'&()/#:", c) >= 0
		got := CustodianProblem("a" + string(c) + "b")
		require.Equal(t, allowed, got == "", "byte 0x%02x: %q", c, got)
		switch {
		case allowed:
		case c < ' ' || c == 0x7f:
			require.True(t, strings.HasPrefix(got, fmt.Sprintf("has the control character %U at byte 1: ", rune(c))), "%q", got)
		default:
			require.True(t, strings.HasPrefix(got, fmt.Sprintf("has the character %q at byte 1: ", rune(c))), "%q", got)
		}
	}
	// Every non-ASCII rune of a sample is refused by its code point.
	for _, r := range []rune{0x80, 0xa0, 0xc1, 0x301, 0x391, 0x405, 0x410, 0x200b, 0x200d, 0x202e, 0x2028, 0x3000, 0xfeff, 0xff33, 0x1d412, 0x10ffff} {
		got := CustodianProblem("site " + string(r))
		require.True(t, strings.HasPrefix(got, fmt.Sprintf("has the non-ASCII character %U at byte 5", r)), "%U: %q", r, got)
	}
}

// asciiRewrites are look-alike rewrites of one ASCII character, written
// here from confusables.txt and letter case, not from the code under test.
var asciiRewrites = map[byte][]string{
	'0': {"O", "o"}, 'O': {"0", "o"}, 'o': {"0", "O"},
	'1': {"l", "I", "i", "L"}, 'l': {"1", "I", "i", "L"}, 'I': {"1", "l", "i", "L"}, 'i': {"1", "l", "I", "L"}, 'L': {"1", "l", "I", "i"},
	'm': {"rn", "RN", "M", "rN"}, 'M': {"rn", "m", "Rn"},
	'w': {"vv", "VV", "W", "vV"}, 'W': {"vv", "w", "VV"},
}

// nonASCIILookAlikes are characters that render like an ASCII letter or
// space, or not at all: Cyrillic, Greek, fullwidth, mathematical letters,
// combining marks, invisible and unusual spaces.
var nonASCIILookAlikes = []string{
	"\u0405", "\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0456", "\u0410", "\u0415", "\u041e", // Cyrillic
	"\u0391", "\u0395", "\u039f", "\u03bf", "\u0399", // Greek
	"\uff33", "\uff41", "\uff10", "\uff11", "\u3000", // fullwidth
	"\U0001d412", "\U0001d5ba", // mathematical
	"\u0301", "\u0300", "\u0323", "\u0308", "\u0338", // combining
	"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u00a0", "\u2009", "\u202f", // invisible, spaces
	"\u0131", "\u01c0", "\u2160", "\u217c", "\u2010", // dotless i, dental click, Roman numerals, hyphen
}

// TestCustodianLookAlikeProperty: for random ASCII names, random
// look-alike rewrites (case, confusables.txt, punctuation and spacing)
// never give a second custodian: the skeletons are equal and a plan with
// one key under each name and M = 2 is refused as one custodian holding
// M keys. Random non-ASCII look-alikes inserted or substituted anywhere
// are refused by name.
func TestCustodianLookAlikeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 7))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	const seps = " -_.,'&()/#:"
	randName := func() string {
		var b strings.Builder
		words := 1 + r.IntN(3)
		for w := range words {
			if w > 0 {
				b.WriteByte(seps[r.IntN(len(seps))])
			}
			for range 1 + r.IntN(6) {
				b.WriteByte(letters[r.IntN(len(letters))])
			}
		}
		return b.String()
	}
	rewrite := func(s string) string {
		for range 1 + r.IntN(4) {
			i := r.IntN(len(s))
			c := s[i]
			switch {
			case asciiRewrites[c] != nil && r.IntN(2) == 0:
				alts := asciiRewrites[c]
				s = s[:i] + alts[r.IntN(len(alts))] + s[i+1:]
			case c >= 'a' && c <= 'z':
				s = s[:i] + strings.ToUpper(s[i:i+1]) + s[i+1:]
			case c >= 'A' && c <= 'Z':
				s = s[:i] + strings.ToLower(s[i:i+1]) + s[i+1:]
			case strings.IndexByte(seps, c) >= 0:
				// A separator becomes another run of separators, or
				// none at all.
				run := string(seps[1+r.IntN(len(seps)-1)])
				switch r.IntN(3) {
				case 0:
					if i > 0 && i < len(s)-1 {
						run = " " + run + " "
					}
				case 1:
					run = ""
				}
				s = s[:i] + run + s[i+1:]
			}
			switch r.IntN(6) {
			case 0:
				s = "(" + s + ")"
			case 1:
				s += "."
			}
		}
		return s
	}
	hot := Cosigner{PublicKey: pub(t, "hot"), Label: "server", Role: Online, Custodian: "datacenter"}
	rounds := 2000
	if raceEnabled { // CI runs all 2,000 without the race detector
		rounds = 400
	}
	folded, refused := 0, 0
	for range rounds {
		a := randName()
		b := rewrite(a)
		require.Empty(t, CustodianProblem(a), "%q", a)
		if CustodianProblem(b) != "" {
			require.Greater(t, len(b), maxNameLength, "%q: only length can make a rewrite invalid", b)
			continue
		}
		require.Equal(t, CustodianKey(a), CustodianKey(b), "%q and %q", a, b)
		_, err := NewPlan(pub(t, "account"), sign.Testnet, []Cosigner{hot,
			{PublicKey: pub(t, "cold-a"), Role: Offline, Custodian: a},
			{PublicKey: pub(t, "cold-b"), Role: Offline, Custodian: b}}, 2, Relaxations{})
		require.ErrorIs(t, err, ErrCustodianReachesThreshold, "%q and %q", a, b)
		folded++

		// A non-ASCII look-alike, substituted or inserted.
		look := nonASCIILookAlikes[r.IntN(len(nonASCIILookAlikes))]
		i := r.IntN(len(b))
		c := b[:i] + look + b[i+r.IntN(2):]
		if len(c) > maxNameLength {
			continue
		}
		_, err = NewPlan(pub(t, "account"), sign.Testnet, []Cosigner{hot,
			{PublicKey: pub(t, "cold-a"), Role: Offline, Custodian: a},
			{PublicKey: pub(t, "cold-b"), Role: Offline, Custodian: c}}, 2, Relaxations{})
		require.ErrorIs(t, err, ErrCosignerName, "%q", c)
		require.ErrorContains(t, err, fmt.Sprintf("non-ASCII character %U at byte %d", []rune(look)[0], i))
		requirePrintableASCII(t, err.Error())
		refused++
	}
	require.Greater(t, folded, rounds*9/10)
	require.Greater(t, refused, rounds*85/100)
}
