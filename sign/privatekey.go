package sign

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"unsafe"

	"filippo.io/edwards25519"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// SeedSize is the size of the Ed25519 seed a NEM private key is made of.
const SeedSize = 32

// redacted is what every printed form of a private key shows.
const redacted = "sign.PrivateKey(REDACTED)"

// PrivateKey is a NEM private key. It is opaque: its bytes live behind a
// pointer, every printed form (fmt verbs, slog, String, GoString) shows
// "REDACTED", it has no JSON or text form, and it cannot be compared with ==
// in a way that reveals anything. Exporting the secret takes an explicitly
// named method (ExportNISHex, ExportSeed).
//
// Use the *PrivateKey returned by the constructors; the zero value holds no
// key and refuses to sign. A *PrivateKey is safe for concurrent Sign calls;
// Destroy must not race with them.
type PrivateKey struct {
	k *keyMaterial
}

// keyMaterial is what a PrivateKey points to. Its secret parts sit behind an
// unsafe.Pointer, which fmt, slog, encoding/json and reflection-based
// dumpers (go-spew, as used by testify) print as an address and never
// follow; a plain pointer would be followed by fmt's bad-verb path and by
// those dumpers. The pointer is ordinary GC-tracked memory.
type keyMaterial struct {
	hidden    unsafe.Pointer // *secretParts
	pub       PublicKey
	destroyed bool
}

type secretParts struct {
	seed   [SeedSize]byte      // Ed25519 seed (NIS hex reversed)
	scalar edwards25519.Scalar // clamped Keccak-512(seed)[:32], reduced
	prefix [32]byte            // Keccak-512(seed)[32:]
}

func (m *keyMaterial) secret() *secretParts { return (*secretParts)(m.hidden) }

// NewPrivateKeyFromSeed builds a key from its 32-byte Ed25519 seed: the
// bytes that are hashed with Keccak-512, which are the byte-reversal of the
// NIS hex form. HD derivation yields a seed directly.
func NewPrivateKeyFromSeed(seed []byte) (*PrivateKey, error) {
	if len(seed) != SeedSize {
		return nil, fmt.Errorf("sign: %w: seed is %d bytes, want %d", ErrInvalidPrivateKey, len(seed), SeedSize)
	}
	return newKey([SeedSize]byte(seed)), nil
}

func newKey(seed [SeedSize]byte) *PrivateKey {
	sp := &secretParts{seed: seed}
	h := keccak.Sum512(sp.seed[:])
	if _, err := sp.scalar.SetBytesWithClamping(h[:32]); err != nil {
		panic("sign: internal error: clamping a 32-byte scalar failed")
	}
	copy(sp.prefix[:], h[32:])
	clear(h[:])
	m := &keyMaterial{hidden: unsafe.Pointer(sp)}
	m.pub = PublicKey(new(edwards25519.Point).ScalarBaseMult(&sp.scalar).Bytes())
	return &PrivateKey{k: m}
}

// ParsePrivateKeyNIS parses a private key in the hex form NIS, NanoWallet
// and the NEM SDKs show: the big-endian hex of the key as an unsigned
// integer, which is the Ed25519 seed byte-reversed. Three lengths occur in
// the wild and are accepted, in either letter case:
//
//   - 64 hex characters, the canonical form;
//   - 66 characters starting with "00", the sign byte Java's BigInteger
//     adds when the first byte is 0x80 or more (NIS's /account/generate);
//   - 62 characters, when BigInteger dropped a leading zero byte.
//
// Any other input is refused. The error never repeats the input.
func ParsePrivateKeyNIS(s string) (*PrivateKey, error) {
	switch len(s) {
	case 64:
	case 66:
		if s[:2] != "00" {
			return nil, fmt.Errorf("sign: %w: 66 hex characters must start with the 00 sign byte", ErrInvalidPrivateKey)
		}
		s = s[2:]
	case 62:
		s = "00" + s
	default:
		return nil, fmt.Errorf("sign: %w: %d characters, want 64 hex characters (62 or 66 in NIS's BigInteger form)", ErrInvalidPrivateKey, len(s))
	}
	var be [SeedSize]byte
	if _, err := hex.Decode(be[:], []byte(s)); err != nil {
		clear(be[:])
		return nil, fmt.Errorf("sign: %w: not hexadecimal", ErrInvalidPrivateKey)
	}
	var seed [SeedSize]byte
	for i := range be {
		seed[i] = be[SeedSize-1-i]
	}
	clear(be[:])
	k := newKey(seed)
	clear(seed[:])
	return k, nil
}

