package multisig

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// State is a multisig account as NIS stores it (MultisigLinks): its
// cosignatories and its stored minCosignatories value. It is the one model
// of NIS's multisig rules in this module: plan changes, the offline review,
// Status, the online reconciliation, the watcher and the test node all
// reason through it.
//
// The stored value is not a custody plan's threshold. A fresh account
// stores 0; a conversion without a min-cosignatories change (version 1, or
// version 2 with a change of 0) leaves 0; and NIS reads 0 as "every
// cosignatory must sign" (MultisigSignaturesPresentValidator:
// nOfN = min == 0 || min == size). A later MinCosignatoriesChange is added
// to the stored value (MultisigMinCosignatoriesModificationObserver), not
// to the number of signatures the account requires: +1 on a 2-of-2 that
// stores 0 gives 1, which with a third cosignatory is 1 of 3.
//
// The zero State is an ordinary account (no cosignatories, min 0), which
// is what a conversion starts from.
type State struct {
	// Cosignatories are the account's cosignatories, in no particular
	// order (NIS keeps a set).
	Cosignatories []sign.PublicKey
	// MinCosignatories is the stored value, 0 to len(Cosignatories).
	MinCosignatories int
}

// Check refuses a state NIS can never hold: more than 32 cosignatories, a
// cosignatory listed twice or the zero key, or a stored minimum outside
// 0..len(Cosignatories) (NumCosignatoryRangeValidator keeps it there).
func (s State) Check() error {
	n := len(s.Cosignatories)
	if n > transaction.MaxCosignatories {
		return fmt.Errorf("multisig: %w: %d cosignatories, NIS allows at most %d", ErrState, n, transaction.MaxCosignatories)
	}
	if s.MinCosignatories < 0 || s.MinCosignatories > n {
		return fmt.Errorf("multisig: %w: stored min cosignatories %d with %d cosignatories", ErrState, s.MinCosignatories, n)
	}
	for i, c := range s.Cosignatories {
		if c.IsZero() {
			return fmt.Errorf("multisig: %w: cosignatory %d is the zero key", ErrState, i+1)
		}
		if slices.Index(s.Cosignatories, c) != i {
			return fmt.Errorf("multisig: %w: cosignatory %s is listed twice", ErrState, c)
		}
	}
	return nil
}

// IsMultisig reports whether the account has cosignatories
// (MultisigLinks.isMultisig): then its own key can sign nothing alone.
func (s State) IsMultisig() bool { return len(s.Cosignatories) > 0 }

// AllMustSign reports NIS's n-of-n mode: a stored minimum of 0, or equal
// to the number of cosignatories. In it every cosignatory must sign, and
// the removal of one needs every other one (and only them).
func (s State) AllMustSign() bool {
	return s.MinCosignatories == 0 || s.MinCosignatories == len(s.Cosignatories)
}

// Required is how many signatures a transaction other than a removal
// needs: every cosignatory in n-of-n mode, else the stored minimum.
func (s State) Required() int {
	if s.AllMustSign() {
		return len(s.Cosignatories)
	}
	return s.MinCosignatories
}

// Has reports whether k is a cosignatory.
func (s State) Has(k sign.PublicKey) bool { return slices.Contains(s.Cosignatories, k) }

// Equal reports whether s and t hold the same cosignatories (in any
// order) and the same stored minimum.
func (s State) Equal(t State) bool {
	if len(s.Cosignatories) != len(t.Cosignatories) || s.MinCosignatories != t.MinCosignatories {
		return false
	}
	for _, c := range s.Cosignatories {
		if !t.Has(c) {
			return false
		}
	}
	return true
}

// String describes the state for reviews and errors: "2 of 3 must sign
// (NIS stores min 2)", "all 2 must sign (NIS stores min 0)".
func (s State) String() string {
	n := len(s.Cosignatories)
	switch {
	case n == 0:
		return "not multisig (no cosignatories)"
	case s.AllMustSign():
		return fmt.Sprintf("all %d must sign; NIS stores min %d", n, s.MinCosignatories)
	}
	return fmt.Sprintf("%d of %d must sign; NIS stores min %d", s.MinCosignatories, n, s.MinCosignatories)
}

func (s State) clone() State {
	return State{Cosignatories: slices.Clone(s.Cosignatories), MinCosignatories: s.MinCosignatories}
}

