package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/slip39"
)

var keyBackupCmd = &command{
	name:    "backup",
	summary: "split a key into SLIP-39 shares for paper ('backup verify' checks them)",
	run:     runKeyBackup,
	usage: `Usage: nemcustody key backup --keystore FILE --group T-of-N [--group T-of-N]...
                             [--group-threshold G] [--share-passphrase-file FILE]
                             [--iteration-exponent E] [--shares-dir DIR]
                             [--passphrase-file FILE | --passphrase-fd N]
       nemcustody key backup --new-hd --network NETWORK --account N --label LABEL
                             --out FILE --group T-of-N... [the flags above]
       nemcustody key backup verify --help

Splits an offline key into SLIP-39 (Shamir) shares, words to write on
paper and give to different custodians: any G groups, each with T of its N
shares, restore the key ('nemcustody key restore'); fewer reveal nothing.
Record who holds which share in the plan (plan create --shares), which
refuses a layout that lets one custodian restore the key alone or puts a
share on the online side.

With --keystore, the key's 32-byte Ed25519 seed is split (kind "seed").
With --new-hd, a new random 256-bit HD master secret is made and split
(kind "slip10"), and the key of account N (SLIP-10 ed25519-keccak at
m/44'/43'/N'/0'/0', coin type 1 on testnet, as Trezor derives it) is
written to a new keystore --out, like 'key generate', once every share has
been shown.

The shares are shown on the terminal, one at a time, each on a card that
also names the key (label, address), the kind and the exact 'key restore'
flags: shares do not say what they hold, and a restore with the wrong kind
silently gives another key. Write each card down, press Enter, and the
screen is cleared before the next. They are never printed on stdout and
never written to a file, unless --shares-dir DIR asks for one new file per
share (share-G-M.txt, mode 0600): for a printer, say, on the offline
machine. Check the paper with 'nemcustody key backup verify'.

Prints JSON: network, publicKey, address, label, kind, restoreFlags,
identifier (the same on every share: its first two words), groupThreshold,
groups, iterationExponent, passphrase (whether the shares need one),
shown or shareFiles, and with --new-hd keystore. Never a share word.

Example:
  nemcustody key backup --keystore vault-a.age --group 2-of-3
  nemcustody key backup --keystore vault-a.age --group-threshold 2 \
    --group 1-of-1 --group 1-of-1 --group 2-of-3

Flags:
  --keystore FILE         the key to back up
  --new-hd                make a new HD key instead (needs --network,
                          --account, --label, --out)
  --group T-of-N          a group of N shares of which T restore it (T is 2
                          or more, or 1-of-1; N up to 16); one per group
  --group-threshold G     how many groups restore the key (default 1)
  --iteration-exponent E  PBKDF2 work of the encryption, 10000 << E
                          iterations (1 to 15, default 1)
  --shares-dir DIR        write each share to a new file in DIR instead of
                          showing it
  --network, --account, --label, --out, --work-factor
                          with --new-hd, as for 'key generate' and
                          'key derive'
` + sharePassphraseHelp + passphraseHelp,
}

// backupFlags are the flags of key backup.
type backupFlags struct {
	keystore, network, account, label, out, sharePass, sharesDir *string
	newHD                                                        *bool
	groups                                                       stringList
	groupThreshold, exponent, workFactor                         *int
	pf                                                           *passphraseFlags
}

