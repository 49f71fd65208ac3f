package hd

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
)

// slip10Key is the SLIP-10 master HMAC key of the "ed25519-keccak" curve
// that Trezor, Ledger and the Symbol SDK use for NEM.
const slip10Key = "ed25519-keccak seed"

// Derive derives the private key at path from a BIP-39 seed (16 to 64
// bytes) with SLIP-10 on the ed25519-keccak curve:
//
//	master: I = HMAC-SHA512(key="ed25519-keccak seed", seed)
//	child:  I = HMAC-SHA512(key=chain code, 0x00 || key || ser32(index | 2^31))
//
// The derived 32 bytes are used directly as the Ed25519 seed (their
// byte-reversal is the NIS hex form), which is what Trezor, Ledger and the
// Symbol SDK do. A seed of another length is refused with an error
// wrapping sign.ErrInvalidPrivateKey.
func Derive(seed []byte, path Path) (*sign.PrivateKey, error) {
	if len(seed) < 16 || len(seed) > 64 {
		return nil, fmt.Errorf("hd: %w: seed is %d bytes, want 16 to 64", sign.ErrInvalidPrivateKey, len(seed))
	}
	for i, v := range path {
		if v >= hardened {
			return nil, fmt.Errorf("hd: %w: level %d is not below 2^31", ErrInvalidPath, i+1)
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
	k, err := sign.NewPrivateKeyFromSeed(node[:32])
	clear(node[:])
	clear(data[:])
	if err != nil {
		panic("hd: internal error: a 32-byte seed was refused")
	}
	return k, nil
}

// FromMnemonic derives the key of NEM account number account on network n
// from a BIP-39 mnemonic and optional passphrase, at NEMPath(n, account):
// Seed, then Derive. It returns the key and the path used.
func FromMnemonic(mnemonic, passphrase string, n sign.Network, account uint32) (*sign.PrivateKey, Path, error) {
	path, err := NEMPath(n, account)
	if err != nil {
		return nil, nil, err
	}
	seed, err := Seed(mnemonic, passphrase)
	if err != nil {
		return nil, nil, err
	}
	defer clear(seed)
	k, err := Derive(seed, path)
	if err != nil {
		return nil, nil, err
	}
	return k, path, nil
}
