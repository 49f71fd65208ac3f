package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

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
	for _, g := range groups {
		out.Groups = append(out.Groups, groupOutput{g.MemberThreshold, g.MemberCount})
	}
	cards, err := d.cards(shares)
	if err != nil {
		return backupOutput{}, err
	}
	defer clearCards(cards)
	if *f.sharesDir != "" {
		out.ShareFiles, err = writeCards(e, *f.sharesDir, shares, cards)
		return out, err
	}
	out.Shown, err = showCards(e, sc, cards)
	return out, err
}

// cards returns the card of every share, in group and member order.
func (d backupCard) cards(shares [][]*slip39.Share) ([][]byte, error) {
	total := 0
	for _, g := range shares {
		total += len(g)
	}
	var cards [][]byte
	for _, g := range shares {
		for _, s := range g {
			words, err := s.ExportWords()
			if err != nil {
				clearCards(cards)
				return nil, err
			}
			cards = append(cards, []byte(d.text(s.Info(), len(g), len(cards)+1, total, words)))
			clear(words)
		}
	}
	return cards, nil
}

// clearCards overwrites the cards' bytes. (The strings they were built
// from cannot be cleared; the garbage collector frees them.)
func clearCards(cards [][]byte) {
	for _, c := range cards {
		clear(c)
	}
}

// writeCards writes each card to a new file share-G-M.txt in dir (mode
// 0600), all or none, and returns the paths.
func writeCards(e *env, dir string, shares [][]*slip39.Share, cards [][]byte) ([]string, error) {
	var files []newfile.File
	var paths []string
	for gi, g := range shares {
		for mi := range g {
			path := filepath.Join(dir, fmt.Sprintf("share-%d-%d.txt", gi+1, mi+1))
			files = append(files, newfile.File{Path: path, What: "share", Data: cards[len(files)], Perm: 0o600})
			paths = append(paths, path)
		}
	}
	if err := writeOutputs(e, files...); err != nil {
		return nil, err
	}
	return paths, nil
}

// showCards shows the cards one at a time on sc, each on a cleared
// screen and confirmed by the operator, and clears the screen after the
// last. It returns how many were shown and confirmed.
func showCards(e *env, sc screen, cards [][]byte) (int, error) {
	for i, c := range cards {
		if err := sc.Clear(); err != nil {
			return i, err
		}
		if err := sc.Show(string(c)); err != nil {
			return i, err
		}
		if _, err := e.term.ReadLine(fmt.Sprintf("\nPress Enter when share %d of %d is on paper and checked word by word: ", i+1, len(cards))); err != nil {
			sc.Clear()
			return i, fmt.Errorf("share %d of %d was shown but not confirmed: %w; start again and destroy what was written", i+1, len(cards), err)
		}
	}
	if err := sc.Clear(); err != nil {
		return len(cards), err
	}
	msg := fmt.Sprintf("All %d shares were shown. Check them with 'nemcustody key backup verify' before relying on them.\n", len(cards))
	return len(cards), sc.Show(msg)
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
