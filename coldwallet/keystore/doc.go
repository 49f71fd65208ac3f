// Package keystore encrypts a signing key to a passphrase: a keystore file
// is a standard age file (age-encryption.org/v1) with one scrypt
// recipient, ASCII-armored, whose plaintext is five lines of text (see
// text.go). The stock age tool opens it in an emergency.
//
// The package works on bytes, as age does: the caller reads the file and
// the passphrase, and writes a new keystore to a new file, never over an
// existing one (the command nemcustody writes it through a temporary file,
// fsynced and linked into place).
//
//	data, err := keystore.Encrypt(key, keystore.Info{Network: sign.Mainnet, Label: "vault A"}, passphrase, keystore.Options{})
//	key, info, err := keystore.Decrypt(data, passphrase)
//
// Passphrases are bytes, never flags: prompting without echo is the
// command's (cmd/nemcustody). CheckPassphrase holds the rules a new
// keystore's passphrase must meet. Errors wrap ErrInvalid,
// ErrIncorrectPassphrase or ErrWeakPassphrase and never contain the
// passphrase, the key or any decrypted text.
package keystore
