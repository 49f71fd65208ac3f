package newfile

import (
	"errors"
	"os"
	"syscall"
)

// system is the operating-system calls that place a file and sync a
// directory. Production code uses osSystem; tests build their own to
// simulate a file system that lacks a call, or fails.
type system struct {
	// link makes newname a hard link to oldname; it never replaces.
	link func(oldname, newname string) error
	// rename moves oldname to newname and never replaces newname; an
	// error wrapping errors.ErrUnsupported where there is no such call.
	rename func(oldname, newname string) error
	// syncDir fsyncs a directory; nil where that is not possible.
	syncDir func(dir string) error
}

// osSystem is the real system.
func osSystem() system {
	return system{link: os.Link, rename: renameNoReplace, syncDir: syncDir}
}

// notSupported reports whether err from link or rename means the file
// system or the system lacks the call, rather than a real failure: EPERM
// (link on FAT), EINVAL (a rename flag the file system does not take),
// ENOSYS, ENOTSUP and EOPNOTSUPP.
func notSupported(err error) bool {
	return errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EINVAL)
}
