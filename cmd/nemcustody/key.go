package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nemcustody/nemcustody/sign"
)

var keyGroup = &group{
	name:     "key",
	summary:  "make, inspect and derive keys",
	commands: []*command{keyGenerateCmd, keyInspectCmd, keyDeriveCmd},
}

var keyGenerateCmd = &command{
	name:    "generate",
	summary: "make a new random key, written to a new 0600 file",
	run:     runKeyGenerate,
	usage: `Usage: nemcustody key generate --network NETWORK [--out FILE]

Makes a new random key (crypto/rand) and writes its private key, as 64
lower-case NIS hex characters and a newline, to a new file readable only by
its owner (mode 0600). An existing file is never overwritten. The file is
written and synced before anything is printed; if writing fails it is removed.

Prints JSON: network, publicKey, address, prettyAddress, keyFile. The private
key is never printed.

The key file is NOT encrypted: make keys on the offline machine and keep the
file there. An encrypted keystore is planned and will replace plain key files.

Flags:
  --network NETWORK   mainnet, testnet or mijin (required)
  --out FILE          file to create (default: nemcustody-<ADDRESS>.key in
                      the current directory)
`,
}

var keyInspectCmd = &command{
	name:    "inspect",
	summary: "show the public key and address of a private key read on stdin",
	run:     runKeyInspect,
	usage: `Usage: nemcustody key inspect --network NETWORK < KEYFILE

Reads one private key in NIS hex on stdin (64 hex characters, or the 66- and
62-character forms NIS's BigInteger produces; surrounding white space is
ignored) and prints JSON: network, publicKey, address, prettyAddress. The
private key is never printed.

Flags:
  --network NETWORK   mainnet, testnet or mijin (required)
`,
}

var keyDeriveCmd = &command{
	name:    "derive",
	summary: "derive a key from a BIP-39 mnemonic read on stdin",
	run:     runKeyDerive,
	usage: `Usage: nemcustody key derive --network NETWORK --account N
                             [--passphrase-file FILE] [--show-private-key]
                             < MNEMONICFILE

Reads an English BIP-39 mnemonic (12 to 24 words) on stdin and derives the key
of account N as Trezor and Ledger do: SLIP-10 ed25519-keccak at
m/44'/43'/N'/0'/0' (m/44'/1'/N'/0'/0' on testnet). Prints JSON: network,
account, path, publicKey, address, prettyAddress.

Flags:
  --network NETWORK        mainnet, testnet or mijin (required)
  --account N              account number, 0 to 2147483647 (required)
  --passphrase-file FILE   read the BIP-39 passphrase from FILE (one
                           trailing newline is removed); ASCII only. There is
                           deliberately no flag taking the passphrase itself.
  --show-private-key       also print "privateKey" in NIS hex. Only for
                           moving the key to another offline tool.
`,
}

type keyOutput struct {
	Network       sign.Network   `json:"network"`
	PublicKey     sign.PublicKey `json:"publicKey"`
	Address       sign.Address   `json:"address"`
	PrettyAddress string         `json:"prettyAddress"`
}

func newKeyOutput(k *sign.PrivateKey, n sign.Network) keyOutput {
	a := k.Address(n)
	return keyOutput{Network: n, PublicKey: k.PublicKey(), Address: a, PrettyAddress: a.Pretty()}
}

func runKeyGenerate(e *env, args []string) error {
	flags := newFlagSet("key generate")
	network := flags.String("network", "", "")
	out := flags.String("out", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("key generate takes no arguments")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	outSet := false
	flags.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	if outSet && (*out == "" || *out == "-") {
		return usagef("--out must name a file: the private key is only ever written to a new file")
	}

	k, err := sign.GenerateKey(nil)
	if err != nil {
		return fmt.Errorf("generating key: %w", err)
	}
	defer k.Destroy()
	info := newKeyOutput(k, n)
	path := *out
	if path == "" {
		path = "nemcustody-" + info.Address.String() + ".key"
	}
	nisHex, err := k.ExportNISHex()
	if err != nil {
		return fmt.Errorf("exporting key: %w", err)
	}
	data := []byte(nisHex + "\n")
	err = writeNewSecretFile(path, data)
	clear(data)
	if err != nil {
		return err
	}
	if err := checkKeyFile(path, k); err != nil {
		os.Remove(path)
		return err
	}
	return writeJSON(e, struct {
		keyOutput
		KeyFile string `json:"keyFile"`
	}{info, path})
}

// writeNewSecretFile creates path, which must not exist, with mode 0600,
// writes data and syncs it to disk. On any failure the file is removed.
func writeNewSecretFile(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("key file %s already exists; refusing to overwrite it", path)
		}
		return fmt.Errorf("creating key file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing key file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing key file: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing key file: %w", err)
	}
	// Make the new directory entry durable too, so that an address is never
	// printed for a key file a power cut could still lose. Not every system
	// can sync a directory; that is not an error.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// checkKeyFile reads back a key file just written and checks that it holds k.
