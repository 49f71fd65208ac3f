package coldwallet

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrNotRegistered: a multisig item, a conversion or a modification that
// the signer's registered plan does not allow (or no plan is registered).
var ErrNotRegistered = errors.New("not allowed by the registered plan")

// Registration is the custody plan an offline signer enforces, registered
// once in its journal with a ceremony (Journal.Register), in the spirit of
// BIP-129 and BIP-388 wallet registration: the signer signs for a multisig
// account only what the registered plan allows.
//
//   - A wrapper or cosignature must act for the plan's account and be
//     signed by one of its cosigners.
//   - A conversion must make the account exactly the plan: its cosigners,
//     and the threshold stored explicitly (a min-cosignatories change of
//     +M).
//   - A cosignatory modification must lead from the plan to Next, its
//     declared next version, in every state NIS may hold for an account
//     that enforces the plan (multisig.Plan.States), and leave no state in
//     which online keys alone, or one custodian alone, satisfy NIS
//     (multisig.CheckCustody). Without a Next, no modification is signed.
//
// The offline side cannot see the chain, so a registration does not make
// the earlier ones impossible: a change signed towards an earlier next
// version may still be announced, and "the change is confirmed, register
// the next version as the plan" is the online side's word. Every plan and
// next version registered since the last replacement (Earlier) stays a
// state the chain may hold, and a modification is checked from all of
// them, applied again and again until NIS refuses it (NIS executes the
// same change as often as it is signed anew), together with every change
// registered since, in any order: every state reached must keep the
// invariant. A pure decrease of the threshold therefore never
// passes (applied often enough it leaves the online keys alone); a
// decrease travels with an added or removed cosigner, which NIS applies
// once. A key keeps the role and custodian it had in any of these plans:
// once online, it counts as online. Replace, where the operator
// has checked the chain, starts the history anew.
//
// No plan, no multisig signature. The zero Registration registers nothing.
type Registration struct {
	// Plan is the custody plan of the account the signer acts for.
	Plan *multisig.Plan
	// Next is the plan's declared next version, or nil.
	Next *multisig.Plan
	// Seq is the journal entry that registered them; 0 for a
	// registration that is not from a journal.
	Seq int
	// Earlier are the plans and next versions registered before Seq since
	// the last replacement (Replace), oldest first: states the
	// chain may still hold, and descriptions of keys that still count.
	Earlier []*multisig.Plan

	// transitions are the earlier registrations with a next version, as
	// (plan, next) pairs: changes that may have been signed and may still
	// be announced.
	transitions [][2]*multisig.Plan
}

// planDocument returns the compact canonical plan document, which a
// journal registers: its SHA-256 is the plan's Fingerprint.
func planDocument(p *multisig.Plan) ([]byte, error) {
	doc, err := p.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return strictjson.Compact(doc), nil
}

// CheckTransition checks that next can follow plan with one aggregate
// modification that NIS accepts from some state enforcing plan: the same
// account and network, at most one cosigner removed, and the result a
// valid plan (multisig.Plan.Validate). A rotation is two transitions,
// registered one after the other. next may be plan itself only when plan
// is N of N: then the modification stores the threshold explicitly on an
// account that stores 0 (multisig.Plan.SetThreshold with the same
// threshold), and a modification that would give another result from
// either stored value is refused.
//
// A key's role and custodian say where it lives, which no registration
// changes: a cosigner that stays must not go from online to offline nor
// change custodian (by skeleton, multisig.CustodianKey); its label may
// change. When plan declares account limits, next must declare the same
// ones and need no fewer offline signatures per transfer
// (AccountBound.Signatures), so the bound CheckAccountLimits proved for
// plan does not loosen; a vault added by next brings a window of its own,
// and the ceremony should check the policies against next too.
// Anything else is a new plan: Replace.
func CheckTransition(plan, next *multisig.Plan) error {
	if err := plan.Validate(); err != nil {
		return err
	}
	if err := next.Validate(); err != nil {
		return fmt.Errorf("coldwallet: the next plan: %w", err)
	}
	if plan.Account != next.Account || plan.Network != next.Network {
		return fmt.Errorf("coldwallet: %w: the next plan is for %s, the plan for %s", ErrNotRegistered, next.Address(), plan.Address())
	}
	removed := 0
	for _, c := range plan.Cosigners {
		if _, ok := next.Cosigner(c.PublicKey); !ok {
			removed++
		}
	}
	if removed > 1 {
		return fmt.Errorf("coldwallet: %w: the next plan removes %d cosigners, and NIS allows one removal per modification", ErrNotRegistered, removed)
	}
	if d := planDifferences(plan, next); len(d) > 0 {
		return fmt.Errorf("coldwallet: %w: the next plan %s; that takes a new registration (replace)", ErrNotRegistered, d[0])
	}
	if plan.Limits != nil {
		switch {
		case next.Limits == nil || *next.Limits != *plan.Limits:
			return fmt.Errorf("coldwallet: %w: the next plan changes the account limits (%s); that takes a new registration (replace)", ErrNotRegistered, plan.Limits)
		case offlineSignatures(next) < offlineSignatures(plan):
			return fmt.Errorf("coldwallet: %w: under the next plan a transfer needs %d offline signatures, under the plan %d, which loosens the account limits; that takes a new registration (replace)", ErrNotRegistered, offlineSignatures(next), offlineSignatures(plan))
		}
	}
	if next.State().Equal(plan.State()) && plan.Threshold != len(plan.Cosigners) {
		return fmt.Errorf("coldwallet: %w: the next plan has the same cosigners and threshold as the plan", ErrNotRegistered)
	}
	return nil
}

