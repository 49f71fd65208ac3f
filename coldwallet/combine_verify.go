package coldwallet

import (
	"slices"

	"github.com/nemcustody/nemcustody/transaction"
)

// unverified holds the signatures Combine has taken in and not verified
// yet, in the order it met them, each with the words of its failure
// (naming the response and the item, or the presigned transaction).
//
// Each signature is verified once (issue 13): multisig.Status verifies
// every wrapper and cosignature it is given, so what it accepted leaves
// the list (verifiedBy), and Combine verifies the rest before it returns
// anything (verify). When Combine fails for another reason, the
// signatures still here are verified first, in order (fail): a bad
// signature is reported as it always was, ahead of anything it caused.
type unverified struct {
	sigs []pendingSignature
}

// pendingSignature is one signature waiting for its verification.
type pendingSignature struct {
	signed *transaction.Signed
	report func(error) error
}

// add appends s; report words its verification error.
func (u *unverified) add(s *transaction.Signed, report func(error) error) {
	u.sigs = append(u.sigs, pendingSignature{s, report})
}

// verifiedBy removes what a successful multisig.Status call verified.
func (u *unverified) verifiedBy(done ...*transaction.Signed) {
	u.sigs = slices.DeleteFunc(u.sigs, func(p pendingSignature) bool { return slices.Contains(done, p.signed) })
}

// verify verifies every signature still in the list, in order, and
// returns the first failure in its own words.
func (u *unverified) verify() error {
	for _, p := range u.sigs {
		if err := transaction.VerifySigned(p.signed); err != nil {
			return p.report(err)
		}
	}
	u.sigs = nil
	return nil
}

// fail returns the first bad signature still in the list, or err when
// they all verify.
func (u *unverified) fail(err error) error {
	if bad := u.verify(); bad != nil {
		return bad
	}
	return err
}
