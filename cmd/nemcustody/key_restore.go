package main

import (
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

var keyRestoreCmd = &command{
	name:    "restore",
	summary: "restore a key from SLIP-39 shares into a new keystore",
	run:     runKeyRestore,
	usage: `Usage: nemcustody key restore --network NETWORK --kind KIND [--account N]
                              --label LABEL --out FILE [--address ADDRESS]
                              [--share-passphrase-file FILE] [--shares-stdin]
                              [--passphrase-file FILE | --passphrase-fd N]
                              [--work-factor W]

Restores a key from SLIP-39 shares ('nemcustody key backup', or a Trezor
Shamir backup with --kind slip10) and writes it to a new encrypted
keystore, as 'key generate' does. The shares may come in any order. They
are typed on the terminal one at a time, without echo, until the set is
complete: a word that is not in the SLIP-39 list is reported by its
position, never repeated, and the share asked again; a share of another
backup or one too many is refused and the others kept. With --shares-stdin
they are read from stdin, one a line.

Shares do not say what they hold, and SLIP-39 cannot tell a wrong
passphrase: a wrong --kind, --account or share passphrase restores another
key without any error. So give --address, the address on the share cards:
a key with another address is refused and nothing is written. Without it
the restored address is printed with a warning to compare it by hand.

Prints JSON: network, publicKey, address, prettyAddress, label, keystore,
kind, checked (whether --address was compared). The key and the shares
are never printed.

Example:
  nemcustody key restore --network testnet --kind seed --address TB... \
    --label "vault A" --out vault-a-restored.age

Flags:
  --network NETWORK     mainnet, testnet or mijin (required)
  --address ADDRESS     the address the key must have (from the cards)
  --label LABEL         a name for people (required)
  --out FILE            the new keystore (required; never overwritten)
  --shares-stdin        read the shares from stdin, one a line
  --work-factor W       scrypt work factor of the keystore, 16 to 20
                        (default 18)
` + kindHelp + sharePassphraseHelp + passphraseHelp,
}

// restoreArgs are key restore's flags, checked.
type restoreArgs struct {
	network    sign.Network
	spec       slip39.KeySpec
	want       *sign.Address
	label, out string
	fromStdin  bool
	sharePass  string
	workFactor int
	pf         *passphraseFlags
}

// parseRestoreArgs parses and checks key restore's command line.
func parseRestoreArgs(args []string) (*restoreArgs, error) {
	flags := newFlagSet("key restore")
	network := flags.String("network", "", "")
	address := flags.String("address", "", "")
	label := flags.String("label", "", "")
	out := flags.String("out", "", "")
	fromStdin := flags.Bool("shares-stdin", false, "")
	sharePass := flags.String("share-passphrase-file", "", "")
	workFactor := flags.Int("work-factor", keystore.DefaultWorkFactor, "")
	sf := addSpecFlags(flags)
	a := &restoreArgs{pf: addPassphraseFlags(flags)}
	pos, err := parseFlags(flags, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		// Not repeated: it may be a share word.
		return nil, usagef("key restore takes no arguments: the shares are typed or read on stdin")
	}
	a.label, a.out, a.fromStdin, a.sharePass, a.workFactor = *label, *out, *fromStdin, *sharePass, *workFactor
	if a.network, _, err = networkFlag(*network, true); err != nil {
		return nil, err
	}
	if a.spec, err = sf.spec(a.network); err != nil {
		return nil, err
	}
	if *address != "" {
		addr, err := sign.ParseAddress(*address)
		if err != nil {
			return nil, usagef("--address is not a NEM address")
		}
		if err := addr.CheckNetwork(a.network); err != nil {
			return nil, usagef("--address is not a %s address", a.network)
		}
		a.want = &addr
	}
	switch {
	case a.label == "":
		return nil, usagef("--label is required: a name for people, such as \"vault A\"")
	case printable.Problem(a.label, 64) != "":
		return nil, usagef("--label %s", printable.Problem(a.label, 64))
	case a.out == "" || a.out == "-":
		return nil, usagef("--out is required: the key is only ever written to a new keystore file")
	case a.workFactor < keystore.MinWorkFactor || a.workFactor > keystore.MaxWorkFactor:
		return nil, usagef("--work-factor must be from %d to %d", keystore.MinWorkFactor, keystore.MaxWorkFactor)
	}
	if err := a.pf.check(); err != nil {
		return nil, err
	}
	if a.fromStdin && a.pf.usesStdin() {
		return nil, usagef("--shares-stdin and --passphrase-fd 0 both read stdin")
	}
	return a, nil
}

func runKeyRestore(e *env, args []string) error {
	a, err := parseRestoreArgs(args)
	if err != nil {
		return err
	}
	if err := checkOutput(a.out, "keystore"); err != nil {
		return err
	}
	pass, err := readSharePassphrase(a.sharePass)
	if err != nil {
		return err
	}
	defer clear(pass)
	shares, err := readShares(e, a.fromStdin)
	if err != nil {
		return err
	}
	k, err := combineShares(shares, pass, a.spec)
	if err != nil {
		return err
	}
	defer k.Destroy()
	got := k.Address(a.network)
	if a.want != nil && got != *a.want {
		return fmt.Errorf("the shares restore %s, not %s: a wrong --kind or --account, a wrong share passphrase, or shares of another backup; nothing was written", got, *a.want)
	}
	kpass, err := a.pf.readNew(e)
	if err != nil {
		return err
	}
	defer clear(kpass)
	info := keystore.Info{Network: a.network, Label: a.label, PublicKey: k.PublicKey()}
	if err := writeKeystore(a.out, k, info, kpass, keystore.Options{WorkFactor: a.workFactor}); err != nil {
		return err
	}
	if a.want == nil {
		e.warn("the restored key was not compared with an expected address (--address): check that %s is the address on the share cards", got)
	}
	return writeJSON(e, struct {
		keystoreOutput
		Kind    string `json:"kind"`
		Checked bool   `json:"checked"`
	}{keystoreOutput{newKeyOutput(k, a.network), a.label, a.out}, a.spec.String(), a.want != nil})
}