// planDifferences lists, one phrase each, the changes from plan to next
// that no registration may make on its own: a cosigner of both that goes
// from online to offline, or changes custodian (by skeleton). It returns
// nil when there are none; CheckTransition refuses a next version with
// any, and an operator replacing a registration (Replace) should
// be shown them.
func planDifferences(plan, next *multisig.Plan) []string {
	var out []string
	for _, c := range plan.Cosigners {
		n, ok := next.Cosigner(c.PublicKey)
		if !ok {
			continue
		}
		who := c.PublicKey.Address(plan.Network)
		if c.Role == multisig.Online && n.Role == multisig.Offline {
			out = append(out, fmt.Sprintf("turns online cosigner %s (%q) offline", who, c.Label))
		}
		if multisig.CustodianKey(c.Custodian) != multisig.CustodianKey(n.Custodian) {
			out = append(out, fmt.Sprintf("moves cosigner %s (%q) from custodian %q to %q", who, c.Label, c.Custodian, n.Custodian))
		}
	}
	return out
}

// offlineSignatures is how many offline signatures a transfer needs at
// least under p, with every online key signing.
func offlineSignatures(p *multisig.Plan) int {
	online := 0
	for _, c := range p.Cosigners {
		if c.Role == multisig.Online {
			online++
		}
	}
	return max(0, p.State().Required()-online)
}

// Register appends a "registered" entry recording plan, and optionally
// its declared next version, as the plan the signer enforces from now on.
// It is the ceremony's last step: the caller has shown both plans and
// their fingerprints to the operator and had them confirmed. next must be
// a valid transition from plan (CheckTransition).
//
// A journal that has a registration already takes only what follows it:
// the registered plan again (with another next version, or none), or the
// registered next version (once the modification to it is confirmed), in
// which no key changes the role or custodian any plan registered since
// the last replacement gave it (Registration.Differences). Anything else,
// another account included, is refused with ErrNotRegistered; Replace
// registers it explicitly.
func Register(j *journal.Journal, plan, next *multisig.Plan, operator string) (journal.Entry, error) {
	prev, err := Registered(j)
	if err != nil {
		return journal.Entry{}, err
	}
	if prev.Plan != nil {
		fp := plan.Fingerprint()
		switch {
		case fp == prev.Plan.Fingerprint():
		case prev.Next != nil && fp == prev.Next.Fingerprint():
		default:
			follows := "the same plan again"
			if prev.Next != nil {
				follows += " or its next version " + prev.Next.Fingerprint()
			}
			return journal.Entry{}, fmt.Errorf("coldwallet: %w: journal entry %d registered plan %s; a new registration must be %s, or replace it explicitly",
				ErrNotRegistered, prev.Seq, prev.Plan.Fingerprint(), follows)
		}
		if d := prev.Differences(plan, next); len(d) > 0 {
			return journal.Entry{}, fmt.Errorf("coldwallet: %w: the new registration %s; that takes a replacement", ErrNotRegistered, d[0])
		}
		// Every state the chain may hold or reach stays safe with the
		// keys as the new registration describes them.
		after := prev.followedBy(plan, next)
		if err := after.checkReachable(nil, func(format string, args ...any) error {
			return fmt.Errorf("coldwallet: %w: %s", ErrNotRegistered, fmt.Sprintf(format, args...))
		}); err != nil {
			return journal.Entry{}, err
		}
	}
	return register(j, plan, next, operator, "")
}

