//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package journal

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive advisory lock (flock) on f without waiting.
// The lock belongs to the open file and goes away when f is closed, also
// when the process dies.
func lockFile(f *os.File) error {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return fmt.Errorf("journal: journal %s is in use by another signer", f.Name())
	}
	if err != nil {
		return fmt.Errorf("journal: locking journal: %w", err)
	}
	return nil
}
