package coldwallet

import (
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/transaction"
)

// ErrNotThePlan: a conversion of the plan's account that would make it
// something other than the plan.
var ErrNotThePlan = errors.New("the conversion does not match the plan")

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
