package journal

import (
	"io"
	"os"
)

// testKeyPub is the public key of the signer the tests' entries name
// (the keystore tests' key).
const testKeyPub = "c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844"

// verifyResult is Verify without the entries.
func verifyResult(r io.Reader, opts VerifyOptions) (Result, error) {
	_, res, err := Verify(r, opts)
	return res, err
}

// verifyFile is Verify on the file at path, as the watcher reads a copy.
func verifyFile(path string, opts VerifyOptions) ([]Entry, Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Result{}, err
	}
	defer f.Close()
	return Verify(f, opts)
}

// verifyFileResult is verifyFile without the entries.
func verifyFileResult(path string, opts VerifyOptions) (Result, error) {
	_, res, err := verifyFile(path, opts)
	return res, err
}
