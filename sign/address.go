package sign

import (
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"

	//lint:ignore SA1019 NEM addresses are defined with RIPEMD-160; there is no replacement.
	"golang.org/x/crypto/ripemd160"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// AddressSize is the size of a decoded address: network byte, 20-byte
// RIPEMD-160(Keccak-256(public key)), 4-byte checksum.
const AddressSize = 25

// AddressLength is the length of an address's canonical text form.
const AddressLength = 40

// Address is a decoded NEM address. Its text form is 40 upper-case base32
// characters (String); Pretty gives the dashed form wallets show.
//
// The zero Address is not valid; ParseAddress and NewAddress never return
// it without an error.
type Address [AddressSize]byte

// NewAddress derives the address of pub on network n:
// n || RIPEMD-160(Keccak-256(pub)) || first 4 bytes of Keccak-256 of those 21 bytes.
func NewAddress(pub PublicKey, n Network) Address {
	var a Address
	h := keccak.Sum256(pub[:])
	r := ripemd160.New()
	r.Write(h[:])
	a[0] = byte(n)
	r.Sum(a[1:1])
	chk := keccak.Sum256(a[:21])
	copy(a[21:], chk[:4])
	return a
}

// ParseAddress parses an address as people type it: the 40-character form
// or the dashed pretty form (any dashes are removed), in any letter case,
// with surrounding white space ignored. It checks the length, the base32
// alphabet, that the network byte is a known network and the checksum.
// Only ASCII letters are folded to upper case: any other non-ASCII
// character is refused, so that a look-alike such as 'ſ' (U+017F, which
// Unicode upper-cases to 'S') never passes for a base32 letter. Use
// CheckNetwork to require a given network.
func ParseAddress(s string) (Address, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "-", "")
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 0x80:
			return Address{}, fmt.Errorf("sign: %w: a character is not ASCII", ErrInvalidAddress)
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return ParseCanonicalAddress(string(b))
}

// ParseCanonicalAddress parses exactly the canonical 40-character upper-case
// form, as it appears inside transactions. Anything else is refused, so
// codecs can insist on bytes that NIS would not rewrite.
func ParseCanonicalAddress(s string) (Address, error) {
	var a Address
	if len(s) != AddressLength {
		return a, fmt.Errorf("sign: %w: %d characters, want %d", ErrInvalidAddress, len(s), AddressLength)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return a, fmt.Errorf("sign: %w: character %d is not upper-case base32 (A-Z, 2-7)", ErrInvalidAddress, i+1)
		}
	}
	if _, err := base32.StdEncoding.Decode(a[:], []byte(s)); err != nil {
		return Address{}, fmt.Errorf("sign: %w: not base32", ErrInvalidAddress)
	}
	if err := a.Validate(); err != nil {
		return Address{}, err
	}
	return a, nil
}

// AddressFromBytes checks and copies a 25-byte decoded address.
func AddressFromBytes(b []byte) (Address, error) {
	if len(b) != AddressSize {
		return Address{}, fmt.Errorf("sign: %w: %d bytes, want %d", ErrInvalidAddress, len(b), AddressSize)
	}
	a := Address(b)
	if err := a.Validate(); err != nil {
		return Address{}, err
	}
	return a, nil
}

// Validate checks that a has a known network byte and a correct checksum.
func (a Address) Validate() error {
	if !Network(a[0]).Valid() {
		return fmt.Errorf("sign: %w: %w: version byte 0x%02x", ErrInvalidAddress, ErrUnknownNetwork, a[0])
	}
	chk := keccak.Sum256(a[:21])
	if subtle.ConstantTimeCompare(chk[:4], a[21:]) != 1 {
		return fmt.Errorf("sign: %w: checksum mismatch", ErrInvalidAddress)
	}
	return nil
}

// Network returns the network byte of a.
func (a Address) Network() Network { return Network(a[0]) }

// CheckNetwork returns an error wrapping ErrWrongNetwork unless a is a valid
// address of network n.
func (a Address) CheckNetwork(n Network) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Network() != n {
		return fmt.Errorf("sign: %w: %s address, want %s", ErrWrongNetwork, a.Network(), n)
	}
	return nil
}

// IsZero reports whether a is the zero Address.
func (a Address) IsZero() bool { return a == Address{} }

// String returns the canonical 40-character upper-case base32 form.
func (a Address) String() string { return base32.StdEncoding.EncodeToString(a[:]) }

// Pretty returns the dashed form, groups of six: NDD2CT-6LQLIY-...-J4R4.
func (a Address) Pretty() string {
	s := a.String()
	var b strings.Builder
	b.Grow(AddressLength + AddressLength/6)
	for i := 0; i < len(s); i += 6 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+6, len(s))])
	}
	return b.String()
}

// MarshalText implements encoding.TextMarshaler (canonical form).
func (a Address) MarshalText() ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseAddress.
func (a *Address) UnmarshalText(text []byte) error {
	v, err := ParseAddress(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
