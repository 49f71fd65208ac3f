package slip39

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Group is the layout of one group of a split: how many shares it has
// and how many of them recover the group's share.
type Group struct {
	// MemberThreshold is how many of the group's shares recovery needs,
	// 1 to MemberCount.
	MemberThreshold int
	// MemberCount is how many shares the group has, 1 to 16. A group
	// with MemberThreshold 1 must have MemberCount 1: its shares would
	// all be copies (SLIP-39 forbids it).
	MemberCount int
}

// DefaultIterationExponent is the exponent Split uses when
// SplitOptions.IterationExponent is 0: 20000 PBKDF2 iterations, the
// reference implementation's default.
const DefaultIterationExponent = 1

// SplitOptions tunes Split. The zero value is the safe default.
type SplitOptions struct {
	// IterationExponent e, 1 to 15: the encryption runs 10000 << e
	// PBKDF2 iterations. 0 means DefaultIterationExponent. Each step
	// doubles the work of every restore (and of a passphrase guess).
	IterationExponent int
	// Random is the source of the identifier and the random share
	// parts; crypto/rand when nil. Tests pass a deterministic reader.
	Random io.Reader
}

// CheckLayout checks a group layout: 1 to 16 groups, a group threshold
// from 1 to the number of groups, and every group as Group says. The
// error wraps ErrLayout.
func CheckLayout(groupThreshold int, groups []Group) error {
	if len(groups) < 1 || len(groups) > 16 {
		return fmt.Errorf("slip39: %w: %d groups, want 1 to 16", ErrLayout, len(groups))
	}
	if groupThreshold < 1 || groupThreshold > len(groups) {
		return fmt.Errorf("slip39: %w: group threshold %d with %d groups, want 1 to %d", ErrLayout, groupThreshold, len(groups), len(groups))
	}
	for i, g := range groups {
		switch {
		case g.MemberCount < 1 || g.MemberCount > 16:
			return fmt.Errorf("slip39: %w: group %d has %d shares, want 1 to 16", ErrLayout, i+1, g.MemberCount)
		case g.MemberThreshold < 1 || g.MemberThreshold > g.MemberCount:
			return fmt.Errorf("slip39: %w: group %d needs %d of %d shares, want 1 to %d", ErrLayout, i+1, g.MemberThreshold, g.MemberCount, g.MemberCount)
		case g.MemberThreshold == 1 && g.MemberCount > 1:
			return fmt.Errorf("slip39: %w: group %d is 1 of %d: its shares would be copies of one another; make it 1 of 1 and copy that share", ErrLayout, i+1, g.MemberCount)
		}
	}
	return nil
}

// Split splits the master secret into shares, as SLIP-39's "Generating
// the shares" says: the secret is encrypted with the passphrase (empty
// for none; printable ASCII only), split into one share per group of
// which groupThreshold recover it, and each group's share split again
// into its members. The result holds the shares of each group, in group
// order; shares carry the extendable backup flag.
//
// Before returning, Split recovers the secret from the first
// groupThreshold groups' first shares and checks that it is ms: a backup
// that does not restore is a lost key.
func Split(ms *MasterSecret, passphrase []byte, groupThreshold int, groups []Group, opts SplitOptions) ([][]*Share, error) {
	secret, err := ms.live()
	if err != nil {
		return nil, err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	if err := CheckLayout(groupThreshold, groups); err != nil {
		return nil, err
	}
	e := opts.IterationExponent
	if e == 0 {
		e = DefaultIterationExponent
	}
	if e < 0 || e > MaxIterationExponent {
		return nil, fmt.Errorf("slip39: %w: iteration exponent %d, want 1 to %d", ErrLayout, e, MaxIterationExponent)
	}
	random := opts.Random
	if random == nil {
		random = rand.Reader
	}
	var id [2]byte
	if _, err := io.ReadFull(random, id[:]); err != nil {
		return nil, fmt.Errorf("slip39: %w: %w", ErrRandom, err)
	}
	info := ShareInfo{Identifier: binary.BigEndian.Uint16(id[:]) & (1<<15 - 1), Extendable: true, IterationExponent: uint8(e),
		GroupThreshold: uint8(groupThreshold), GroupCount: uint8(len(groups))}
	out, err := split(secret, passphrase, info, groups, random)
	if err != nil {
		return nil, err
	}
	// Recover once, the way a restore will.
	var some []*Share
	for _, g := range out[:groupThreshold] {
		some = append(some, g[:g[0].info.MemberThreshold]...)
	}
	back, err := Combine(some, passphrase)
	if err == nil && !back.Equal(ms) {
		err = errors.New("slip39: internal error: the shares do not recover the secret")
	}
	back.Destroy()
	if err != nil {
		destroyAll(out)
		return nil, err
	}
	return out, nil
}

// split encrypts secret and splits it with the common fields of info
// (identifier, flag, exponent, group threshold and count).
func split(secret, passphrase []byte, info ShareInfo, groups []Group, random io.Reader) ([][]*Share, error) {
	ems, err := feistel(secret, passphrase, info, false)
	if err != nil {
		return nil, err
	}
	defer clear(ems)
	groupShares, err := splitSecret(int(info.GroupThreshold), len(groups), ems, random)
	if err != nil {
		return nil, err
	}
	defer clearPoints(groupShares)
	out := make([][]*Share, len(groups))
	for gi, g := range groups {
		members, err := splitSecret(g.MemberThreshold, g.MemberCount, groupShares[gi].y, random)
		if err != nil {
			destroyAll(out)
			return nil, err
		}
		for _, m := range members {
			si := info
			si.GroupIndex, si.MemberThreshold, si.MemberIndex = uint8(gi), uint8(g.MemberThreshold), m.x
			out[gi] = append(out[gi], &Share{info: si, value: newHidden(m.y)})
		}
		clearPoints(members)
	}
	return out, nil
}

// destroyAll destroys every share of groups.
func destroyAll(groups [][]*Share) {
	for _, g := range groups {
		for _, s := range g {
			s.Destroy()
		}
	}
}
