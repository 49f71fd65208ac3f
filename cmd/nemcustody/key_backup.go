package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
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
		workFactor: flags.Int("work-factor", coldwallet.DefaultWorkFactor, ""), pf: addPassphraseFlags(flags),
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
	if *f.workFactor < coldwallet.MinWorkFactor || *f.workFactor > coldwallet.MaxWorkFactor {
		return usagef("--work-factor must be from %d to %d", coldwallet.MinWorkFactor, coldwallet.MaxWorkFactor)
	}
	if err := checkNewPath(*f.out, "keystore"); err != nil {
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
	info := coldwallet.KeystoreInfo{Network: n, Label: *f.label, PublicKey: k.PublicKey()}
	if err := coldwallet.WriteKeystore(*f.out, k, info, pass, coldwallet.KeystoreOptions{WorkFactor: *f.workFactor}); err != nil {
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
		return nil, usagef("%s", strings.TrimPrefix(err.Error(), "slip39: "))
	}
	return groups, nil
}

// backupCard is what every share card of a backup says besides the
// share: the key and how to restore it.
type backupCard struct {
	network    sign.Network
	label      string
	pub        sign.PublicKey
	spec       slip39.KeySpec
	passphrase bool
	identifier uint16
}

// backupOutput is what key backup prints.
type backupOutput struct {
	Network           sign.Network   `json:"network"`
	PublicKey         sign.PublicKey `json:"publicKey"`
	Address           sign.Address   `json:"address"`
	Label             string         `json:"label"`
	Kind              string         `json:"kind"`
	RestoreFlags      string         `json:"restoreFlags"`
	Identifier        uint16         `json:"identifier"`
	GroupThreshold    int            `json:"groupThreshold"`
	Groups            []groupOutput  `json:"groups"`
	IterationExponent int            `json:"iterationExponent"`
	Passphrase        bool           `json:"passphrase"`
	Shown             int            `json:"shown,omitempty"`
	ShareFiles        []string       `json:"shareFiles,omitempty"`
	Keystore          string         `json:"keystore,omitempty"`
}

type groupOutput struct {
	MemberThreshold int `json:"memberThreshold"`
	MemberCount     int `json:"memberCount"`
}

// splitAndShow splits ms, and shows each share on sc or writes it under
// --shares-dir.
func splitAndShow(e *env, f *backupFlags, d backupCard, ms *slip39.MasterSecret, groups []slip39.Group, sc screen, pass []byte) (backupOutput, error) {
	shares, err := slip39.Split(ms, pass, *f.groupThreshold, groups, slip39.SplitOptions{IterationExponent: *f.exponent})
	if err != nil {
		return backupOutput{}, err
	}
	defer func() {
		for _, g := range shares {
			destroyShares(g)
		}
	}()
	d.passphrase = len(pass) > 0
	d.identifier = shares[0][0].Info().Identifier
	out := backupOutput{Network: d.network, PublicKey: d.pub, Address: d.pub.Address(d.network), Label: d.label, Kind: d.spec.String(),
		RestoreFlags: restoreFlags(d.network, d.spec), Identifier: d.identifier, GroupThreshold: *f.groupThreshold,
		IterationExponent: *f.exponent, Passphrase: d.passphrase}
	total := 0
	for _, g := range groups {
		out.Groups = append(out.Groups, groupOutput{g.MemberThreshold, g.MemberCount})
		total += g.MemberCount
	}
	var cards []string
	defer func() {
		for i := range cards {
			cards[i] = ""
		}
	}()
	for _, g := range shares {
		for _, s := range g {
			words, err := s.ExportWords()
			if err != nil {
				return backupOutput{}, err
			}
			cards = append(cards, d.text(s.Info(), len(g), len(cards)+1, total, words))
			clear(words)
		}
	}
	if *f.sharesDir != "" {
		var files []newFile
		i := 0
		for gi, g := range shares {
			for mi := range g {
				path := filepath.Join(*f.sharesDir, fmt.Sprintf("share-%d-%d.txt", gi+1, mi+1))
				files = append(files, newFile{path: path, what: "share", data: []byte(cards[i]), perm: 0o600})
				out.ShareFiles = append(out.ShareFiles, path)
				i++
			}
		}
		err := writeNewFiles(files...)
		for _, nf := range files {
			clear(nf.data)
		}
		return out, err
	}
	for i, c := range cards {
		if err := sc.Clear(); err != nil {
			return backupOutput{}, err
		}
		if err := sc.Show(c); err != nil {
			return backupOutput{}, err
		}
		if _, err := e.term.ReadLine(fmt.Sprintf("\nPress Enter when share %d of %d is on paper and checked word by word: ", i+1, total)); err != nil {
			sc.Clear()
			return backupOutput{}, fmt.Errorf("share %d of %d was shown but not confirmed: %w; start again and destroy what was written", i+1, total, err)
		}
		out.Shown++
	}
	if err := sc.Clear(); err != nil {
		return backupOutput{}, err
	}
	if err := sc.Show(fmt.Sprintf("All %d shares were shown. Check them with 'nemcustody key backup verify' before relying on them.\n", total)); err != nil {
		return backupOutput{}, err
	}
	return out, nil
}

