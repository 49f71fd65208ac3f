package slip39

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"unsafe"
)

// hidden holds secret bytes behind an unsafe.Pointer, which fmt, slog,
// encoding/json and reflection-based dumpers (go-spew, as testify uses)
// print as an address and never follow. It is ordinary GC-tracked memory.
type hidden struct {
	p unsafe.Pointer // *[]byte
}

// newHidden returns a hidden copy of b.
func newHidden(b []byte) hidden {
	c := make([]byte, len(b))
	copy(c, b)
	return hidden{unsafe.Pointer(&c)}
}

// bytes returns the secret bytes themselves (not a copy); nil when none.
func (h hidden) bytes() []byte {
	if h.p == nil {
		return nil
	}
	return *(*[]byte)(h.p)
}

// destroy overwrites the bytes and forgets them.
func (h *hidden) destroy() {
	clear(h.bytes())
	h.p = nil
}

// Sizes of a master secret, in bytes.
const (
	// minSecretSize is the shortest master secret, 128 bits.
	minSecretSize = 16
	// maxSecretSize is the longest master secret this package splits or
	// recovers, 512 bits: the longest BIP-32 seed (a BIP-39 seed), 59
	// words a share. SLIP-39 itself sets no upper bound.
	maxSecretSize = 64
)

// checkSecretSize returns nil for a master secret size SLIP-39 allows
// (at least 128 bits, a multiple of 16 bits) up to 64 bytes.
func checkSecretSize(n int) error {
	if n < minSecretSize || n > maxSecretSize || n%2 != 0 {
		return fmt.Errorf("slip39: %w: %d bytes, want an even number from %d to %d", ErrSecretLength, n, minSecretSize, maxSecretSize)
	}
	return nil
}

// redactedSecret is what every printed form of a MasterSecret shows.
const redactedSecret = "slip39.MasterSecret(REDACTED)"

// MasterSecret is the secret SLIP-39 splits: 16 to 64 bytes, an even
// number. It is opaque like sign.PrivateKey: every printed form shows
// "REDACTED", it has no JSON or text form, and getting the bytes out
// takes the explicitly named Export. The zero value holds no secret.
type MasterSecret struct {
	h hidden
}

// NewMasterSecret returns a master secret holding a copy of b, which must
// be 16 to 64 bytes long, an even number (SLIP-39 wants a multiple of 16
// bits). The caller clears b.
func NewMasterSecret(b []byte) (*MasterSecret, error) {
	if err := checkSecretSize(len(b)); err != nil {
		return nil, err
	}
	return &MasterSecret{h: newHidden(b)}, nil
}

// GenerateMasterSecret returns a new random master secret of size bytes,
// read from random (crypto/rand when nil).
func GenerateMasterSecret(random io.Reader, size int) (*MasterSecret, error) {
	if err := checkSecretSize(size); err != nil {
		return nil, err
	}
	if random == nil {
		random = rand.Reader
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(random, b); err != nil {
		clear(b)
		return nil, fmt.Errorf("slip39: %w: %w", ErrRandom, err)
	}
	return &MasterSecret{h: hidden{unsafe.Pointer(&b)}}, nil
}

// Len returns the size of the secret in bytes (0 when destroyed).
func (m *MasterSecret) Len() int {
	if m == nil {
		return 0
	}
	return len(m.h.bytes())
}

// Export returns a copy of the secret bytes. The result is a secret:
// clear it when done.
func (m *MasterSecret) Export() ([]byte, error) {
	b, err := m.live()
	if err != nil {
		return nil, err
	}
	return append([]byte(nil), b...), nil
}

// Equal reports, in constant time for secrets of one length, whether m
// and other hold the same secret.
func (m *MasterSecret) Equal(other *MasterSecret) bool {
	a, err1 := m.live()
	b, err2 := other.live()
	return err1 == nil && err2 == nil && subtle.ConstantTimeCompare(a, b) == 1
}

// Destroy overwrites the secret; afterwards Export fails with
// ErrDestroyed. Best effort, as for sign.PrivateKey.
func (m *MasterSecret) Destroy() {
	if m != nil {
		m.h.destroy()
	}
}

func (m *MasterSecret) live() ([]byte, error) {
	if m == nil || m.h.bytes() == nil {
		return nil, fmt.Errorf("slip39: %w", ErrDestroyed)
	}
	return m.h.bytes(), nil
}

// String returns "slip39.MasterSecret(REDACTED)".
func (MasterSecret) String() string { return redactedSecret }

// GoString returns "slip39.MasterSecret(REDACTED)", for %#v.
func (MasterSecret) GoString() string { return redactedSecret }

// Format prints "slip39.MasterSecret(REDACTED)" for every fmt verb.
func (MasterSecret) Format(f fmt.State, _ rune) { io.WriteString(f, redactedSecret) }

// LogValue makes slog print "REDACTED".
func (MasterSecret) LogValue() slog.Value { return slog.StringValue(redactedSecret) }

// errNoSerialization is returned by every encoder hook of a secret.
var errNoSerialization = errors.New("slip39: a master secret or share has no JSON or text form; export it explicitly")

// MarshalJSON always fails: a master secret has no JSON form.
func (MasterSecret) MarshalJSON() ([]byte, error) { return nil, errNoSerialization }

// MarshalText always fails: a master secret has no text form.
func (MasterSecret) MarshalText() ([]byte, error) { return nil, errNoSerialization }

// UnmarshalJSON always fails.
func (*MasterSecret) UnmarshalJSON([]byte) error { return errNoSerialization }

// UnmarshalText always fails.
func (*MasterSecret) UnmarshalText([]byte) error { return errNoSerialization }
