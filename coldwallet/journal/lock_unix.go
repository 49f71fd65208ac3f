//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package journal

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockPatience bounds how long lockFile waits for a lock that a forked
// child may hold for a moment (about twice this, in doubling steps).
const lockPatience = 128 * time.Millisecond

// lockFile takes an exclusive advisory lock (flock) on f without waiting
// for another signer. The lock belongs to the open file and goes away
// when f is closed, also when the process dies.
//
// A process that starts a program (os/exec) forks first: until the child
// execs, it holds a copy of every open file, so a journal this process
// closed a moment ago may still look locked for that moment. lockFile
// tries again for up to lockPatience before it calls the journal in use.
func lockFile(f *os.File) error {
	var err error
	for wait := time.Millisecond; ; wait *= 2 {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if !errors.Is(err, unix.EWOULDBLOCK) || wait > lockPatience {
			break
		}
		time.Sleep(wait)
	}
	if errors.Is(err, unix.EWOULDBLOCK) {
		return fmt.Errorf("journal: journal %s is in use by another signer", f.Name())
	}
	if err != nil {
		return fmt.Errorf("journal: locking journal: %w", err)
	}
	return nil
}
