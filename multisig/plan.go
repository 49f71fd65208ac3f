package multisig

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Role says where a cosigner's key lives.
type Role string

// Roles. An online key sits on a networked machine (the exchange's
// withdrawal server); an offline key never leaves an air-gapped machine.
const (
	Online  Role = "online"
	Offline Role = "offline"
)

// Cosigner is one cosignatory of a plan.
type Cosigner struct {
	// PublicKey is the cosigner's key.
	PublicKey sign.PublicKey
	// Label is an optional human name for the key ("hot server", "vault
	// A"); see NameProblem for what a name may hold.
	Label string
	// Role says whether the key is online or offline.
	Role Role
	// Custodian optionally names who holds the key or where it is (a
	// person, a company, a site). It is ASCII only: letters, digits,
	// space and the punctuation in custodianPunctuation (see
	// CustodianProblem). Cosigners whose custodian names have the same
	// skeleton (CustodianKey: letter case, punctuation and spacing, and
	// the look-alikes 0/O, 1/I/l, rn/m, vv/w folded) are one custodian; a
	// cosigner without a custodian is a custodian of its own.
	Custodian string
	// Shares optionally records who holds the SLIP-39 share backup of
	// the key (see ShareBackup); nil when none is recorded.
	Shares *ShareBackup
}

// maxNameLength caps a cosigner's Label and Custodian, in bytes.
const maxNameLength = 64

// NameProblem returns why s cannot be a cosigner's label, or "" when it
// can: 1 to 64 bytes of valid UTF-8, every character printable
// (unicode.IsPrint: no control or format characters, no line or paragraph
// separator, no space other than U+0020), and no leading or trailing
// space. Labels are printed in the offline review; these rules keep a
// label from faking a line or a colour. A label only names a key for
// people and decides nothing (cosigners are told apart by key), so it may
// be any script. Custodian names decide identity and follow the stricter
// CustodianProblem.
func NameProblem(s string) string { return printable.Problem(s, maxNameLength) }

// Relaxations are explicit exceptions to the plan invariants. Their zero
// value relaxes nothing. Every review shows an active relaxation in
// capitals; use them only for accounts that are meant to be hot.
type Relaxations struct {
	// AllowOnlineThreshold lets the online cosigners alone reach the
	// threshold: a compromised server can then move funds.
	AllowOnlineThreshold bool
	// AllowSingleCustodian lets one custodian or site alone reach the
	// threshold.
	AllowSingleCustodian bool
}

// Plan is the custody design of one multisig account: who cosigns, where
// their keys live, and how many must sign (M of N).
//
// A Plan returned by NewPlan, by a change, or by DecodePlan satisfies every
// invariant (see Validate). Treat it as immutable.
type Plan struct {
	// Account is the public key of the multisig account.
	Account sign.PublicKey
	// Network is the network the account and its cosigners live on.
	Network sign.Network
	// Cosigners in the order the plan lists them.
	Cosigners []Cosigner
	// Threshold is M, the number of cosigners that must sign.
	Threshold int
	// Relaxations lists the invariants this plan is exempt from.
	Relaxations Relaxations
	// Limits, when set, bound what may leave the account within a period,
	// across all its offline signers (see AccountLimits).
	Limits *AccountLimits
}

