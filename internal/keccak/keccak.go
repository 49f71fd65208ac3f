// Package keccak computes the original Keccak-256 and Keccak-512 hashes
// (padding byte 0x01) that NEM uses everywhere it says "SHA3". They are not
// the FIPS 202 SHA-3 functions, which pad with 0x06 and give other digests.
package keccak

import (
	"hash"
	"sync"

	"golang.org/x/crypto/sha3"
)

// Size256 and Size512 are the digest sizes in bytes.
const (
	Size256 = 32
	Size512 = 64
)

var (
	pool256 = sync.Pool{New: func() any { return sha3.NewLegacyKeccak256() }}
	pool512 = sync.Pool{New: func() any { return sha3.NewLegacyKeccak512() }}
)

// New256 returns a new Keccak-256 hash.
func New256() hash.Hash { return sha3.NewLegacyKeccak256() }

// New512 returns a new Keccak-512 hash.
func New512() hash.Hash { return sha3.NewLegacyKeccak512() }

// Sum256 returns the Keccak-256 digest of the concatenation of parts.
func Sum256(parts ...[]byte) [Size256]byte {
	var out [Size256]byte
	h := pool256.Get().(hash.Hash)
	for _, p := range parts {
		h.Write(p)
	}
	h.Sum(out[:0])
	h.Reset()
	pool256.Put(h)
	return out
}

// Sum512 returns the Keccak-512 digest of the concatenation of parts.
//
// The hash state is reset before it returns to the pool, so no input
// (which may be secret key material) stays behind in it.
func Sum512(parts ...[]byte) [Size512]byte {
	var out [Size512]byte
	h := pool512.Get().(hash.Hash)
	for _, p := range parts {
		h.Write(p)
	}
	h.Sum(out[:0])
	h.Reset()
	pool512.Put(h)
	return out
}
