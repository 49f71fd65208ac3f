package slip39

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/sign"
)

// Kind says what a master secret is, and so how the key it backs up comes
// from it. The shares themselves cannot say: SLIP-39 has no field for it,
// and a 32-byte master secret could be either. A restore with the wrong
// kind gives another key without any error, so the kind is written on
// every share card and the restored key is checked against the key's
// address.
type Kind string

// Kinds.
const (
	// Seed: the master secret is the 32-byte Ed25519 seed of one key,
	// what a nemcustody keystore holds (its NIS hex form reversed).
	Seed Kind = "seed"
	// SLIP10: the master secret is the seed of an HD wallet (the BIP-32
	// master seed, as a Trezor Shamir backup holds), and the key is
	// SLIP-10 ed25519-keccak at a path (hd.Derive), as Trezor
	// and Ledger derive NEM keys.
	SLIP10 Kind = "slip10"
)

// KeySpec says what a backup's master secret is: its kind and, for
// SLIP10, the path of the key.
type KeySpec struct {
	Kind Kind
	// Path is the SLIP-10 path of an SLIP10 key, such as
	// hd.NEMPath(sign.Mainnet, 0); empty for Seed.
	Path hd.Path
}

// Check refuses an unknown kind, a path on a Seed spec and a SLIP10 spec
// without one. The error wraps ErrKeySpec.
func (k KeySpec) Check() error {
	switch k.Kind {
	case Seed:
		if len(k.Path) > 0 {
			return fmt.Errorf("slip39: %w: a seed has no derivation path", ErrKeySpec)
		}
	case SLIP10:
		if len(k.Path) == 0 {
			return fmt.Errorf("slip39: %w: an HD master secret needs the key's derivation path", ErrKeySpec)
		}
		if _, err := hd.ParsePath(k.Path.String()); err != nil {
			return fmt.Errorf("slip39: %w: %w", ErrKeySpec, err)
		}
	default:
		return fmt.Errorf("slip39: %w: unknown kind %q, want seed or slip10", ErrKeySpec, string(k.Kind))
	}
	return nil
}

// String returns "seed" or "slip10 m/44'/43'/0'/0'/0'", the form
// ParseKeySpec reads.
func (k KeySpec) String() string {
	if k.Kind == SLIP10 {
		return string(k.Kind) + " " + k.Path.String()
	}
	return string(k.Kind)
}

// ParseKeySpec reads what String writes.
func ParseKeySpec(s string) (KeySpec, error) {
	kind, path, hasPath := strings.Cut(s, " ")
	k := KeySpec{Kind: Kind(kind)}
	if hasPath {
		p, err := hd.ParsePath(path)
		if err != nil {
			return KeySpec{}, fmt.Errorf("slip39: %w: %w", ErrKeySpec, err)
		}
		k.Path = p
	}
	if err := k.Check(); err != nil {
		return KeySpec{}, err
	}
	return k, nil
}

// Key returns the key the master secret ms stands for: for Seed the
// master secret is the key's seed (it must be 32 bytes); for SLIP10 the
// key is derived at the path. The caller destroys the key.
func (k KeySpec) Key(ms *MasterSecret) (*sign.PrivateKey, error) {
	if err := k.Check(); err != nil {
		return nil, err
	}
	b, err := ms.live()
	if err != nil {
		return nil, err
	}
	if k.Kind == Seed {
		if len(b) != sign.SeedSize {
			return nil, fmt.Errorf("slip39: %w: the master secret is %d bytes, a key's seed is %d (is it an HD master secret?)", ErrKeySpec, len(b), sign.SeedSize)
		}
		return sign.NewPrivateKeyFromSeed(b)
	}
	key, err := hd.Derive(b, k.Path)
	if err != nil {
		return nil, fmt.Errorf("slip39: %w: %w", ErrKeySpec, err)
	}
	return key, nil
}

// SeedSecret returns the master secret that backs up key as a Seed: its
// 32-byte Ed25519 seed.
func SeedSecret(key *sign.PrivateKey) (*MasterSecret, error) {
	seed, err := key.ExportSeed()
	if err != nil {
		return nil, fmt.Errorf("slip39: %w", err)
	}
	defer clear(seed[:])
	return NewMasterSecret(seed[:])
}
