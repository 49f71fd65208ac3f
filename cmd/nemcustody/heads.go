package main

import (
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"io/fs"
	"os"

	"github.com/nemcustody/nemcustody/coldwallet"
)

// loadHeads reads the journal heads file at path; a file that does not
// exist yet is an empty record (the first responses are trusted as they
// are), which is noted.
func loadHeads(e *env, path string) (*coldwallet.Heads, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		e.note("journal heads %s does not exist yet: it is created, and the signers' journals are trusted as they are now", path)
	}
	return readHeads(path)
}

// readHeads reads the heads file at path; one that does not exist records
// no signer.
func readHeads(path string) (*coldwallet.Heads, error) {
	b, err := readFileLimit(path, "journal heads", 1<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return &coldwallet.Heads{}, nil
	}
	if err != nil {
		return nil, err
	}
	h, err := coldwallet.DecodeHeads(b)
	if err != nil {
		return nil, fmt.Errorf("journal heads %s: %w", path, err)
	}
	return h, nil
}

// saveHeads replaces the heads file at path with h, atomically (see
// replaceFile). A crash leaves the old or the new file.
func saveHeads(path string, h *coldwallet.Heads) error {
	b, err := h.MarshalJSON()
	if err != nil {
		return err
	}
	return newfile.Replace(path, "journal heads", append(b, '\n'), 0o644)
}
