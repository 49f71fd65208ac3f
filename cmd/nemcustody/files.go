package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// readFileLimit reads the file at path, refusing more than limit bytes.
// what names the file in errors ("plan", "request").
func readFileLimit(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s file: %w", what, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s file %s: %w", what, path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s file %s is larger than %d bytes", what, path, limit)
	}
	return b, nil
}

// newFile is one file a command creates.
type newFile struct {
	path string
	what string // "request", "wrapper"...: names the file in errors
	data []byte
	perm fs.FileMode
}

// writeNewFiles creates every file, all or none: no path may exist (files
// are created with O_EXCL, so an existing file or symbolic link is never
// replaced or followed), each file is written and synced, and on any
// failure the files already created are removed again. Existence is
// checked for all paths before the first is created, so a name that is
// taken fails the command before anything is written.
func writeNewFiles(files ...newFile) error {
	for i, f := range files {
		if err := checkNewPath(f.path, f.what); err != nil {
			return err
		}
		for _, g := range files[:i] {
			if filepath.Clean(g.path) == filepath.Clean(f.path) {
				return usagef("the %s and %s files must be different files", g.what, f.what)
			}
		}
	}
	for i, f := range files {
		if err := writeNewFile(f); err != nil {
			for _, done := range files[:i] {
				os.Remove(done.path)
			}
			return err
		}
	}
	return nil
}

// writeNewFile creates f.path, which must not exist, writes f.data and
// syncs the file and its directory. On any failure the file is removed.
func writeNewFile(f newFile) (err error) {
	file, err := os.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, f.perm)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s file %s already exists; refusing to overwrite it", f.what, f.path)
		}
		return fmt.Errorf("creating %s file: %w", f.what, err)
	}
	defer func() {
		if err != nil {
			file.Close()
			os.Remove(f.path)
		}
	}()
	if _, err = file.Write(f.data); err != nil {
		return fmt.Errorf("writing %s file: %w", f.what, err)
	}
	if err = file.Sync(); err != nil {
		return fmt.Errorf("syncing %s file: %w", f.what, err)
	}
	if err = file.Close(); err != nil {
		return fmt.Errorf("closing %s file: %w", f.what, err)
	}
	// Make the new directory entry durable too. Not every system can sync
	// a directory; that is not an error.
	if d, derr := os.Open(filepath.Dir(f.path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// checkNewPath fails if path exists, so that a command can refuse early,
// before it asks for a passphrase or does any work. The file is still
// created with O_EXCL later.
func checkNewPath(path, what string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s file %s already exists; refusing to overwrite it", what, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s file: %w", what, err)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return fmt.Errorf("%s file %s: the directory does not exist", what, path)
	}
	return nil
}
