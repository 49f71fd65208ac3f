//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package newfile

import "errors"

// mkfifo is not available here.
func mkfifo(string) error { return errors.ErrUnsupported }

// hasFlock: without flock every temporary file is reported as stale.
const hasFlock = false
