package edgecases

import (
	"math/big"

	"github.com/nemcustody/nemcustody/sign"
)

// Signatures builds the signature verification cases.
func Signatures() (*File, error) {
	f := &File{
		Name:      "signatures.json",
		Subject:   "NEM Ed25519-Keccak signature verification with NIS's rules (sign.Verify): 0 < S < L, no all-zero public key, the key must decode, a cofactorless equation compared byte for byte with R; no small-order or canonical-encoding check on the key",
		Generator: "go generate ./internal/edgecases",
		Schema: map[string]string{
			"input.publicKey": "32-byte public key, hex",
			"input.message":   "the signed bytes, hex",
			"input.signature": "64-byte signature R || S, hex",
			"result":          "valid if NIS's verifier accepts it",
			"error":           "for an invalid case, the sentinel error (package.Name) sign.Verify returns",
		},
		Flags: map[string]string{
			"Valid":                 "a correct signature",
			"MalleatedS":            "S replaced by S + L: the same equation holds, NIS refuses S >= L",
			"SOutOfRange":           "S >= L",
			"ZeroS":                 "S = 0, which NIS refuses",
			"ZeroPublicKey":         "32 zero bytes as the public key",
			"InvalidPublicKey":      "a public key whose y has no x on the curve",
			"SmallOrderPublicKey":   "a small-order public key: NIS has no check, so R = S·B verifies every message (PublicKey.Check refuses such keys for plans)",
			"NonCanonicalPublicKey": "a public key with y >= p, which NIS reduces",
			"WrongKey":              "a correct signature checked against another key",
			"ModifiedMessage":       "one bit of the message changed",
			"ModifiedR":             "one bit of R changed",
		},
	}
	k := key("edgecases signer")
	other := key("edgecases other")
	pub := k.PublicKey()
	msg := []byte("edge case message: transfer 1000 XEM")
	sig, err := k.Sign(msg)
	if err != nil {
		return nil, err
	}
	emptySig, err := k.Sign(nil)
	if err != nil {
		return nil, err
	}
	add := func(comment string, flags []string, p sign.PublicKey, m []byte, s sign.Signature, valid bool, errName string) {
		c := Case{Comment: comment, Flags: flags, Input: map[string]string{"publicKey": hx(p[:]), "message": hx(m), "signature": hx(s[:])}, Result: "invalid", Error: errName}
		if valid {
			c.Result, c.Error = "valid", ""
		}
		f.Tests = append(f.Tests, c)
	}
	S := sOf(sig)
	add("correct signature", []string{"Valid"}, pub, msg, sig, true, "")
	add("correct signature of the empty message", []string{"Valid"}, pub, nil, emptySig, true, "")
	add("S + L: malleated, the equation still holds", []string{"MalleatedS", "SOutOfRange"}, pub, msg, withS(sig, new(big.Int).Add(S, groupOrder)), false, "sign.ErrInvalidSignature")
	add("S = L", []string{"SOutOfRange"}, pub, msg, withS(sig, groupOrder), false, "sign.ErrInvalidSignature")
	add("S = 2^256 - 1", []string{"SOutOfRange"}, pub, msg, withS(sig, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))), false, "sign.ErrInvalidSignature")
	add("S = 0", []string{"ZeroS"}, pub, msg, withS(sig, big.NewInt(0)), false, "sign.ErrInvalidSignature")
	add("all-zero public key", []string{"ZeroPublicKey"}, sign.PublicKey{}, msg, sig, false, "sign.ErrInvalidPublicKey")
	notOnCurve := sign.PublicKey{2}
	add("public key not on the curve", []string{"InvalidPublicKey"}, notOnCurve, msg, sig, false, "sign.ErrInvalidPublicKey")
	add("correct signature checked against another key", []string{"WrongKey"}, other.PublicKey(), msg, sig, false, "sign.ErrInvalidSignature")
	flipped := append([]byte{}, msg...)
	flipped[0] ^= 1
	add("one bit of the message changed", []string{"ModifiedMessage"}, pub, flipped, sig, false, "sign.ErrInvalidSignature")
	badR := sig
	badR[0] ^= 1
	add("one bit of R changed", []string{"ModifiedR"}, pub, msg, badR, false, "sign.ErrInvalidSignature")
	id := identitySignature()
	add("identity public key: R = S·B verifies any message (NIS accepts; never trust such a key)", []string{"SmallOrderPublicKey"}, sign.PublicKey{1}, msg, id, true, "")
	add("identity public key, another message, same signature", []string{"SmallOrderPublicKey"}, sign.PublicKey{1}, []byte("anything"), id, true, "")
	var nonCanonical sign.PublicKey
	nonCanonical[0] = 0xee
	for i := 1; i < 31; i++ {
		nonCanonical[i] = 0xff
	}
	nonCanonical[31] = 0x7f // y = p + 1, the identity again
	add("identity encoded with y = p + 1: NIS reduces y and accepts", []string{"NonCanonicalPublicKey", "SmallOrderPublicKey"}, nonCanonical, msg, id, true, "")
	negZero := sign.PublicKey{1}
	negZero[31] = 0x80 // x = 0 with the sign bit set
	add("identity with the sign bit set (x = -0): NIS decodes it", []string{"NonCanonicalPublicKey", "SmallOrderPublicKey"}, negZero, msg, id, true, "")
	return f, nil
}
