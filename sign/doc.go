// Package sign holds NEM (NIS1) keys, signatures and addresses: Ed25519 with
// Keccak-512 in place of SHA-512, NEM's 25-byte base32 addresses for
// mainnet, testnet and mijin. HD keys and BIP-39 mnemonics are in package
// hd, so that importers of sign link no mnemonic code.
//
// The common case: parse or derive a key, sign the full bytes of a
// transaction, check a signature the way a NIS node will.
//
//	k, err := sign.ParsePrivateKeyNIS(nisHex) // or hd.FromMnemonic(...)
//	sig, err := k.Sign(txBytes)
//	err = sign.Verify(k.PublicKey(), txBytes, sig) // nil means NIS accepts it
//	addr := k.Address(sign.Testnet)               // TB3JCH...
//
// # Private keys
//
// A *PrivateKey is opaque. It prints "sign.PrivateKey(REDACTED)" under every
// fmt verb and in slog, has no JSON or text form, and its bytes sit where
// reflection-based dumpers do not look. Getting the secret out takes an
// explicitly named call (ExportNISHex, ExportSeed); Destroy overwrites it on
// a best-effort basis. Errors never repeat key text, mnemonic words or
// passphrases.
//
// NIS shows a private key as hex of an unsigned big-endian integer whose
// bytes are the Ed25519 seed reversed. ParsePrivateKeyNIS accepts the
// 64-character form and the 66-character (leading "00") and 62-character
// (leading zero byte dropped) forms Java's BigInteger produces.
//
// # Signing and verification
//
// Sign is deterministic RFC 8032 Ed25519 over Keccak-512, on
// filippo.io/edwards25519; the secret scalar and nonce are only used in
// constant-time operations. A known-answer self-test runs before the first
// signature in a process, and a failure refuses every signature.
//
// Verify applies NIS's own rules (Ed25519DsaSigner.verify): 0 < S < L, no
// all-zero public key, a public key that decodes (non-canonical y reduced,
// no small-order check, as NIS), and a cofactorless equation compared byte
// for byte with R. PublicKey.Check is the stricter test to apply to keys a
// custody plan will trust.
//
// The Signer interface lets an HSM or remote signer stand in for a key;
// SignWith verifies what such a signer returns before using it.
//
// # Addresses
//
// NewAddress derives network byte || RIPEMD-160(Keccak-256(key)) || 4-byte
// Keccak-256 checksum, shown as 40 base32 characters. ParseAddress accepts
// what people type (dashes, either case) and returns the canonical form;
// ParseCanonicalAddress accepts only the exact 40 upper-case characters that
// appear inside transactions. CheckNetwork refuses an address of another
// network.
//
// # Shared keys
//
// SharedPoint is the Diffie-Hellman step behind NEM's encrypted messages:
// encode(a·A) with the full clamped scalar, exactly as NIS computes it
// (also for a key with a torsion component, where a scalar reduced mod L
// would differ). SharedKeyLegacy derives the key of the legacy NIS /
// NanoWallet format, Keccak-256(point XOR salt); SharedKeyHKDF that of the
// Symbol SDK's format, HKDF-SHA256 with info "nem-nis1". The other party's
// key must pass PublicKey.Check. The message formats themselves are in
// package transaction/message.
//
// # Compatibility
//
// Checked against every case of NemProject's 1.test-keys and 2.test-sign
// (10,000 each) and 3.test-derive (1,000), the Symbol repository's NEM
// address (10,000 x 3 networks), shared-key (1,001 legacy, 1,001 HKDF) and
// HD vectors (288 child keys), Trezor's device signatures and address
// fixtures, and the nem-sdk key cases; see testdata/SOURCES.md.
package sign