// Replace appends a "registered" entry like Register, for a plan that
// does not follow the journal's registration: the operator has been shown
// the registered plan, the new one and their differences
// (Registration.Differences) and has confirmed the replacement
// separately: the operator attests what the chain holds. The entry's
// summary starts with "REPLACES ", naming the entry it replaces, which
// marks it in the journal: the registrations before it no longer count
// (Registration.Earlier starts after it).
func Replace(j *journal.Journal, plan, next *multisig.Plan, operator string) (journal.Entry, error) {
	prev, err := Registered(j)
	if err != nil {
		return journal.Entry{}, err
	}
	if prev.Plan == nil {
		return journal.Entry{}, fmt.Errorf("coldwallet: %w: the journal registers no plan, so there is nothing to replace", ErrNotRegistered)
	}
	if err := settled(j); err != nil {
		return journal.Entry{}, err
	}
	return register(j, plan, next, operator, fmt.Sprintf("%sthe registration of entry %d (plan %s); ", replacesPrefix, prev.Seq, prev.Plan.Fingerprint()))
}

// replaceMargin is how far this machine's clock may be ahead of the
// network's for Replace: offline clocks drift, but not by a day
// (ErrNodeTime).
const replaceMargin = 24 * time.Hour

// settled refuses a replacement while something signed since the last
// replacement may still be executed by NIS, by this machine's clock less
// replaceMargin: a change signed under the registrations being replaced
// and kept back by the online side would still compose with the changes
// of the new history, which no longer knows of it.
func settled(j *journal.Journal) error {
	_, replaced := sinceReplacement(j)
	var seq int
	var until transaction.Timestamp
	var ok bool
	j.Read(func(st *journal.State) error {
		seq, until, ok = st.LatestSigned(replaced)
		return nil
	})
	if !ok {
		return nil
	}
	at, err := transaction.TimestampOf(j.Now().Add(-replaceMargin))
	if err == nil && at > until {
		return nil
	}
	when := until.Time().Add(replaceMargin).UTC().Format(reviewTimeLayout)
	return fmt.Errorf("coldwallet: %w: journal entry %d signed under the registrations being replaced, and NIS may execute it until %s (network time %d): a change kept back could still combine with the new plan's; replace after %s by this machine's clock",
		ErrNotRegistered, seq, until.Time().UTC().Format(reviewTimeLayout), until, when)
}

// replacesPrefix starts the summary of a "registered" entry that
// Replace wrote; Register's summaries start with "registered".
const replacesPrefix = "REPLACES "

// replaces reports whether e is a "registered" entry written by
// Replace.
func replaces(e journal.Entry) bool {
	return e.Event == journal.EventRegistered && strings.HasPrefix(e.Summary, replacesPrefix)
}

// register appends the "registered" entry, its summary after prefix.
func register(j *journal.Journal, plan, next *multisig.Plan, operator, prefix string) (journal.Entry, error) {
	if err := plan.Validate(); err != nil {
		return journal.Entry{}, err
	}
	doc, err := planDocument(plan)
	if err != nil {
		return journal.Entry{}, err
	}
	fp := plan.Fingerprint()
	e := journal.Entry{Event: journal.EventRegistered, Plan: string(doc), Operator: operator,
		Summary: prefix + fmt.Sprintf("registered plan %s: %d of %d for %s", fp, plan.Threshold, len(plan.Cosigners), plan.Address())}
	if next != nil {
		if err := CheckTransition(plan, next); err != nil {
			return journal.Entry{}, err
		}
		nd, err := planDocument(next)
		if err != nil {
			return journal.Entry{}, err
		}
		nfp := next.Fingerprint()
		e.NextPlan = string(nd)
		e.Summary += fmt.Sprintf("; next version %s: %d of %d", nfp, next.Threshold, len(next.Cosigners))
	}
	return j.Append(e)
}

// Registered returns the current registration of the journal j: the plan
// and next version of its last "registered" entry, with the plans and
// transitions registered before it since the last replacement (Earlier),
// or the zero Registration when none is registered.
func Registered(j *journal.Journal) (Registration, error) {
	history, _ := sinceReplacement(j)
	if len(history) == 0 {
		return Registration{}, nil
	}
	e := history[len(history)-1]
	reg := Registration{Seq: e.Seq}
	var err error
	if reg.Plan, reg.Next, err = registeredPlans(e); err != nil {
		return Registration{}, err
	}
	for _, h := range history[:len(history)-1] {
		plan, next, err := registeredPlans(h)
		if err != nil {
			return Registration{}, err
		}
		reg.Earlier = append(reg.Earlier, plan)
		if next != nil {
			reg.Earlier = append(reg.Earlier, next)
			reg.transitions = append(reg.transitions, [2]*multisig.Plan{plan, next})
		}
	}
	return reg, nil
}