// Apply returns the state after the aggregate modification m, signed as
// (or for) the account whose state s is, or the error with which NIS
// refuses m in state s:
//
//   - MultisigCosignatoryModificationValidator: an added key must not be
//     a cosignatory (FAILURE_MULTISIG_ALREADY_A_COSIGNER) nor the account
//     itself (FAILURE_MULTISIG_ACCOUNT_CANNOT_BE_COSIGNER); a removed key
//     must be a cosignatory (FAILURE_MULTISIG_NOT_A_COSIGNER); at most one
//     removal (…_MULTIPLE_DELETES); no key named twice
//     (…_REDUNDANT_MODIFICATIONS);
//   - NumCosignatoryRangeValidator: afterwards at most 32 cosignatories
//     and 0 <= stored min + change <= cosignatories;
//   - MultisigCosignatoryModificationObserver and
//     MultisigMinCosignatoriesModificationObserver: the keys are added and
//     removed and the change is added to the stored minimum.
//
// What needs other accounts' state is not checked: that an added key is
// not itself a multisig account, and that the account is not a cosignatory
// of another. The errors wrap the transaction.RuleError NIS answers with.
func (s State) Apply(m *transaction.MultisigAggregateModification) (State, error) {
	if m == nil {
		return State{}, fmt.Errorf("multisig: %w: no modification", ErrMissing)
	}
	if err := s.Check(); err != nil {
		return State{}, err
	}
	refuse := func(rule error, format string, args ...any) (State, error) {
		return State{}, fmt.Errorf("multisig: %w: %s", rule, fmt.Sprintf(format, args...))
	}
	after := s.clone()
	var added, removed []sign.PublicKey
	for _, mod := range m.Modifications {
		k := mod.Cosignatory
		switch mod.Type {
		case transaction.ModificationAdd:
			if s.Has(k) {
				return refuse(transaction.ErrAlreadyCosignatory, "%s is already a cosignatory", k)
			}
			if k == m.Signer {
				return refuse(transaction.ErrCosignatoryIsMultisig, "the account adds itself")
			}
			if !slices.Contains(added, k) {
				added = append(added, k)
			}
		case transaction.ModificationDelete:
			if !s.Has(k) {
				return refuse(transaction.ErrNotCosignatory, "%s is not a cosignatory and cannot be removed", k)
			}
			if !slices.Contains(removed, k) {
				removed = append(removed, k)
			}
		default:
			return refuse(transaction.ErrRule, "unknown modification type %d", mod.Type)
		}
	}
	if len(removed) > 1 {
		return refuse(transaction.ErrMultipleDeletes, "%d cosignatories removed, NIS allows one", len(removed))
	}
	if len(m.Modifications) != len(added)+len(removed) {
		return refuse(transaction.ErrRedundantModifications, "a cosignatory is named twice")
	}
	after.Cosignatories = append(after.Cosignatories, added...)
	after.Cosignatories = slices.DeleteFunc(after.Cosignatories, func(k sign.PublicKey) bool { return slices.Contains(removed, k) })
	if c := m.MinCosignatories; c != nil {
		after.MinCosignatories += int(c.RelativeChange)
	}
	n := len(after.Cosignatories)
	if after.MinCosignatories < 0 || after.MinCosignatories > n {
		return refuse(transaction.ErrMinCosignatoriesOutOfRange, "the stored min would be %d with %d cosignatories", after.MinCosignatories, n)
	}
	if n > transaction.MaxCosignatories {
		return refuse(transaction.ErrTooManyCosignatories, "%d cosignatories afterwards, at most %d", n, transaction.MaxCosignatories)
	}
	return after, nil
}

// Requirement is what NIS requires of the signatures of a multisig
// wrapper (MultisigSignaturesPresentValidator). The wrapper's signer counts
// as the first signature; every signer must be a cosignatory.
type Requirement struct {
	// Eligible are the cosignatories whose signatures count: all of them,
	// except one that the inner transaction removes.
	Eligible []sign.PublicKey
	// All is NIS's n-of-n mode: the eligible cosignatories must all sign
	// (a removed cosignatory may sign too, but does not count).
	All bool
	// Needed is how many eligible signatures are needed: len(Eligible)
	// when All, else the stored minimum.
	Needed int
	// Removed is the cosignatory the inner transaction removes, if any.
	Removed *sign.PublicKey
}

// Requirement returns what NIS requires of the signatures of a wrapper
// around inner in state s.
func (s State) Requirement(inner transaction.Transaction) Requirement {
	var removed *sign.PublicKey
	if x, ok := deletedCosigner(inner); ok {
		removed = &x
	}
	return s.requirement(removed)
}

func (s State) requirement(removed *sign.PublicKey) Requirement {
	r := Requirement{All: s.AllMustSign(), Removed: removed}
	for _, k := range s.Cosignatories {
		if removed == nil || k != *removed {
			r.Eligible = append(r.Eligible, k)
		}
	}
	r.Needed = s.MinCosignatories
	if r.All {
		r.Needed = len(r.Eligible)
	}
	return r
}

