package slip39

import (
	_ "embed"
	"strings"
)

// wordlistText is the SLIP-39 word list, 1024 words, one a line; see
// testdata/SOURCES.md for its origin and checksum.
//
//go:embed wordlist.txt
var wordlistText string

// radixBits is the number of bits one word carries.
const radixBits = 10

// radix is the number of words in the list.
const radix = 1 << radixBits

var (
	words     [radix]string
	wordIndex = make(map[string]uint16, radix)
)

func init() {
	lines := strings.Split(strings.TrimSuffix(wordlistText, "\n"), "\n")
	if len(lines) != radix {
		panic("slip39: internal error: the embedded word list does not have 1024 words")
	}
	prefixes := make(map[string]bool, radix)
	for i, w := range lines {
		if len(w) < 4 || len(w) > 8 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" ||
			i > 0 && lines[i-1] >= w || prefixes[w[:4]] {
			panic("slip39: internal error: the embedded word list is not the SLIP-39 list")
		}
		prefixes[w[:4]] = true
		words[i] = w
		wordIndex[w] = uint16(i)
	}
}

// Word returns word number i (0 to 1023) of the SLIP-39 list, and false
// for a number outside it.
func Word(i int) (string, bool) {
	if i < 0 || i >= radix {
		return "", false
	}
	return words[i], true
}

// WordIndex returns the number of word w in the SLIP-39 list. ASCII
// letter case does not matter; a prefix is not a word, and no other
// character is folded (Unicode lowering would turn the Kelvin sign into
// "k").
func WordIndex(w string) (int, bool) {
	if len(w) > 8 {
		return 0, false
	}
	var b [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	i, ok := wordIndex[string(b[:len(w)])]
	return int(i), ok
}
