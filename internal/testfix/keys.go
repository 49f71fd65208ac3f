package testfix

import (
	"crypto/sha256"
	"testing"

	"github.com/nemcustody/nemcustody/sign"
)

// Keys from labels. Two derivations exist, because golden files and
// vectors were made with each: the tests of a package keep the one they
// started with, so that no key a golden file depends on changes.

// PaddedKey is the key whose seed is label's bytes padded with zeros to
// 32 bytes (the multisig and coldwallet tests' keys; a label longer than
// 32 bytes is cut).
func PaddedKey(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	seed := make([]byte, sign.SeedSize)
	copy(seed, label)
	k, err := sign.NewPrivateKeyFromSeed(seed)
	if err != nil {
		t.Fatalf("testfix: key %q: %v", label, err)
	}
	return k
}

// HashedKey is the key whose seed is the SHA-256 of label (the nis,
// nis/nistest, keyhealth and CLI tests' keys).
func HashedKey(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	seed := sha256.Sum256([]byte(label))
	k, err := sign.NewPrivateKeyFromSeed(seed[:])
	if err != nil {
		t.Fatalf("testfix: key %q: %v", label, err)
	}
	return k
}
