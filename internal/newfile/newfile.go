package newfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/nemcustody/nemcustody/internal/faultpoint"
)

// TempPrefix starts the name of every temporary file this package
// creates. Nothing else in nemcustody names a file this way.
const TempPrefix = ".nemcustody-tmp-"

// File is one file to create.
type File struct {
	// Path is the final name.
	Path string
	// What names the file in errors: "response", "keystore".
	What string
	// Data is the whole content.
	Data []byte
	// Perm is the mode, 0o600 for a secret. The umask applies.
	Perm fs.FileMode
}

// Write creates one file as the package documentation describes.
func Write(f File) error { return WriteAll(f) }

// WriteAll creates every file, all or none: every name is checked free
// and every temporary file written and synced before the first is placed,
// and when placing one fails the ones already placed are removed again. A
// process killed while they are being placed can leave the first ones
// placed, each complete.
func WriteAll(files ...File) error { return osSystem().writeAll(files) }

// Pending is a file being created: its name was free and its temporary
// file exists. Commit writes and places it; Abort removes it. A command
// that must know it can create its output before it does something it
// cannot undo (the signer, before it journals) creates it first.
type Pending struct {
	sys    system
	path   string
	what   string
	perm   fs.FileMode
	tmp    string
	f      *os.File // nil once committed or aborted
	placed bool     // the final name is ours
	copied bool     // placed by copyTo: another inode than the temporary file
	hasTmp bool     // the temporary name still exists
}

// Create checks that path is free and its directory exists, and creates
// the temporary file. The caller must call Commit or Abort.
func Create(path, what string, perm fs.FileMode) (*Pending, error) {
	return osSystem().create(path, what, perm)
}

// Path returns the final name.
func (p *Pending) Path() string { return p.path }

// Commit writes data to the file, places it at its final name and syncs
// the directory. On an error the file is gone: neither the final nor the
// temporary name is left.
func (p *Pending) Commit(data []byte) error {
	return commit([]*Pending{p}, [][]byte{data})
}

// Abort removes the temporary file. It does nothing after Commit.
func (p *Pending) Abort() {
	if p.f != nil {
		p.undo()
	}
}

func (s system) writeAll(files []File) error {
	seen := map[string]string{}
	for _, f := range files {
		c := filepath.Clean(f.Path)
		if w, ok := seen[c]; ok {
			return fmt.Errorf("the %s and %s files must be different files", w, f.What)
		}
		seen[c] = f.What
	}
	for _, f := range files {
		if err := checkFree(f.Path, f.What); err != nil {
			return err
		}
	}
	var ps []*Pending
	data := make([][]byte, 0, len(files))
	for _, f := range files {
		p, err := s.create(f.Path, f.What, f.Perm)
		if err != nil {
			for _, q := range ps {
				q.Abort()
			}
			return err
		}
		ps = append(ps, p)
		data = append(data, f.Data)
	}
	return commit(ps, data)
}

func (s system) create(path, what string, perm fs.FileMode) (*Pending, error) {
	if err := checkFree(path, what); err != nil {
		return nil, err
	}
	faultpoint.Point("newfile.create")
	f, tmp, err := createTemp(filepath.Dir(path), perm)
	if err != nil {
		return nil, fmt.Errorf("creating the %s file %s: %w", what, path, err)
	}
	if err := lock(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("creating the %s file %s: locking its temporary file: %w", what, path, err)
	}
	return &Pending{sys: s, path: path, what: what, perm: perm, tmp: tmp, f: f, hasTmp: true}, nil
}