// Satisfied reports, as MultisigSignaturesPresentValidator decides,
// whether a wrapper around inner signed by signers (the wrapper's signer
// and every cosignature's, in any order; duplicates count once) has the
// signatures NIS requires in state s. The error wraps
// transaction.ErrInvalidCosigners and names what is missing.
func (s State) Satisfied(inner transaction.Transaction, signers []sign.PublicKey) error {
	r := s.Requirement(inner)
	return s.satisfied(r, signers)
}

func (s State) satisfied(r Requirement, signers []sign.PublicKey) error {
	if len(signers) == 0 {
		return fmt.Errorf("multisig: %w: no signature", transaction.ErrInvalidCosigners)
	}
	var counted []sign.PublicKey
	for _, k := range signers {
		if !s.Has(k) {
			return fmt.Errorf("multisig: %w: %s is not a cosignatory", transaction.ErrInvalidCosigners, k)
		}
		if slices.Contains(r.Eligible, k) && !slices.Contains(counted, k) {
			counted = append(counted, k)
		}
	}
	if r.All {
		if len(counted) != len(r.Eligible) {
			return fmt.Errorf("multisig: %w: %d of the %d cosignatories that must all sign signed", transaction.ErrInvalidCosigners, len(counted), len(r.Eligible))
		}
		return nil
	}
	if len(counted) < r.Needed {
		return fmt.Errorf("multisig: %w: %d signatures, %d needed", transaction.ErrInvalidCosigners, len(counted), r.Needed)
	}
	return nil
}

// CanAct reports whether the holders of keys, and nobody else, can make
// NIS accept a wrapper around inner in state s: some of them, at least
// one, sign it and the signatures satisfy Satisfied. Since adding a
// cosignatory's signature never undoes a satisfied requirement, it is
// enough to try all of keys that are cosignatories.
func (s State) CanAct(inner transaction.Transaction, keys []sign.PublicKey) bool {
	return s.canAct(s.Requirement(inner), keys)
}

func (s State) canAct(r Requirement, keys []sign.PublicKey) bool {
	// What satisfied checks, without building its errors: the custody
	// checks ask this for every state they may reach.
	counted := 0
	for i, k := range keys {
		if s.Has(k) && slices.Contains(r.Eligible, k) && !slices.Contains(keys[:i], k) {
			counted++
		}
	}
	if r.All {
		return counted == len(r.Eligible) && slices.ContainsFunc(keys, s.Has)
	}
	return counted >= r.Needed && slices.ContainsFunc(keys, s.Has)
}

// Validate applies to tx the NIS rules that need the state s of the
// account tx acts for (the signer of tx; for a wrapper, its inner
// transaction's signer):
//
//   - a wrapper is signed by a cosignatory (MultisigTransactionSignerValidator);
//   - a multisig account signs nothing itself (MultisigNonOperationalValidator):
//     any other transaction of an account with cosignatories is refused;
//   - an aggregate modification can be applied (Apply).
//
// A cosignature is not checked here: the node matches it with its wrapper.
// The signatures a wrapper needs are Satisfied's business.
func (s State) Validate(tx transaction.Transaction) error {
	if isNil(tx) {
		return fmt.Errorf("multisig: %w: no transaction", ErrMissing)
	}
	if err := s.Check(); err != nil {
		return err
	}
	switch t := tx.(type) {
	case *transaction.MultisigSignature:
		return nil
	case *transaction.Multisig:
		if isNil(t.Inner) {
			return fmt.Errorf("multisig: %w: the wrapper has no inner transaction", ErrMissing)
		}
		if !s.Has(t.Signer) {
			return fmt.Errorf("multisig: wrapper signer %s: %w", t.Signer, transaction.ErrNotCosignatory)
		}
		for i := range t.Cosignatures {
			if k := t.Cosignatures[i].Cosignature.Signer; !s.Has(k) {
				return fmt.Errorf("multisig: cosignature %d by %s: %w", i+1, k, transaction.ErrNotCosignatory)
			}
		}
		tx = t.Inner
	default:
		if s.IsMultisig() {
			return fmt.Errorf("multisig: a %s signed by a multisig account: %w", tx.Type(), transaction.ErrNotAllowedForMultisig)
		}
	}
	if m, ok := tx.(*transaction.MultisigAggregateModification); ok {
		if _, err := s.Apply(m); err != nil {
			return err
		}
	}
	return nil
}

// deletedCosigner returns the cosignatory an aggregate modification
// removes (NIS allows one per transaction; Apply refuses more).
func deletedCosigner(tx transaction.Transaction) (sign.PublicKey, bool) {
	m, ok := tx.(*transaction.MultisigAggregateModification)
	if !ok || m == nil {
		return sign.PublicKey{}, false
	}
	for _, mod := range m.Modifications {
		if mod.Type == transaction.ModificationDelete {
			return mod.Cosignatory, true
		}
	}
	return sign.PublicKey{}, false
}
