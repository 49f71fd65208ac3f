package slip39

import (
	"fmt"
	"slices"
)

// Status describes a set of shares gathered for recovery.
type Status struct {
	// GroupThreshold is how many groups recovery needs; GroupCount how
	// many the backup has.
	GroupThreshold, GroupCount int
	// Groups are the groups that have shares, by group index.
	Groups []GroupStatus
	// Complete is true when the shares are exactly what Combine needs:
	// GroupThreshold groups, each with its member threshold of shares.
	Complete bool
}

// GroupStatus is one group of a Status.
type GroupStatus struct {
	// Index is the group index (the group's number minus one).
	Index int
	// MemberThreshold is how many of the group's shares recovery needs;
	// Shares how many were given.
	MemberThreshold, Shares int
}

// Check checks that shares can belong to one backup and that none is
// more than recovery takes, and says what is still missing. The error
// wraps ErrNoShares, ErrPassphrase, ErrMismatch (a *MismatchError naming
// the field and the share), ErrDuplicateMember, ErrTooManyGroups or
// ErrTooManyMembers; shares are numbered from 1 in the order given. A
// set that is merely incomplete is no error: see Status.Complete.
//
// An interactive recovery calls Check after each share, so that a share
// that does not fit is refused at once and the others are kept.
func Check(shares []*Share) (Status, error) {
	if len(shares) == 0 {
		return Status{}, fmt.Errorf("slip39: %w", ErrNoShares)
	}
	first := shares[0].info
	st := Status{GroupThreshold: int(first.GroupThreshold), GroupCount: int(first.GroupCount)}
	for n, s := range shares {
		i := s.info
		if s.value.bytes() == nil {
			return Status{}, fmt.Errorf("slip39: share %d: %w", n+1, ErrDestroyed)
		}
		field := ""
		switch {
		case i.Identifier != first.Identifier:
			field = "identifier"
		case i.Extendable != first.Extendable:
			field = "extendable flag"
		case i.IterationExponent != first.IterationExponent:
			field = "iteration exponent"
		case i.GroupThreshold != first.GroupThreshold:
			field = "group threshold"
		case i.GroupCount != first.GroupCount:
			field = "group count"
		case s.ValueLen() != shares[0].ValueLen():
			field = "share length"
		}
		if field != "" {
			return Status{}, &MismatchError{Share: n + 1, Field: field}
		}
		g := slices.IndexFunc(st.Groups, func(g GroupStatus) bool { return g.Index == int(i.GroupIndex) })
		if g < 0 {
			if len(st.Groups) == st.GroupThreshold {
				return Status{}, fmt.Errorf("slip39: share %d: %w: it is of a group beyond the %d needed", n+1, ErrTooManyGroups, st.GroupThreshold)
			}
			st.Groups = append(st.Groups, GroupStatus{Index: int(i.GroupIndex), MemberThreshold: int(i.MemberThreshold)})
			g = len(st.Groups) - 1
		}
		gs := &st.Groups[g]
		if int(i.MemberThreshold) != gs.MemberThreshold {
			return Status{}, &MismatchError{Share: n + 1, Field: "member threshold"}
		}
		for m, o := range shares[:n] {
			if o.info.GroupIndex == i.GroupIndex && o.info.MemberIndex == i.MemberIndex {
				return Status{}, fmt.Errorf("slip39: %w: shares %d and %d are both member %d of group %d", ErrDuplicateMember, m+1, n+1, i.MemberIndex+1, i.GroupIndex+1)
			}
		}
		if gs.Shares == gs.MemberThreshold {
			return Status{}, fmt.Errorf("slip39: share %d: %w: group %d needs %d", n+1, ErrTooManyMembers, i.GroupIndex+1, gs.MemberThreshold)
		}
		gs.Shares++
	}
	slices.SortFunc(st.Groups, func(a, b GroupStatus) int { return a.Index - b.Index })
	st.Complete = len(st.Groups) == st.GroupThreshold
	for _, g := range st.Groups {
		st.Complete = st.Complete && g.Shares == g.MemberThreshold
	}
	return st, nil
}

// Combine recovers the master secret from shares and the passphrase
// (empty when the backup has none), as SLIP-39's "Combining the shares"
// says: exactly the group threshold of groups, each with exactly its
// member threshold of shares, in any order. Besides Check's errors it
// returns ErrNotEnoughGroups, ErrNotEnoughMembers, and ErrDigest when the
// shares fit together but do not recover the secret they were made from
// (a damaged or forged share).
//
// A wrong passphrase is not an error: SLIP-39 cannot tell, and every
// passphrase gives some secret. Check the result against what it should
// be (the public key of the key it restores).
func Combine(shares []*Share, passphrase []byte) (*MasterSecret, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	st, err := Check(shares)
	if err != nil {
		return nil, err
	}
	if len(st.Groups) < st.GroupThreshold {
		return nil, fmt.Errorf("slip39: %w: shares of %d group(s), the backup needs %d of its %d groups", ErrNotEnoughGroups, len(st.Groups), st.GroupThreshold, st.GroupCount)
	}
	var groupShares []point
	defer func() { clearPoints(groupShares) }()
	for _, g := range st.Groups {
		if g.Shares < g.MemberThreshold {
			return nil, fmt.Errorf("slip39: %w: group %d has %d of the %d shares it needs", ErrNotEnoughMembers, g.Index+1, g.Shares, g.MemberThreshold)
		}
		var members []point
		for _, s := range shares {
			if int(s.info.GroupIndex) == g.Index {
				members = append(members, point{s.info.MemberIndex, s.value.bytes()})
			}
		}
		y, ok := recoverSecret(g.MemberThreshold, members)
		if !ok {
			return nil, fmt.Errorf("slip39: %w: the shares of group %d do not recover its share (one of them is damaged or forged)", ErrDigest, g.Index+1)
		}
		groupShares = append(groupShares, point{byte(g.Index), y})
	}
	ems, ok := recoverSecret(st.GroupThreshold, groupShares)
	if !ok {
		return nil, fmt.Errorf("slip39: %w: the groups do not recover the secret (a share is damaged or forged)", ErrDigest)
	}
	defer clear(ems)
	ms, err := feistel(ems, passphrase, shares[0].info, true)
	if err != nil {
		return nil, err
	}
	defer clear(ms)
	return NewMasterSecret(ms)
}

// checkPassphrase refuses a passphrase SLIP-39 does not allow: anything
// but printable ASCII (32 to 126). The error never repeats it.
func checkPassphrase(p []byte) error {
	for i, c := range p {
		if c < 32 || c > 126 {
			return fmt.Errorf("slip39: %w: the character at byte %d is not printable ASCII (SLIP-39 allows only code points 32 to 126)", ErrPassphrase, i+1)
		}
	}
	return nil
}
