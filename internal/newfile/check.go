package newfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// existsError is the refusal to replace a file.
type existsError struct{ what, path string }

func (e *existsError) Error() string {
	return fmt.Sprintf("%s file %s already exists; refusing to overwrite it", e.what, e.path)
}

// Unwrap returns fs.ErrExist.
func (e *existsError) Unwrap() error { return fs.ErrExist }

// dirError is a missing directory, or a path whose directory is not one.
type dirError struct {
	msg string
	err error
}

func (e *dirError) Error() string { return e.msg }
func (e *dirError) Unwrap() error { return e.err }

// Check reports whether a file could be created at path now, so that a
// command can refuse before it asks for a passphrase or does any work:
// nothing may be there (not even a dangling symbolic link; an error
// wrapping fs.ErrExist), and its directory must exist (fs.ErrNotExist).
// Create and WriteAll check again.
func Check(path, what string) error { return checkFree(path, what) }

func checkFree(path, what string) error {
	if _, err := os.Lstat(path); err == nil {
		return &existsError{what: what, path: path}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s file %s: %w", what, path, err)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &dirError{fmt.Sprintf("%s file %s: the directory does not exist", what, path), fs.ErrNotExist}
	case err != nil:
		return fmt.Errorf("%s file %s: %w", what, path, err)
	case !st.IsDir():
		return &dirError{fmt.Sprintf("%s file %s: %s is not a directory", what, path, dir), fs.ErrNotExist}
	}
	return nil
}

// CheckDir reports whether files can be created in dir now: it must be a
// directory in which a temporary file can be created (the probe is
// removed again). what names the files in errors ("QR code PNG").
func CheckDir(dir, what string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &dirError{fmt.Sprintf("%s directory %s does not exist", what, dir), fs.ErrNotExist}
	case err != nil:
		return fmt.Errorf("%s directory: %w", what, err)
	case !st.IsDir():
		return &dirError{fmt.Sprintf("%s directory %s is not a directory", what, dir), fs.ErrNotExist}
	}
	f, tmp, err := createTemp(dir, 0o600)
	if err != nil {
		return fmt.Errorf("%s directory %s: cannot create a file in it: %w", what, dir, err)
	}
	f.Close()
	if err := os.Remove(tmp); err != nil {
		return fmt.Errorf("%s directory %s: removing the probe file: %w", what, dir, err)
	}
	return nil
}

// freshTemp is how long an empty temporary file counts as being created:
// Create makes the file and then locks it, and a scan between the two
// would otherwise call another process's new file stale.
const freshTemp = 10 * time.Second

// justCreated reports whether e is an empty file made less than freshTemp
// ago (or dated ahead of this clock).
func justCreated(e fs.DirEntry) bool {
	info, err := e.Info()
	return err == nil && info.Size() == 0 && time.Since(info.ModTime()) < freshTemp
}

// Stale returns the paths of the stale temporary files in dir, sorted:
// files named with TempPrefix that no running process holds (a process
// killed while creating a file leaves one). They are reported, never
// removed: deleting one is an operator's decision. A name with the prefix
// that is not a regular file is reported too; an empty one made in the
// last ten seconds is not (it may be between its creation and its lock).
// Where flock is not
// available, a temporary file another process is writing at this moment
// is reported as well.
func Stale(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s for stale temporary files: %w", dir, err)
	}
	var stale []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), TempPrefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if e.Type().IsRegular() && (inUse(p) || justCreated(e)) {
			continue
		}
		stale = append(stale, p)
	}
	slices.Sort(stale)
	return stale, nil
}
