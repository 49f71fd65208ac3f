package coldwallet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// syncDir fsyncs a directory so that a file created or removed in it
// survives a crash. Tests replace it to simulate a failure.
var syncDir = func(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeNewFile creates path with mode 0600, writes data, and fsyncs the
// file and its directory. It never replaces an existing file (O_EXCL), and
// on any failure after creating the file it removes it again, so an error
// means "no file at path that we made". what names the file in errors
// ("keystore"); data never appears in them.
//
// The directory fsync is what makes the new name durable: without it a
// crash right after WriteKeystore returns could leave no file behind.
func writeNewFile(path string, data []byte, what string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("coldwallet: %s %s: %w; refusing to overwrite it", what, path, os.ErrExist)
		}
		return fmt.Errorf("coldwallet: creating %s: %w", what, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			// Remove only what we created; the O_EXCL above guarantees
			// the name was ours.
			if rerr := os.Remove(path); rerr == nil {
				_ = syncDir(filepath.Dir(path))
			}
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("coldwallet: writing %s: %w", what, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("coldwallet: syncing %s: %w", what, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("coldwallet: closing %s: %w", what, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("coldwallet: syncing the directory of %s: %w", what, err)
	}
	return nil
}
