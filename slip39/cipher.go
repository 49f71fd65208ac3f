package slip39

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"fmt"
)

// The encryption of the master secret (SLIP-39, "Encryption of the master
// secret"): a four-round Feistel network over the two halves of the
// secret, whose round function is PBKDF2-HMAC-SHA256:
//
//	F(i, R) = PBKDF2(password = i || passphrase, salt = prefix || R,
//	                 iterations = 2500 << e, length = n/2)
//
// where prefix is "shamir" || identifier (two bytes, big-endian) for a
// share without the extendable backup flag and empty for one with it.
// Encryption runs the rounds 0, 1, 2, 3; decryption 3, 2, 1, 0.

// roundCount is the number of Feistel rounds.
const roundCount = 4

// baseIterations is the PBKDF2 iteration count of one round at exponent
// 0 (10000 in all).
const baseIterations = 2500

// feistel encrypts (decrypt false) or decrypts the secret in. The result
// is new; the caller clears it and in.
func feistel(in, passphrase []byte, info ShareInfo, decrypt bool) ([]byte, error) {
	half := len(in) / 2
	l := append([]byte(nil), in[:half]...)
	r := append([]byte(nil), in[half:]...)
	defer clear(l)
	defer clear(r)
	var salt []byte
	if !info.Extendable {
		salt = append([]byte(customization), byte(info.Identifier>>8), byte(info.Identifier))
	}
	saltPrefix := len(salt)
	password := make([]byte, 1+len(passphrase))
	defer clear(password)
	copy(password[1:], passphrase)
	for k := range roundCount {
		i := k
		if decrypt {
			i = roundCount - 1 - k
		}
		password[0] = byte(i)
		salt = append(salt[:saltPrefix], r...)
		// crypto/pbkdf2 takes the password as a string, a copy that cannot
		// be cleared; the garbage collector frees it later.
		f, err := pbkdf2.Key(sha256.New, string(password), salt, baseIterations<<info.IterationExponent, half)
		clear(salt[saltPrefix:]) // R is secret; the prefix is not
		if err != nil {
			return nil, fmt.Errorf("slip39: encryption: %w", err)
		}
		for j := range f {
			f[j] ^= l[j]
		}
		copy(l, r)
		copy(r, f)
		clear(f)
	}
	return append(append(make([]byte, 0, len(in)), r...), l...), nil
}
