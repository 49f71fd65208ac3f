package keystore

import (
	"os"

	"github.com/nemcustody/nemcustody/sign"
)

// writeKeystore writes the keystore of key to a new file at path, as a
// caller does (the CLI writes it through internal/newfile).
func writeKeystore(path string, key *sign.PrivateKey, info Info, passphrase []byte, opts Options) error {
	data, err := Encrypt(key, info, passphrase, opts)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readKeystore reads the keystore file at path and decrypts it.
func readKeystore(path string, passphrase []byte) (*sign.PrivateKey, Info, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Info{}, err
	}
	return Decrypt(data, passphrase)
}
