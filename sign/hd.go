package sign

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	unorm "golang.org/x/text/unicode/norm"
)

// slip10Key is the SLIP-10 master HMAC key of the "ed25519-keccak" curve
// that Trezor, Ledger and the Symbol SDK use for NEM.
const slip10Key = "ed25519-keccak seed"

// hardened is the bit that marks a hardened SLIP-10 index.
const hardened = 1 << 31

// HDPath is a SLIP-10 derivation path. Every level is hardened (Ed25519
// SLIP-10 has no other kind); the values are stored without the hardened bit,
// so NEMPath(Mainnet, 0) is {44, 43, 0, 0, 0}.
type HDPath []uint32

// NEMPath returns the path hardware wallets use for NEM account number
// account: m/44'/43'/account'/0'/0' on mainnet and mijin, coin type 1
// (m/44'/1'/account'/0'/0') on testnet.
func NEMPath(n Network, account uint32) (HDPath, error) {
	if !n.Valid() {
		return nil, fmt.Errorf("sign: %w: 0x%02x", ErrUnknownNetwork, byte(n))
	}
	if account >= hardened {
		return nil, fmt.Errorf("sign: %w: account %d is not below 2^31", ErrInvalidPath, account)
	}
	return HDPath{44, n.HDCoinType(), account, 0, 0}, nil
}

// ParseHDPath parses the "m/44'/43'/0'/0'/0'" form. Every level must be
// marked hardened with ', h or H; an unhardened level is refused rather than
// silently hardened.
func ParseHDPath(s string) (HDPath, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || parts[0] != "m" {
		return nil, fmt.Errorf("sign: %w: must start with m/ and have at least one level", ErrInvalidPath)
	}
	p := make(HDPath, 0, len(parts)-1)
	for i, part := range parts[1:] {
		num, ok := strings.CutSuffix(part, "'")
		if !ok {
			num, ok = strings.CutSuffix(part, "h")
		}
		if !ok {
			num, ok = strings.CutSuffix(part, "H")
		}
		if !ok {
			return nil, fmt.Errorf("sign: %w: level %d is not hardened (Ed25519 derivation is hardened-only)", ErrInvalidPath, i+1)
		}
		v, err := strconv.ParseUint(num, 10, 32)
		if err != nil || v >= hardened || (len(num) > 1 && num[0] == '0') {
			return nil, fmt.Errorf("sign: %w: level %d is not a number below 2^31", ErrInvalidPath, i+1)
		}
		p = append(p, uint32(v))
	}
	return p, nil
}

// String returns the path as m/44'/43'/0'/0'/0'.
func (p HDPath) String() string {
	var b strings.Builder
	b.WriteString("m")
	for _, v := range p {
		b.WriteByte('/')
		b.WriteString(strconv.FormatUint(uint64(v), 10))
		b.WriteByte('\'')
	}
	return b.String()
}

// DeriveFromSeed derives the private key at path from a BIP-39 seed (16 to
// 64 bytes) with SLIP-10 on the ed25519-keccak curve:
//
//	master: I = HMAC-SHA512(key="ed25519-keccak seed", seed)
//	child:  I = HMAC-SHA512(key=chain code, 0x00 || key || ser32(index | 2^31))
//
// The derived 32 bytes are used directly as the Ed25519 seed (their
// byte-reversal is the NIS hex form), which is what Trezor, Ledger and the
// Symbol SDK do.
func DeriveFromSeed(seed []byte, path HDPath) (*PrivateKey, error) {
	if len(seed) < 16 || len(seed) > 64 {
		return nil, fmt.Errorf("sign: %w: seed is %d bytes, want 16 to 64", ErrInvalidPrivateKey, len(seed))
	}
	for i, v := range path {
		if v >= hardened {
			return nil, fmt.Errorf("sign: %w: level %d is not below 2^31", ErrInvalidPath, i+1)
		}
	}
	var node [64]byte // key || chain code
	mac := hmac.New(sha512.New, []byte(slip10Key))
	mac.Write(seed)
	mac.Sum(node[:0])
	var data [1 + 32 + 4]byte
	for _, v := range path {
		mac = hmac.New(sha512.New, node[32:])
		data[0] = 0
		copy(data[1:33], node[:32])
		binary.BigEndian.PutUint32(data[33:], v|hardened)
		mac.Write(data[:])
		mac.Sum(node[:0])
	}
	k := newKey([SeedSize]byte(node[:32]))
	clear(node[:])
	clear(data[:])
	return k, nil
}

// mnemonicWordCounts maps the allowed BIP-39 sentence lengths to their
// entropy size in bits.
var mnemonicWordCounts = map[int]int{12: 128, 15: 160, 18: 192, 21: 224, 24: 256}

