package transaction

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
)

// Canonicalize puts a transaction being built into the form NIS
// re-serializes, so that its signature will verify on a node:
//
//   - an empty message becomes no message (NIS drops it);
//   - transfer mosaics are sorted by their "namespace:name : quantity"
//     string;
//   - cosignatory modifications are sorted by type, then by the base32
//     address string of the cosignatory on the transaction's network;
//   - a multisig wrapper's inner transaction is canonicalized too.
//
// NIS would merge a mosaic listed twice and keep a cosignatory listed twice
// until a validator refuses it; Canonicalize refuses both instead, so that
// what a person reviews is what is signed. Addresses are arrays and always
// encode in upper case. Parsers never canonicalize: they refuse
// non-canonical bytes.
func Canonicalize(tx Transaction) error {
	if isNil(tx) {
		return errNoTransaction()
	}
	switch t := tx.(type) {
	case *Transfer:
		if t.Message != nil && len(t.Message.Payload) == 0 {
			t.Message = nil
		}
		for i := range t.Mosaics {
			for j := range i {
				if t.Mosaics[j].ID == t.Mosaics[i].ID {
					return fieldErr(fmt.Sprintf("mosaics[%d]", i), ErrNonCanonical, "mosaic %s is listed twice; give it once with the total quantity", t.Mosaics[i].ID)
				}
			}
		}
		slices.SortStableFunc(t.Mosaics, compareMosaics)
	case *MultisigAggregateModification:
		for i := range t.Modifications {
			for j := range i {
				if t.Modifications[j].Cosignatory == t.Modifications[i].Cosignatory {
					return fieldErr(fmt.Sprintf("modifications[%d]", i), ErrNonCanonical, "cosignatory %s is listed twice", t.Modifications[i].Cosignatory)
				}
			}
		}
		sortModifications(t.Modifications, t.Network)
	case *Multisig:
		if isNil(t.Inner) {
			return fieldErr("otherTrans", ErrMalformed, "no inner transaction")
		}
		return prefixErr("otherTrans.", Canonicalize(t.Inner))
	}
	return nil
}

// sortModifications sorts in NIS's order (see modificationKey).
func sortModifications(ms []CosignatoryModification, n sign.Network) {
	slices.SortStableFunc(ms, func(a, b CosignatoryModification) int {
		ka, kb := modificationKey(a, n), modificationKey(b, n)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
}
