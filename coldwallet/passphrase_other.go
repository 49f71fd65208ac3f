//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package coldwallet

import "fmt"

// ReadPassphraseFD is not available on this system; use
// ReadPassphraseFile.
func ReadPassphraseFD(fd int) ([]byte, error) {
	return nil, fmt.Errorf("coldwallet: %w: reading a file descriptor is not supported on this system; use a passphrase file", ErrPassphraseInput)
}

// ReadPassphraseTerminal is not available on this system; use
// ReadPassphraseFile.
func ReadPassphraseTerminal(prompt string) ([]byte, error) {
	return nil, fmt.Errorf("coldwallet: %w: a prompt without echo is not supported on this system; use a passphrase file", ErrPassphraseInput)
}
