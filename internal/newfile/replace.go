package newfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Replace replaces the file at path with data, atomically, for state files
// the online side keeps (journal heads, a key health record): a temporary
// file in the same directory (TempPrefix, so Stale finds one a crash
// left), written and synced, renamed over path, and the directory synced
// with the policy every new file here gets (a file system that cannot
// sync a directory is not an error). A crash leaves the old file or the
// new one. what names the file in errors ("journal heads").
func Replace(path, what string, data []byte, perm fs.FileMode) error {
	f, tmp, err := createTemp(filepath.Dir(path), perm)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := lock(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("%s %s: locking its temporary file: %w", what, path, err)
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
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("%s %s: syncing the directory: %w", what, path, err)
	}
	return nil
}