// NewPlan builds a plan and checks it.
func NewPlan(account sign.PublicKey, n sign.Network, cosigners []Cosigner, threshold int, relax Relaxations) (*Plan, error) {
	p := &Plan{Account: account, Network: n, Cosigners: slices.Clone(cosigners), Threshold: threshold, Relaxations: relax}
	for i := range p.Cosigners {
		p.Cosigners[i].Shares = p.Cosigners[i].Shares.Clone()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// PlanError is a broken plan invariant: which one, and why. It wraps
// ErrPlan, the invariant's sentinel and the underlying error, if any.
type PlanError struct {
	// Invariant is the sentinel of the invariant broken
	// (ErrOnlineReachesThreshold, ErrThreshold, ...).
	Invariant error
	// Reason says why, for people: "2 online key(s) and 2 are needed: ...".
	Reason string
	// Err is the underlying error, or nil.
	Err error
}

// Error returns "multisig: invalid custody plan: <invariant>: <reason>".
func (e *PlanError) Error() string {
	return fmt.Sprintf("multisig: %v: %v: %s", ErrPlan, e.Invariant, e.Reason)
}

// Unwrap returns ErrPlan, the invariant and the underlying error.
func (e *PlanError) Unwrap() []error {
	errs := []error{ErrPlan, e.Invariant}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// planErr returns the *PlanError of invariant with a reason; the reason
// may wrap an underlying error with %w.
func planErr(invariant error, format string, args ...any) error {
	reason := fmt.Errorf(format, args...)
	return &PlanError{Invariant: invariant, Reason: reason.Error(), Err: errors.Unwrap(reason)}
}

// Validate checks the invariants:
//
//   - a known network; 1 <= N <= 32 cosigners (NIS's limit) and
//     1 <= M <= N;
//   - every cosigner key usable (sign.PublicKey.Check), no key twice, and
//     the account not among its own cosigners (NIS refuses it);
//   - roles online or offline;
//   - every non-empty Label passes NameProblem and every non-empty
//     Custodian passes CustodianProblem;
//   - every share backup record (Shares) is one SLIP-39 can make, and
//     its holders pass CustodianProblem;
//   - in the state NIS will hold once the plan's conversion is confirmed
//     (State), no set of online cosigners and no single custodian can
//     make NIS accept anything alone, neither a transaction nor the
//     removal of a cosigner (CheckCustody), unless the Relaxations waive
//     it. With M == N this refuses two keys: in NIS's n-of-n mode either
//     of them alone can remove the other;
//   - no share of a key is held by the custodian of an online cosigner,
//     and no one custodian holds enough shares to reconstruct a key
//     alone (waived by AllowSingleCustodian); see CheckCustody.
//
// The error names the first invariant broken and wraps its sentinel and
// ErrPlan; a nil plan is refused with ErrMissing. M == N is allowed; see
// Warnings.
func (p *Plan) Validate() error {
	if p == nil {
		return fmt.Errorf("multisig: %w: no plan", ErrMissing)
	}
	if !p.Network.Valid() {
		return planErr(sign.ErrUnknownNetwork, "network byte 0x%02x", byte(p.Network))
	}
	if err := p.Account.Check(); err != nil {
		return planErr(ErrCosignerKey, "multisig account key: %w", err)
	}
	n := len(p.Cosigners)
	if n < 1 || n > transaction.MaxCosignatories {
		return planErr(ErrCosignerCount, "%d cosigners, want 1 to %d", n, transaction.MaxCosignatories)
	}
	if p.Threshold < 1 || p.Threshold > n {
		return planErr(ErrThreshold, "threshold %d with %d cosigners, want 1 to %d", p.Threshold, n, n)
	}
	for i, c := range p.Cosigners {
		if c.Label != "" {
			if problem := NameProblem(c.Label); problem != "" {
				return planErr(ErrCosignerName, "cosigner %d: the label %s", i+1, problem)
			}
		}
		if c.Custodian != "" {
			if problem := CustodianProblem(c.Custodian); problem != "" {
				return planErr(ErrCosignerName, "cosigner %d: the custodian %s", i+1, problem)
			}
		}
		who := c.describe(i)
		if err := c.PublicKey.Check(); err != nil {
			return planErr(ErrCosignerKey, "%s: %w", who, err)
		}
		if c.PublicKey == p.Account {
			return planErr(ErrAccountIsCosigner, "%s is the multisig account", who)
		}
		for j := range i {
			if p.Cosigners[j].PublicKey == c.PublicKey {
				return planErr(ErrDuplicateCosigner, "%s and %s have the same key", p.Cosigners[j].describe(j), who)
			}
		}
		if c.Role != Online && c.Role != Offline {
			return planErr(ErrRole, "%s has role %q, want online or offline", who, c.Role)
		}
		if c.Shares != nil {
			if problem := c.Shares.problem(); problem != "" {
				return planErr(ErrShareBackup, "%s: %s", who, problem)
			}
		}
	}
	if p.Limits != nil {
		if err := p.Limits.check(); err != nil {
			return err
		}
	}
	return CheckCustody(p.State(), p.Cosigners, p.Relaxations)
}

// Warnings lists what is allowed but risky, for the review:
// M == N (one lost key freezes the account) and active relaxations (in
// capitals).
func (p *Plan) Warnings() []string {
	if p == nil {
		return nil
	}
	var w []string
	if p.Threshold == len(p.Cosigners) {
		w = append(w, fmt.Sprintf("threshold %d of %d: every key is needed; losing any one key freezes the account", p.Threshold, len(p.Cosigners)))
	}
	if p.Relaxations.AllowOnlineThreshold {
		w = append(w, "RELAXED: ONLINE KEYS ALONE CAN REACH THE THRESHOLD AND MOVE FUNDS")
	}
	if p.Relaxations.AllowSingleCustodian {
		w = append(w, "RELAXED: ONE CUSTODIAN OR SITE ALONE CAN REACH THE THRESHOLD")
	}
	return w
}

// State returns the state NIS holds for the account once the plan's
// Conversion is confirmed: the plan's cosigners, and the threshold as the
// stored minimum (the conversion always carries it explicitly).
func (p *Plan) State() State {
	if p == nil {
		return State{}
	}
	return State{Cosignatories: p.Keys(), MinCosignatories: p.Threshold}
}

// States returns every state NIS may hold for an account that enforces
// the plan: State, and for M == N also a stored minimum of 0 (an account
// converted without a min-cosignatories change, by another tool), which
// requires the same signatures but reacts differently to a relative
// change. The offline side, which cannot ask the chain, checks a
// modification against each of them.
func (p *Plan) States() []State {
	if p == nil {
		return nil
	}
	st := []State{p.State()}
	if p.Threshold == len(p.Cosigners) {
		st = append(st, State{Cosignatories: p.Keys()})
	}
	return st
}

// CheckState checks that a state read from the chain enforces the plan:
// the same cosignatories, and a stored minimum equal to the threshold (or
// 0 when M == N, which NIS reads as all of them). The error wraps
// ErrState and says what differs.
func (p *Plan) CheckState(s State) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	for _, st := range p.States() {
		if st.Equal(s) {
			return nil
		}
	}
	want := p.State()
	for _, c := range p.Cosigners {
		if !s.Has(c.PublicKey) {
			return fmt.Errorf("multisig: %w: %s of the plan is not a cosignatory on the chain", ErrState, c.describe(slices.Index(p.Cosigners, c)))
		}
	}
	for _, k := range s.Cosignatories {
		if !want.Has(k) {
			return fmt.Errorf("multisig: %w: cosignatory %s on the chain is not in the plan", ErrState, k.Address(p.Network))
		}
	}
	return fmt.Errorf("multisig: %w: on the chain %s, the plan says %d of %d", ErrState, s, p.Threshold, len(p.Cosigners))
}

// Address returns the multisig account's address.
func (p *Plan) Address() sign.Address { return sign.NewAddress(p.Account, p.Network) }

// Cosigner returns the cosigner with key pub; a nil plan has none.
func (p *Plan) Cosigner(pub sign.PublicKey) (Cosigner, bool) {
	if p == nil {
		return Cosigner{}, false
	}
	for _, c := range p.Cosigners {
		if c.PublicKey == pub {
			return c, true
		}
	}
	return Cosigner{}, false
}

// Keys returns the cosigner keys in plan order; nil for a nil plan.
func (p *Plan) Keys() []sign.PublicKey {
	if p == nil {
		return nil
	}
	keys := make([]sign.PublicKey, len(p.Cosigners))
	for i, c := range p.Cosigners {
		keys[i] = c.PublicKey
	}
	return keys
}

func (c Cosigner) describe(i int) string {
	if c.Label != "" {
		return fmt.Sprintf("cosigner %d (%q)", i+1, c.Label)
	}
	return fmt.Sprintf("cosigner %d", i+1)
}
