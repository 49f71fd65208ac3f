package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/sign"
)

// The keystore file's own tests: a new keystore never replaces a file,
// never follows a symlink, and leaves nothing behind when it fails.

// fileTestKey is the keystore tests' key (the sign package's examples).
func fileTestKey(t *testing.T) *sign.PrivateKey {
	t.Helper()
	k, err := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	require.NoError(t, err)
	t.Cleanup(k.Destroy)
	return k
}

var (
	fileTestInfo       = keystore.Info{Network: sign.Testnet, Label: "vault A"}
	fileTestPassphrase = []byte("correct horse battery staple")
	fileTestOpts       = keystore.Options{WorkFactor: 10, InsecureLowWorkFactor: true}
)

func TestKeystoreExistingFileUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.age")
	require.NoError(t, os.WriteFile(path, []byte("the only copy of something\n"), 0o640))
	err := writeKeystore(path, fileTestKey(t), fileTestInfo, fileTestPassphrase, fileTestOpts)
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrExist)
	assert.Contains(t, err.Error(), "already exists")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "the only copy of something\n", string(got))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm())
}

func TestKeystoreExistingSymlinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	link := filepath.Join(dir, "vault.age")
	require.NoError(t, os.Symlink(target, link))
	require.Error(t, writeKeystore(link, fileTestKey(t), fileTestInfo, fileTestPassphrase, fileTestOpts))
	_, err := os.Stat(target)
	assert.ErrorIs(t, err, os.ErrNotExist, "O_EXCL does not create through a dangling symlink")
}

// TestKeystoreFailedWriteLeavesNoFile: a keystore that cannot be created
// leaves nothing behind. (A failed fsync, on the file or its directory, is
// simulated in internal/newfile, which writeKeystore uses.)
func TestKeystoreFailedWriteLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	err := writeKeystore(filepath.Join(dir, "no-such-dir", "vault.age"), fileTestKey(t), fileTestInfo, fileTestPassphrase, fileTestOpts)
	require.ErrorIs(t, err, os.ErrNotExist)
	require.True(t, strings.HasPrefix(err.Error(), "keystore file "), err.Error())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)

	// A successful write leaves exactly the keystore: no temporary file.
	path := filepath.Join(dir, "vault.age")
	require.NoError(t, writeKeystore(path, fileTestKey(t), fileTestInfo, fileTestPassphrase, fileTestOpts))
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.Equal(t, "vault.age", entries[0].Name())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Zero(t, fi.Mode().Perm()&0o077, "mode 0600")
}