// createTemp creates a new temporary file in dir with mode perm.
func createTemp(dir string, perm fs.FileMode) (*os.File, string, error) {
	for range 16 {
		var r [8]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, "", err
		}
		name := filepath.Join(dir, TempPrefix+hex.EncodeToString(r[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		return f, name, nil
	}
	return nil, "", errors.New("no free temporary file name")
}

// commit writes, syncs and places every pending file, then syncs their
// directories; on an error it removes every one of them.
func commit(ps []*Pending, data [][]byte) (err error) {
	for _, p := range ps {
		if p.f == nil {
			return fmt.Errorf("the %s file %s was already committed or aborted", p.what, p.path)
		}
	}
	defer func() {
		if err != nil {
			for _, p := range ps {
				p.undo()
			}
		}
	}()
	for i, p := range ps {
		if err := p.fill(data[i]); err != nil {
			return err
		}
	}
	for i, p := range ps {
		if err := p.place(data[i]); err != nil {
			return err
		}
	}
	var dirs []string
	for _, p := range ps {
		if err := p.dropTemp(); err != nil {
			return err
		}
		if d := filepath.Dir(p.path); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		faultpoint.Point("newfile.syncdir")
		if err := ps[0].sys.syncDir(d); err != nil {
			return fmt.Errorf("syncing the directory %s: %w", d, err)
		}
	}
	faultpoint.Point("newfile.done")
	for _, p := range ps {
		p.f.Close() // releases the lock: the file is complete and in place
		p.f = nil
	}
	return nil
}

// fill writes data to the temporary file and fsyncs it.
func (p *Pending) fill(data []byte) error {
	if _, err := faultpoint.Write("newfile.write", p.f, data); err != nil {
		return fmt.Errorf("writing the %s file %s: %w", p.what, p.path, err)
	}
	faultpoint.Point("newfile.sync")
	if err := p.f.Sync(); err != nil {
		return fmt.Errorf("syncing the %s file %s: %w", p.what, p.path, err)
	}
	return nil
}

// place puts the complete temporary file at the final name without ever
// replacing a file there: link, or where the file system has no links a
// rename that does not replace, or as a last resort an O_EXCL copy.
func (p *Pending) place(data []byte) error {
	faultpoint.Point("newfile.link")
	err := p.sys.link(p.tmp, p.path)
	if err == nil {
		p.placed = true
		return nil
	}
	if !notSupported(err) {
		return p.placeError(err)
	}
	err = p.sys.rename(p.tmp, p.path)
	if err == nil {
		p.placed, p.hasTmp = true, false
		return nil
	}
	if !notSupported(err) {
		return p.placeError(err)
	}
	return p.copyTo(data)
}

// copyTo is the last resort of place: create the final name with O_EXCL
// and write data again.
func (p *Pending) copyTo(data []byte) error {
	f, err := os.OpenFile(p.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, p.perm)
	if err != nil {
		return p.placeError(err)
	}
	p.placed, p.copied = true, true
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the %s file %s: %w", p.what, p.path, err)
	}
	return nil
}

func (p *Pending) placeError(err error) error {
	if errors.Is(err, fs.ErrExist) {
		return &existsError{what: p.what, path: p.path}
	}
	return fmt.Errorf("creating the %s file %s: %w", p.what, p.path, err)
}

// dropTemp removes the temporary name of a placed file.
func (p *Pending) dropTemp() error {
	if !p.hasTmp {
		return nil
	}
	faultpoint.Point("newfile.unlink")
	if err := os.Remove(p.tmp); err != nil {
		return fmt.Errorf("removing the temporary file %s: %w", p.tmp, err)
	}
	p.hasTmp = false
	return nil
}

// undo removes what p created: the final name if it placed it there (and
// it is still the same file), and the temporary file.
func (p *Pending) undo() {
	var st fs.FileInfo
	if p.f != nil {
		st, _ = p.f.Stat()
		p.f.Close()
		p.f = nil
	}
	if p.placed {
		if cur, err := os.Lstat(p.path); err == nil && (p.copied || st != nil && os.SameFile(st, cur)) {
			os.Remove(p.path)
		}
		p.placed = false
	}
	if p.hasTmp {
		os.Remove(p.tmp)
		p.hasTmp = false
	}
	_ = p.sys.syncDir(filepath.Dir(p.path))
}

// SyncDir fsyncs the directory dir, so that a name created or removed in
// it survives a crash, with the package's policy: a file system or
// system that cannot fsync a directory is not an error. Other code that
// creates a file in place (the signing journal) uses it too.
func SyncDir(dir string) error { return syncDir(dir) }
