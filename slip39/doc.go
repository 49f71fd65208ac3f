// Package slip39 implements SLIP-0039, Shamir's secret sharing for
// mnemonic codes, to back up the offline keys of a custody plan on paper:
// a master secret is split into shares of 20 or 33 words, in groups, so
// that a threshold of groups, each with its threshold of shares, recovers
// it and fewer reveal nothing.
//
// The common case: split a keystore's key 2-of-3, give one share to each
// of three custodians, and later recover it from any two.
//
//	ms, err := slip39.SeedSecret(key)
//	groups, err := slip39.Split(ms, nil, 1, []slip39.Group{{MemberThreshold: 2, MemberCount: 3}}, slip39.SplitOptions{})
//	words, err := groups[0][0].ExportMnemonic() // write on paper
//	...
//	s1, err := slip39.ParseShare(typed1)
//	s2, err := slip39.ParseShare(typed2)
//	back, err := slip39.Combine([]*slip39.Share{s2, s1}, nil)
//	key, err := slip39.KeySpec{Kind: slip39.Seed}.Key(back)
//
// # The format
//
// Everything SLIP-39 specifies is here and interoperates with Trezor and
// the reference implementation: the 1024-word list, the RS1024 checksum
// (three words, detecting any three wrong words), GF(256) Shamir with the
// secret at x = 255 and its digest at x = 254, the four-round Feistel
// encryption with PBKDF2-HMAC-SHA256 and the iteration exponent, one- and
// two-level group sharing, and the extendable backup flag (Split sets
// it; Combine reads shares with or without it). Master secrets are 128 to
// 512 bits, a multiple of 16.
//
// # What a master secret is
//
// A share does not say what it backs up. KeySpec does: Seed for the
// 32-byte Ed25519 seed of one key (what a keystore holds), SLIP10 for the
// seed of an HD wallet, whose NEM key is SLIP-10 ed25519-keccak at a path
// (what a Trezor Shamir backup holds). The CLI writes the kind on every
// share card and checks a restored key against the expected address,
// because a wrong kind, like a wrong passphrase, silently gives another
// key.
//
// # Security
//
// Master secrets and shares are opaque (MasterSecret, Share): every
// printed form shows REDACTED, they have no JSON form, and their bytes or
// words come out only through Export, ExportWords and ExportMnemonic.
// Errors name a bad word by its position and a share by its number,
// never their text. GF(256) arithmetic on share values is constant time.
// Split checks its result by recovering the secret before returning it.
//
// SLIP-39 cannot tell a wrong passphrase: every passphrase recovers some
// secret. The digest at x = 254 catches damaged or forged shares
// (ErrDigest) with a 2^-32 chance of missing one.
//
// # Compatibility
//
// All 45 cases of the reference implementation's vectors.json pass: each
// of the 15 valid sets recovers its master secret and BIP-32 master key,
// in any order, and each of the 30 invalid sets is refused for its own
// reason; see testdata/SOURCES.md.
package slip39
