package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
)

// Passphrases reach the command as bytes read from a file, a file
// descriptor or the terminal, never from a command-line flag: flags end up
// in shell history and in every process listing. The rules for a new
// keystore's passphrase are keystore.CheckPassphrase.

// errPassphraseInput: a passphrase could not be read: an empty or
// oversized input, more than one line, or no terminal to prompt on.
var errPassphraseInput = errors.New("cannot read passphrase")

// passphraseFromFile reads a passphrase from the file at path; see
// passphraseFromReader for the rules. The caller clears the result.
func passphraseFromFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("coldwallet: opening passphrase file: %w", err)
	}
	defer f.Close()
	return passphraseFromReader(f)
}

// passphraseFromReader reads all of r, at most keystore.MaxPassphraseSize bytes plus line
// ends, and returns the passphrase: the first line, without its "\n" or
// "\r\n". Further lines must be empty (a file saved with extra blank lines
// is fine); a second non-empty line is refused, because it suggests the
// wrong file. An empty passphrase is refused. The caller clears the
// result; the read buffer is cleared here.
func passphraseFromReader(r io.Reader) ([]byte, error) {
	var buf [keystore.MaxPassphraseSize + 64]byte
	defer clear(buf[:])
	n, err := io.ReadFull(r, buf[:])
	switch {
	case err == nil:
		return nil, fmt.Errorf("%w: more than %d bytes", errPassphraseInput, keystore.MaxPassphraseSize)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
	default:
		return nil, fmt.Errorf("%w: %w", errPassphraseInput, err)
	}
	b := buf[:n]
	line, rest, _ := bytes.Cut(b, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.Trim(rest, "\r\n")) != 0 {
		return nil, fmt.Errorf("%w: the input has more than one line; a passphrase file holds the passphrase alone", errPassphraseInput)
	}
	if len(line) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", errPassphraseInput)
	}
	if len(line) > keystore.MaxPassphraseSize {
		return nil, fmt.Errorf("%w: more than %d bytes", errPassphraseInput, keystore.MaxPassphraseSize)
	}
	return bytes.Clone(line), nil
}
