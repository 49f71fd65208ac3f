package newfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReplace: the file is replaced whole, with its mode, and no
// temporary file is left, whether the file existed or not; a directory
// that refuses new files leaves the old file as it was.
func TestReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "heads.json")
	require.NoError(t, Replace(path, "journal heads", []byte("one\n"), 0o644))
	require.NoError(t, Replace(path, "journal heads", []byte("two\n"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "two\n", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left")
	stale, err := Stale(dir)
	require.NoError(t, err)
	require.Empty(t, stale)

	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory")
	}
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	err = Replace(path, "journal heads", []byte("three\n"), 0o644)
	require.ErrorContains(t, err, "journal heads: ")
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "two\n", string(got), "the old file is untouched")
}
