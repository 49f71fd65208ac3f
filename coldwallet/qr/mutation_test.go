package qr

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// alphanumeric is QR alphanumeric mode's character set: every character a
// scanner could misread a part's character as.
const alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// requireRefused checks that a fresh Assembler refuses s.
func requireRefused(t *testing.T, s, what string) {
	t.Helper()
	var a Assembler
	if err := a.Add(s); err == nil {
		t.Fatalf("accepted after %s", what)
	}
}

// Every single-character change of a part is refused: each character
// replaced by each other character, each character deleted, each character
// of alphanumeric inserted at each position, and each pair of neighbors
// swapped. The parts are a one-part payload (where every byte value, not
// only the alphanumeric ones, is tried), the three golden parts, and a
// full-length part at the default options.
func TestEverySingleCharacterChangeIsRefused(t *testing.T) {
	golden := readGoldenParts(t)
	full := mustSplit(t, randomPayload(newRand(9), 2*578), Options{})[0]
	limit, err := Options{}.partLength()
	require.NoError(t, err)
	require.Greater(t, len(full), limit-5, "a part that fills a version 20 code")

	for _, tc := range []struct {
		name     string
		part     string
		allBytes bool
	}{
		{"one-part payload", helloPart, true},
		{"golden part 1", golden[0], false},
		{"golden part 2", golden[1], false},
		{"golden part 3", golden[2], false},
		{"full-length part", full, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.part
			var a Assembler
			require.NoError(t, a.Add(s), "the unchanged part")
			replacements := []byte(alphanumeric + "abcz\x00\n\r\t\xff")
			if tc.allBytes {
				replacements = replacements[:0]
				for c := range 256 {
					replacements = append(replacements, byte(c))
				}
			}
			count := 0
			for i := range len(s) {
				for _, c := range replacements {
					if c == s[i] {
						continue
					}
					requireRefused(t, s[:i]+string(c)+s[i+1:], "a replacement")
					count++
				}
				requireRefused(t, s[:i]+s[i+1:], "a deletion")
				count++
				if i+1 < len(s) && s[i] != s[i+1] {
					requireRefused(t, s[:i]+s[i+1:i+2]+s[i:i+1]+s[i+2:], "a swap")
					count++
				}
			}
			for i := range len(s) + 1 {
				for _, c := range []byte(alphanumeric) {
					requireRefused(t, s[:i]+string(c)+s[i:], "an insertion")
					count++
				}
			}
			t.Logf("%d-character part: %d changes refused", len(s), count)
		})
	}
}

// Deletions and insertions are refused by the layout alone, not by the
// checksum: with the checksum recomputed over the changed text, the fixed
// field widths and the data length the header implies still refuse every
// one. (Replacements are left to the checksum, which catches every one.)
func TestDeletionsAndInsertionsBreakTheLayout(t *testing.T) {
	for _, s := range append(readGoldenParts(t)[:1], helloPart) {
		body := s[:len(s)-crcChars]
		for i := range len(body) {
			requireLayoutRefused(t, body[:i]+body[i+1:], "a deletion")
		}
		for i := range len(body) + 1 {
			for _, c := range []byte(alphanumeric) {
				requireLayoutRefused(t, body[:i]+string(c)+body[i:], "an insertion")
			}
		}
	}
}

func requireLayoutRefused(t *testing.T, body, what string) {
	t.Helper()
	_, err := ParsePart(withCRC(body))
	if err == nil {
		t.Fatalf("accepted after %s with the checksum recomputed", what)
	}
	require.ErrorIs(t, err, ErrMalformedPart)
}
