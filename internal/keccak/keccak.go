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

// hasher is a pooled hash state with a buffer that inputs and the digest
// pass through, so that callers' slices never reach the hash.Hash
// interface: escape analysis then keeps them on the caller's stack, and
// hashing allocates nothing.
type hasher struct {
	h   hash.Hash
	buf [256]byte
}

var (
	pool256 = sync.Pool{New: func() any { return &hasher{h: sha3.NewLegacyKeccak256()} }}
	pool512 = sync.Pool{New: func() any { return &hasher{h: sha3.NewLegacyKeccak512()} }}
)

// New256 returns a new Keccak-256 hash.
func New256() hash.Hash { return sha3.NewLegacyKeccak256() }

// New512 returns a new Keccak-512 hash.
func New512() hash.Hash { return sha3.NewLegacyKeccak512() }

// sum hashes the concatenation of parts into out with a pooled state. The
// state is reset before it returns to the pool, so no input (which may be
// secret key material) stays behind in it; the buffer is cleared too.
func sum(pool *sync.Pool, out []byte, parts [][]byte) {
	x := pool.Get().(*hasher)
	for _, p := range parts {
		for len(p) > 0 {
			n := copy(x.buf[:], p)
			x.h.Write(x.buf[:n])
			p = p[n:]
		}
	}
	d := x.h.Sum(x.buf[:0])
	copy(out, d)
	x.h.Reset()
	clear(x.buf[:])
	pool.Put(x)
}

// Sum256 returns the Keccak-256 digest of the concatenation of parts.
func Sum256(parts ...[]byte) [Size256]byte {
	var out [Size256]byte
	sum(&pool256, out[:], parts)
	return out
}

// Sum512 returns the Keccak-512 digest of the concatenation of parts.
func Sum512(parts ...[]byte) [Size512]byte {
	var out [Size512]byte
	sum(&pool512, out[:], parts)
	return out
}
