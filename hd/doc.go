// Package hd derives NEM (NIS1) keys the way hardware wallets do: BIP-39
// mnemonics and SLIP-10 on the "ed25519-keccak" curve, as Trezor, Ledger
// and the Symbol SDK derive them.
//
// The common case: the key of account number 0 of a mnemonic, at
// m/44'/43'/0'/0'/0' (coin type 1, m/44'/1'/0'/0'/0', on testnet).
//
//	k, path, err := hd.FromMnemonic(mnemonic, "", sign.Testnet, 0)
//
// Seed and Derive are the two steps behind it, for another path:
//
//	seed, err := hd.Seed(mnemonic, passphrase) // BIP-39, passphrase in NFKD
//	path, err := hd.ParsePath("m/44'/43'/7'/0'/0'")
//	k, err := hd.Derive(seed, path)
//
// NewMnemonic makes a new English mnemonic and checks it before returning
// it.
//
// # Security
//
// Seeds and mnemonics are secrets: clear a seed when done, and destroy the
// key. Errors name the position of a bad word, never the word, and never
// repeat a passphrase. go-bip39 is called only here, so none of its error
// texts (one of which quotes a word) reaches a caller, and importers of
// package sign do not link it.
//
// # Compatibility
//
// Checked against the Symbol repository's NEM HD vectors (96 mnemonics,
// 288 child keys), the Symbol SDK's NEM facade BIP-32 cases and Trezor's
// test account; see testdata/SOURCES.md.
package hd
