package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: the controlling side (what a
// terminal emulator holds) and the terminal side (what the program sees).
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	require.NoError(t, unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0))
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	require.NoError(t, err)
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	return ptmx, tty
}

// readUntil reads the terminal's output until it contains want.
func readUntil(t *testing.T, ptmx *os.File, out *bytes.Buffer, want string) {
	t.Helper()
	require.NoError(t, ptmx.SetReadDeadline(time.Now().Add(10*time.Second)))
	buf := make([]byte, 256)
	for !strings.Contains(out.String(), want) {
		n, err := ptmx.Read(buf)
		out.Write(buf[:n])
		require.NoError(t, err, "terminal output so far: %q", out.String())
	}
}

func TestReadPassphraseTerminalDoesNotEcho(t *testing.T) {
	ptmx, tty := openPTY(t)
	before, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	require.NoError(t, err)
	require.NotZero(t, before.Lflag&unix.ECHO, "a new terminal echoes")

	type result struct {
		p   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := readPassphraseTTY(tty, "Passphrase: ")
		done <- result{p, err}
	}()

	var out bytes.Buffer
	readUntil(t, ptmx, &out, "Passphrase: ") // echo is off once the prompt shows
	_, err = ptmx.WriteString("correct horse battery staple\r")
	require.NoError(t, err)
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, "correct horse battery staple", string(r.p))

	readUntil(t, ptmx, &out, "Passphrase: \r\n")
	assert.NotContains(t, out.String(), "horse", "the passphrase was not echoed")

	after, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	require.NoError(t, err)
	assert.Equal(t, before.Lflag, after.Lflag, "echo is restored")
	assert.Equal(t, before.Iflag, after.Iflag)
}

func TestReadPassphraseTerminalRefusesAnEmptyLine(t *testing.T) {
	ptmx, tty := openPTY(t)
	done := make(chan error, 1)
	go func() {
		_, err := readPassphraseTTY(tty, "Passphrase: ")
		done <- err
	}()
	var out bytes.Buffer
	readUntil(t, ptmx, &out, "Passphrase: ")
	_, err := ptmx.WriteString("\r")
	require.NoError(t, err)
	require.ErrorIs(t, <-done, errPassphraseInput)
}

func TestReadPassphraseTerminalRefusesAFile(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "not-a-tty")
	require.NoError(t, err)
	defer f.Close()
	_, err = readPassphraseTTY(f, "Passphrase: ")
	require.ErrorIs(t, err, errPassphraseInput)
	assert.Contains(t, err.Error(), "not a terminal")
}