func runKeyBackup(e *env, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return runKeyBackupVerify(e, args[1:])
	}
	flags := newFlagSet("key backup")
	f := &backupFlags{
		keystore: flags.String("keystore", "", ""), network: flags.String("network", "", ""), account: flags.String("account", "", ""),
		label: flags.String("label", "", ""), out: flags.String("out", "", ""), sharePass: flags.String("share-passphrase-file", "", ""),
		sharesDir: flags.String("shares-dir", "", ""), newHD: flags.Bool("new-hd", false, ""),
		groupThreshold: flags.Int("group-threshold", 1, ""), exponent: flags.Int("iteration-exponent", slip39.DefaultIterationExponent, ""),
		workFactor: flags.Int("work-factor", keystore.DefaultWorkFactor, ""), pf: addPassphraseFlags(flags),
	}
	flags.Var(&f.groups, "group", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("key backup takes no arguments (but 'key backup verify')")
	}
	groups, err := layoutFlags(f.groups, *f.groupThreshold)
	if err != nil {
		return err
	}
	if *f.exponent < 1 || *f.exponent > slip39.MaxIterationExponent {
		return usagef("--iteration-exponent must be from 1 to %d", slip39.MaxIterationExponent)
	}
	if err := f.pf.check(); err != nil {
		return err
	}
	var sc screen
	if *f.sharesDir != "" {
		if st, err := os.Stat(*f.sharesDir); err != nil || !st.IsDir() {
			return fmt.Errorf("--shares-dir %s is not a directory", *f.sharesDir)
		}
	} else if sc, err = screenOf(e, "--shares-dir DIR writes them to files instead"); err != nil {
		return err
	}
	pass, err := readSharePassphrase(*f.sharePass)
	if err != nil {
		return err
	}
	defer clear(pass)
	if *f.newHD {
		return backupNewHD(e, f, groups, sc, pass)
	}
	if *f.keystore == "" {
		return usagef("--keystore is required: the key to back up (or --new-hd)")
	}
	for _, name := range []string{"network", "account", "label", "out"} {
		if isFlagSet(flags, name) {
			return usagef("--%s goes with --new-hd; a keystore names its own network and label", name)
		}
	}
	k, info, err := openKeystore(e, *f.keystore, f.pf)
	if err != nil {
		return err
	}
	defer k.Destroy()
	ms, err := slip39.SeedSecret(k)
	if err != nil {
		return err
	}
	defer ms.Destroy()
	d := backupCard{network: info.Network, label: info.Label, pub: k.PublicKey(), spec: slip39.KeySpec{Kind: slip39.Seed}}
	out, err := splitAndShow(e, f, d, ms, groups, sc, pass)
	if err != nil {
		return err
	}
	return writeJSON(e, out)
}

// backupNewHD is key backup --new-hd.
func backupNewHD(e *env, f *backupFlags, groups []slip39.Group, sc screen, sharePass []byte) error {
	if *f.keystore != "" {
		return usagef("--keystore and --new-hd are alternatives")
	}
	n, _, err := networkFlag(*f.network, true)
	if err != nil {
		return err
	}
	if *f.account == "" {
		return usagef("--account is required with --new-hd: the account number, 0 for the first")
	}
	kind := string(slip39.SLIP10)
	spec, err := (&specFlags{kind: &kind, account: f.account}).spec(n)
	if err != nil {
		return err
	}
	if *f.label == "" {
		return usagef("--label is required with --new-hd: a name for people, such as \"vault A\"")
	}
	if p := printable.Problem(*f.label, 64); p != "" {
		return usagef("--label %s", p)
	}
	if *f.out == "" || *f.out == "-" {
		return usagef("--out is required with --new-hd: the new keystore file")
	}
	if *f.workFactor < keystore.MinWorkFactor || *f.workFactor > keystore.MaxWorkFactor {
		return usagef("--work-factor must be from %d to %d", keystore.MinWorkFactor, keystore.MaxWorkFactor)
	}
	if err := checkOutput(*f.out, "keystore"); err != nil {
		return err
	}
	pass, err := f.pf.readNew(e)
	if err != nil {
		return err
	}
	defer clear(pass)
	ms, err := slip39.GenerateMasterSecret(nil, 32)
	if err != nil {
		return err
	}
	defer ms.Destroy()
	k, err := spec.Key(ms)
	if err != nil {
		return err
	}
	defer k.Destroy()
	d := backupCard{network: n, label: *f.label, pub: k.PublicKey(), spec: spec}
	out, err := splitAndShow(e, f, d, ms, groups, sc, sharePass)
	if err != nil {
		return err
	}
	// The keystore comes last: a key whose shares were never all shown
	// does not exist.
	info := keystore.Info{Network: n, Label: *f.label, PublicKey: k.PublicKey()}
	if err := writeKeystore(*f.out, k, info, pass, keystore.Options{WorkFactor: *f.workFactor}); err != nil {
		return fmt.Errorf("%w (the shares shown are of a key that was not kept: destroy them)", err)
	}
	out.Keystore = *f.out
	return writeJSON(e, out)
}

// layoutFlags parses --group T-of-N (repeated) and --group-threshold.
func layoutFlags(specs []string, threshold int) ([]slip39.Group, error) {
	if len(specs) == 0 {
		return nil, usagef("--group T-of-N is required, once for each group (2-of-3 for three shares of which two restore the key)")
	}
	var groups []slip39.Group
	for i, s := range specs {
		t, n, ok := strings.Cut(s, "-of-")
		tv, err1 := strconv.Atoi(t)
		nv, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil {
			return nil, usagef("--group %d: want T-of-N, such as 2-of-3", i+1)
		}
		groups = append(groups, slip39.Group{MemberThreshold: tv, MemberCount: nv})
	}
	if err := slip39.CheckLayout(threshold, groups); err != nil {
		return nil, usagef("%v", err)
	}
	return groups, nil
}
