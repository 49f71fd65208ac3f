package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

// What the share commands (key backup, key backup verify, key restore)
// have in common: the description of what a backup holds, the share
// passphrase, and reading shares.

// kindHelp explains --kind and --account.
const kindHelp = `  --kind KIND           what the backup holds, as its share cards say:
                        seed (a key's 32-byte Ed25519 seed, what
                        'key backup --keystore' splits) or slip10 (an HD
                        master secret, as 'key backup --new-hd' or a Trezor
                        Shamir backup makes; the key is SLIP-10
                        ed25519-keccak at m/44'/43'/N'/0'/0', coin type 1
                        on testnet). A wrong kind gives another key without
                        any error.
  --account N           the account number N of a slip10 backup
`

// sharePassphraseHelp explains --share-passphrase-file.
const sharePassphraseHelp = `  --share-passphrase-file FILE
                        the backup's SLIP-39 passphrase (its first line;
                        printable ASCII). Without it the passphrase is
                        empty. SLIP-39 cannot tell a wrong passphrase: it
                        restores another key, which the address check
                        catches.
`

// specFlags are --kind and --account.
type specFlags struct {
	kind, account *string
}

func addSpecFlags(flags interface {
	String(name, value, usage string) *string
}) *specFlags {
	return &specFlags{kind: flags.String("kind", "", ""), account: flags.String("account", "", "")}
}

// spec returns the key description the flags give for network n.
func (f *specFlags) spec(n sign.Network) (slip39.KeySpec, error) {
	switch *f.kind {
	case "":
		return slip39.KeySpec{}, usagef("--kind is required: seed or slip10, as the share cards say")
	case string(slip39.Seed):
		if *f.account != "" {
			return slip39.KeySpec{}, usagef("--account goes with --kind slip10")
		}
		return slip39.KeySpec{Kind: slip39.Seed}, nil
	case string(slip39.SLIP10):
		if *f.account == "" {
			return slip39.KeySpec{}, usagef("--kind slip10 needs --account: the account number on the share cards")
		}
		acct, err := strconv.ParseUint(*f.account, 10, 31)
		if err != nil {
			return slip39.KeySpec{}, usagef("--account must be a number from 0 to 2147483647")
		}
		path, err := hd.NEMPath(n, uint32(acct))
		if err != nil {
			return slip39.KeySpec{}, err
		}
		return slip39.KeySpec{Kind: slip39.SLIP10, Path: path}, nil
	}
	return slip39.KeySpec{}, usagef("--kind must be seed or slip10")
}

// restoreFlags returns the key restore flags that restore what spec
// describes on network n: the text the share cards print.
func restoreFlags(n sign.Network, spec slip39.KeySpec) string {
	s := fmt.Sprintf("--network %s --kind %s", n, spec.Kind)
	if spec.Kind == slip39.SLIP10 {
		s += fmt.Sprintf(" --account %d", spec.Path[2])
	}
	return s
}

// readSharePassphrase reads --share-passphrase-file; empty when not
// given. SLIP-39 allows printable ASCII only.
func readSharePassphrase(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	p, err := passphraseFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("share passphrase file: %w", err)
	}
	for i, c := range p {
		if c < 32 || c > 126 {
			clear(p)
			return nil, fmt.Errorf("share passphrase file: the character at byte %d is not printable ASCII (SLIP-39 allows only code points 32 to 126)", i+1)
		}
	}
	return p, nil
}

// maxShareAttempts bounds the shares asked on the terminal, typos
// included.
const maxShareAttempts = 64

// readShares returns the shares of one backup, exactly what recovery
// needs: from stdin, one share a line (blank lines skipped), or typed on
// the terminal one at a time, without echo, until the set is complete.
// Errors name a share by its number and a word by its position, never
// the text.
func readShares(e *env, fromStdin bool) ([]*slip39.Share, error) {
	if fromStdin {
		return readSharesStdin(e)
	}
	var shares []*slip39.Share
	for attempt := 0; attempt < maxShareAttempts; attempt++ {
		n := len(shares) + 1
		b, err := e.term.ReadPassphrase(fmt.Sprintf("Share %d, its words separated by spaces (not shown as you type): ", n))
		if err != nil {
			destroyShares(shares)
			return nil, fmt.Errorf("reading share %d: %w (--shares-stdin reads them from stdin)", n, err)
		}
		s, err := slip39.ParseShare(string(b))
		clear(b)
		if err != nil {
			printLine(e.stderr, "note", fmt.Sprintf("share %d not accepted: %v; type it again", n, err))
			continue
		}
		st, err := slip39.Check(append(shares, s))
		if err != nil {
			s.Destroy()
			printLine(e.stderr, "note", fmt.Sprintf("share %d not accepted: %v", n, err))
			continue
		}
		shares = append(shares, s)
		printLine(e.stderr, "note", "share accepted: "+progress(st))
		if st.Complete {
			return shares, nil
		}
	}
	destroyShares(shares)
	return nil, fmt.Errorf("%d shares asked without completing the set; nothing was restored", maxShareAttempts)
}

// readSharesStdin reads one share a line from stdin.
func readSharesStdin(e *env) ([]*slip39.Share, error) {
	b, err := readInput(e.stdin, "stdin")
	if err != nil {
		return nil, err
	}
	defer clear(b)
	var shares []*slip39.Share
	for _, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		s, err := slip39.ParseShare(string(line))
		if err != nil {
			destroyShares(shares)
			return nil, fmt.Errorf("share %d on stdin: %w", len(shares)+1, err)
		}
		shares = append(shares, s)
	}
	if len(shares) == 0 {
		return nil, errors.New("stdin holds no share: give one share a line")
	}
	if _, err := slip39.Check(shares); err != nil {
		destroyShares(shares)
		return nil, fmt.Errorf("shares on stdin: %w", err)
	}
	return shares, nil
}

// progress says what a set of shares still needs.
func progress(st slip39.Status) string {
	var parts []string
	for _, g := range st.Groups {
		parts = append(parts, fmt.Sprintf("group %d has %d of %d", g.Index+1, g.Shares, g.MemberThreshold))
	}
	s := strings.Join(parts, ", ")
	if st.GroupThreshold > 1 {
		s += fmt.Sprintf("; %d of the %d groups needed have shares", len(st.Groups), st.GroupThreshold)
	}
	if st.Complete {
		return s + "; the set is complete"
	}
	return s
}

// destroyShares destroys every share.
func destroyShares(shares []*slip39.Share) {
	for _, s := range shares {
		s.Destroy()
	}
}

// combineShares recovers the master secret and the key spec describes,
// destroying the shares.
func combineShares(shares []*slip39.Share, passphrase []byte, spec slip39.KeySpec) (*sign.PrivateKey, error) {
	defer destroyShares(shares)
	ms, err := slip39.Combine(shares, passphrase)
	if err != nil {
		return nil, fmt.Errorf("shares: %w", err)
	}
	defer ms.Destroy()
	k, err := spec.Key(ms)
	if err != nil {
		return nil, fmt.Errorf("shares: %w", err)
	}
	return k, nil
}
