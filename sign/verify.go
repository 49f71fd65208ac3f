package sign

import (
	"crypto/subtle"
	"fmt"

	"filippo.io/edwards25519"

	"github.com/nemcustody/nemcustody/internal/keccak"
	"github.com/nemcustody/nemcustody/internal/verifytrace"
)

// Verify reports whether sig is a valid signature of data by pub, following
// NIS's Ed25519DsaSigner.verify rule for rule, so that what Verify accepts
// a NIS node accepts and what it refuses a node refuses:
//
//  1. S (the second 32 bytes, little-endian) must satisfy 0 < S < L, the
//     group order. This refuses malleated signatures (S+L) and S = 0.
//  2. The public key must not be 32 zero bytes.
//  3. The public key must decode to a curve point. As in NIS, a y
//     coordinate at or above the field prime is reduced rather than
//     refused, and there is no small-order or subgroup check.
//  4. k = Keccak-512(R || pub || data) mod L, and the encoding of S*B - k*A
//     must equal R byte for byte. A non-canonically encoded R therefore
//     never verifies. The check is cofactorless.
//
// A nil error means valid. Failures wrap ErrInvalidSignature (and, for the
// public key rules, ErrInvalidPublicKey) and name the rule.
func Verify(pub PublicKey, data []byte, sig Signature) error {
	verifytrace.Seen(pub, sig)
	S, err := new(edwards25519.Scalar).SetCanonicalBytes(sig[32:])
	if err != nil {
		return fmt.Errorf("sign: %w: S is not below the group order (non-canonical or malleated)", ErrInvalidSignature)
	}
	if S.Equal(edwards25519.NewScalar()) == 1 {
		return fmt.Errorf("sign: %w: S is zero", ErrInvalidSignature)
	}
	if pub.IsZero() {
		return fmt.Errorf("sign: %w: %w: all-zero public key", ErrInvalidSignature, ErrInvalidPublicKey)
	}
	A, err := new(edwards25519.Point).SetBytes(pub[:])
	if err != nil {
		return fmt.Errorf("sign: %w: %w: not a curve point", ErrInvalidSignature, ErrInvalidPublicKey)
	}
	kh := keccak.Sum512(sig[:32], pub[:], data)
	k, err := new(edwards25519.Scalar).SetUniformBytes(kh[:])
	if err != nil {
		panic("sign: internal error: reducing a 64-byte challenge failed")
	}
	minusA := new(edwards25519.Point).Negate(A)
	R := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(k, minusA, S)
	if subtle.ConstantTimeCompare(R.Bytes(), sig[:32]) != 1 {
		return fmt.Errorf("sign: %w: equation does not hold (wrong key, data or signature)", ErrInvalidSignature)
	}
	return nil
}
