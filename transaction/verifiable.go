package transaction

import (
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// Append appends the non-verifiable serialization of tx to b: the bytes
// that are signed, hashed and announced (what tx.MarshalBinary returns).
// It never allocates into a b with room.
func Append(b []byte, tx Transaction) ([]byte, error) { return tx.appendBinary(b) }

// AppendVerifiable appends the verifiable form of s, as blocks carry it:
// the signature follows the signer, and a multisig wrapper ends with its
// cosignatures (each in verifiable form).
func AppendVerifiable(b []byte, s *Signed) ([]byte, error) {
	if s == nil || isNil(s.Tx) {
		return b, fieldErr("transaction", ErrMalformed, "no transaction")
	}
	start := len(b)
	b, err := s.Tx.appendBinary(b)
	if err != nil {
		return b, err
	}
	b = insertSignature(b, start, s.Signature)
	if ms, ok := s.Tx.(*Multisig); ok {
		b = wire.AppendU32(b, uint32(len(ms.Cosignatures)))
		for i := range ms.Cosignatures {
			var m int
			b, m = wire.BeginObject(b)
			cs := &ms.Cosignatures[i]
			at := len(b)
			if b, err = cs.Cosignature.appendBinary(b); err != nil {
				return b, err
			}
			b = insertSignature(b, at, cs.Signature)
			b = wire.EndObject(b, m)
		}
	}
	return b, nil
}

// insertSignature inserts the 68-byte signature field after the signer of
// the transaction that starts at b[start].
func insertSignature(b []byte, start int, sig sign.Signature) []byte {
	const at = 48 // type, version, timestamp, signer length and key
	pos := start + at
	b = append(b, make([]byte, 4+sign.SignatureSize)...)
	copy(b[pos+4+sign.SignatureSize:], b[pos:len(b)-4-sign.SignatureSize])
	wire.AppendU32(b[pos:pos], sign.SignatureSize)
	copy(b[pos+4:], sig[:])
	return b
}
