package hd

import (
	"crypto/hmac"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	unorm "golang.org/x/text/unicode/norm"

	"github.com/nemcustody/nemcustody/sign"
)

// mnemonicWordCounts maps the allowed BIP-39 sentence lengths to their
// entropy size in bits.
var mnemonicWordCounts = map[int]int{12: 128, 15: 160, 18: 192, 21: 224, 24: 256}

// normalizeMnemonic returns the mnemonic as BIP-39 hashes it: lower case,
// words separated by single spaces. It checks the word count, that every
// word is in the English list, and the checksum. Errors name the position of
// a bad word, never the word.
func normalizeMnemonic(mnemonic string) (string, error) {
	words := strings.Fields(strings.ToLower(mnemonic))
	if len(words) == 0 {
		return "", fmt.Errorf("hd: %w: empty", ErrInvalidMnemonic)
	}
	if _, ok := mnemonicWordCounts[len(words)]; !ok {
		return "", fmt.Errorf("hd: %w: %d words, want 12, 15, 18, 21 or 24", ErrInvalidMnemonic, len(words))
	}
	for i, w := range words {
		if _, ok := bip39WordIndex(w); !ok {
			return "", fmt.Errorf("hd: %w: word %d is not in the BIP-39 English list", ErrInvalidMnemonic, i+1)
		}
	}
	norm := strings.Join(words, " ")
	if _, err := bip39Entropy(norm); err != nil {
		return "", fmt.Errorf("hd: %w: checksum does not match (a word is wrong or out of order)", ErrInvalidMnemonic)
	}
	return norm, nil
}

// Seed checks the mnemonic (word count, English words, checksum; typed in
// any letter case and spacing) and returns its 64-byte BIP-39 seed:
// PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase, the
// passphrase normalized to Unicode NFKD as BIP-39 requires, so that "é"
// typed as one character or as "e" and a combining accent, or "ﬁ" as a
// ligature or as "fi", give the same wallet as other BIP-39 software. A
// passphrase that is not valid UTF-8 or holds control characters is
// refused. The seed is secret: clear it when done.
func Seed(mnemonic, passphrase string) ([]byte, error) {
	norm, err := normalizeMnemonic(mnemonic)
	if err != nil {
		return nil, err
	}
	p, err := normalizePassphrase(passphrase)
	if err != nil {
		return nil, err
	}
	return bip39Seed(norm, p), nil
}

// normalizePassphrase returns a BIP-39 passphrase as BIP-39 hashes it:
// Unicode NFKD. It refuses invalid UTF-8 and control characters (a
// newline from a file or a terminal is never part of a passphrase). The
// error never repeats the passphrase.
func normalizePassphrase(passphrase string) (string, error) {
	if !utf8.ValidString(passphrase) {
		return "", fmt.Errorf("hd: %w: not valid UTF-8", ErrInvalidPassphrase)
	}
	for i, r := range []rune(passphrase) {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("hd: %w: character %d is a control character", ErrInvalidPassphrase, i+1)
		}
	}
	return unorm.NFKD.String(passphrase), nil
}

// NewMnemonic returns a new English BIP-39 mnemonic of words words (12, 15,
// 18, 21 or 24), from entropy read from random (crypto/rand when nil). The
// result is checked before it is returned: its checksum validates and it
// decodes back to the entropy that was read.
func NewMnemonic(random io.Reader, words int) (string, error) {
	bits, ok := mnemonicWordCounts[words]
	if !ok {
		return "", fmt.Errorf("hd: %w: %d words, want 12, 15, 18, 21 or 24", ErrInvalidMnemonic, words)
	}
	if random == nil {
		random = randReader
	}
	entropy := make([]byte, bits/8)
	defer clear(entropy)
	if _, err := io.ReadFull(random, entropy); err != nil {
		return "", fmt.Errorf("hd: %w: %w", sign.ErrRandom, err)
	}
	m, err := bip39Mnemonic(entropy)
	if err != nil {
		return "", fmt.Errorf("hd: %w: cannot encode entropy", ErrInvalidMnemonic)
	}
	back, err := bip39Entropy(m)
	if err != nil || !hmac.Equal(back, entropy) {
		return "", fmt.Errorf("hd: %w: generated mnemonic does not validate", ErrInvalidMnemonic)
	}
	clear(back)
	return m, nil
}
