package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
)

var keyGroup = &group{
	name:     "key",
	summary:  "make, inspect and derive keys",
	commands: []*command{keyGenerateCmd, keyImportCmd, keyInspectCmd, keyDeriveCmd, keyBackupCmd, keyRestoreCmd, keyProveCmd},
}

var keyGenerateCmd = &command{
	name:    "generate",
	summary: "make a random key in a new encrypted keystore",
	run:     runKeyGenerate,
	usage: `Usage: nemcustody key generate --network NETWORK --label LABEL [--out FILE]
                               [--passphrase-file FILE | --passphrase-fd N]
                               [--work-factor W]

Makes a new random key (crypto/rand) and writes it to a new encrypted
keystore: an ASCII-armored age file encrypted to a passphrase (scrypt),
readable only by its owner (mode 0600). An existing file is never
overwritten. The keystore is opened again and checked, and synced to disk,
before anything is printed; if any step fails no file is left behind.
In an emergency 'age -d FILE' recovers the key without nemcustody.

The passphrase is read from --passphrase-file or --passphrase-fd, or asked
twice on the terminal. It must be at least 12 bytes of UTF-8 without
control characters (so it can be typed at age's prompt).

Prints JSON: network, publicKey, address, prettyAddress, label, keystore
(the file written). The private key is never printed.

Make keys on the offline machine that will sign with them, and keep the
keystore and its backups there.

Example:
  nemcustody key generate --network testnet --label "vault A" --out vault-a.age

Flags:
  --network NETWORK   mainnet, testnet or mijin (required)
  --label LABEL       a name for people, such as "vault A": 1 to 64 bytes of
                      printable text (required)
  --out FILE          file to create (default: nemcustody-<ADDRESS>.age in
                      the current directory)
  --work-factor W     scrypt work factor (N = 2^W, r = 8), 16 to 20; each
                      step doubles the memory and the time, for you and for
                      anyone guessing the passphrase. Measured on a shared
                      2-core x86-64 server (Go 1.26): 16 takes 64 MiB and
                      0.4-0.5 s, 18 (the default) 256 MiB and 1.3-2.1 s, 20
                      1 GiB and 6-11 s, each time the keystore is opened
` + passphraseHelp,
}

var keyInspectCmd = &command{
	name:    "inspect",
	summary: "public key and address of a key (stdin or keystore)",
	run:     runKeyInspect,
	usage: `Usage: nemcustody key inspect --network NETWORK < KEYFILE
       nemcustody key inspect --keystore FILE [--network NETWORK]
                              [--passphrase-file FILE | --passphrase-fd N]

Reads one private key in NIS hex on stdin (64 hex characters, or the 66- and
62-character forms NIS's BigInteger produces; surrounding white space is
ignored), or opens the keystore FILE, and prints JSON: network, publicKey,
address, prettyAddress, and for a keystore also label and keystore. The
private key is never printed.

Example:
  nemcustody key inspect --keystore vault-a.age --passphrase-file pass.txt

Flags:
  --network NETWORK   mainnet, testnet or mijin: required for a key on
                      stdin; for a keystore, the keystore's network, which
                      must match if given
  --keystore FILE     open this keystore instead of reading stdin
` + passphraseHelp,
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

Example:
  nemcustody key derive --network mainnet --account 0 < mnemonic.txt

Flags:
  --network NETWORK        mainnet, testnet or mijin (required)
  --account N              account number, 0 to 2147483647 (required)
  --passphrase-file FILE   read the BIP-39 passphrase from FILE (one
                           trailing newline is removed); any Unicode text,
                           normalized to NFKD as BIP-39 requires. There is
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
	label := flags.String("label", "", "")
	out := flags.String("out", "", "")
	workFactor := flags.Int("work-factor", keystore.DefaultWorkFactor, "")
	pf := addPassphraseFlags(flags)
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
	if *label == "" {
		return usagef("--label is required: a name for people, such as \"vault A\"")
	}
	if p := printable.Problem(*label, 64); p != "" {
		return usagef("--label %s", p)
	}
	if isFlagSet(flags, "out") && (*out == "" || *out == "-") {
		return usagef("--out must name a file: the key is only ever written to a new file")
	}
	if *workFactor < keystore.MinWorkFactor || *workFactor > keystore.MaxWorkFactor {
		return usagef("--work-factor must be from %d to %d", keystore.MinWorkFactor, keystore.MaxWorkFactor)
	}
	if err := pf.check(); err != nil {
		return err
	}
	if *out != "" {
		if err := checkOutput(*out, "keystore"); err != nil {
			return err
		}
	}

	pass, err := pf.readNew(e)
	if err != nil {
		return err
	}
	defer clear(pass)
	k, err := sign.GenerateKey(nil)
	if err != nil {
		return fmt.Errorf("generating key: %w", err)
	}
	defer k.Destroy()
	info := newKeyOutput(k, n)
	path := *out
	if path == "" {
		path = "nemcustody-" + info.Address.String() + ".age"
	}
	ksInfo := keystore.Info{Network: n, Label: *label, PublicKey: k.PublicKey()}
	data, err := keystore.Encrypt(k, ksInfo, pass, keystore.Options{WorkFactor: *workFactor})
	if err != nil {
		return err
	}
	if err := writeOutputs(e, newfile.File{Path: path, What: "keystore", Data: data, Perm: 0o600}); err != nil {
		return err
	}
	return writeJSON(e, keystoreOutput{info, *label, path})
}

// keystoreOutput is what key generate and key inspect --keystore print.
type keystoreOutput struct {
	keyOutput
	Label    string `json:"label"`
	Keystore string `json:"keystore"`
}

// isFlagSet reports whether the flag name was given on the command line.
func isFlagSet(flags *flag.FlagSet, name string) bool {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runKeyInspect(e *env, args []string) error {
	flags := newFlagSet("key inspect")
	network := flags.String("network", "", "")
	keystore := flags.String("keystore", "", "")
	pf := addPassphraseFlags(flags)
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// Not repeated: it may be the private key itself.
		return usagef("key inspect takes no arguments: it reads the private key on stdin, or --keystore")
	}
	if *keystore == "" {
		if pf.given() {
			return usagef("--passphrase-file and --passphrase-fd go with --keystore")
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
	n, haveNetwork, err := networkFlag(*network, false)
	if err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	k, info, err := openKeystore(e, *keystore, pf)
	if err != nil {
		return err
	}
	defer k.Destroy()
	if haveNetwork && n != info.Network {
		return fmt.Errorf("keystore %s is for %s, not %s", *keystore, info.Network, n)
	}
	return writeJSON(e, keystoreOutput{newKeyOutput(k, info.Network), info.Label, *keystore})
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
	k, path, err := hd.FromMnemonic(mnemonic, passphrase, n, uint32(acct))
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
