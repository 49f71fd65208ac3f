//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "fmt"

// passphraseFromFD is not available on this system; use
// passphraseFromFile.
func passphraseFromFD(fd int) ([]byte, error) {
	return nil, fmt.Errorf("%w: reading a file descriptor is not supported on this system; use a passphrase file", errPassphraseInput)
}

// passphraseFromTerminal is not available on this system; use
// passphraseFromFile.
func passphraseFromTerminal(prompt string) ([]byte, error) {
	return nil, fmt.Errorf("%w: a prompt without echo is not supported on this system; use a passphrase file", errPassphraseInput)
}
