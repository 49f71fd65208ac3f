package keystore

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/nemcustody/nemcustody/sign"
)

// The keystore file
//
// A keystore file is a standard age file (age-encryption.org/v1) encrypted
// to one passphrase (scrypt) recipient and nothing else, ASCII-armored.
// Its plaintext is described in text.go. In an emergency an
// operator recovers the key with the stock age tool, no nemcustody needed:
//
//	age -d keystore.age      # asks for the passphrase, prints the text
//
// We write the armored form ("-----BEGIN AGE ENCRYPTED FILE-----"): a
// keystore is a few hundred bytes that operators print on paper as a
// backup, put in a QR code or copy between machines as text, and an
// armored file survives all of that, cannot garble a terminal, and is
// recognized on sight. The age CLI detects armor by itself. The reader
// accepts both the armored and the binary form, so a file made with
// `age -p` (binary) or `age -p -a` (armored) reads as well.
//
// Security: the key is protected only by the passphrase and scrypt. With
// the default work factor (18: 256 MiB of memory, about a second) every
// guess costs an attacker that much; choose a long passphrase (see
// CheckPassphrase) and keep the file on the offline machine and its
// backups.

// Errors a keystore read or write returns wrap one of these.
var (
	// ErrInvalid: a file or text that is not a usable keystore: not an
	// age file, not encrypted to a passphrase alone, corrupted, truncated,
	// too large, with a work factor above MaxWorkFactor, with a malformed
	// plaintext, or a public key that does not match the private key. Also
	// keystore information that cannot be written (bad label or network).
	ErrInvalid = errors.New("invalid keystore")
	// ErrIncorrectPassphrase: the passphrase does not open the keystore.
	// age cannot tell a wrong passphrase from a damaged passphrase stanza
	// (its salt or wrapped key), so both report this.
	ErrIncorrectPassphrase = errors.New("incorrect passphrase")
	// ErrWeakPassphrase: a passphrase a new keystore may not use; see
	// CheckPassphrase.
	ErrWeakPassphrase = errors.New("passphrase not accepted for a new keystore")
)

// scrypt work factors (log2 of scrypt's N; age uses r = 8, p = 1, so the
// memory needed is 2^WorkFactor KiB).
const (
	// DefaultWorkFactor is used when Options.WorkFactor is 0:
	// 256 MiB and about one second, the age CLI's own default.
	DefaultWorkFactor = 18
	// MinWorkFactor is the lowest work factor a new keystore may use
	// (64 MiB) unless Options.InsecureLowWorkFactor is set.
	MinWorkFactor = 16
	// MaxWorkFactor is the highest work factor written or read (1 GiB of
	// memory, a few seconds). A file asking for more is refused before
	// any scrypt work, so a hostile file cannot exhaust an offline
	// machine's memory or hang it. The age CLI reads up to 22.
	MaxWorkFactor = 20
	// insecureMinWorkFactor is the floor with InsecureLowWorkFactor.
	insecureMinWorkFactor = 10
)

// MaxSize is the largest keystore file Decrypt accepts: a keystore is
// well under 1 KiB, so a larger file is not one. A caller reading a file
// reads at most MaxSize+1 bytes of it.
const MaxSize = 16 << 10

// Info is the public part of a keystore.
type Info struct {
	// Network is the network the key is meant for.
	Network sign.Network
	// Label names the key for people: 1 to 64 bytes of printable UTF-8
	// without leading or trailing white space.
	Label string
	// PublicKey is the key's public key. When writing, the zero value
	// means "the key's own"; any other value must equal it.
	PublicKey sign.PublicKey
}

// Options tunes the encryption of a new keystore. The zero value
// is the safe default.
type Options struct {
	// WorkFactor is log2 of scrypt's N, from MinWorkFactor to
	// MaxWorkFactor; 0 selects DefaultWorkFactor.
	WorkFactor int
	// InsecureLowWorkFactor lets WorkFactor go down to 10, which makes
	// passphrase guessing cheap. It exists for tests, which would
	// otherwise spend seconds on every keystore; never set it for a key
	// that holds funds.
	InsecureLowWorkFactor bool
	// AllowShortPassphrase accepts a passphrase shorter than
	// MinPassphraseLength bytes (an empty one is never accepted).
	AllowShortPassphrase bool
}

// workFactor returns the work factor o selects, or an error.
func (o Options) workFactor() (int, error) {
	wf := o.WorkFactor
	if wf == 0 {
		wf = DefaultWorkFactor
	}
	floor := MinWorkFactor
	if o.InsecureLowWorkFactor {
		floor = insecureMinWorkFactor
	}
	if wf < floor || wf > MaxWorkFactor {
		return 0, fmt.Errorf("keystore: %w: scrypt work factor %d is outside %d..%d", ErrInvalid, wf, floor, MaxWorkFactor)
	}
	return wf, nil
}

