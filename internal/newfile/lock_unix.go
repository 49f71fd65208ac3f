//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package newfile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive flock on a temporary file for as long as the
// process keeps it open; the kernel drops it when the process dies.
func lock(f *os.File) error {
	return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// inUse reports whether a running process holds the lock on the
// temporary file at path. It opens the file without following a symbolic
// link and without blocking on a FIFO.
func inUse(path string) bool {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	return errors.Is(unix.Flock(fd, unix.LOCK_SH|unix.LOCK_NB), unix.EWOULDBLOCK)
}