// GenerateKey makes a new random key, reading 32 bytes from random, or from
// crypto/rand when random is nil. Tests pass a deterministic reader.
func GenerateKey(random io.Reader) (*PrivateKey, error) {
	if random == nil {
		random = rand.Reader
	}
	var seed [SeedSize]byte
	if _, err := io.ReadFull(random, seed[:]); err != nil {
		return nil, fmt.Errorf("sign: %w: %w", ErrRandom, err)
	}
	k := newKey(seed)
	clear(seed[:])
	return k, nil
}

// PublicKey returns the public key. It panics on a nil or zero PrivateKey,
// which is a programming error; a destroyed key still knows its public key.
func (k *PrivateKey) PublicKey() PublicKey {
	return k.material().pub
}

// Address returns the key's address on network n.
func (k *PrivateKey) Address(n Network) Address {
	return NewAddress(k.PublicKey(), n)
}

// ExportNISHex returns the key in NIS hex: 64 lowercase hex characters, the
// seed byte-reversed. The result is a secret: never log or print it.
func (k *PrivateKey) ExportNISHex() (string, error) {
	m, err := k.live()
	if err != nil {
		return "", err
	}
	var be [SeedSize]byte
	for i := range be {
		be[i] = m.secret().seed[SeedSize-1-i]
	}
	s := hex.EncodeToString(be[:])
	clear(be[:])
	return s, nil
}

// ExportSeed returns a copy of the 32-byte Ed25519 seed. The result is a
// secret: clear it when done.
func (k *PrivateKey) ExportSeed() ([SeedSize]byte, error) {
	m, err := k.live()
	if err != nil {
		return [SeedSize]byte{}, err
	}
	return m.secret().seed, nil
}

// Equal reports, in constant time, whether k and other hold the same secret.
func (k *PrivateKey) Equal(other *PrivateKey) bool {
	if k == nil || other == nil || k.k == nil || other.k == nil {
		return false
	}
	return subtle.ConstantTimeCompare(k.k.secret().seed[:], other.k.secret().seed[:]) == 1
}

// Destroy overwrites the secret parts of the key. Afterwards Sign and the
// export methods fail with ErrKeyDestroyed. It is best effort: Go may have
// copied the bytes (the garbage collector moves nothing, but earlier copies
// made by callers, swap and core dumps are out of reach).
func (k *PrivateKey) Destroy() {
	if k == nil || k.k == nil {
		return
	}
	sp := k.k.secret()
	clear(sp.seed[:])
	clear(sp.prefix[:])
	sp.scalar = edwards25519.Scalar{}
	k.k.destroyed = true
}

func (k *PrivateKey) material() *keyMaterial {
	if k == nil || k.k == nil {
		panic("sign: use of a nil or zero PrivateKey")
	}
	return k.k
}

var errNoKey = fmt.Errorf("sign: %w: no key (zero PrivateKey)", ErrInvalidPrivateKey)

func (k *PrivateKey) live() (*keyMaterial, error) {
	if k == nil || k.k == nil {
		return nil, errNoKey
	}
	if k.k.destroyed {
		return nil, fmt.Errorf("sign: %w", ErrKeyDestroyed)
	}
	return k.k, nil
}

// String returns "sign.PrivateKey(REDACTED)".
func (PrivateKey) String() string { return redacted }

// GoString returns "sign.PrivateKey(REDACTED)", for %#v.
func (PrivateKey) GoString() string { return redacted }

// Format prints "sign.PrivateKey(REDACTED)" for every fmt verb, so %x, %s,
// %q, %d and %+v cannot show key bytes either.
func (PrivateKey) Format(f fmt.State, _ rune) { io.WriteString(f, redacted) }

// LogValue makes slog print "REDACTED" for a private key.
func (PrivateKey) LogValue() slog.Value { return slog.StringValue(redacted) }

// errNoSerialization is returned by every encoder hook: a private key has
// no JSON or text form; export it explicitly.
var errNoSerialization = errors.New("sign: a private key has no JSON or text form; use ExportNISHex or the keystore")

// MarshalJSON always fails: a private key has no JSON form.
func (PrivateKey) MarshalJSON() ([]byte, error) { return nil, errNoSerialization }

// MarshalText always fails: a private key has no text form.
func (PrivateKey) MarshalText() ([]byte, error) { return nil, errNoSerialization }

// UnmarshalJSON always fails; parse keys with ParsePrivateKeyNIS.
func (*PrivateKey) UnmarshalJSON([]byte) error { return errNoSerialization }

// UnmarshalText always fails; parse keys with ParsePrivateKeyNIS.
func (*PrivateKey) UnmarshalText([]byte) error { return errNoSerialization }
