package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/sign"
)

// noTerminal is a process without a controlling terminal.
type noTerminal struct{}

func (noTerminal) ReadPassphrase(string) ([]byte, error) {
	return nil, fmt.Errorf("%w: no terminal to prompt on; use a passphrase file or file descriptor", errPassphraseInput)
}

func (noTerminal) ReadLine(string) (string, error) { return "", errNoTerminal }

func (noTerminal) Interactive() bool { return false }

// scriptedTerminal answers prompts from a script and records them.
type scriptedTerminal struct {
	passphrases []string
	lines       []string
	prompts     []string
	// interactive plays a person watching stderr on a terminal.
	interactive bool
}

func (s *scriptedTerminal) Interactive() bool { return s.interactive }

func (s *scriptedTerminal) ReadPassphrase(prompt string) ([]byte, error) {
	s.prompts = append(s.prompts, prompt)
	if len(s.passphrases) == 0 {
		return nil, fmt.Errorf("%w: input ended before the end of the line", errPassphraseInput)
	}
	p := s.passphrases[0]
	s.passphrases = s.passphrases[1:]
	return []byte(p), nil
}

func (s *scriptedTerminal) ReadLine(prompt string) (string, error) {
	s.prompts = append(s.prompts, prompt)
	if len(s.lines) == 0 {
		return "", fmt.Errorf("reading the terminal: no complete line")
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	return l, nil
}

// testPassphrase protects every test keystore.
const testPassphrase = "correct horse battery staple, tests only"

// keystoreFixture is a directory with testnet keys in keystores and the
// passphrase in a file, made through the library with a low work factor so
// that tests stay fast. (The CLI allows no less than 16; TestCustodyFlow
// makes its keystores with 'key generate'.)
type keystoreFixture struct {
	dir      string
	passFile string
	keys     map[string]*sign.PrivateKey
}

func newKeystoreFixture(t *testing.T, names ...string) *keystoreFixture {
	t.Helper()
	f := &keystoreFixture{dir: t.TempDir(), keys: map[string]*sign.PrivateKey{}}
	f.passFile = f.path("pass.txt")
	require.NoError(t, os.WriteFile(f.passFile, []byte(testPassphrase+"\n"), 0o600))
	for _, name := range names {
		k, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		t.Cleanup(k.Destroy)
		f.keys[name] = k
		require.NoError(t, writeKeystore(f.keystore(name), k,
			keystore.Info{Network: sign.Testnet, Label: name},
			[]byte(testPassphrase), keystore.Options{WorkFactor: 10, InsecureLowWorkFactor: true}))
	}
	return f
}

func (f *keystoreFixture) path(name string) string     { return filepath.Join(f.dir, name) }
func (f *keystoreFixture) keystore(name string) string { return filepath.Join(f.dir, name+".age") }
func (f *keystoreFixture) pub(name string) string      { return f.keys[name].PublicKey().String() }

// keystoreJSON is what key generate and key inspect --keystore print.
type keystoreJSON struct {
	keyJSON
	Label    string `json:"label"`
	Keystore string `json:"keystore"`
}

// writeFile writes a test input file.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// requireNoFile checks that path does not exist.
func requireNoFile(t *testing.T, path string) {
	t.Helper()
	_, err := os.Lstat(path)
	require.True(t, os.IsNotExist(err), "%s exists", path)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
