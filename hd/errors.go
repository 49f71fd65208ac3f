package hd

import "errors"

// Sentinel errors. Every error of this package wraps one of them, or one of
// package sign's (sign.ErrInvalidPrivateKey for a seed of the wrong length,
// sign.ErrRandom for a failing random source, sign.ErrUnknownNetwork).
var (
	// ErrInvalidMnemonic: a BIP-39 mnemonic that is malformed or whose
	// checksum does not match.
	ErrInvalidMnemonic = errors.New("invalid mnemonic")
	// ErrInvalidPassphrase: a BIP-39 passphrase that is not valid UTF-8
	// or holds a control character.
	ErrInvalidPassphrase = errors.New("invalid passphrase")
	// ErrInvalidPath: a derivation path that cannot be used.
	ErrInvalidPath = errors.New("invalid derivation path")
)
