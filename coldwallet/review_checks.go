package coldwallet

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrNotThePlan: a conversion of the plan's account that would make it
// something other than the plan.
var ErrNotThePlan = errors.New("the conversion does not match the plan")

// conversionMatches checks that a conversion signed by the plan's account
// adds exactly the plan's cosigners and sets its threshold: the offline
// side converts only into the custody design it keeps, never into one the
// online side made up.
func conversionMatches(plan *multisig.Plan, m *transaction.MultisigAggregateModification) error {
	var added []sign.PublicKey
	for _, mod := range m.Modifications {
		if mod.Type != transaction.ModificationAdd {
			return fmt.Errorf("%w: it removes %s", ErrNotThePlan, mod.Cosignatory.Address(plan.Network))
		}
		added = append(added, mod.Cosignatory)
	}
	want := plan.Keys()
	less := func(a, b sign.PublicKey) int { return slices.Compare(a[:], b[:]) }
	slices.SortFunc(added, less)
	slices.SortFunc(want, less)
	if !slices.Equal(added, want) {
		return fmt.Errorf("%w: it adds %d cosigner(s), not the plan's %d", ErrNotThePlan, len(added), len(want))
	}
	// NIS reads a minimum of 0 (no change in version 1) as "all of them".
	threshold := len(added)
	if m.MinCosignatories != nil && m.MinCosignatories.RelativeChange != 0 {
		threshold = int(m.MinCosignatories.RelativeChange)
	}
	if threshold != plan.Threshold {
		return fmt.Errorf("%w: it sets %d of %d, the plan says %d of %d", ErrNotThePlan, threshold, len(added), plan.Threshold, len(want))
	}
	return nil
}

// feeFactor is how many times the minimum fee a fee may be before the
// review warns.
const feeFactor = 10

// feeWarnings warns about every fee an item signs that is more than
// feeFactor times the minimum NIS asks for (where it can be computed
// offline: not for transfers of mosaics other than nem:xem). NIS takes
// any fee above the minimum, all of it from the account.
func feeWarnings(it Item, approved transaction.Transaction) []string {
	var w []string
	txs := []transaction.Transaction{approved}
	if approved != it.Tx {
		txs = append(txs, it.Tx)
	}
	for _, tx := range txs {
		min, err := transaction.MinimumFee(tx, nil)
		if err != nil || min == 0 {
			continue
		}
		if fee := tx.Common().Fee; fee/feeFactor > min || fee/feeFactor == min && fee%feeFactor != 0 {
			w = append(w, fmt.Sprintf("WARNING: THE %s FEE IS %s XEM, MORE THAN %d TIMES THE MINIMUM OF %s XEM", feeName(tx), fee, feeFactor, min))
		}
	}
	return w
}

// feeName names whose fee a warning is about.
func feeName(tx transaction.Transaction) string {
	switch tx.Type() {
	case transaction.TypeMultisig:
		return "WRAPPER"
	case transaction.TypeMultisigSignature:
		return "COSIGNATURE"
	}
	return "TRANSACTION"
}
