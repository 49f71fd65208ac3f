package sign

import (
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"

	"filippo.io/edwards25519"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// SharedKeySize is the size of a shared point and of a derived shared key.
const SharedKeySize = 32

// hkdfInfo is the HKDF info string of the Symbol SDK's NEM shared key.
const hkdfInfo = "nem-nis1"

// SharedPoint returns encode(a·A), the Diffie-Hellman point k shares with
// the holder of other: a is k's clamped secret scalar, clamp(Keccak-512(seed)
// [0:32]), and A is other decoded. The vectors call it scalarMulResult.
// Both sides of a key pair compute the same point: a·(b·B) = b·(a·B).
//
// The result is a secret: derive a key from it (SharedKeyLegacy,
// SharedKeyHKDF) and clear it.
//
// It is computed as NIS does (Ed25519GroupElement.scalarMultiply with
// prepareForScalarMultiply): with the full clamped scalar, not its
// reduction mod L. The two differ for a point with a torsion component,
// which PublicKey.Check lets through. Since a is a multiple of 8 below
// 2^255, a·A = (a/8)·(8·A) where a/8 < 2^252 < L is a canonical scalar, so
// the product is exact and uses only constant-time operations on the
// secret.
//
// other must pass PublicKey.Check: an all-zero, non-point, non-canonical or
// small-order key would give a point anyone can predict, and is refused
// with an error wrapping ErrInvalidPublicKey. A destroyed key gives
// ErrKeyDestroyed. Errors never contain key material.
func (k *PrivateKey) SharedPoint(other PublicKey) ([SharedKeySize]byte, error) {
	var out [SharedKeySize]byte
	m, err := k.live()
	if err != nil {
		return out, err
	}
	A, reason := other.decodeChecked()
	if reason != "" {
		return out, fmt.Errorf("sign: %w: other party's key: %s", ErrInvalidPublicKey, reason)
	}
	A.MultByCofactor(A)

	h := keccak.Sum512(m.secret().seed[:])
	var a8 [32]byte
	clampedDiv8(&a8, (*[32]byte)(h[:32]))
	clear(h[:])
	var s edwards25519.Scalar
	if _, err := s.SetCanonicalBytes(a8[:]); err != nil {
		clear(a8[:])
		panic("sign: internal error: a clamped scalar divided by 8 is not below L")
	}
	clear(a8[:])
	P := new(edwards25519.Point).ScalarMult(&s, A)
	s = edwards25519.Scalar{}
	copy(out[:], P.Bytes())
	P.Set(edwards25519.NewIdentityPoint())
	return out, nil
}

// clampedDiv8 sets dst to clamp(h)/8 as a 256-bit little-endian integer.
// Clamping clears the low three bits and bit 255 and sets bit 254, so the
// division is exact and the result is in [2^251, 2^252). It runs in
// constant time.
func clampedDiv8(dst, h *[32]byte) {
	var c [33]byte
	copy(c[:32], h[:])
	c[0] &= 0xf8
	c[31] &= 0x7f
	c[31] |= 0x40
	for i := range 32 {
		dst[i] = c[i]>>3 | c[i+1]<<5
	}
	clear(c[:])
}

// SharedKeyLegacy returns Keccak-256(P XOR salt), where P is
// SharedPoint(other): the key of the legacy NIS1 encrypted message
// (NIS Ed25519BlockCipher, NanoWallet and nem-sdk cryptoHelpers, the Symbol
// SDK's derive_shared_key_deprecated). salt is the first 32 bytes of the
// message payload. The result is a secret AES-256 key. Errors are those of
// SharedPoint.
func (k *PrivateKey) SharedKeyLegacy(other PublicKey, salt [32]byte) ([SharedKeySize]byte, error) {
	p, err := k.SharedPoint(other)
	if err != nil {
		return [SharedKeySize]byte{}, err
	}
	for i := range p {
		p[i] ^= salt[i]
	}
	key := keccak.Sum256(p[:])
	clear(p[:])
	return key, nil
}

// SharedKeyHKDF returns HKDF-SHA256(ikm = P, salt = 32 zero bytes,
// info = "nem-nis1", 32 bytes), where P is SharedPoint(other): the key of
// the Symbol SDK's newer NEM encrypted message (AES-256-GCM). The result is
// a secret AES-256 key. Errors are those of SharedPoint.
func (k *PrivateKey) SharedKeyHKDF(other PublicKey) ([SharedKeySize]byte, error) {
	var key [SharedKeySize]byte
	p, err := k.SharedPoint(other)
	if err != nil {
		return key, err
	}
	var salt [sha256.Size]byte
	b, err := hkdf.Key(sha256.New, p[:], salt[:], hkdfInfo, SharedKeySize)
	clear(p[:])
	if err != nil {
		// Only a key length over 255·32 bytes fails.
		panic("sign: internal error: HKDF-SHA256 refused a 32-byte key")
	}
	copy(key[:], b)
	clear(b)
	return key, nil
}
