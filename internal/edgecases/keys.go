package edgecases

import (
	"encoding/hex"
	"math/big"

	"filippo.io/edwards25519"

	"github.com/nemcustody/nemcustody/sign"
)

// key derives a fixed key from a label, so the files are reproducible.
func key(label string) *sign.PrivateKey {
	seed := make([]byte, 32)
	copy(seed, label)
	k, err := sign.NewPrivateKeyFromSeed(seed)
	if err != nil {
		panic(err)
	}
	return k
}

var groupOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

// withS returns sig with S replaced by the 256-bit little-endian v.
func withS(sig sign.Signature, v *big.Int) sign.Signature {
	be := v.Bytes()
	var le [32]byte
	for i := range be {
		le[i] = be[len(be)-1-i]
	}
	copy(sig[32:], le[:])
	return sig
}

func sOf(sig sign.Signature) *big.Int {
	be := make([]byte, 32)
	for i := range be {
		be[i] = sig[63-i]
	}
	return new(big.Int).SetBytes(be)
}

// identitySignature returns a signature that the identity public key
// "verifies" for every message: R = S·B, since k·A vanishes.
func identitySignature() sign.Signature {
	s, err := new(edwards25519.Scalar).SetCanonicalBytes(append([]byte{9}, make([]byte, 31)...))
	if err != nil {
		panic(err)
	}
	var sig sign.Signature
	copy(sig[:32], new(edwards25519.Point).ScalarBaseMult(s).Bytes())
	copy(sig[32:], s.Bytes())
	return sig
}

func hx(b []byte) string { return hex.EncodeToString(b) }
