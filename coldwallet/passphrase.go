package coldwallet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"
)

// Passphrases reach this package as bytes read from a file, a file
// descriptor or the terminal, never from a command-line flag: flags end up
// in shell history and in every process listing.

// MinPassphraseLength is the shortest passphrase, in bytes, a new keystore
// accepts without KeystoreOptions.AllowShortPassphrase. Twelve bytes is a
// floor, not a target: four or more random words are better.
const MinPassphraseLength = 12

// MaxPassphraseSize is the longest passphrase read or accepted, in bytes.
const MaxPassphraseSize = 1024

// ErrPassphraseInput: a passphrase could not be read: an empty or
// oversized input, more than one line, or no terminal to prompt on.
var ErrPassphraseInput = errors.New("cannot read passphrase")

// CheckNewPassphrase reports whether passphrase may protect a new
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
func CheckNewPassphrase(passphrase []byte, opts KeystoreOptions) error {
	n := len(passphrase)
	switch {
	case n == 0:
		return fmt.Errorf("coldwallet: %w: the passphrase is empty", ErrWeakPassphrase)
	case n < MinPassphraseLength && !opts.AllowShortPassphrase:
		return fmt.Errorf("coldwallet: %w: the passphrase is %d bytes, at least %d are required", ErrWeakPassphrase, n, MinPassphraseLength)
	case n > MaxPassphraseSize:
		return fmt.Errorf("coldwallet: %w: the passphrase is longer than %d bytes", ErrWeakPassphrase, MaxPassphraseSize)
	case !utf8.Valid(passphrase):
		return fmt.Errorf("coldwallet: %w: the passphrase is not valid UTF-8, so it could not be typed at age's prompt", ErrWeakPassphrase)
	}
	for _, r := range string(passphrase) {
		if unicode.IsControl(r) {
			return fmt.Errorf("coldwallet: %w: the passphrase has a control character (newline, tab, ...), so it could not be typed at age's prompt", ErrWeakPassphrase)
		}
	}
	return nil
}

// ReadPassphraseFile reads a passphrase from the file at path; see
// ReadPassphrase for the rules. The caller clears the result.
func ReadPassphraseFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("coldwallet: opening passphrase file: %w", err)
	}
	defer f.Close()
	return ReadPassphrase(f)
}

// ReadPassphrase reads all of r, at most MaxPassphraseSize bytes plus line
// ends, and returns the passphrase: the first line, without its "\n" or
// "\r\n". Further lines must be empty (a file saved with extra blank lines
// is fine); a second non-empty line is refused, because it suggests the
// wrong file. An empty passphrase is refused. The caller clears the
// result; the read buffer is cleared here.
func ReadPassphrase(r io.Reader) ([]byte, error) {
	var buf [MaxPassphraseSize + 64]byte
	defer clear(buf[:])
	n, err := io.ReadFull(r, buf[:])
	switch {
	case err == nil:
		return nil, fmt.Errorf("coldwallet: %w: more than %d bytes", ErrPassphraseInput, MaxPassphraseSize)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
	default:
		return nil, fmt.Errorf("coldwallet: %w: %w", ErrPassphraseInput, err)
	}
	b := buf[:n]
	line, rest, _ := bytes.Cut(b, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.Trim(rest, "\r\n")) != 0 {
		return nil, fmt.Errorf("coldwallet: %w: the input has more than one line; a passphrase file holds the passphrase alone", ErrPassphraseInput)
	}
	if len(line) == 0 {
		return nil, fmt.Errorf("coldwallet: %w: the passphrase is empty", ErrPassphraseInput)
	}
	if len(line) > MaxPassphraseSize {
		return nil, fmt.Errorf("coldwallet: %w: more than %d bytes", ErrPassphraseInput, MaxPassphraseSize)
	}
	return bytes.Clone(line), nil
}
