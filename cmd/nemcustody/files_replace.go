package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// replaceFile replaces the file at path with data, atomically: a
// temporary file in the same directory, synced, renamed over path, and
// the directory synced. A crash leaves the old or the new file. what
// names the file in errors ("journal heads").
func replaceFile(path, what string, data []byte) error {
	var r [8]byte
	if _, err := rand.Read(r[:]); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp := filepath.Join(dir, ".nemcustody-"+hex.EncodeToString(r[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	_, err = f.Write(data)
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
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("%s %s: syncing the directory: %w", what, path, err)
	}
	return nil
}
