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
