package qr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// PNGName returns the file name WritePNGs gives part p:
// "nc1-<payload id in lower case>-<iii>-of-<nnn>.png", so that a directory
// listing sorts the parts of a payload together and in order.
func PNGName(p Part) string {
	return fmt.Sprintf("nc1-%s-%03d-of-%03d.png", strings.ToLower(p.PayloadID.String()), p.Index, p.Total)
}

// WritePNGs writes the code of each part to a new file in dir (which must
// exist), named by PNGName, with mode 0644, and returns the paths in the
// order of parts. It never overwrites a file: if one exists, or anything
// else fails, it removes the files it created and returns the error. Every
// part is encoded before the first file is created.
func WritePNGs(dir string, parts []string, opts Options) ([]string, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("qr: %w: no parts to write", ErrPayloadSize)
	}
	type file struct {
		path string
		data []byte
	}
	files := make([]file, len(parts))
	seen := make(map[string]bool, len(parts))
	for i, part := range parts {
		p, err := ParsePart(part)
		if err != nil {
			return nil, err
		}
		png, err := PNG(part, opts)
		if err != nil {
			return nil, err
		}
		name := PNGName(p)
		if seen[name] {
			return nil, fmt.Errorf("qr: part %d of %d is given twice", p.Index, p.Total)
		}
		seen[name] = true
		files[i] = file{filepath.Join(dir, name), png}
	}
	var written []string
	for _, f := range files {
		if err := writeNewFile(f.path, f.data); err != nil {
			for _, p := range written {
				os.Remove(p)
			}
			return nil, err
		}
		written = append(written, f.path)
	}
	return written, nil
}

// writeNewFile creates path, which must not exist, with mode 0644, writes
// data and syncs it. On failure the file is removed.
func writeNewFile(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("qr: %s already exists; refusing to overwrite it: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("qr: creating file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("qr: writing file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("qr: syncing file: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("qr: closing file: %w", err)
	}
	return nil
}
