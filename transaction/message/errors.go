package message

import "errors"

// Sentinel errors. Every error of this package wraps one of them.
var (
	// ErrEncrypt: a message that could not be encrypted (an empty or too
	// long plaintext, an unusable recipient key, a destroyed sender key, a
	// failing random source). The error also wraps the cause:
	// transaction.ErrRule for the size limit, or the sign package's
	// sentinel.
	ErrEncrypt = errors.New("message encryption failed")
	// ErrDecrypt: a message that could not be decrypted: not an encrypted
	// message, a payload of impossible length, wrong padding or a failed
	// authentication (wrong key pair, corrupted or tampered payload), or an
	// unusable key (the sign package's sentinel is wrapped too). It never
	// carries plaintext or key material.
	ErrDecrypt = errors.New("message decryption failed")
)
