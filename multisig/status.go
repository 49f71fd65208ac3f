package multisig

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Report is the signature status of one multisig wrapper under a plan.
type Report struct {
	// InnerHash is the hash every cosignature must name.
	InnerHash transaction.Hash
	// Initiator signed the wrapper; NIS counts that as a signature.
	Initiator sign.PublicKey
	// Signed lists the signatures NIS counts, initiator first.
	Signed []sign.PublicKey
	// Missing lists the cosigners whose signature could still count.
	Missing []sign.PublicKey
	// Required is how many counted signatures NIS requires.
	Required int
	// Complete reports whether NIS would accept the wrapper now.
	Complete bool
	// Removed is set when the inner transaction deletes a cosigner: that
	// cosigner's signature does not count and it is not required.
	Removed *sign.PublicKey
	// Announce holds what to POST to /transaction/announce, in the order
	// a node needs: the wrapper, then each counted cosignature.
	Announce []transaction.Announcement
}

// Status checks a signed wrapper and cosignatures against the plan and
// reports what NIS would count (MultisigSignaturesPresentValidator):
//
//   - every signature must verify; the wrapper's inner signer must be the
//     plan's account and its signer a cosigner;
//   - each cosignature must name the wrapper's inner hash (computed here
//     from the inner transaction) and the account's address, be signed by
//     a cosigner other than the initiator, and appear once;
//   - an inner aggregate modification must be possible in the plan's
//     State (State.Apply: it deletes at most one key, and only a
//     cosigner; it adds only keys that are not cosigners and not the
//     account itself; ErrChange, with ErrNotCosigner, ErrDuplicateCosigner
//     or ErrAccountIsCosigner where one of them is the reason);
//   - the signatures are counted by the State's Requirement: a cosigner
//     that the inner transaction deletes is neither counted nor required;
//     in NIS's n-of-n mode every other cosigner must sign, otherwise the
//     threshold.
//
// The plan's State is the chain's when the chain enforces the plan
// (Plan.CheckState; the reconciliation of package nis checks it).
//
// Any cosignature that breaks a rule makes Status fail with an error
// naming it (ErrWrongHash, ErrWrongAccount, ErrNotCosigner,
// ErrDuplicateSignature, ErrBadSignature): a combiner must not silently
// drop what it was given. A nil plan, wrapper, transaction or cosignature
// is refused with ErrMissing.
func Status(p *Plan, wrapper *transaction.Signed, cosignatures []*transaction.Signed) (*Report, error) {
	ms, err := checkWrapper(p, wrapper)
	if err != nil {
		return nil, err
	}
	innerHash, err := transaction.HashOf(ms.Inner)
	if err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	r := &Report{InnerHash: innerHash, Initiator: ms.Signer}
	state := p.State()
	if m, ok := ms.Inner.(*transaction.MultisigAggregateModification); ok {
		if err := applicable(p, m); err != nil {
			return nil, err
		}
	}
	req := state.Requirement(ms.Inner)
	r.Removed = req.Removed
	counts := func(k sign.PublicKey) bool { return slices.Contains(req.Eligible, k) }

	wa, err := wrapper.Announcement()
	if err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	r.Announce = append(r.Announce, wa)
	signed := map[sign.PublicKey]bool{ms.Signer: true}
	if counts(ms.Signer) {
		r.Signed = append(r.Signed, ms.Signer)
	}
	account := p.Address()
	for i, s := range cosignatures {
		what := fmt.Sprintf("multisig: cosignature %d", i+1)
		cs, err := checkCosignature(p, s, what, ms.Signer, innerHash, account)
		if err != nil {
			return nil, err
		}
		if signed[cs.Signer] {
			return nil, fmt.Errorf("%s by %s: %w", what, cs.Signer.Address(p.Network), ErrDuplicateSignature)
		}
		signed[cs.Signer] = true
		if !counts(cs.Signer) {
			continue
		}
		r.Signed = append(r.Signed, cs.Signer)
		a, err := s.Announcement()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		r.Announce = append(r.Announce, a)
	}
	for _, k := range req.Eligible {
		if !signed[k] {
			r.Missing = append(r.Missing, k)
		}
	}
	r.Required = req.Needed
	all := make([]sign.PublicKey, 0, len(signed))
	for k := range signed {
		all = append(all, k)
	}
	r.Complete = state.satisfied(req, all) == nil
	return r, nil
}

