package coldwallet

import (
	"fmt"
	"io"
	"os"
)

// VerifyJournalEntries is VerifyJournal that also returns the entries it
// verified, in order. On an error the entries are those before the
// problem, as VerifyResult describes them; a reader that acts on the
// entries (the online watcher, which treats the hashes of "signed" entries
// as approved) should act on none of them when err is not nil.
func VerifyJournalEntries(r io.Reader, opts VerifyOptions) ([]Entry, VerifyResult, error) {
	var entries []Entry
	res, err := verifyJournal(r, opts, nil, func(e Entry) { entries = append(entries, e) })
	return entries, res, err
}

// VerifyJournalFileEntries is VerifyJournalEntries on the file at path.
func VerifyJournalFileEntries(path string, opts VerifyOptions) ([]Entry, VerifyResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, VerifyResult{}, fmt.Errorf("coldwallet: opening journal: %w", err)
	}
	defer f.Close()
	return VerifyJournalEntries(f, opts)
}
