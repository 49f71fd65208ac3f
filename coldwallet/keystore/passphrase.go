package keystore

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Passphrases reach this package as bytes: the caller reads them from a
// file, a file descriptor or a terminal prompt without echo, never from a
// command-line flag (flags end up in shell history and in every process
// listing).

// MinPassphraseLength is the shortest passphrase, in bytes, a new keystore
// accepts without Options.AllowShortPassphrase. Twelve bytes is a
// floor, not a target: four or more random words are better.
const MinPassphraseLength = 12

// MaxPassphraseSize is the longest passphrase read or accepted, in bytes.
const MaxPassphraseSize = 1024

// CheckPassphrase reports whether passphrase may protect a new
// keystore. The rules:
//
//   - not empty, and at least MinPassphraseLength bytes unless
//     opts.AllowShortPassphrase is set; at most MaxPassphraseSize bytes;
//   - valid UTF-8 without control characters (no newline, tab, NUL or
//     DEL), because the emergency path is typing it at the prompt of
//     `age -d`, and a terminal in line mode cannot deliver those.
//
// Errors wrap ErrWeakPassphrase and never repeat the passphrase. Existing
// keystores are read with any non-empty passphrase.
func CheckPassphrase(passphrase []byte, opts Options) error {
	n := len(passphrase)
	switch {
	case n == 0:
		return fmt.Errorf("%w: the passphrase is empty", ErrWeakPassphrase)
	case n < MinPassphraseLength && !opts.AllowShortPassphrase:
		return fmt.Errorf("%w: the passphrase is %d bytes, at least %d are required", ErrWeakPassphrase, n, MinPassphraseLength)
	case n > MaxPassphraseSize:
		return fmt.Errorf("%w: the passphrase is longer than %d bytes", ErrWeakPassphrase, MaxPassphraseSize)
	case !utf8.Valid(passphrase):
		return fmt.Errorf("%w: the passphrase is not valid UTF-8, so it could not be typed at age's prompt", ErrWeakPassphrase)
	}
	for _, r := range string(passphrase) {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: the passphrase has a control character (newline, tab, ...), so it could not be typed at age's prompt", ErrWeakPassphrase)
		}
	}
	return nil
}
