package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nemcustody/nemcustody/coldwallet"
)

// loadHeads reads the journal heads file at path; a file that does not
// exist yet is an empty record (the first responses are trusted as they
// are), which is noted.
func loadHeads(e *env, path string) (*coldwallet.Heads, error) {
	b, err := readFileLimit(path, "journal heads", 1<<20)
	if errors.Is(err, fs.ErrNotExist) {
		e.note("journal heads %s does not exist yet: it is created, and the signers' journals are trusted as they are now", path)
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

// saveHeads replaces the heads file at path with h, atomically: a
// temporary file in the same directory, synced, renamed over path, and the
// directory synced. A crash leaves the old or the new file.
func saveHeads(path string, h *coldwallet.Heads) error {
	b, err := h.MarshalJSON()
	if err != nil {
		return err
	}
	b = append(b, '\n')
	var r [8]byte
	if _, err := rand.Read(r[:]); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp := filepath.Join(dir, ".nemcustody-heads-"+hex.EncodeToString(r[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("journal heads: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("journal heads %s: %w", path, err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("journal heads %s: %w", path, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("journal heads %s: syncing the directory: %w", path, err)
	}
	return nil
}
