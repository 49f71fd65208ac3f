//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
)

// Reading without echo: golang.org/x/sys/unix (already required by
// golang.org/x/crypto) gives the termios ioctls; x/term would add a module
// for the dozen lines below. The ioctl numbers differ between Linux
// (TCGETS) and the BSDs (TIOCGETA), see termios_*.go.

// passphraseFromFD reads a passphrase from the open file descriptor fd
// until end of file, as in `--passphrase-fd 3 3<pass.txt`; see
// passphraseFromReader for the rules. It reads through a duplicate, so fd stays
// open and owned by the caller. On a terminal use passphraseFromTerminal
// instead: reading a terminal to end of file echoes what is typed.
func passphraseFromFD(fd int) ([]byte, error) {
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: file descriptor %d: %w", errPassphraseInput, fd, err)
	}
	f := os.NewFile(uintptr(dup), fmt.Sprintf("passphrase fd %d", fd))
	defer f.Close()
	return passphraseFromReader(f)
}

// passphraseFromTerminal prompts for a passphrase on the controlling
// terminal (/dev/tty, so it works while stdin and stdout carry data):
// it writes prompt, turns echo off, reads one line, restores the terminal
// and moves to the next line. It returns the line without its line end;
// an empty line is refused. The caller clears the result.
//
// If the process is killed while the prompt waits, the terminal stays
// without echo; `stty sane` restores it.
func passphraseFromTerminal(prompt string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: no terminal to prompt on; use a passphrase file or file descriptor", errPassphraseInput)
	}
	defer tty.Close()
	return readPassphraseTTY(tty, prompt)
}

// readPassphraseTTY is passphraseFromTerminal on an open terminal; tests
// pass the other end of a pseudo-terminal.
func readPassphraseTTY(tty *os.File, prompt string) ([]byte, error) {
	fd := int(tty.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, fmt.Errorf("%w: not a terminal", errPassphraseInput)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	quiet.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, fmt.Errorf("%w: cannot turn off echo: %w", errPassphraseInput, err)
	}
	defer func() {
		_ = unix.IoctlSetTermios(fd, ioctlSetTermios, old)
		_, _ = tty.WriteString("\n") // the Enter the user typed was not echoed
	}()
	if _, err := tty.WriteString(prompt); err != nil {
		return nil, fmt.Errorf("%w: writing the prompt: %w", errPassphraseInput, err)
	}

	var buf [keystore.MaxPassphraseSize + 2]byte
	defer clear(buf[:])
	n := 0
	for n < len(buf) && bytes.IndexByte(buf[:n], '\n') < 0 {
		m, err := tty.Read(buf[n:])
		n += m
		if err != nil || m == 0 {
			break // end of input (Ctrl-D) or an error: judged below
		}
	}
	line, _, found := bytes.Cut(buf[:n], []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	switch {
	case !found && n == len(buf):
		return nil, fmt.Errorf("%w: more than %d bytes", errPassphraseInput, keystore.MaxPassphraseSize)
	case !found:
		return nil, fmt.Errorf("%w: input ended before the end of the line", errPassphraseInput)
	case len(line) == 0:
		return nil, fmt.Errorf("%w: the passphrase is empty", errPassphraseInput)
	}
	return bytes.Clone(line), nil
}