// NormalizeMnemonic returns the mnemonic as BIP-39 hashes it: lower case,
// words separated by single spaces. It checks the word count, that every
// word is in the English list, and the checksum. Errors name the position of
// a bad word, never the word.
func NormalizeMnemonic(mnemonic string) (string, error) {
	words := strings.Fields(strings.ToLower(mnemonic))
	if len(words) == 0 {
		return "", fmt.Errorf("sign: %w: empty", ErrInvalidMnemonic)
	}
	if _, ok := mnemonicWordCounts[len(words)]; !ok {
		return "", fmt.Errorf("sign: %w: %d words, want 12, 15, 18, 21 or 24", ErrInvalidMnemonic, len(words))
	}
	for i, w := range words {
		if _, ok := bip39WordIndex(w); !ok {
			return "", fmt.Errorf("sign: %w: word %d is not in the BIP-39 English list", ErrInvalidMnemonic, i+1)
		}
	}
	norm := strings.Join(words, " ")
	if _, err := bip39Entropy(norm); err != nil {
		return "", fmt.Errorf("sign: %w: checksum does not match (a word is wrong or out of order)", ErrInvalidMnemonic)
	}
	return norm, nil
}

// MnemonicToSeed checks the mnemonic (see NormalizeMnemonic) and returns its
// 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" +
// passphrase, the passphrase normalized to Unicode NFKD as BIP-39
// requires, so that "é" typed as one character or as "e" and a combining
// accent, or "ﬁ" as a ligature or as "fi", give the same wallet as other
// BIP-39 software. A passphrase that is not valid UTF-8 or holds control
// characters is refused. The seed is secret: clear it when done.
func MnemonicToSeed(mnemonic, passphrase string) ([]byte, error) {
	norm, err := NormalizeMnemonic(mnemonic)
	if err != nil {
		return nil, err
	}
	p, err := NormalizePassphrase(passphrase)
	if err != nil {
		return nil, err
	}
	return bip39Seed(norm, p), nil
}

// NormalizePassphrase returns a BIP-39 passphrase as BIP-39 hashes it:
// Unicode NFKD. It refuses invalid UTF-8 and control characters (a
// newline from a file or a terminal is never part of a passphrase). The
// error never repeats the passphrase.
func NormalizePassphrase(passphrase string) (string, error) {
	if !utf8.ValidString(passphrase) {
		return "", fmt.Errorf("sign: %w: not valid UTF-8", ErrInvalidPassphrase)
	}
	for i, r := range []rune(passphrase) {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("sign: %w: character %d is a control character", ErrInvalidPassphrase, i+1)
		}
	}
	return unorm.NFKD.String(passphrase), nil
}

// KeyFromMnemonic derives the key of NEM account number account on network
// n from a BIP-39 mnemonic and optional passphrase, at NEMPath(n, account).
// It returns the key and the path used.
func KeyFromMnemonic(mnemonic, passphrase string, n Network, account uint32) (*PrivateKey, HDPath, error) {
	path, err := NEMPath(n, account)
	if err != nil {
		return nil, nil, err
	}
	seed, err := MnemonicToSeed(mnemonic, passphrase)
	if err != nil {
		return nil, nil, err
	}
	defer clear(seed)
	k, err := DeriveFromSeed(seed, path)
	if err != nil {
		return nil, nil, err
	}
	return k, path, nil
}

// NewMnemonic returns a new English BIP-39 mnemonic of words words (12, 15,
// 18, 21 or 24), from entropy read from random (crypto/rand when nil). The
// result is checked before it is returned: its checksum validates and it
// decodes back to the entropy that was read.
func NewMnemonic(random io.Reader, words int) (string, error) {
	bits, ok := mnemonicWordCounts[words]
	if !ok {
		return "", fmt.Errorf("sign: %w: %d words, want 12, 15, 18, 21 or 24", ErrInvalidMnemonic, words)
	}
	if random == nil {
		random = randReader
	}
	entropy := make([]byte, bits/8)
	defer clear(entropy)
	if _, err := io.ReadFull(random, entropy); err != nil {
		return "", fmt.Errorf("sign: %w: %w", ErrRandom, err)
	}
	m, err := bip39Mnemonic(entropy)
	if err != nil {
		return "", fmt.Errorf("sign: %w: cannot encode entropy", ErrInvalidMnemonic)
	}
	back, err := bip39Entropy(m)
	if err != nil || !hmac.Equal(back, entropy) {
		return "", fmt.Errorf("sign: %w: generated mnemonic does not validate", ErrInvalidMnemonic)
	}
	clear(back)
	return m, nil
}
