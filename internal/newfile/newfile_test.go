package newfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// names lists the directory's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// umask returns the process's umask bits, which file creation applies.
func umask(t *testing.T) fs.FileMode {
	t.Helper()
	p := filepath.Join(t.TempDir(), "probe")
	require.NoError(t, os.WriteFile(p, nil, 0o777))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	return 0o777 &^ fi.Mode().Perm()
}

func TestWriteCreatesTheFileAndNothingElse(t *testing.T) {
	for _, perm := range []fs.FileMode{0o600, 0o644} {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.txt")
		require.NoError(t, Write(File{Path: path, What: "response", Data: []byte("exact bytes\n"), Perm: perm}))
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, "exact bytes\n", string(got))
		fi, err := os.Stat(path)
		require.NoError(t, err)
		require.Equal(t, perm&^umask(t), fi.Mode().Perm())
		require.Equal(t, []string{"out.txt"}, names(t, dir), "no temporary file is left")
		stale, err := Stale(dir)
		require.NoError(t, err)
		require.Empty(t, stale)
	}
}

func TestWriteNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken")
	require.NoError(t, os.WriteFile(taken, []byte("the only copy\n"), 0o640))
	dangling := filepath.Join(dir, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(dir, "target"), dangling))
	subdir := filepath.Join(dir, "subdir")
	require.NoError(t, os.Mkdir(subdir, 0o755))
	for _, tc := range []struct{ name, path string }{
		{"a regular file", taken},
		{"a dangling symbolic link (its target is not created)", dangling},
		{"a directory", subdir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(File{Path: tc.path, What: "keystore", Data: []byte("new"), Perm: 0o600})
			require.ErrorIs(t, err, fs.ErrExist)
			require.EqualError(t, err, "keystore file "+tc.path+" already exists; refusing to overwrite it")
			require.ErrorIs(t, Check(tc.path, "keystore"), fs.ErrExist)
		})
	}
	got, err := os.ReadFile(taken)
	require.NoError(t, err)
	require.Equal(t, "the only copy\n", string(got))
	fi, err := os.Stat(taken)
	require.NoError(t, err)
	require.Equal(t, fs.FileMode(0o640), fi.Mode().Perm())
	require.NoFileExists(t, filepath.Join(dir, "target"))
	require.ElementsMatch(t, []string{"taken", "dangling", "subdir"}, names(t, dir))
}

func TestWriteNeedsTheDirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	for _, tc := range []struct{ name, path, msg string }{
		{"a missing directory", filepath.Join(dir, "missing", "out"), "the directory does not exist"},
		{"a file as the directory", filepath.Join(file, "out"), "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(File{Path: tc.path, What: "request", Data: []byte("x"), Perm: 0o644})
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.msg)
			require.Equal(t, err.Error(), Check(tc.path, "request").Error())
		})
	}
	require.ErrorIs(t, Check(filepath.Join(dir, "missing", "out"), "request"), fs.ErrNotExist)
}

// TestWriteAllIsAllOrNone: a taken name among several fails the call
// before any file is created.
func TestWriteAllIsAllOrNone(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "wrapper.json")
	require.NoError(t, os.WriteFile(taken, []byte("keep"), 0o644))
	err := WriteAll(
		File{Path: filepath.Join(dir, "request.txt"), What: "request", Data: []byte("r"), Perm: 0o644},
		File{Path: taken, What: "wrapper", Data: []byte("w"), Perm: 0o644},
	)
	require.ErrorIs(t, err, fs.ErrExist)
	require.Equal(t, []string{"wrapper.json"}, names(t, dir))

	err = WriteAll(
		File{Path: filepath.Join(dir, "a"), What: "request", Data: []byte("r"), Perm: 0o644},
		File{Path: filepath.Join(dir, ".", "a"), What: "wrapper", Data: []byte("w"), Perm: 0o644},
	)
	require.EqualError(t, err, "the request and wrapper files must be different files")
	require.Equal(t, []string{"wrapper.json"}, names(t, dir))

	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, WriteAll(
		File{Path: a, What: "request", Data: []byte("r"), Perm: 0o644},
		File{Path: b, What: "wrapper", Data: []byte("w"), Perm: 0o644},
	))
	require.ElementsMatch(t, []string{"a", "b", "wrapper.json"}, names(t, dir))
}