// Encrypt returns the keystore file of key: an armored age file. The
// caller writes it to a new file (never over an existing one: the file is
// the key), with mode 0600, and syncs it. The passphrase must pass CheckPassphrase; info
// must name a network and carry a label. key is not modified. Before
// returning it decrypts the result and checks that it holds key and info.
//
// Clearing: the plaintext buffer is cleared before returning. The caller
// owns and clears passphrase. age takes the passphrase as a Go string and
// keeps its own copy while encrypting; neither copy can be cleared, and the
// garbage collector frees them at some later time. See also
// sign.PrivateKey.Destroy for what clearing can and cannot do in Go.
func Encrypt(key *sign.PrivateKey, info Info, passphrase []byte, opts Options) ([]byte, error) {
	wf, err := opts.workFactor()
	if err != nil {
		return nil, err
	}
	if err := CheckPassphrase(passphrase, opts); err != nil {
		return nil, err
	}
	if err := checkInfo(info); err != nil {
		return nil, err
	}
	if key == nil {
		return nil, fmt.Errorf("keystore: %w: no private key", ErrInvalid)
	}
	seed, err := key.ExportSeed()
	if err != nil {
		return nil, fmt.Errorf("keystore: %w", err)
	}
	defer clear(seed[:])
	pub := key.PublicKey()
	if info.PublicKey.IsZero() {
		info.PublicKey = pub
	} else if info.PublicKey != pub {
		return nil, fmt.Errorf("keystore: %w: Info.PublicKey is not the key's public key", ErrInvalid)
	}

	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, fmt.Errorf("keystore: %w: empty passphrase", ErrWeakPassphrase)
	}
	r.SetWorkFactor(wf)

	plain := appendKeystoreText(make([]byte, 0, maxPlaintextSize), &seed, info)
	defer clear(plain)

	var out bytes.Buffer
	aw := armor.NewWriter(&out)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return nil, fmt.Errorf("keystore: encrypting the keystore: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("keystore: encrypting the keystore: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("keystore: encrypting the keystore: %w", err)
	}
	if err := aw.Close(); err != nil {
		return nil, fmt.Errorf("keystore: armoring the keystore: %w", err)
	}

	// A keystore that does not open is a lost key: open it once, the way
	// a reader will, before anyone relies on it. This doubles the scrypt
	// work of a rare operation.
	back, backInfo, err := Decrypt(out.Bytes(), passphrase)
	if err != nil {
		return nil, fmt.Errorf("keystore: the new keystore does not open: %w", err)
	}
	same := back.Equal(key) && backInfo == info
	back.Destroy()
	if !same {
		return nil, errors.New("keystore: the new keystore does not hold the key it was given")
	}
	return out.Bytes(), nil
}

// Decrypt decrypts a keystore file, armored or binary, and returns
// its key and information. The caller owns the key: Destroy it when done.
//
// A wrong passphrase returns an error wrapping ErrIncorrectPassphrase;
// anything else that is wrong with the file (see ErrInvalid) an error
// wrapping ErrInvalid. Errors never contain the passphrase, the key or
// any part of the decrypted text, nor age's own messages, which can quote
// input lines.
//
// Clearing: the decrypted text is read into one buffer that is cleared
// before returning. age keeps its own copy of the passphrase and decrypts
// through internal buffers that cannot be cleared; see Encrypt.
func Decrypt(data []byte, passphrase []byte) (*sign.PrivateKey, Info, error) {
	if len(data) > MaxSize {
		return nil, Info{}, fmt.Errorf("keystore: %w: more than %d bytes; a keystore is far smaller", ErrInvalid, MaxSize)
	}
	if len(passphrase) == 0 {
		return nil, Info{}, fmt.Errorf("keystore: %w: the passphrase is empty", ErrIncorrectPassphrase)
	}
	bin, err := dearmor(data)
	if err != nil {
		return nil, Info{}, err
	}
	if err := checkScryptHeader(bin); err != nil {
		return nil, Info{}, err
	}

	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, Info{}, fmt.Errorf("keystore: %w: the passphrase is empty", ErrIncorrectPassphrase)
	}
	id.SetMaxWorkFactor(MaxWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(bin), id)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, Info{}, fmt.Errorf("keystore: %w", ErrIncorrectPassphrase)
		}
		return nil, Info{}, fmt.Errorf("keystore: %w: the age header is malformed or was altered", ErrInvalid)
	}

	// One buffer, never grown, so the plaintext is in one place to clear.
	var buf [maxPlaintextSize + 1]byte
	defer clear(buf[:])
	n, err := io.ReadFull(r, buf[:])
	switch {
	case err == nil:
		return nil, Info{}, fmt.Errorf("keystore: %w: decrypted text is larger than a keystore holds", ErrInvalid)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
	default:
		return nil, Info{}, fmt.Errorf("keystore: %w: the encrypted payload is corrupted or truncated", ErrInvalid)
	}
	return parseKeystoreText(buf[:n])
}
