package multisig

import (
	"strings"
	"testing"
)

// skeletonAlphabet is every byte a skeleton may hold.
const skeletonAlphabet = "abcdefghjklnopqrstuvxyz23456789 "

// FuzzCustodianKey: for any bytes, CustodianKey never panics, is
// idempotent, writes only the skeleton alphabet (no leading, trailing or
// double space), ignores letter case and folds every ASCII entry of
// confusables.txt and the documented additions; CustodianProblem never
// panics, never echoes a non-printable byte, and accepts only printable
// ASCII names whose skeleton is non-empty, at most twice as long (m and w
// fold to two letters) and a valid name when it fits.
func FuzzCustodianKey(f *testing.F) {
	for _, s := range []string{"Site A", "S1te A", "Slte A", "\u0405ite A", "\uff33ite A", "Site A\u0301", "Si\u200dte A",
		"(O'Brien & Co) #2: room/5", "VVarsaw", "Rome", "", " ", "-", "\xff", "a\x00b", strings.Repeat("m", 64)} {
		f.Add(s)
	}
	entries, _ := parseConfusables(f)
	entries = append(entries, extraConfusables...)
	f.Fuzz(func(t *testing.T, s string) {
		key := CustodianKey(s)
		for i := 0; i < len(key); i++ {
			if strings.IndexByte(skeletonAlphabet, key[i]) < 0 {
				t.Fatalf("skeleton %q of %q has byte 0x%02x", key, s, key[i])
			}
		}
		if strings.HasPrefix(key, " ") || strings.HasSuffix(key, " ") || strings.Contains(key, "  ") {
			t.Fatalf("skeleton %q of %q has a stray space", key, s)
		}
		if again := CustodianKey(key); again != key {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, key, again)
		}
		if CustodianKey(asciiCase(s, 'a', 'z', 'A'-'a')) != key || CustodianKey(asciiCase(s, 'A', 'Z', 'a'-'A')) != key {
			t.Fatalf("%q: letter case changes the skeleton", s)
		}
		for _, e := range entries {
			if got := CustodianKey(strings.ReplaceAll(s, e.from, e.to)); got != key {
				t.Fatalf("%q: replacing %q by %q changes the skeleton %q to %q", s, e.from, e.to, key, got)
			}
		}

		problem := CustodianProblem(s)
		for i := 0; i < len(problem); i++ {
			if problem[i] < ' ' || problem[i] >= 0x7f {
				t.Fatalf("the reason for %q has byte 0x%02x", s, problem[i])
			}
		}
		if problem != "" {
			return
		}
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 || s[i] < ' ' {
				t.Fatalf("accepted %q with byte 0x%02x", s, s[i])
			}
		}
		if key == "" || len(key) > 2*len(s) || CustodianProblem(key) != "" && len(key) <= maxNameLength {
			t.Fatalf("accepted %q whose skeleton %q is not a name", s, key)
		}
	})
}

// asciiCase shifts the ASCII letters lo..hi by delta and leaves every
// other byte alone. (strings.ToUpper would also map non-ASCII letters to
// ASCII ones: U+0131 dotless i to 'I', U+017F long s to 'S'.)
func asciiCase(s string, lo, hi byte, delta int) string {
	b := []byte(s)
	for i, c := range b {
		if lo <= c && c <= hi {
			b[i] = byte(int(c) + delta)
		}
	}
	return string(b)
}
