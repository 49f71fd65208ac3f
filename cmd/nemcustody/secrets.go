package main

import (
	"bufio"
	"bytes"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/sign"
)

// Keystore passphrases come from --passphrase-file, --passphrase-fd or a
// prompt on the controlling terminal, never from a flag value: flags end
// up in shell history and process listings.

// passphraseHelp is the flags part of the usage text of every command that
// opens a keystore.
const passphraseHelp = `  --passphrase-file FILE
                      read the keystore passphrase from FILE (its first
                      line; further lines must be empty)
  --passphrase-fd N   read it from open file descriptor N until end of
                      file, as in '--passphrase-fd 3 3<pass.txt'; 0 is
                      stdin (not a terminal: use the prompt for that).
                      Without either flag the passphrase is asked on the
                      terminal (/dev/tty) without echo; with no terminal
                      the command fails. No flag takes the passphrase
                      itself.
`

// terminal is the controlling terminal: passphrase prompts without echo and
// the signing confirmation. run uses defaultTerminal; tests pass their own
// to runWith.
type terminal interface {
	// ReadPassphrase prompts and reads one line without echo.
	ReadPassphrase(prompt string) ([]byte, error)
	// ReadLine prompts and reads one line with echo.
	ReadLine(prompt string) (string, error)
	// Interactive reports whether a person watches stderr on a terminal:
	// then progress lines ("unlocking keystore...") are worth printing.
	Interactive() bool
}

// errNoTerminal: there is no terminal to ask on.
var errNoTerminal = errors.New("no terminal to ask on")

var defaultTerminal terminal = ttyTerminal{}

// ttyTerminal is /dev/tty, so prompts work while stdin and stdout carry
// data.
type ttyTerminal struct{}

func (ttyTerminal) ReadPassphrase(prompt string) ([]byte, error) {
	return passphraseFromTerminal(prompt)
}

// Interactive reports whether stderr is a terminal.
func (ttyTerminal) Interactive() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (ttyTerminal) ReadLine(prompt string) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	if _, err := io.WriteString(tty, prompt); err != nil {
		return "", fmt.Errorf("writing to the terminal: %w", err)
	}
	line, err := bufio.NewReaderSize(io.LimitReader(tty, 256), 256).ReadString('\n')
	if err != nil {
		return "", errors.New("reading the terminal: no complete line")
	}
	return line, nil
}

// passphraseFlags are --passphrase-file and --passphrase-fd (or, in a
// command with a second kind of passphrase, --keystore-passphrase-file and
// --keystore-passphrase-fd).
type passphraseFlags struct {
	file, fd *string
	prefix   string // "" or "keystore-"
}

func addPassphraseFlags(flags *flag.FlagSet) *passphraseFlags {
	return addPrefixedPassphraseFlags(flags, "")
}

// addPrefixedPassphraseFlags registers --PREFIXpassphrase-file and
// --PREFIXpassphrase-fd.
func addPrefixedPassphraseFlags(flags *flag.FlagSet, prefix string) *passphraseFlags {
	return &passphraseFlags{
		file:   flags.String(prefix+"passphrase-file", "", ""),
		fd:     flags.String(prefix+"passphrase-fd", "", ""),
		prefix: prefix,
	}
}

// given reports whether either flag was given.
func (p *passphraseFlags) given() bool { return *p.file != "" || *p.fd != "" }

// usesStdin reports whether the passphrase is read from stdin.
func (p *passphraseFlags) usesStdin() bool { return *p.fd == "0" }

// check refuses both flags at once and a file descriptor that is not one.
func (p *passphraseFlags) check() error {
	if *p.file != "" && *p.fd != "" {
		return usagef("--%spassphrase-file and --%spassphrase-fd are alternatives: give one", p.prefix, p.prefix)
	}
	if *p.fd == "" {
		return nil
	}
	n, err := strconv.Atoi(*p.fd)
	switch {
	case err != nil || n < 0:
		return usagef("--%spassphrase-fd must be an open file descriptor number, such as 3", p.prefix)
	case n == 1 || n == 2:
		return usagef("--%spassphrase-fd %d is stdout or stderr, not an input", p.prefix, n)
	}
	return nil
}

// read returns the passphrase of an existing keystore: from the file or
// descriptor, else asked on the terminal with prompt. The caller clears it.
func (p *passphraseFlags) read(e *env, prompt string) ([]byte, error) {
	switch {
	case *p.file != "":
		return passphraseFromFile(*p.file)
	case *p.fd == "0":
		return passphraseFromReader(e.stdin)
	case *p.fd != "":
		n, _ := strconv.Atoi(*p.fd) // checked by check
		return passphraseFromFD(n)
	}
	return e.term.ReadPassphrase(prompt)
}

// readNew returns the passphrase for a new keystore: from the file or
// descriptor, else asked twice on the terminal. It must pass
// keystore.CheckPassphrase.
func (p *passphraseFlags) readNew(e *env) ([]byte, error) {
	pass, err := p.read(e, "Passphrase for the new keystore: ")
	if err != nil {
		return nil, err
	}
	if err := keystore.CheckPassphrase(pass, keystore.Options{}); err != nil {
		clear(pass)
		return nil, err
	}
	if p.given() {
		return pass, nil
	}
	again, err := e.term.ReadPassphrase("Repeat the passphrase: ")
	if err != nil {
		clear(pass)
		return nil, err
	}
	same := subtle.ConstantTimeCompare(pass, again) == 1
	clear(again)
	if !same {
		clear(pass)
		return nil, errors.New("the two passphrases differ; nothing was written")
	}
	return pass, nil
}

// passphraseTries is how many times a passphrase asked on the terminal
// may be typed before the command fails. One from a file or descriptor is
// never asked again.
const passphraseTries = 3

// openKeystore reads the keystore at path and decrypts it. The file is read
// before the passphrase is asked for, so a wrong path fails at once. A
// passphrase typed at the terminal may be typed again after a wrong one,
// passphraseTries times in all. While scrypt runs, a person at a terminal
// sees "unlocking keystore..." on stderr. The caller destroys the key.
func openKeystore(e *env, path string, p *passphraseFlags) (*sign.PrivateKey, keystore.Info, error) {
	data, err := readFileLimit(path, "keystore", keystore.MaxSize)
	if err != nil {
		return nil, keystore.Info{}, err
	}
	if !bytes.Contains(data, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) && !bytes.HasPrefix(data, []byte("age-encryption.org/")) {
		return nil, keystore.Info{}, fmt.Errorf("keystore %s is not an age file (a plain key file? use --key-file where it is accepted)", path)
	}
	prompt := "Passphrase for keystore " + path + ": "
	for try := 1; ; try++ {
		pass, err := p.read(e, prompt)
		if err != nil {
			return nil, keystore.Info{}, err
		}
		if e.term.Interactive() {
			fmt.Fprintf(e.stderr, "nemcustody: unlocking keystore %s (scrypt)...\n", path)
		}
		k, info, err := keystore.Decrypt(data, pass)
		clear(pass)
		switch {
		case err == nil:
			return k, info, nil
		case errors.Is(err, keystore.ErrIncorrectPassphrase) && !p.given() && try < passphraseTries:
			prompt = fmt.Sprintf("Wrong passphrase. Passphrase for keystore %s (try %d of %d): ", path, try+1, passphraseTries)
			continue
		case errors.Is(err, keystore.ErrIncorrectPassphrase) && !p.given():
			return nil, keystore.Info{}, fmt.Errorf("keystore %s: %w (%d tries)", path, err, passphraseTries)
		}
		return nil, keystore.Info{}, fmt.Errorf("keystore %s: %w", path, err)
	}
}
