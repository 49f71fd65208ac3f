package multisig

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
)

// unknownCustodian groups the keys a custody check knows nothing about.
const unknownCustodian = "unknown custodian of new keys"

// CheckCustody checks the custody invariant on a state NIS may hold: no
// set of online keys, and no single custodian, can make NIS accept
// anything for the account on their own. "Anything" is every kind of
// wrapper NIS distinguishes (State.Requirement): a transaction that
// removes no cosignatory (a transfer, an addition, a threshold change),
// and the removal of each cosignatory, which in NIS's n-of-n mode needs
// only the other cosignatories: in a 2-of-2, either key alone removes the
// other and is then the account's only cosignatory.
//
// who describes the keys (usually a plan's cosigners): role, custodian and
// label, and who holds the shares of its key. A cosignatory who does not
// describe is assumed online and held by one unknown custodian together
// with every other such key, the worst case. Cosigners with the same custodian name (see CustodianKey) form
// one custodian; a cosigner without a custodian name is a custodian of
// its own. relax waives the online rule (AllowOnlineThreshold) or the
// custodian rule (AllowSingleCustodian).
//
// Share backups (Cosigner.Shares) follow the same rule: no holder of a
// share may be the custodian of an online cosignatory (the online side
// holds no shares, whatever the relaxations), and no one custodian may
// hold enough shares to reconstruct a key alone (waived by
// AllowSingleCustodian).
//
// The error wraps ErrPlan and ErrOnlineReachesThreshold,
// ErrCustodianReachesThreshold, ErrOnlineHoldsShares or
// ErrCustodianReconstructs, and says what the keys could do.
func CheckCustody(s State, who []Cosigner, relax Relaxations) error {
	if err := s.Check(); err != nil {
		return err
	}
	if !s.IsMultisig() {
		return nil
	}
	var online []sign.PublicKey
	var groups []custodianGroup
	described := make([]Cosigner, len(s.Cosignatories))
	for i, k := range s.Cosignatories {
		c, _ := describeKey(who, k)
		described[i] = c
		if c.Role != Offline {
			online = append(online, k)
		}
		groups = addToGroup(groups, c.Custodian, k)
	}
	reqs := []Requirement{s.requirement(nil)}
	for i := range s.Cosignatories {
		reqs = append(reqs, s.requirement(&s.Cosignatories[i]))
	}
	if !relax.AllowOnlineThreshold {
		for _, r := range reqs {
			if !s.canAct(r, online) {
				continue
			}
			if r.Removed == nil {
				return planErr(ErrOnlineReachesThreshold, "%d online key(s) %s: a compromised server could move funds", len(online), requirementText(who, r))
			}
			return planErr(ErrOnlineReachesThreshold, "%d online key(s) %s: a compromised server could then move funds", len(online), requirementText(who, r))
		}
	}
	if err := checkShares(described, relax); err != nil {
		return err
	}
	if relax.AllowSingleCustodian {
		return nil
	}
	return checkCustodians(s, reqs, groups, who)
}

// checkCustodians refuses a state in which the keys of one custodian
// (one group) meet a requirement alone.
func checkCustodians(s State, reqs []Requirement, groups []custodianGroup, who []Cosigner) error {
	for _, r := range reqs {
		for _, g := range groups {
			if !s.canAct(r, g.keys) {
				continue
			}
			var holder string
			if len(g.spellings) > 0 {
				holder = g.describe()
			} else {
				c, _ := describeKey(who, g.keys[0])
				holder = "the holder of " + c.name() + " (no custodian named)"
			}
			if r.Removed == nil {
				return planErr(ErrCustodianReachesThreshold, "%s holds %d key(s) %s", holder, len(g.keys), requirementText(who, r))
			}
			return planErr(ErrCustodianReachesThreshold, "%s alone (%d key(s)) %s", holder, len(g.keys), requirementText(who, r))
		}
	}
	return nil
}

// describeKey returns the description of k in who; a key who does not
// describe counts as online, of an unknown custodian.
func describeKey(who []Cosigner, k sign.PublicKey) (Cosigner, bool) {
	for _, c := range who {
		if c.PublicKey == k {
			return c, true
		}
	}
	return Cosigner{PublicKey: k, Role: Online, Custodian: unknownCustodian}, false
}

// requirementText says what meeting r allows, for an error.
func requirementText(who []Cosigner, r Requirement) string {
	if r.Removed == nil {
		return fmt.Sprintf("and %d are needed", r.Needed)
	}
	c, _ := describeKey(who, *r.Removed)
	how := fmt.Sprintf("a removal needs %d other cosignatories", r.Needed)
	if r.All {
		how = "in NIS's n-of-n mode a removal needs only the other cosignatories"
	}
	return fmt.Sprintf("can remove %s (%s)", c.name(), how)
}

// name describes a cosigner by its label, or by the start of its key
// when it has none.
func (c Cosigner) name() string {
	if c.Label != "" {
		return fmt.Sprintf("%q", c.Label)
	}
	return "key " + c.PublicKey.String()[:16] + "..."
}

// custodianGroup is the keys of one custodian: the skeleton of its name
// (CustodianKey) and every spelling of it, in order of appearance. An
// empty name is a key without a custodian, alone.
type custodianGroup struct {
	key       string
	spellings []string
	keys      []sign.PublicKey
}

// addToGroup adds key k of the custodian name to gs. A key without a
// custodian name is a group of its own.
func addToGroup(gs []custodianGroup, name string, k sign.PublicKey) []custodianGroup {
	if name != "" {
		key := CustodianKey(name)
		for i := range gs {
			if len(gs[i].spellings) > 0 && gs[i].key == key {
				gs[i].keys = append(gs[i].keys, k)
				if !slices.Contains(gs[i].spellings, name) {
					gs[i].spellings = append(gs[i].spellings, name)
				}
				return gs
			}
		}
		return append(gs, custodianGroup{key: key, spellings: []string{name}, keys: []sign.PublicKey{k}})
	}
	return append(gs, custodianGroup{keys: []sign.PublicKey{k}})
}

// describe names the custodian by its first spelling, and the others.
func (g custodianGroup) describe() string {
	s := fmt.Sprintf("custodian %q", g.spellings[0])
	if len(g.spellings) > 1 {
		quoted := make([]string, len(g.spellings)-1)
		for i, o := range g.spellings[1:] {
			quoted[i] = fmt.Sprintf("%q", o)
		}
		s += " (also written " + strings.Join(quoted, ", ") + ")"
	}
	return s
}

// sameCustodian reports whether two custodian names name the same
// custodian: their skeletons (CustodianKey) are equal.
func sameCustodian(a, b string) bool { return CustodianKey(a) == CustodianKey(b) }
