package sign

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sync"

	"filippo.io/edwards25519"
)

// PublicKeySize is the size of an encoded public key.
const PublicKeySize = 32

// PublicKey is an encoded Ed25519 point: 32 bytes, y little-endian with the
// sign of x in the top bit. Text form: 64 lowercase hex characters.
type PublicKey [PublicKeySize]byte

// ParsePublicKey parses 64 hex characters (either case).
func ParsePublicKey(s string) (PublicKey, error) {
	var p PublicKey
	if len(s) != 2*PublicKeySize {
		return p, fmt.Errorf("sign: %w: %d characters, want %d hex characters", ErrInvalidPublicKey, len(s), 2*PublicKeySize)
	}
	if _, err := hex.Decode(p[:], []byte(s)); err != nil {
		return PublicKey{}, fmt.Errorf("sign: %w: not hexadecimal", ErrInvalidPublicKey)
	}
	return p, nil
}

// PublicKeyFromBytes copies a 32-byte slice into a PublicKey.
func PublicKeyFromBytes(b []byte) (PublicKey, error) {
	if len(b) != PublicKeySize {
		return PublicKey{}, fmt.Errorf("sign: %w: %d bytes, want %d", ErrInvalidPublicKey, len(b), PublicKeySize)
	}
	return PublicKey(b), nil
}

// IsZero reports whether p is all zero bytes, which NIS never accepts.
func (p PublicKey) IsZero() bool { return p == PublicKey{} }

// String returns the 64-character lowercase hex form.
func (p PublicKey) String() string { return hex.EncodeToString(p[:]) }

// Address returns the address of p on network n.
func (p PublicKey) Address(n Network) Address { return NewAddress(p, n) }

// MarshalText implements encoding.TextMarshaler (lowercase hex).
func (p PublicKey) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParsePublicKey.
func (p *PublicKey) UnmarshalText(text []byte) error {
	v, err := ParsePublicKey(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Check reports whether p is a key a custody plan may use: not all zeros, a
// canonical encoding of a curve point, and not of small order. NIS itself
// accepts non-canonical and small-order keys when it verifies (see Verify);
// such keys have no known private key, so nothing should ever depend on them.
//
// Check is a pure function of p; keys that pass are remembered (a few
// thousand at most), so re-checking a plan's keys costs a map lookup.
func (p PublicKey) Check() error {
	if checked.has(p) {
		return nil
	}
	if _, reason := p.decodeChecked(); reason != "" {
		return fmt.Errorf("sign: %w: %s", ErrInvalidPublicKey, reason)
	}
	checked.add(p)
	return nil
}

// checked remembers public keys that passed Check.
var checked checkedKeys

// checkedKeysMax bounds the memory checkedKeys uses; when it is full it
// starts over.
const checkedKeysMax = 4096

type checkedKeys struct {
	mu sync.Mutex
	m  map[PublicKey]struct{}
}

func (c *checkedKeys) has(p PublicKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[p]
	return ok
}

func (c *checkedKeys) add(p PublicKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= checkedKeysMax {
		c.m = make(map[PublicKey]struct{})
	}
	c.m[p] = struct{}{}
}

// decodeChecked decodes p for Check and returns the point, or nil and the
// reason p is refused.
func (p PublicKey) decodeChecked() (*edwards25519.Point, string) {
	if p.IsZero() {
		return nil, "all zero"
	}
	A, err := new(edwards25519.Point).SetBytes(p[:])
	if err != nil {
		return nil, "not a curve point"
	}
	if !bytes.Equal(A.Bytes(), p[:]) {
		return nil, "non-canonical encoding"
	}
	if new(edwards25519.Point).MultByCofactor(A).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, "small-order point"
	}
	return A, ""
}
