package main

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
)

var keyImportCmd = &command{
	name:    "import",
	summary: "a BIP-39 mnemonic's HD key into a new encrypted keystore",
	run:     runKeyImport,
	usage: `Usage: nemcustody key import --network NETWORK (--account N | --path PATH)
                             --label LABEL [--out FILE] [--expect-address ADDRESS]
                             [--mnemonic-stdin]
                             [--bip39-passphrase-file FILE | --bip39-passphrase-prompt]
                             [--keystore-passphrase-file FILE | --keystore-passphrase-fd N]
                             [--work-factor W]

Derives the key of a BIP-39 mnemonic (English, 12 to 24 words) at an HD
path, as Trezor and Ledger do (SLIP-10 ed25519-keccak; by default
m/44'/43'/N'/0'/0', m/44'/1'/N'/0'/0' on testnet), and writes it to a new
encrypted keystore like 'key generate' does: the HD key never exists as a
hex file. Prints JSON: network, publicKey, address, prettyAddress, label,
keystore, path. The private key and the mnemonic are never printed.

Two different secrets, two different names: the BIP-39 passphrase (the
"25th word" of the mnemonic, part of what derives the key; none unless a
--bip39-passphrase flag is given) and the keystore passphrase (what
encrypts the new keystore file). No flag here is called just
"--passphrase".

The mnemonic is asked on the terminal without echo, or read from stdin
with --mnemonic-stdin. --expect-address refuses to write the keystore
unless the key's address is the one given (the address a hardware wallet
or an explorer shows): a mistyped BIP-39 passphrase gives another, valid,
empty wallet, and this catches it.

Example:
  nemcustody key import --network testnet --account 0 --label "vault A" \
    --expect-address TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF --out vault-a.age

Flags:
  --network NETWORK   mainnet, testnet or mijin (required)
  --account N         the NEM account number, 0 to 2147483647
  --path PATH         an HD path instead, every level hardened, such as
                      m/44'/43'/0'/0'/0'
  --label LABEL       a name for people, such as "vault A" (required)
  --out FILE          file to create (default: nemcustody-<ADDRESS>.age)
  --expect-address ADDRESS
                      refuse unless the derived key has this address
  --mnemonic-stdin    read the mnemonic from stdin instead of the terminal
  --bip39-passphrase-file FILE
                      read the BIP-39 passphrase from FILE (one trailing
                      newline removed; Unicode, normalized to NFKD)
  --bip39-passphrase-prompt
                      ask the BIP-39 passphrase on the terminal, twice
  --keystore-passphrase-file FILE
                      read the new keystore's passphrase from FILE
  --keystore-passphrase-fd N
                      read it from file descriptor N ('3<pass.txt'); without
                      either it is asked twice on the terminal
  --work-factor W     scrypt work factor of the keystore, 16 to 20 (default
                      18; see 'key generate --help' for time and memory)
`,
}

func runKeyImport(e *env, args []string) error {
	flags := newFlagSet("key import")
	network := flags.String("network", "", "")
	account := flags.String("account", "", "")
	pathFlag := flags.String("path", "", "")
	label := flags.String("label", "", "")
	out := flags.String("out", "", "")
	expect := flags.String("expect-address", "", "")
	mnemonicStdin := flags.Bool("mnemonic-stdin", false, "")
	bip39File := flags.String("bip39-passphrase-file", "", "")
	bip39Prompt := flags.Bool("bip39-passphrase-prompt", false, "")
	workFactor := flags.Int("work-factor", keystore.DefaultWorkFactor, "")
	pf := addPrefixedPassphraseFlags(flags, "keystore-")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		// Not repeated: it may be a mnemonic word.
		return usagef("key import takes no arguments: the mnemonic is asked on the terminal or read from stdin")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	path, err := importPath(n, *account, *pathFlag)
	if err != nil {
		return err
	}
	if err := labelFlag(*label); err != nil {
		return err
	}
	if isFlagSet(flags, "out") && (*out == "" || *out == "-") {
		return usagef("--out must name a file: the key is only ever written to a new file")
	}
	if *workFactor < keystore.MinWorkFactor || *workFactor > keystore.MaxWorkFactor {
		return usagef("--work-factor must be from %d to %d", keystore.MinWorkFactor, keystore.MaxWorkFactor)
	}
	if *bip39File != "" && *bip39Prompt {
		return usagef("--bip39-passphrase-file and --bip39-passphrase-prompt are alternatives: give one")
	}
	want, err := expectAddress(*expect)
	if err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	if *mnemonicStdin && pf.usesStdin() {
		return usagef("--mnemonic-stdin and --keystore-passphrase-fd 0 both want stdin")
	}
	if *out != "" {
		if err := checkOutput(*out, "keystore"); err != nil {
			return err
		}
	}

	k, err := importKey(e, path, *mnemonicStdin, *bip39File, *bip39Prompt)
	if err != nil {
		return err
	}
	defer k.Destroy()
	info := newKeyOutput(k, n)
	if want != nil && *want != info.Address {
		return fmt.Errorf("the key at %s has address %s, not the expected %s: check the mnemonic and the BIP-39 passphrase; nothing was written", path, info.Address, *want)
	}
	file, err := writeImportedKey(e, k, info, *label, *out, pf, *workFactor)
	if err != nil {
		return err
	}
	return writeJSON(e, struct {
		keystoreOutput
		Path string `json:"path"`
	}{keystoreOutput{info, *label, file}, path.String()})
}

