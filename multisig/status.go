package multisig

import (
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
//   - an inner aggregate modification must be possible on the plan's
//     account (MultisigAggregateModificationTransactionValidator): it
//     deletes at most one key, and only a cosigner; it adds only keys that
//     are not cosigners and not the account itself (ErrChange, with
//     ErrNotCosigner, ErrDuplicateCosigner or ErrAccountIsCosigner);
//   - a cosigner that the inner transaction deletes is neither counted
//     nor required;
//   - with M == N every remaining cosigner must sign; otherwise M
//     signatures are needed.
//
// Any cosignature that breaks a rule makes Status fail with an error
// naming it (ErrWrongHash, ErrWrongAccount, ErrNotCosigner,
// ErrDuplicateSignature, ErrBadSignature): a combiner must not silently
// drop what it was given. A nil plan, wrapper, transaction or cosignature
// is refused with ErrMissing.
func Status(p *Plan, wrapper *transaction.Signed, cosignatures []*transaction.Signed) (*Report, error) {
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
	innerHash, err := transaction.HashOf(ms.Inner)
	if err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	r := &Report{InnerHash: innerHash, Initiator: ms.Signer}
	if err := checkModification(p, ms.Inner); err != nil {
		return nil, err
	}
	if x, ok := deletedCosigner(ms.Inner); ok {
		r.Removed = &x
	}
	counts := func(k sign.PublicKey) bool { return r.Removed == nil || *r.Removed != k }

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
		if cs.Signer == ms.Signer {
			return nil, fmt.Errorf("%s is by the initiator, whose wrapper already counts (NIS refuses it): %w", what, ErrDuplicateSignature)
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
	eligible := slices.DeleteFunc(p.Keys(), func(k sign.PublicKey) bool { return !counts(k) })
	for _, k := range eligible {
		if !signed[k] {
			r.Missing = append(r.Missing, k)
		}
	}
	r.Required = requiredSignatures(p, r.Removed != nil)
	r.Complete = len(r.Signed) >= r.Required
	return r, nil
}

// requiredSignatures applies NIS's counting. With M == N (NIS's n-of-n
// mode, which also covers an on-chain minimum of 0) every cosigner must
// sign, except one being removed; otherwise M must.
func requiredSignatures(p *Plan, removal bool) int {
	n := len(p.Cosigners)
	if p.Threshold == n {
		if removal {
			return n - 1
		}
		return n
	}
	return p.Threshold
}

// checkModification refuses an inner aggregate modification NIS would
// refuse against the plan's cosigners, before any counting depends on it:
// the "removed cosigner does not count" rule must only ever apply to a
// real cosigner.
func checkModification(p *Plan, tx transaction.Transaction) error {
	m, ok := tx.(*transaction.MultisigAggregateModification)
	if !ok {
		return nil
	}
	deletes := 0
	for _, mod := range m.Modifications {
		_, isCosigner := p.Cosigner(mod.Cosignatory)
		addr := mod.Cosignatory.Address(p.Network)
		switch mod.Type {
		case transaction.ModificationDelete:
			deletes++
			if !isCosigner {
				return fmt.Errorf("multisig: %w: the inner modification deletes %s: %w", ErrChange, addr, ErrNotCosigner)
			}
		case transaction.ModificationAdd:
			if isCosigner {
				return fmt.Errorf("multisig: %w: the inner modification adds %s, already a cosigner: %w", ErrChange, addr, ErrDuplicateCosigner)
			}
			if mod.Cosignatory == p.Account {
				return fmt.Errorf("multisig: %w: the inner modification adds the account itself: %w", ErrChange, ErrAccountIsCosigner)
			}
		}
	}
	if deletes > 1 {
		return fmt.Errorf("multisig: %w: the inner modification deletes %d cosigners, NIS allows one", ErrChange, deletes)
	}
	return nil
}

// deletedCosigner returns the cosigner an aggregate modification deletes
// (NIS allows one per transaction).
func deletedCosigner(tx transaction.Transaction) (sign.PublicKey, bool) {
	m, ok := tx.(*transaction.MultisigAggregateModification)
	if !ok {
		return sign.PublicKey{}, false
	}
	for _, mod := range m.Modifications {
		if mod.Type == transaction.ModificationDelete {
			return mod.Cosignatory, true
		}
	}
	return sign.PublicKey{}, false
}
