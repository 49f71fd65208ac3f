package sign

import (
	"fmt"

	"filippo.io/edwards25519"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// Signer is anything that can sign NEM data for one public key: a
// *PrivateKey, or an HSM or remote signer standing in for one. Sign receives
// the full bytes to sign (for a transaction, its non-verifiable
// serialization), never a bare hash.
type Signer interface {
	PublicKey() PublicKey
	Sign(data []byte) (Signature, error)
}

var _ Signer = (*PrivateKey)(nil)

// Sign signs data with NEM's Ed25519-Keccak scheme (RFC 8032 Ed25519 with
// Keccak-512 in place of SHA-512). Signatures are deterministic.
//
// The first call in a process runs a known-answer self-test; if it fails,
// this and every later call return ErrSelfTest and sign nothing.
func (k *PrivateKey) Sign(data []byte) (Signature, error) {
	if err := selfTest(); err != nil {
		return Signature{}, err
	}
	m, err := k.live()
	if err != nil {
		return Signature{}, err
	}
	return m.sign(data), nil
}

// sign computes the signature with the expanded key. Everything that touches
// the secret scalar or the nonce is constant-time.
func (m *keyMaterial) sign(data []byte) Signature {
	// r = Keccak-512(prefix || data) mod L
	sp := m.secret()
	rh := keccak.Sum512(sp.prefix[:], data)
	r, err := new(edwards25519.Scalar).SetUniformBytes(rh[:])
	if err != nil {
		panic("sign: internal error: reducing a 64-byte nonce failed")
	}
	clear(rh[:])

	// R = r*B
	var sig Signature
	R := new(edwards25519.Point).ScalarBaseMult(r)
	copy(sig[:32], R.Bytes())

	// k = Keccak-512(R || A || data) mod L
	kh := keccak.Sum512(sig[:32], m.pub[:], data)
	kk, err := new(edwards25519.Scalar).SetUniformBytes(kh[:])
	if err != nil {
		panic("sign: internal error: reducing a 64-byte challenge failed")
	}

	// S = k*a + r mod L
	S := new(edwards25519.Scalar).MultiplyAdd(kk, &sp.scalar, r)
	copy(sig[32:], S.Bytes())
	*r = edwards25519.Scalar{}
	return sig
}

// SignWith signs data with signer and checks that the signature verifies
// under the public key the signer claims, so a faulty or hostile HSM or
// remote signer cannot hand back a signature NIS would reject. A
// *PrivateKey of this package is not re-checked: its arithmetic is the
// one Verify uses, guarded by the known-answer self-test, and the check
// would double the cost of every signature.
func SignWith(signer Signer, data []byte) (Signature, error) {
	sig, err := signer.Sign(data)
	if err != nil {
		return Signature{}, err
	}
	if _, ok := signer.(*PrivateKey); ok {
		return sig, nil
	}
	if err := Verify(signer.PublicKey(), data, sig); err != nil {
		return Signature{}, fmt.Errorf("sign: signer returned a bad signature: %w", err)
	}
	return sig, nil
}
