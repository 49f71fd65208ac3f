// Package nisoracle is a test oracle: a line-by-line transliteration of
// the NIS classes that decide a multisig account's state and signatures,
// kept apart from the library's own model (multisig.State) so that tests
// can check the library against NIS's rules rather than against itself.
//
// It follows NemProject/nem (commit a67b9943, nis/src/main/java/org/nem/nis):
// validators/transaction/MultisigCosignatoryModificationValidator,
// NumCosignatoryRangeValidator, MultisigSignaturesPresentValidator,
// MultisigTransactionSignerValidator, MultisigNonOperationalValidator;
// secret/MultisigCosignatoryModificationObserver and
// MultisigMinCosignatoriesModificationObserver; state/MultisigLinks.
// Accounts are compared by address, as NIS does. Only tests import it.
package nisoracle

import (
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// ValidationResult codes, as NIS's ValidationResult.
const (
	Success                         = 1
	NotACosigner                    = 71
	InvalidCosigners                = 72
	NotAllowedForMultisig           = 74
	AlreadyACosigner                = 75
	MultipleDeletes                 = 77
	RedundantModifications          = 78
	TooManyCosigners                = 80
	MultisigAccountCannotBeCosigner = 81
	MinCosignatoriesOutOfRange      = 82
)

// links is MultisigLinks.
type links struct {
	cosignatories    map[sign.Address]bool
	cosignatoryOf    map[sign.Address]bool
	minCosignatories int
}

func (l *links) isMultisig() bool    { return len(l.cosignatories) > 0 }
func (l *links) isCosignatory() bool { return len(l.cosignatoryOf) > 0 }

// Chain holds the multisig links of every account it has seen.
type Chain struct {
	Network  sign.Network
	accounts map[sign.Address]*links
}

// New returns a chain where every account is ordinary.
func New(n sign.Network) *Chain { return &Chain{Network: n, accounts: map[sign.Address]*links{}} }

func (c *Chain) find(a sign.Address) *links {
	l := c.accounts[a]
	if l == nil {
		l = &links{cosignatories: map[sign.Address]bool{}, cosignatoryOf: map[sign.Address]bool{}}
		c.accounts[a] = l
	}
	return l
}

func (c *Chain) addr(k sign.PublicKey) sign.Address { return sign.NewAddress(k, c.Network) }

// Cosignatories returns the account's cosignatories and stored minimum.
func (c *Chain) Cosignatories(account sign.PublicKey) (map[sign.Address]bool, int) {
	l := c.find(c.addr(account))
	out := map[sign.Address]bool{}
	for a := range l.cosignatories {
		out[a] = true
	}
	return out, l.minCosignatories
}

// ValidateModification is MultisigCosignatoryModificationValidator (after
// the m-of-n fork) followed by NumCosignatoryRangeValidator, for an
// aggregate modification signed by (or for) its Signer.
func (c *Chain) ValidateModification(t *transaction.MultisigAggregateModification) int {
	multisigAddress := c.addr(t.Signer)
	toAdd := map[sign.Address]bool{}
	toRemove := map[sign.Address]bool{}
	for _, m := range t.Modifications {
		cosignerAddress := c.addr(m.Cosignatory)
		cosignerState := c.find(cosignerAddress)
		isCosigner := cosignerState.cosignatoryOf[multisigAddress]
		isMultisig := cosignerState.isMultisig()
		switch m.Type {
		case transaction.ModificationAdd:
			if isCosigner {
				return AlreadyACosigner
			}
			if isMultisig || cosignerAddress == multisigAddress {
				return MultisigAccountCannotBeCosigner
			}
			toAdd[cosignerAddress] = true
		case transaction.ModificationDelete:
			if !isCosigner {
				return NotACosigner
			}
			toRemove[cosignerAddress] = true
		}
	}
	if len(toRemove) > 1 {
		return MultipleDeletes
	}
	if len(t.Modifications) != len(toAdd)+len(toRemove) {
		return RedundantModifications
	}
	if c.find(multisigAddress).isCosignatory() {
		return MultisigAccountCannotBeCosigner
	}
	// NumCosignatoryRangeValidator
	l := c.find(multisigAddress)
	numCosigners := len(l.cosignatories)
	for _, m := range t.Modifications {
		switch m.Type {
		case transaction.ModificationAdd:
			numCosigners++
		case transaction.ModificationDelete:
			numCosigners--
		}
	}
	minCosigners := l.minCosignatories
	if t.MinCosignatories != nil {
		minCosigners += int(t.MinCosignatories.RelativeChange)
	}
	if minCosigners < 0 || minCosigners > numCosigners {
		return MinCosignatoriesOutOfRange
	}
	if numCosigners > transaction.MaxCosignatories {
		return TooManyCosigners
	}
	return Success
}

// ApplyModification is what the two observers do when a valid aggregate
// modification executes.
func (c *Chain) ApplyModification(t *transaction.MultisigAggregateModification) {
	multisigAddress := c.addr(t.Signer)
	multisig := c.find(multisigAddress)
	for _, m := range t.Modifications {
		cosignatoryAddress := c.addr(m.Cosignatory)
		cosignatory := c.find(cosignatoryAddress)
		if m.Type == transaction.ModificationAdd {
			multisig.cosignatories[cosignatoryAddress] = true
			cosignatory.cosignatoryOf[multisigAddress] = true
		} else {
			delete(multisig.cosignatories, cosignatoryAddress)
			delete(cosignatory.cosignatoryOf, multisigAddress)
		}
	}
	if t.MinCosignatories != nil {
		multisig.minCosignatories += int(t.MinCosignatories.RelativeChange)
	}
}

// ValidateWrapper applies MultisigTransactionSignerValidator,
// MultisigSignaturesPresentValidator and, for an inner aggregate
// modification, its validators, to a wrapper around inner signed by
// initiator and cosigned by cosigners.
func (c *Chain) ValidateWrapper(inner transaction.Transaction, initiator sign.PublicKey, cosigners []sign.PublicKey) int {
	multisig := c.find(c.addr(inner.Common().Signer))
	if !multisig.cosignatories[c.addr(initiator)] {
		return NotACosigner
	}
	if m, ok := inner.(*transaction.MultisigAggregateModification); ok {
		if r := c.ValidateModification(m); r != Success {
			return r
		}
	}
	signerAddresses := map[sign.Address]bool{c.addr(initiator): true}
	for _, k := range cosigners {
		signerAddresses[c.addr(k)] = true
	}
	for a := range signerAddresses {
		if !multisig.cosignatories[a] {
			return InvalidCosigners
		}
	}
	expected := map[sign.Address]bool{}
	for a := range multisig.cosignatories {
		expected[a] = true
	}
	if m, ok := inner.(*transaction.MultisigAggregateModification); ok {
		for _, mod := range m.Modifications {
			if mod.Type == transaction.ModificationDelete {
				delete(signerAddresses, c.addr(mod.Cosignatory))
				delete(expected, c.addr(mod.Cosignatory))
			}
		}
	}
	minCosignatories := multisig.minCosignatories
	nOfN := minCosignatories == 0 || len(multisig.cosignatories) == minCosignatories
	if nOfN && equal(signerAddresses, expected) || !nOfN && minCosignatories <= len(signerAddresses) {
		return Success
	}
	return InvalidCosigners
}

// ValidateOwn applies MultisigNonOperationalValidator to a transaction the
// account signs itself (not wrapped), and for an aggregate modification
// its validators: the conversion of an ordinary account.
func (c *Chain) ValidateOwn(tx transaction.Transaction) int {
	if c.find(c.addr(tx.Common().Signer)).isMultisig() {
		return NotAllowedForMultisig
	}
	if m, ok := tx.(*transaction.MultisigAggregateModification); ok {
		return c.ValidateModification(m)
	}
	return Success
}

func equal(a, b map[sign.Address]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
