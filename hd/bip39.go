package hd

import (
	"crypto/rand"

	"github.com/tyler-smith/go-bip39"
)

// The go-bip39 calls live here so that none of its error texts (one of
// which quotes a mnemonic word) can reach a caller.

var randReader = rand.Reader

func bip39WordIndex(word string) (int, bool) { return bip39.GetWordIndex(word) }

func bip39Entropy(mnemonic string) ([]byte, error) { return bip39.EntropyFromMnemonic(mnemonic) }

func bip39Mnemonic(entropy []byte) (string, error) { return bip39.NewMnemonic(entropy) }

func bip39Seed(mnemonic, passphrase string) []byte { return bip39.NewSeed(mnemonic, passphrase) }
