package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVerifyJournalEntries(t *testing.T) {
	data := journalOf(t, 4)
	entries, res, err := Verify(bytes.NewReader(data), VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, 4, res.HeadSeq)
	require.Len(t, entries, 4)
	for i, e := range entries {
		want := testEntry(i + 1)
		require.Equal(t, i+1, e.Seq)
		require.Equal(t, want.Event, e.Event)
		require.Equal(t, want.Hashes, e.Hashes)
		require.Equal(t, want.RequestID, e.RequestID)
	}
	require.Equal(t, res.HeadHash, entries[3].Hash)

	path := filepath.Join(t.TempDir(), "journal.jsonl")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	fromFile, _, err := verifyFile(path, VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, entries, fromFile)

	// A tampered journal: the error says so, and only the entries before
	// the problem come back.
	lines := splitLines(data)
	lines[2] = lines[2][:len(lines[2])-3] + "x\"}"
	entries, res, err = Verify(bytes.NewReader(joinLines(lines)), VerifyOptions{})
	require.ErrorIs(t, err, ErrCorrupt)
	require.Len(t, entries, 2)
	require.Equal(t, 2, res.HeadSeq)

	_, _, err = verifyFile(filepath.Join(t.TempDir(), "missing"), VerifyOptions{})
	require.ErrorIs(t, err, os.ErrNotExist)
}