func checkKeyFile(path string, k *sign.PrivateKey) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading back key file: %w", err)
	}
	defer f.Close()
	k2, err := readPrivateKey(f, "key file")
	if err != nil {
		return fmt.Errorf("reading back key file: %w", err)
	}
	defer k2.Destroy()
	if !k.Equal(k2) {
		return errors.New("key file does not read back the key that was written")
	}
	return nil
}

func runKeyInspect(e *env, args []string) error {
	flags := newFlagSet("key inspect")
	network := flags.String("network", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// Not repeated: it may be the private key itself.
		return usagef("key inspect takes no arguments: it reads the private key on stdin")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	k, err := readPrivateKey(e.stdin, "stdin")
	if err != nil {
		return err
	}
	defer k.Destroy()
	return writeJSON(e, newKeyOutput(k, n))
}

// readPrivateKey reads exactly one NIS hex private key from r, ignoring
// surrounding white space. Errors never include what was read.
func readPrivateKey(r io.Reader, what string) (*sign.PrivateKey, error) {
	b, err := readInput(r, what)
	if err != nil {
		return nil, err
	}
	defer clear(b)
	fields := bytes.Fields(b)
	switch len(fields) {
	case 0:
		return nil, fmt.Errorf("%s is empty: want one private key in NIS hex", what)
	case 1:
	default:
		return nil, fmt.Errorf("%s holds %d white-space separated values: want exactly one private key", what, len(fields))
	}
	k, err := sign.ParsePrivateKeyNIS(string(fields[0]))
	if err != nil {
		return nil, fmt.Errorf("private key on %s: %w", what, err)
	}
	return k, nil
}

func runKeyDerive(e *env, args []string) error {
	flags := newFlagSet("key derive")
	network := flags.String("network", "", "")
	account := flags.String("account", "", "")
	passFile := flags.String("passphrase-file", "", "")
	showPrivate := flags.Bool("show-private-key", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// Not repeated: it may be a mnemonic word.
		return usagef("key derive takes no arguments: it reads the mnemonic on stdin")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	if *account == "" {
		return usagef("--account is required: the account number, 0 for the first")
	}
	acct, err := strconv.ParseUint(*account, 10, 31)
	if err != nil {
		return usagef("--account must be a number from 0 to 2147483647")
	}

	passphrase := ""
	if *passFile != "" {
		p, err := readPassphraseFile(*passFile)
		if err != nil {
			return err
		}
		passphrase = p
	}
	b, err := readInput(e.stdin, "stdin")
	if err != nil {
		return err
	}
	mnemonic := string(bytes.TrimSpace(b))
	clear(b)
	k, path, err := sign.KeyFromMnemonic(mnemonic, passphrase, n, uint32(acct))
	if err != nil {
		return fmt.Errorf("mnemonic on stdin: %w", err)
	}
	defer k.Destroy()

	out := struct {
		Network       sign.Network   `json:"network"`
		Account       uint32         `json:"account"`
		Path          string         `json:"path"`
		PublicKey     sign.PublicKey `json:"publicKey"`
		Address       sign.Address   `json:"address"`
		PrettyAddress string         `json:"prettyAddress"`
		PrivateKey    string         `json:"privateKey,omitempty"`
	}{Network: n, Account: uint32(acct), Path: path.String(), PublicKey: k.PublicKey()}
	out.Address = k.Address(n)
	out.PrettyAddress = out.Address.Pretty()
	if *showPrivate {
		if out.PrivateKey, err = k.ExportNISHex(); err != nil {
			return fmt.Errorf("exporting key: %w", err)
		}
	}
	return writeJSON(e, out)
}

// readPassphraseFile returns the content of path without one trailing
// newline ("\n" or "\r\n"). Other white space is part of the passphrase.
func readPassphraseFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", err)
	}
	defer f.Close()
	b, err := readInput(f, "passphrase file")
	if err != nil {
		return "", err
	}
	defer clear(b)
	p := bytes.TrimSuffix(b, []byte("\n"))
	if len(p) < len(b) {
		p = bytes.TrimSuffix(p, []byte("\r"))
	}
	return string(p), nil
}
