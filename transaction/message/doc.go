// Package message encrypts and decrypts the payload of an encrypted NEM
// (NIS1) transfer message (message type 2), which NIS carries without ever
// reading it.
//
// The common case: encrypt to the recipient's public key, put the result
// in a transfer; the recipient decrypts with its key and the sender's
// public key.
//
//	m, err := message.Encrypt(sender, recipientPub, []byte("invoice 42"), nil)
//	transfer.Message = m
//	plain, err := message.Decrypt(recipient, senderPub, transfer.Message)
//
// Encrypt writes the legacy NIS format (salt, IV, AES-256-CBC with a key
// from sign.PrivateKey.SharedKeyLegacy), the one NanoWallet, nem-sdk,
// Trezor and NIS's own cipher read. Decrypt reads it; DecryptGCM reads the
// newer Symbol SDK format (AES-256-GCM, key from SharedKeyHKDF), which
// nothing here writes.
//
// # Security
//
// The legacy format is not authenticated: a tampered payload is detected
// only when its padding comes out wrong, and a message proves nothing about
// its sender beyond the transaction's signature. Errors never carry
// plaintext or key material.
//
// # Compatibility
//
// Checked against NemProject's 4.test-cipher.dat (1,000 cases), the Symbol
// repository's NEM 4.test-cipher-deprecated.json and 4.test-cipher.json
// (1,000 each) and nem-sdk's encrypted messages; see testdata/SOURCES.md.
package message