// text returns the card of one share: the words, numbered, and what the
// share belongs to.
func (d backupCard) text(i slip39.ShareInfo, groupSize, number, total int, words []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "NEMCUSTODY KEY BACKUP - SLIP-39 SHARE %d OF %d\n\n", number, total)
	fmt.Fprintf(&b, "key:      %q, %s %s\n", d.label, d.network, d.pub.Address(d.network).Pretty())
	fmt.Fprintf(&b, "          public key %s\n", d.pub)
	switch d.spec.Kind {
	case slip39.Seed:
		fmt.Fprintf(&b, "kind:     seed (the key's 32-byte Ed25519 seed)\n")
	default:
		fmt.Fprintf(&b, "kind:     %s (an HD master secret; the key is SLIP-10 ed25519-keccak at that path)\n", d.spec)
	}
	fmt.Fprintf(&b, "restore:  nemcustody key restore %s --address %s\n", restoreFlags(d.network, d.spec), d.pub.Address(d.network))
	fmt.Fprintf(&b, "group:    %d of %d (%d group(s) restore the key)\n", i.GroupIndex+1, i.GroupCount, i.GroupThreshold)
	fmt.Fprintf(&b, "share:    %d of %d in this group (%d restore the group)\n", i.MemberIndex+1, groupSize, i.MemberThreshold)
	fmt.Fprintf(&b, "backup:   identifier %d", d.identifier)
	if d.passphrase {
		b.WriteString("; PASSPHRASE NEEDED (not on this card)")
	}
	b.WriteString("\n\n")
	for k, w := range words {
		switch {
		case k%4 == 3 || k == len(words)-1:
			fmt.Fprintf(&b, "%2d %s\n", k+1, w)
		default:
			fmt.Fprintf(&b, "%2d %-9s  ", k+1, w)
		}
	}
	b.WriteString("\nWrite down every line. Whoever gathers enough shares of this\nbackup")
	if d.passphrase {
		b.WriteString(" and its passphrase")
	}
	b.WriteString(" holds the key.\n")
	return b.String()
}

var keyBackupVerifyUsage = `Usage: nemcustody key backup verify (--keystore FILE | --public-key PUBKEY --network NETWORK)
                                    --kind KIND [--account N]
                                    [--share-passphrase-file FILE] [--shares-stdin]
                                    [--passphrase-file FILE | --passphrase-fd N]

Checks that a set of SLIP-39 shares restores the key of a keystore (or the
public key given): the test of a paper backup, before it is relied on,
and at every audit. The shares are typed on the terminal one at a time,
without echo, until the set is complete (a typo is reported by the word's
position and the share is asked again), or read from stdin, one a line,
with --shares-stdin. Nothing is written.

Prints JSON: ok, publicKey, address, kind, groupThreshold, groups (the
groups given, and their shares). A set that restores another key fails.

Example:
  nemcustody key backup verify --keystore vault-a.age --kind seed

Flags:
  --keystore FILE       the keystore whose key the shares must restore
  --public-key PUBKEY   or this public key (no passphrase needed)
  --network NETWORK     with --public-key: mainnet, testnet or mijin
  --shares-stdin        read the shares from stdin, one a line
` + kindHelp + sharePassphraseHelp + passphraseHelp

