package main

import (
	"fmt"
	"io"
	"os"
)

// screen is a terminal that can show text to the person at it and to no
// one else: the words of a share backup, one share at a time. Commands
// that show secrets ask e.term for it; a terminal without it (no
// controlling terminal, or a test's) cannot show them.
type screen interface {
	// Show writes text to the terminal, never to stdout or stderr.
	Show(text string) error
	// Clear wipes the screen and, where the terminal supports it, its
	// scroll-back, so that one share is not left beside the next.
	Clear() error
}

// clearSequence clears the screen, moves the cursor home and drops the
// scroll-back (xterm's "\x1b[3J", which most terminals follow).
const clearSequence = "\x1b[H\x1b[2J\x1b[3J"

var _ screen = ttyTerminal{}

// Show writes text to /dev/tty.
func (ttyTerminal) Show(text string) error { return writeTTY(text) }

// Clear clears /dev/tty.
func (ttyTerminal) Clear() error { return writeTTY(clearSequence) }

func writeTTY(text string) error {
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return errNoTerminal
	}
	defer tty.Close()
	if _, err := io.WriteString(tty, text); err != nil {
		return fmt.Errorf("writing to the terminal: %w", err)
	}
	return nil
}

// screenOf returns the terminal's screen, or an error saying what to do
// without one.
func screenOf(e *env, alternative string) (screen, error) {
	s, ok := e.term.(screen)
	if !ok {
		return nil, fmt.Errorf("no terminal to show the shares on (%s)", alternative)
	}
	return s, nil
}