// errnoSystem is the real system with link, rename or syncDir failing
// with an errno.
func errnoSystem(link, rename, sync error) system {
	s := osSystem()
	if link != nil {
		s.link = func(o, n string) error { return &os.LinkError{Op: "link", Old: o, New: n, Err: link} }
	}
	if rename != nil {
		s.rename = func(o, n string) error { return &os.LinkError{Op: "renameat2", Old: o, New: n, Err: rename} }
	}
	if sync != nil {
		s.syncDir = func(string) error { return sync }
	}
	return s
}

// TestPlacingFallsBack: on a file system without hard links (FAT answers
// EPERM) the file is renamed without replacing; without that either, it
// is copied with O_EXCL. Each way leaves exactly the file.
func TestPlacingFallsBack(t *testing.T) {
	for _, tc := range []struct {
		name string
		sys  system
	}{
		{"link", osSystem()},
		{"no link (EPERM): rename without replacing", errnoSystem(syscall.EPERM, nil, nil)},
		{"no link (EOPNOTSUPP): rename without replacing", errnoSystem(syscall.EOPNOTSUPP, nil, nil)},
		{"neither link nor rename (EINVAL): O_EXCL copy", errnoSystem(syscall.EPERM, syscall.EINVAL, nil)},
		{"neither link nor rename (ENOSYS): O_EXCL copy", errnoSystem(syscall.EPERM, syscall.ENOSYS, nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS != "linux" && strings.Contains(tc.name, "rename without") {
				t.Skip("renameat2 is Linux only")
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "resp")
			require.NoError(t, tc.sys.writeAll([]File{{Path: path, What: "response", Data: []byte("complete\n"), Perm: 0o600}}))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, "complete\n", string(got))
			require.Equal(t, []string{"resp"}, names(t, dir))
		})
	}
}

// TestPlacingRaceNeverReplaces: a name taken after the check and before
// the file is placed (by another process, or an attacker) is kept, for
// every way of placing, and nothing of ours is left.
func TestPlacingRaceNeverReplaces(t *testing.T) {
	for _, tc := range []struct {
		name string
		sys  system
	}{
		{"link", osSystem()},
		{"rename without replacing", errnoSystem(syscall.EPERM, nil, nil)},
		{"O_EXCL copy", errnoSystem(syscall.EPERM, syscall.EINVAL, nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS != "linux" && tc.name == "rename without replacing" {
				t.Skip("renameat2 is Linux only")
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "resp")
			p, err := tc.sys.create(path, "response", 0o600)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, []byte("theirs"), 0o644))
			err = p.Commit([]byte("ours"))
			require.ErrorIs(t, err, fs.ErrExist)
			require.Contains(t, err.Error(), "response file "+path+" already exists")
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, "theirs", string(got))
			require.Equal(t, []string{"resp"}, names(t, dir))
		})
	}
}

// TestFailedDirectorySyncLeavesNoFile: the name is not durable, so the
// call fails and removes the file; EINVAL (a file system that cannot sync
// a directory) is not a failure.
func TestFailedDirectorySyncLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.age")
	s := errnoSystem(nil, nil, syscall.EIO)
	err := s.writeAll([]File{{Path: path, What: "keystore", Data: []byte("k"), Perm: 0o600}})
	require.ErrorIs(t, err, syscall.EIO)
	require.Contains(t, err.Error(), "syncing the directory")
	require.Empty(t, names(t, dir))
}

func TestSyncDirPolicy(t *testing.T) {
	require.NoError(t, syncDir(t.TempDir()))
	require.Error(t, syncDir(filepath.Join(t.TempDir(), "missing")))
}

func TestPending(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "response.txt")
	p, err := Create(path, "response", 0o644)
	require.NoError(t, err)
	require.Equal(t, path, p.Path())
	require.Len(t, names(t, dir), 1, "the temporary file")
	require.True(t, strings.HasPrefix(names(t, dir)[0], TempPrefix))
	stale, err := Stale(dir)
	require.NoError(t, err)
	if hasFlock {
		require.Empty(t, stale, "a temporary file a live process holds is not stale")
	}
	require.NoFileExists(t, path)
	require.NoError(t, p.Commit([]byte("signed\n")))
	require.Equal(t, []string{"response.txt"}, names(t, dir))
	require.ErrorContains(t, p.Commit([]byte("again")), "already committed or aborted")
	p.Abort()
	require.Equal(t, []string{"response.txt"}, names(t, dir), "Abort after Commit does nothing")

	q, err := Create(filepath.Join(dir, "declined.txt"), "response", 0o644)
	require.NoError(t, err)
	q.Abort()
	require.Equal(t, []string{"response.txt"}, names(t, dir))

	_, err = Create(path, "response", 0o644)
	require.ErrorIs(t, err, fs.ErrExist)
}

