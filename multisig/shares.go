package multisig

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Invariants of share backups (see ShareBackup). Each error a plan check
// returns for them wraps ErrPlan and one of these.
var (
	// ErrShareBackup: a share backup record that SLIP-39 cannot make: 1
	// to 16 groups, a group threshold from 1 to the groups, in each group
	// 1 to 16 holders and a member threshold from 1 to the holders, a
	// 1-of-N group only with N = 1; or a holder name that breaks the
	// custodian name rules (CustodianProblem).
	ErrShareBackup = errors.New("unusable share backup record")
	// ErrOnlineHoldsShares: a holder of a share is the custodian of an
	// online cosigner: shares of a key must never be where the online
	// keys are.
	ErrOnlineHoldsShares = errors.New("the online side holds shares")
	// ErrCustodianReconstructs: one custodian holds enough shares to
	// reconstruct a cosigner's key alone.
	ErrCustodianReconstructs = errors.New("one custodian alone can reconstruct a key from its shares")
)

// ShareBackup records who holds the SLIP-39 share backup of a cosigner's
// key (package slip39, 'nemcustody key backup'): how many groups recover
// the key and, for each group, how many of its shares recover the group
// and who holds each share. The plan checks that no one custodian can
// reconstruct the key alone and that no share is held where the online
// keys are (CheckCustody). It describes; it cannot enforce where paper
// goes, so it is as true as the ceremony that wrote it.
type ShareBackup struct {
	// GroupThreshold is how many groups recover the key.
	GroupThreshold int
	// Groups are the groups in share order: Groups[0] is group 1.
	Groups []ShareGroup
}

// ShareGroup is one group of a ShareBackup.
type ShareGroup struct {
	// MemberThreshold is how many of the group's shares recover it.
	MemberThreshold int
	// Holders names the custodian of each share of the group, in member
	// order; names follow CustodianProblem and compare by CustodianKey,
	// like cosigners' custodians. One custodian may hold several shares.
	Holders []string
}

// Clone returns a deep copy of b (nil for nil).
func (b *ShareBackup) Clone() *ShareBackup {
	if b == nil {
		return nil
	}
	c := &ShareBackup{GroupThreshold: b.GroupThreshold}
	for _, g := range b.Groups {
		c.Groups = append(c.Groups, ShareGroup{MemberThreshold: g.MemberThreshold, Holders: slices.Clone(g.Holders)})
	}
	return c
}

// problem returns why b cannot be a share backup record, or "".
func (b *ShareBackup) problem() string {
	if len(b.Groups) < 1 || len(b.Groups) > 16 {
		return fmt.Sprintf("%d share groups, want 1 to 16", len(b.Groups))
	}
	if b.GroupThreshold < 1 || b.GroupThreshold > len(b.Groups) {
		return fmt.Sprintf("group threshold %d with %d groups, want 1 to %d", b.GroupThreshold, len(b.Groups), len(b.Groups))
	}
	for i, g := range b.Groups {
		n := len(g.Holders)
		switch {
		case n < 1 || n > 16:
			return fmt.Sprintf("share group %d has %d holders, want 1 to 16", i+1, n)
		case g.MemberThreshold < 1 || g.MemberThreshold > n:
			return fmt.Sprintf("share group %d needs %d of %d shares, want 1 to %d", i+1, g.MemberThreshold, n, n)
		case g.MemberThreshold == 1 && n > 1:
			return fmt.Sprintf("share group %d is 1 of %d: SLIP-39 makes no such group (its shares would be copies); record 1 of 1", i+1, n)
		}
		for j, h := range g.Holders {
			if p := CustodianProblem(h); p != "" {
				return fmt.Sprintf("share group %d, holder %d: the custodian %s", i+1, j+1, p)
			}
		}
	}
	return ""
}

// Holders returns every holder name, each spelling once, in order.
func (b *ShareBackup) Holders() []string {
	var out []string
	for _, g := range b.Groups {
		for _, h := range g.Holders {
			if !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
	}
	return out
}

// CanReconstruct reports whether the custodian named holder (compared by
// CustodianKey) holds enough shares to reconstruct the key alone: at
// least the group threshold of groups in which it holds at least the
// member threshold of shares.
func (b *ShareBackup) CanReconstruct(holder string) bool {
	key := CustodianKey(holder)
	groups := 0
	for _, g := range b.Groups {
		held := 0
		for _, h := range g.Holders {
			if CustodianKey(h) == key {
				held++
			}
		}
		if held >= g.MemberThreshold {
			groups++
		}
	}
	return groups >= b.GroupThreshold
}

// String describes the backup for a review: "2 of 3 groups: "site A";
// "site B"; 2 of 3 shares held by "x", "y", "z"".
func (b *ShareBackup) String() string {
	if b == nil {
		return "no share backup recorded"
	}
	parts := make([]string, len(b.Groups))
	for i, g := range b.Groups {
		quoted := make([]string, len(g.Holders))
		for j, h := range g.Holders {
			quoted[j] = fmt.Sprintf("%q", h)
		}
		if len(g.Holders) == 1 {
			parts[i] = quoted[0]
		} else {
			parts[i] = fmt.Sprintf("%d of %d shares held by %s", g.MemberThreshold, len(g.Holders), strings.Join(quoted, ", "))
		}
	}
	return fmt.Sprintf("%d of %d groups: %s", b.GroupThreshold, len(b.Groups), strings.Join(parts, "; "))
}

// checkShares applies the share backup invariants to the cosigners of a
// state (their descriptions in who): no holder is the custodian of an
// online cosigner, and unless relax.AllowSingleCustodian, no one
// custodian can reconstruct a key alone.
func checkShares(cosigners []Cosigner, relax Relaxations) error {
	var online []Cosigner
	for _, c := range cosigners {
		if c.Role != Offline && c.Custodian != "" {
			online = append(online, c)
		}
	}
	for _, c := range cosigners {
		if c.Shares == nil {
			continue
		}
		for _, h := range c.Shares.Holders() {
			for _, o := range online {
				if sameCustodian(h, o.Custodian) {
					return planErr(ErrOnlineHoldsShares, "%q holds shares of %s and is the custodian of online cosigner %s: keep shares off the online side", h, c.name(), o.name())
				}
			}
		}
		if relax.AllowSingleCustodian {
			continue
		}
		for _, h := range c.Shares.Holders() {
			if c.Shares.CanReconstruct(h) {
				return planErr(ErrCustodianReconstructs, "custodian %q holds enough shares to reconstruct %s (%s)", h, c.name(), c.Shares)
			}
		}
	}
	return nil
}
