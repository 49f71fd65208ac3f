package keystore

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecryptKeystore: the keystore reader never panics on any input and
// reports only its sentinels. (Inputs that reach scrypt run at the work
// factor the input names, capped at MaxWorkFactor: slow but bounded.)
func FuzzDecryptKeystore(f *testing.F) {
	f.Add([]byte(docPlaintext), []byte("x"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\nAAAA\n--- AAAA\n"), []byte("x"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, data, passphrase []byte) {
		k, _, err := Decrypt(data, passphrase)
		if err == nil {
			k.Destroy()
			return
		}
		if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrIncorrectPassphrase) {
			t.Fatalf("unexpected error: %v", err)
		}
	})
}

// FuzzParseKeystoreText: the plaintext parser never panics, and what it
// accepts re-encodes to the same bytes.
func FuzzParseKeystoreText(f *testing.F) {
	f.Add([]byte(docPlaintext))
	f.Add([]byte("nemcustody-key v1\n\n\n\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		k, info, err := parseKeystoreText(text)
		if err != nil {
			return
		}
		defer k.Destroy()
		seed, err := k.ExportSeed()
		if err != nil {
			t.Fatal(err)
		}
		if got := appendKeystoreText(nil, &seed, info); !bytes.Equal(got, text) {
			t.Fatalf("accepted text re-encodes differently")
		}
	})
}