// TestStale: a temporary file left by a killed process (no lock held) is
// named, whatever it is; live ones and other files are not.
func TestStale(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, TempPrefix+"00112233aabbccdd")
	require.NoError(t, os.WriteFile(left, []byte("half a resp"), 0o600))
	link := filepath.Join(dir, TempPrefix+"symlink")
	require.NoError(t, os.Symlink("/etc/passwd", link))
	fifo := filepath.Join(dir, TempPrefix+"fifo")
	hasFIFO := mkfifo(fifo) == nil // a FIFO must not block the scan
	require.NoError(t, os.WriteFile(filepath.Join(dir, "response.txt"), nil, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".nemcustody-other"), nil, 0o600))
	live, err := Create(filepath.Join(dir, "busy"), "response", 0o600)
	require.NoError(t, err)
	defer live.Abort()

	stale, err := Stale(dir)
	require.NoError(t, err)
	want := []string{left, link}
	if hasFIFO {
		want = append(want, fifo)
	}
	if !hasFlock {
		want = append(want, live.tmp)
	}
	require.ElementsMatch(t, want, stale)
	got, err := os.ReadFile(left)
	require.NoError(t, err)
	require.Equal(t, "half a resp", string(got), "never removed")

	_, err = Stale(filepath.Join(dir, "missing"))
	require.ErrorIs(t, err, fs.ErrNotExist)
}

// TestStaleSparesAFileBeingCreated: Create makes its temporary file and
// then locks it; another process's scan in between must not call it
// stale (a concurrent writer in the same directory got a warning). An
// empty temporary file is spared for ten seconds, then named.
func TestStaleSparesAFileBeingCreated(t *testing.T) {
	dir := t.TempDir()
	creating := filepath.Join(dir, TempPrefix+"0011223344556677")
	require.NoError(t, os.WriteFile(creating, nil, 0o600))
	stale, err := Stale(dir)
	require.NoError(t, err)
	require.Empty(t, stale, "an empty file made a moment ago is being created")

	old := time.Now().Add(-time.Minute)
	require.NoError(t, os.Chtimes(creating, old, old))
	stale, err = Stale(dir)
	require.NoError(t, err)
	require.Equal(t, []string{creating}, stale, "an empty file a minute old was left by a killed process")
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, CheckDir(dir, "QR code PNG"))
	require.Empty(t, names(t, dir), "the probe is removed")
	require.ErrorIs(t, CheckDir(filepath.Join(dir, "missing"), "QR code PNG"), fs.ErrNotExist)
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	require.ErrorContains(t, CheckDir(file, "QR code PNG"), "is not a directory")

	if os.Geteuid() == 0 {
		t.Log("running as root: permissions do not apply, the read-only case is skipped")
		return
	}
	ro := filepath.Join(dir, "ro")
	require.NoError(t, os.Mkdir(ro, 0o500))
	err := CheckDir(ro, "QR code PNG")
	require.ErrorIs(t, err, fs.ErrPermission)
	require.ErrorContains(t, err, "cannot create a file in it")
	err = Write(File{Path: filepath.Join(ro, "x"), What: "response", Data: []byte("x"), Perm: 0o644})
	require.ErrorIs(t, err, fs.ErrPermission)
}

func TestNotSupported(t *testing.T) {
	for _, e := range []error{syscall.EPERM, syscall.EINVAL, syscall.ENOSYS, syscall.ENOTSUP, syscall.EOPNOTSUPP, errors.ErrUnsupported} {
		require.True(t, notSupported(&os.LinkError{Err: e}), "%v", e)
	}
	for _, e := range []error{syscall.EEXIST, syscall.EIO, syscall.ENOSPC, syscall.EACCES, syscall.EROFS} {
		require.False(t, notSupported(&os.LinkError{Err: e}), "%v", e)
	}
}
