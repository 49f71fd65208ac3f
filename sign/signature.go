package sign

import (
	"encoding/hex"
	"fmt"
)

// SignatureSize is the size of a signature: R (32 bytes) then S (32 bytes,
// little-endian).
const SignatureSize = 64

// Signature is a NEM Ed25519-Keccak signature. Text form: 128 lowercase hex
// characters, as NIS's /transaction/announce takes it.
type Signature [SignatureSize]byte

// ParseSignature parses 128 hex characters (either case).
func ParseSignature(s string) (Signature, error) {
	var sig Signature
	if len(s) != 2*SignatureSize {
		return sig, fmt.Errorf("sign: %w: %d characters, want %d hex characters", ErrInvalidSignature, len(s), 2*SignatureSize)
	}
	if _, err := hex.Decode(sig[:], []byte(s)); err != nil {
		return Signature{}, fmt.Errorf("sign: %w: not hexadecimal", ErrInvalidSignature)
	}
	return sig, nil
}

// SignatureFromBytes copies a 64-byte slice into a Signature.
func SignatureFromBytes(b []byte) (Signature, error) {
	if len(b) != SignatureSize {
		return Signature{}, fmt.Errorf("sign: %w: %d bytes, want %d", ErrInvalidSignature, len(b), SignatureSize)
	}
	return Signature(b), nil
}

// String returns the 128-character lowercase hex form.
func (s Signature) String() string { return hex.EncodeToString(s[:]) }

// MarshalText implements encoding.TextMarshaler (lowercase hex).
func (s Signature) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseSignature.
func (s *Signature) UnmarshalText(text []byte) error {
	v, err := ParseSignature(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
