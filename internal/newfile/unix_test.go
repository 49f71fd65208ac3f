//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package newfile

import "golang.org/x/sys/unix"

// mkfifo makes a named pipe at path.
func mkfifo(path string) error { return unix.Mkfifo(path, 0o600) }

// hasFlock: a temporary file a live process holds is not stale here.
const hasFlock = true
