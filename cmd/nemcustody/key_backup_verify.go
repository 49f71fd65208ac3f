package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

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
	// --kind and --account are checked before a passphrase is asked (the
	// path depends on the network, which a keystore names).
	if _, err := sf.spec(sign.Mainnet); err != nil {
		return usageWithHint(err, "key backup verify")
	}
	want, n, err := verifyTarget(e, *keystore, *pubFlag, *network, pf)
	if err != nil {
		return usageWithHint(err, "key backup verify")
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

// verifyTarget returns the public key the shares must restore, and its
// network: the keystore's, or --public-key on --network.
func verifyTarget(e *env, keystore, pubFlag, network string, pf *passphraseFlags) (sign.PublicKey, sign.Network, error) {
	switch {
	case keystore != "" && pubFlag != "":
		return sign.PublicKey{}, 0, usagef("--keystore and --public-key are alternatives")
	case keystore != "":
		if network != "" {
			return sign.PublicKey{}, 0, usagef("--network goes with --public-key; a keystore names its network")
		}
		k, info, err := openKeystore(e, keystore, pf)
		if err != nil {
			return sign.PublicKey{}, 0, err
		}
		defer k.Destroy()
		return k.PublicKey(), info.Network, nil
	case pubFlag != "":
		want, err := sign.ParsePublicKey(pubFlag)
		if err != nil {
			return sign.PublicKey{}, 0, usagef("--public-key is not 64 hex characters")
		}
		n, _, err := networkFlag(network, true)
		return want, n, err
	}
	return sign.PublicKey{}, 0, usagef("--keystore or --public-key is required: the key the shares must restore")
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