func runKeyBackupVerify(e *env, args []string) error {
	flags := newFlagSet("key backup verify")
	keystore := flags.String("keystore", "", "")
	pubFlag := flags.String("public-key", "", "")
	network := flags.String("network", "", "")
	fromStdin := flags.Bool("shares-stdin", false, "")
	sharePass := flags.String("share-passphrase-file", "", "")
	sf := addSpecFlags(flags)
	pf := addPassphraseFlags(flags)
	pos, err := parseFlags(flags, args)
	if errors.Is(err, flag.ErrHelp) {
		e.out.WriteString(keyBackupVerifyUsage)
		return nil
	}
	if err != nil {
		return usageWithHint(err, "key backup verify")
	}
	if len(pos) > 0 {
		return usageWithHint(usagef("key backup verify takes no arguments: the shares are typed or read on stdin"), "key backup verify")
	}
	if err := pf.check(); err != nil {
		return usageWithHint(err, "key backup verify")
	}
	if *fromStdin && pf.usesStdin() {
		return usageWithHint(usagef("--shares-stdin and --passphrase-fd 0 both read stdin"), "key backup verify")
	}
	var want sign.PublicKey
	var n sign.Network
	switch {
	case *keystore != "" && *pubFlag != "":
		return usageWithHint(usagef("--keystore and --public-key are alternatives"), "key backup verify")
	case *keystore != "":
		if *network != "" {
			return usageWithHint(usagef("--network goes with --public-key; a keystore names its network"), "key backup verify")
		}
		k, info, err := openKeystore(e, *keystore, pf)
		if err != nil {
			return err
		}
		want, n = k.PublicKey(), info.Network
		k.Destroy()
	case *pubFlag != "":
		if want, err = sign.ParsePublicKey(*pubFlag); err != nil {
			return usageWithHint(usagef("--public-key is not 64 hex characters"), "key backup verify")
		}
		if n, _, err = networkFlag(*network, true); err != nil {
			return usageWithHint(err, "key backup verify")
		}
	default:
		return usageWithHint(usagef("--keystore or --public-key is required: the key the shares must restore"), "key backup verify")
	}
	spec, err := sf.spec(n)
	if err != nil {
		return usageWithHint(err, "key backup verify")
	}
	pass, err := readSharePassphrase(*sharePass)
	if err != nil {
		return err
	}
	defer clear(pass)
	shares, err := readShares(e, *fromStdin)
	if err != nil {
		return err
	}
	st, _ := slip39.Check(shares)
	k, err := combineShares(shares, pass, spec)
	if err != nil {
		return err
	}
	got := k.PublicKey()
	k.Destroy()
	if got != want {
		return fmt.Errorf("the shares restore %s, not the expected %s: a wrong --kind or --account, a wrong share passphrase, or shares of another backup", got.Address(n), want.Address(n))
	}
	out := struct {
		OK             bool           `json:"ok"`
		PublicKey      sign.PublicKey `json:"publicKey"`
		Address        sign.Address   `json:"address"`
		Kind           string         `json:"kind"`
		GroupThreshold int            `json:"groupThreshold"`
		Groups         []groupShares  `json:"groups"`
	}{true, got, got.Address(n), spec.String(), st.GroupThreshold, nil}
	for _, g := range st.Groups {
		out.Groups = append(out.Groups, groupShares{g.Index + 1, g.MemberThreshold, g.Shares})
	}
	return writeJSON(e, out)
}

// groupShares is one group of a verified set.
type groupShares struct {
	Group           int `json:"group"`
	MemberThreshold int `json:"memberThreshold"`
	Shares          int `json:"shares"`
}

// usageWithHint sets the hint of a usage error of a command below a
// command ("key backup verify"), whose exec does not know its name.
func usageWithHint(err error, name string) error {
	var ue *usageError
	if errors.As(err, &ue) && ue.hint == "" {
		ue.hint = fmt.Sprintf("run 'nemcustody %s --help'", name)
	}
	return err
}
