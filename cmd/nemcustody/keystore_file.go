package main

import (
	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/sign"
)

// writeKeystore encrypts key (keystore.Encrypt) and writes the result to a
// new file at path, with mode 0600. It never replaces an existing file (an
// error wrapping fs.ErrExist). The file is written to a temporary file
// beside it, fsynced, linked into place and the directory fsynced (see
// internal/newfile), so nil means the keystore is durably on disk, an
// error means there is no new file, and a crash leaves either the whole
// keystore or none at path.
func writeKeystore(path string, key *sign.PrivateKey, info keystore.Info, passphrase []byte, opts keystore.Options) error {
	data, err := keystore.Encrypt(key, info, passphrase, opts)
	if err != nil {
		return err
	}
	return newfile.Write(newfile.File{Path: path, What: "keystore", Data: data, Perm: 0o600})
}
