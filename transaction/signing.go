package transaction

import (
	"encoding/hex"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
)

// ErrSignerMismatch: the key asked to sign is not the transaction's signer.
var ErrSignerMismatch = fmt.Errorf("signer does not match the transaction: %w", ErrInvalidField)

// Sign checks tx (Check), serializes it and signs the bytes with signer,
// whose public key must be tx's signer. The signature is verified before
// it is returned (sign.SignWith), so a faulty signer is caught here rather
// than by a node.
func Sign(tx Transaction, signer sign.Signer) (*Signed, error) {
	if err := Check(tx); err != nil {
		return nil, err
	}
	if signer.PublicKey() != tx.Common().Signer {
		return nil, fmt.Errorf("transaction: %w: key %s, transaction signer %s", ErrSignerMismatch, signer.PublicKey(), tx.Common().Signer)
	}
	data, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	sig, err := sign.SignWith(signer, data)
	if err != nil {
		return nil, fmt.Errorf("transaction: %w", err)
	}
	return &Signed{Tx: tx, Signature: sig}, nil
}

// VerifySigned verifies s.Signature over the non-verifiable bytes of s.Tx
// under s.Tx's signer, with NIS's rules (sign.Verify). For a verifiable
// multisig wrapper it also verifies every cosignature it carries. A
// signature that does not verify is a *FieldError naming it ("signature",
// "signatures[i].signature") and wrapping sign.ErrInvalidSignature.
func VerifySigned(s *Signed) error {
	if s == nil || isNil(s.Tx) {
		return fieldErr("transaction", ErrMalformed, "no transaction")
	}
	data, err := s.Tx.MarshalBinary()
	if err != nil {
		return err
	}
	if err := sign.Verify(s.Tx.Common().Signer, data, s.Signature); err != nil {
		return &FieldError{Field: "signature", Err: err}
	}
	if ms, ok := s.Tx.(*Multisig); ok {
		for i := range ms.Cosignatures {
			cs := &ms.Cosignatures[i]
			if err := VerifySigned(&Signed{Tx: &cs.Cosignature, Signature: cs.Signature}); err != nil {
				return prefixErr(fmt.Sprintf("signatures[%d].", i), err)
			}
		}
	}
	return nil
}

// Announcement is the body of NIS's POST /transaction/announce: the
// non-verifiable bytes and the signature, both hex.
type Announcement struct {
	Data      string `json:"data"`
	Signature string `json:"signature"`
}

// Announcement returns what to POST to /transaction/announce for s.
func (s *Signed) Announcement() (Announcement, error) {
	if s == nil || isNil(s.Tx) {
		return Announcement{}, errNoTransaction()
	}
	data, err := s.Tx.MarshalBinary()
	if err != nil {
		return Announcement{}, err
	}
	return Announcement{Data: hex.EncodeToString(data), Signature: s.Signature.String()}, nil
}
