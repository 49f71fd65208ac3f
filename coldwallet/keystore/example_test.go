package keystore_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/sign"
)

// A keystore is bytes: the caller writes them to a new file (mode 0600)
// and reads them back. Passphrases come from a file or a prompt, never a
// flag.
func Example() {
	key, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32)))
	if err != nil {
		panic(err)
	}
	defer key.Destroy()
	passphrase := []byte("correct horse battery staple")
	// A low work factor keeps the example fast; never for a key that holds funds.
	opts := keystore.Options{WorkFactor: 10, InsecureLowWorkFactor: true}

	data, err := keystore.Encrypt(key, keystore.Info{Network: sign.Testnet, Label: "vault A"}, passphrase, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(data[:34]))

	back, info, err := keystore.Decrypt(data, passphrase)
	if err != nil {
		panic(err)
	}
	defer back.Destroy()
	fmt.Println(info.Label, info.Network, back.Equal(key))

	_, _, err = keystore.Decrypt(data, []byte("not the passphrase"))
	fmt.Println(errors.Is(err, keystore.ErrIncorrectPassphrase))
	// Output:
	// -----BEGIN AGE ENCRYPTED FILE-----
	// vault A testnet true
	// true
}