// checkWrapper checks the plan and the wrapper Status reads: a valid
// plan, a well-formed wrapper on the plan's network with a verified
// signature, whose inner transaction is the plan account's and whose
// initiator is a cosigner.
func checkWrapper(p *Plan, wrapper *transaction.Signed) (*transaction.Multisig, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if wrapper == nil || isNil(wrapper.Tx) {
		return nil, fmt.Errorf("multisig: %w: no wrapper", ErrMissing)
	}
	ms, ok := wrapper.Tx.(*transaction.Multisig)
	if !ok {
		return nil, fmt.Errorf("multisig: expected a multisig wrapper, got a %s", wrapper.Tx.Type())
	}
	if isNil(ms.Inner) {
		return nil, fmt.Errorf("multisig: %w: the wrapper has no inner transaction", ErrMissing)
	}
	if err := transaction.Check(ms); err != nil {
		return nil, fmt.Errorf("multisig: wrapper: %w", err)
	}
	if ms.Network != p.Network {
		return nil, fmt.Errorf("multisig: wrapper is for %s, the plan for %s", ms.Network, p.Network)
	}
	if err := transaction.VerifySigned(wrapper); err != nil {
		return nil, fmt.Errorf("multisig: wrapper: %w: %w", ErrBadSignature, err)
	}
	if ms.Inner.Common().Signer != p.Account {
		return nil, fmt.Errorf("multisig: wrapper's inner transaction is signed by %s: %w", ms.Inner.Common().Signer.Address(p.Network), ErrWrongAccount)
	}
	if _, ok := p.Cosigner(ms.Signer); !ok {
		return nil, fmt.Errorf("multisig: wrapper initiator %s: %w", ms.Signer.Address(p.Network), ErrNotCosigner)
	}
	return ms, nil
}

// checkCosignature checks one cosignature Status is given (what names
// it): a verified MultisigSignature of the wrapper's inner transaction
// (innerHash) for the plan's account, by a cosigner other than the
// initiator.
func checkCosignature(p *Plan, s *transaction.Signed, what string, initiator sign.PublicKey, innerHash transaction.Hash, account sign.Address) (*transaction.MultisigSignature, error) {
	if s == nil || isNil(s.Tx) {
		return nil, fmt.Errorf("%s: %w", what, ErrMissing)
	}
	cs, ok := s.Tx.(*transaction.MultisigSignature)
	if !ok {
		return nil, fmt.Errorf("%s: is a %s", what, s.Tx.Type())
	}
	if err := transaction.Check(cs); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := transaction.VerifySigned(s); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", what, ErrBadSignature, err)
	}
	if cs.OtherHash != innerHash {
		return nil, fmt.Errorf("%s names inner hash %s, the wrapper's is %s: %w", what, cs.OtherHash, innerHash, ErrWrongHash)
	}
	if cs.MultisigAccount != account {
		return nil, fmt.Errorf("%s is for account %s, the plan's is %s: %w", what, cs.MultisigAccount, account, ErrWrongAccount)
	}
	if _, ok := p.Cosigner(cs.Signer); !ok {
		return nil, fmt.Errorf("%s by %s: %w", what, cs.Signer.Address(p.Network), ErrNotCosigner)
	}
	if cs.Signer == initiator {
		return nil, fmt.Errorf("%s is by the initiator, whose wrapper already counts (NIS refuses it): %w", what, ErrDuplicateSignature)
	}
	return cs, nil
}

// applicable refuses a modification NIS refuses in every state that
// enforces the plan (Plan.States: with M == N the chain may store 0). The
// signatures are counted the same way in all of them.
func applicable(p *Plan, m *transaction.MultisigAggregateModification) error {
	var first error
	for _, st := range p.States() {
		_, err := st.Apply(m)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return changeErr(first)
}

// changeErr adds to an error of State.Apply the plan-level sentinel of
// the same meaning, so that callers can test for ErrChange and for the
// cosigner that is wrong.
func changeErr(err error) error {
	switch {
	case errors.Is(err, transaction.ErrNotCosignatory):
		return fmt.Errorf("multisig: %w: %w: the inner modification: %w", ErrChange, ErrNotCosigner, err)
	case errors.Is(err, transaction.ErrAlreadyCosignatory):
		return fmt.Errorf("multisig: %w: %w: the inner modification: %w", ErrChange, ErrDuplicateCosigner, err)
	case errors.Is(err, transaction.ErrCosignatoryIsMultisig):
		return fmt.Errorf("multisig: %w: %w: the inner modification: %w", ErrChange, ErrAccountIsCosigner, err)
	}
	return fmt.Errorf("multisig: %w: the inner modification: %w", ErrChange, err)
}