// sinceReplacement returns j's "registered" entries since the last
// replacement, that one included, oldest first, and the entry number of
// that replacement (0 when there was none).
func sinceReplacement(j *journal.Journal) ([]journal.Entry, int) {
	var history []journal.Entry
	j.Read(func(st *journal.State) error {
		history = st.Registrations()
		return nil
	})
	for i := len(history) - 1; i >= 0; i-- {
		if replaces(history[i]) {
			return history[i:], history[i].Seq
		}
	}
	return history, 0
}

// registeredPlans decodes the plan and next version (or nil) of a
// "registered" entry.
func registeredPlans(e journal.Entry) (plan, next *multisig.Plan, err error) {
	if plan, err = multisig.DecodePlan([]byte(e.Plan)); err != nil {
		return nil, nil, fmt.Errorf("coldwallet: the plan registered in journal entry %d: %w", e.Seq, err)
	}
	if e.NextPlan != "" {
		if next, err = multisig.DecodePlan([]byte(e.NextPlan)); err != nil {
			return nil, nil, fmt.Errorf("coldwallet: the next plan registered in journal entry %d: %w", e.Seq, err)
		}
	}
	return plan, next, nil
}

// Differences lists, one phrase each, the changes that plans (a new
// registration's plan and next version; nil ones are skipped) make to a
// key any plan of r describes (the plan, the next version, Earlier): a
// key once online turned offline, or moved to another custodian
// (planDifferences). Register refuses a registration with any; an
// operator replacing a registration should be shown them.
func (r Registration) Differences(plans ...*multisig.Plan) []string {
	var out []string
	for _, p := range plans {
		if p == nil {
			continue
		}
		for _, known := range r.plans() {
			for _, d := range planDifferences(known, p) {
				if !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// followedBy returns the registration a journal holding r holds once
// (plan, next) is registered after it (Register).
func (r Registration) followedBy(plan, next *multisig.Plan) Registration {
	after := Registration{Plan: plan, Next: next, Earlier: slices.Clone(r.Earlier), transitions: slices.Clone(r.transitions)}
	after.Earlier = append(after.Earlier, r.Plan)
	if r.Next != nil {
		after.Earlier = append(after.Earlier, r.Next)
		after.transitions = append(after.transitions, [2]*multisig.Plan{r.Plan, r.Next})
	}
	return after
}

// plans returns the plans of r: the plan, the next version and Earlier,
// newest first, without nils.
func (r Registration) plans() []*multisig.Plan {
	var out []*multisig.Plan
	for _, p := range []*multisig.Plan{r.Plan, r.Next} {
		if p != nil {
			out = append(out, p)
		}
	}
	for i := len(r.Earlier) - 1; i >= 0; i-- {
		out = append(out, r.Earlier[i])
	}
	return out
}

// conversionResult returns the state NIS holds after the conversion m of
// the plan's account (from an ordinary account), or ErrNotThePlan when it
// is not exactly the plan: its cosigners, and the threshold stored
// explicitly (a conversion without a min change stores 0, to which a later
// relative change is added).
func conversionResult(plan *multisig.Plan, m *transaction.MultisigAggregateModification) (multisig.State, error) {
	after, err := multisig.State{}.Apply(m)
	if err != nil {
		return multisig.State{}, fmt.Errorf("%w: NIS would refuse it: %w", ErrNotThePlan, err)
	}
	if !after.Equal(plan.State()) {
		return multisig.State{}, fmt.Errorf("%w: NIS would hold %s, the plan says %d of %d", ErrNotThePlan, after, plan.Threshold, len(plan.Cosigners))
	}
	return after, nil
}

// who returns the cosigners known to the registration, newest
// description first (the plan's, the next version's, then Earlier's): the
// descriptions CheckCustody uses for the keys of a state. A key that any
// of them describes as online is online.
func (r Registration) who() []multisig.Cosigner {
	var cs []multisig.Cosigner
	at := map[sign.PublicKey]int{}
	for _, p := range r.plans() {
		for _, c := range p.Cosigners {
			i, ok := at[c.PublicKey]
			if !ok {
				at[c.PublicKey] = len(cs)
				cs = append(cs, c)
			} else if c.Role == multisig.Online {
				cs[i].Role = multisig.Online
			}
		}
	}
	return cs
}

// cosigner returns the description of k in the plan or its next version,
// the only keys that sign for the account.
func (r Registration) cosigner(k sign.PublicKey) (multisig.Cosigner, bool) {
	for _, p := range []*multisig.Plan{r.Plan, r.Next} {
		if p == nil {
			continue
		}
		if c, ok := p.Cosigner(k); ok {
			return c, true
		}
	}
	return multisig.Cosigner{}, false
}

// check applies the registration to one item (numbered n) of a request.
func (r Registration) check(n int, it Item) error {
	refuse := func(format string, args ...any) error {
		return fmt.Errorf("coldwallet: item %d: %w: %s", n, ErrNotRegistered, fmt.Sprintf(format, args...))
	}
	account, inner := multisigAccount(it)
	if account == nil {
		m, ok := it.Tx.(*transaction.MultisigAggregateModification)
		if !ok {
			return nil
		}
		// An account's own aggregate modification: its conversion.
		if r.Plan == nil || m.Signer != r.Plan.Account {
			return refuse("a conversion of %s, which is not the registered plan's account", m.Signer.Address(m.Network))
		}
		if _, err := conversionResult(r.Plan, m); err != nil {
			return fmt.Errorf("coldwallet: item %d: %w", n, err)
		}
		return nil
	}
	if r.Plan == nil {
		return refuse("it acts for multisig account %s, and no plan is registered", account.Address(it.Tx.Common().Network))
	}
	if *account != r.Plan.Account {
		return refuse("it acts for account %s, the registered plan is for %s", account.Address(r.Plan.Network), r.Plan.Address())
	}
	if _, ok := r.cosigner(it.Signer()); !ok {
		return refuse("it is signed by %s, not a cosigner of the registered plan", it.Signer().Address(r.Plan.Network))
	}
	m, ok := inner.(*transaction.MultisigAggregateModification)
	if !ok {
		return nil
	}
	if r.Next == nil {
		return refuse("a cosignatory modification, and no next version of the plan is registered")
	}
	// From the plan: exactly the next version, its threshold stored, and
	// safe.
	accepted := 0
	for _, st := range r.Plan.States() {
		after, err := st.Apply(m)
		if err != nil {
			continue // NIS refuses it in this state: harmless there
		}
		accepted++
		if !after.Equal(r.Next.State()) {
			return refuse("from a chain that holds %s, NIS would hold %s, not the registered next plan (%d of %d, stored explicitly)", st, after, r.Next.Threshold, len(r.Next.Cosigners))
		}
		if err := multisig.CheckCustody(after, r.who(), r.Next.Relaxations); err != nil {
			return fmt.Errorf("coldwallet: item %d: %w", n, err)
		}
	}
	if accepted == 0 {
		return refuse("NIS would refuse this modification in every state that enforces the registered plan")
	}
	return r.checkReachable(m, refuse)
}

// maxChainStates bounds the states checkReachable explores.
const maxChainStates = 1 << 14

// checkReachable refuses m (nil: no new change) when a state NIS may
// reach breaks the invariant. The chain may hold a state of any plan of r
// (the plan, the next version, Earlier: the change may be confirmed
// already, or an earlier one may have been), each checked under the
// descriptions r gives every key now (who) and that plan's relaxations,
// and from there NIS may execute m, again and again (each time it is
// signed anew, with another timestamp and hash, it is a new transaction;
// an added or removed cosignatory stops it, a pure threshold change does
// not), and any change signed under a registration since the last
// replacement, in any order: those are all the changes the journal's
// signers may have signed and whose signatures may still be waiting. A
// signed change for a transition (plan, next) leads from every state of
// plan that NIS accepts it in to next (check), so its effect is known: the
// cosigners next adds and removes, and the stored minimum of next less
// that of a state of plan, where that leads only to next
// (transitionEffects). Every state reachable with these changes must keep
// the invariant.
func (r Registration) checkReachable(m *transaction.MultisigAggregateModification, refuse func(string, ...any) error) error {
	var changes []*transaction.MultisigAggregateModification
	if m != nil {
		changes = append(changes, m)
	}
	transitions := r.transitions
	if r.Next != nil {
		transitions = append(slices.Clip(transitions), [2]*multisig.Plan{r.Plan, r.Next})
	}
	for _, t := range transitions {
		changes = append(changes, transitionEffects(t[0], t[1])...)
	}
	relax := r.Plan.Relaxations
	if r.Next != nil {
		relax = r.Next.Relaxations
	}
	who := r.who()
	type reached struct {
		state  multisig.State
		origin multisig.State // the state of plan from which it is reached
		plan   *multisig.Plan
		steps  int
	}
	seen := map[string]bool{}
	var queue []reached
	for _, p := range r.plans() {
		for _, st := range p.States() {
			if seen[stateKey(st)] {
				continue
			}
			seen[stateKey(st)] = true
			if err := multisig.CheckCustody(st, who, p.Relaxations); err != nil {
				return refuse("the chain may still hold %s (plan %s, registered since the last replacement), and with the keys as described now: %v", st, p.Fingerprint(), err)
			}
			queue = append(queue, reached{st, st, p, 0})
		}
	}
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		for _, c := range changes {
			after, err := at.state.Apply(c)
			if err != nil || seen[stateKey(after)] {
				continue // NIS refuses it here, or the state was checked
			}
			if len(seen) == maxChainStates {
				return refuse("more than %d states the chain may reach with the %d changes registered since the last replacement: check the chain, and replace the registration once no signed change can still be executed", maxChainStates, len(transitions))
			}
			seen[stateKey(after)] = true
			if err := multisig.CheckCustody(after, who, relax); err != nil {
				what := "this change and the changes registered since the last replacement"
				if m == nil {
					what = "the changes registered since the last replacement, this registration's included,"
				}
				return refuse("from a chain that holds %s (plan %s), %s of %s would leave NIS holding %s: %v",
					at.origin, at.plan.Fingerprint(), changesSpelled(at.steps+1), what, after, err)
			}
			queue = append(queue, reached{after, at.origin, at.plan, at.steps + 1})
		}
	}
	return nil
}

// stateKey is a state's cosignatories, sorted, and its stored minimum:
// equal for equal states.
func stateKey(s multisig.State) string {
	keys := make([]string, len(s.Cosignatories))
	for i, k := range s.Cosignatories {
		keys[i] = string(k[:])
	}
	slices.Sort(keys)
	return strings.Join(keys, "") + strconv.Itoa(s.MinCosignatories)
}

// transitionEffects returns aggregate modifications with every effect a
// signed change from plan to next can have: the cosigners next adds and
// those it removes, and a min-cosignatories change from each state of
// plan to next's stored minimum.
func transitionEffects(plan, next *multisig.Plan) []*transaction.MultisigAggregateModification {
	var mods []transaction.CosignatoryModification
	for _, c := range next.Cosigners {
		if _, ok := plan.Cosigner(c.PublicKey); !ok {
			mods = append(mods, transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: c.PublicKey})
		}
	}
	for _, c := range plan.Cosigners {
		if _, ok := next.Cosigner(c.PublicKey); !ok {
			mods = append(mods, transaction.CosignatoryModification{Type: transaction.ModificationDelete, Cosignatory: c.PublicKey})
		}
	}
	var out []*transaction.MultisigAggregateModification
	var deltas []int
	for _, st := range plan.States() {
		d := next.State().MinCosignatories - st.MinCosignatories
		if slices.Contains(deltas, d) {
			continue
		}
		deltas = append(deltas, d)
		m := &transaction.MultisigAggregateModification{
			Header:        transaction.Header{Network: plan.Network, Version: 2, Signer: plan.Account},
			Modifications: mods, MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: int32(d)}}
		if leadsOnlyTo(plan, next, m) {
			out = append(out, m)
		}
	}
	return out
}

// leadsOnlyTo reports whether m, from every state of plan in which NIS
// accepts it, leads to next, as check requires of a change it signs.
func leadsOnlyTo(plan, next *multisig.Plan, m *transaction.MultisigAggregateModification) bool {
	for _, st := range plan.States() {
		if after, err := st.Apply(m); err == nil && !after.Equal(next.State()) {
			return false
		}
	}
	return true
}

// changesSpelled spells how many changes were applied.
func changesSpelled(n int) string {
	if n == 1 {
		return "one execution"
	}
	return fmt.Sprintf("%d executions", n)
}

// describe names a key for a review: its label and address, or its
// address alone when neither plan describes it.
func (r Registration) describe(k sign.PublicKey) string {
	addr := k.Address(r.Plan.Network)
	if c, ok := r.cosigner(k); ok {
		return fmt.Sprintf("%q %s", c.Label, addr)
	}
	return addr.String()
}