// labelFlag checks --label: required, and printable (printable.Problem).
func labelFlag(label string) error {
	if label == "" {
		return usagef("--label is required: a name for people, such as \"vault A\"")
	}
	if p := printable.Problem(label, 64); p != "" {
		return usagef("--label %s", p)
	}
	return nil
}

// expectAddress reads --expect-address, or nil when it is not given.
func expectAddress(s string) (*sign.Address, error) {
	if s == "" {
		return nil, nil
	}
	a, err := sign.ParseAddress(s)
	if err != nil {
		return nil, usagef("--expect-address: %v", err)
	}
	return &a, nil
}

// importPath is the derivation path of --account N (NEM's path for
// network n) or --path.
func importPath(n sign.Network, account, pathFlag string) (hd.Path, error) {
	switch {
	case (account == "") == (pathFlag == ""):
		return nil, usagef("give --account N or --path PATH")
	case account != "":
		acct, err := strconv.ParseUint(account, 10, 31)
		if err != nil {
			return nil, usagef("--account must be a number from 0 to 2147483647")
		}
		return hd.NEMPath(n, uint32(acct))
	}
	path, err := hd.ParsePath(pathFlag)
	if err != nil {
		return nil, usagef("--path: %v", err)
	}
	return path, nil
}

// writeImportedKey asks for the new keystore's passphrase and writes the
// keystore of k to out (or a name made from its address), returning the
// file's name.
func writeImportedKey(e *env, k *sign.PrivateKey, info keyOutput, label, out string, pf *passphraseFlags, workFactor int) (string, error) {
	pass, err := pf.readNew(e)
	if err != nil {
		return "", err
	}
	defer clear(pass)
	file := out
	if file == "" {
		file = "nemcustody-" + info.Address.String() + ".age"
	}
	data, err := keystore.Encrypt(k, keystore.Info{Network: info.Network, Label: label, PublicKey: k.PublicKey()}, pass,
		keystore.Options{WorkFactor: workFactor})
	if err != nil {
		return "", err
	}
	if err := writeOutputs(e, newfile.File{Path: file, What: "keystore", Data: data, Perm: 0o600}); err != nil {
		return "", err
	}
	return file, nil
}

// importKey reads the mnemonic and the BIP-39 passphrase and derives the
// key at path.
func importKey(e *env, path hd.Path, fromStdin bool, bip39File string, bip39Prompt bool) (*sign.PrivateKey, error) {
	var mnemonic []byte
	var err error
	if fromStdin {
		mnemonic, err = readInput(e.stdin, "stdin")
	} else {
		mnemonic, err = e.term.ReadPassphrase("BIP-39 mnemonic (words separated by spaces; not shown): ")
	}
	if err != nil {
		return nil, err
	}
	defer clear(mnemonic)
	passphrase := ""
	switch {
	case bip39File != "":
		if passphrase, err = readPassphraseFile(bip39File); err != nil {
			return nil, err
		}
	case bip39Prompt:
		p, err := e.term.ReadPassphrase("BIP-39 passphrase (the mnemonic's \"25th word\", not the keystore's): ")
		if err != nil {
			return nil, err
		}
		again, err := e.term.ReadPassphrase("Repeat the BIP-39 passphrase: ")
		if err != nil {
			clear(p)
			return nil, err
		}
		same := subtle.ConstantTimeCompare(p, again) == 1
		clear(again)
		passphrase = string(p)
		clear(p)
		if !same {
			return nil, errors.New("the two BIP-39 passphrases differ; nothing was written")
		}
	}
	seed, err := hd.Seed(string(bytes.TrimSpace(mnemonic)), passphrase)
	if err != nil {
		return nil, fmt.Errorf("mnemonic: %w", err)
	}
	defer clear(seed)
	return hd.Derive(seed, path)
}
