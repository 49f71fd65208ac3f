package transaction

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
)

// LevyLookup returns the levy of a mosaic's definition as NIS holds it when
// the transaction executes (NamespaceCacheLookupAdapters.asMosaicLevyLookup):
// nil for a mosaic without a levy. ok is false when the definition is not
// known, and then Debits refuses to guess. nem:xem never reaches it: it has
// no levy.
type LevyLookup func(MosaicID) (levy *MosaicLevy, ok bool)

// DefinitionLevies returns the LevyLookup of the given definitions: the
// levy of each, and not known for any other mosaic.
func DefinitionLevies(defs []MosaicDefinition) LevyLookup {
	return func(id MosaicID) (*MosaicLevy, bool) {
		for i := range defs {
			if defs[i].ID == id {
				return defs[i].Levy, true
			}
		}
		return nil, false
	}
}

// OutflowKind says why NIS takes something out of the debtor account.
type OutflowKind uint8

// Outflow kinds.
const (
	// OutflowFee is a transaction fee, credited to the harvester of the
	// block (Transaction.transfer).
	OutflowFee OutflowKind = iota + 1
	// OutflowTransfer is XEM or a mosaic a transfer moves to its
	// recipient (TransferTransaction.transfer).
	OutflowTransfer
	// OutflowLevy is a mosaic levy, paid to the levy's recipient in the
	// levy's mosaic (TransferTransaction.createMosaicLevyNotification).
	OutflowLevy
	// OutflowRental is a namespace's rental fee, paid to the namespace
	// sink (ProvisionNamespaceTransaction.transfer).
	OutflowRental
	// OutflowCreation is a mosaic definition's creation fee, paid to the
	// mosaic sink (MosaicDefinitionCreationTransaction.transfer).
	OutflowCreation
)

// String names the kind: "fee", "transfer", "levy", "rental fee",
// "creation fee".
func (k OutflowKind) String() string {
	switch k {
	case OutflowFee:
		return "fee"
	case OutflowTransfer:
		return "transfer"
	case OutflowLevy:
		return "levy"
	case OutflowRental:
		return "rental fee"
	case OutflowCreation:
		return "creation fee"
	}
	return fmt.Sprintf("OutflowKind(%d)", uint8(k))
}

// Outflow is one debit NIS makes from the debtor account.
type Outflow struct {
	Kind OutflowKind
	// From is the type of the transaction whose execution makes the
	// debit: TypeMultisig for a wrapper's own fee, TypeMultisigSignature
	// for a cosignature's fee, the inner (or plain) transaction's type for
	// its fee and body.
	From Type
	// Mosaic is what is taken: XEMMosaic for XEM.
	Mosaic MosaicID
	// Quantity is in the mosaic's smallest units (micro-XEM for XEM),
	// never 0.
	Quantity uint64
	// Recipient is the account credited; the zero Address for a fee,
	// which goes to the harvester of the block.
	Recipient sign.Address
	// LevyOn is, for a levy, the mosaic whose transfer it is charged on.
	LevyOn MosaicID
}

// Debit is everything NIS takes out of one account when a transaction
// executes.
type Debit struct {
	// Debtor is the account that pays: a wrapper's inner signer, a
	// cosignature's multisig account, else the signer
	// (MultisigTransaction.getDebtor, MultisigSignatureTransaction
	// .getDebtor, Transaction.getDebtor).
	Debtor sign.Address
	// XEM is the micro-XEM taken out in all: fees, XEM moved, XEM levies,
	// rental and creation fees.
	XEM Amount
	// Mosaics are the totals of the other mosaics taken out (moved and
	// levied), sorted by their "namespace:name" string.
	Mosaics []Mosaic
	// Outflows are the debits one by one, in the order NIS makes them.
	Outflows []Outflow
}

// Levies returns the outflows that are levies.
func (d *Debit) Levies() []Outflow {
	var out []Outflow
	for _, o := range d.Outflows {
		if o.Kind == OutflowLevy {
			out = append(out, o)
		}
	}
	return out
}

// Debits returns everything NIS takes out of the debtor account when tx
// executes, as NIS's transfer methods and observers compute it: every fee
// (a wrapper's own, its inner transaction's and those of the cosignatures
// it carries, which NIS all charges to the multisig account); the XEM a
// transfer moves (Amount, or with mosaics the nem:xem quantity times
// Amount / 1,000,000: TransferTransaction.getXemTransferAmount); every
// other mosaic it moves (quantity times Amount / 1,000,000, getRawQuantity)
// and the levy NIS charges on each (DefaultMosaicTransferFeeCalculator:
// an absolute levy's fee, or a percentile levy's raw quantity × fee /
// 10,000, dropped when 0), paid in the levy's mosaic (XEM when it is
// nem:xem) to the levy's recipient; a namespace's rental fee and a mosaic
// definition's creation fee. It applies Check to tx first.
//
// A levy is charged on every mosaic of the transfer, even one that moves 0
// units; NIS charges no levy on a levy, and none on nem:xem. levies gives
// the definitions' levies; a nil LevyLookup knows none.
//
// Debits refuses rather than guess: a transfer moving a mosaic whose
// definition levies does not know (ErrLevyUnknown), and a debit that does
// not fit a Java long (ErrDebitOverflow). NIS computes a percentile levy in
// long arithmetic: when raw quantity × fee exceeds 2^63-1 it wraps
// silently and charges whatever the wrapped product gives (or fails while
// executing, for a negative one), so no offline bound holds: such a
// transfer is refused. What NIS destroys without paying anyone (a supply
// decrease) is not a debit listed here.
//
// The levy depends on the definition NIS holds when the transaction
// executes, not on the one given: see ErrLevyUnknown for when they can
// differ.
func Debits(tx Transaction, levies LevyLookup) (*Debit, error) {
	if err := Check(tx); err != nil {
		return nil, err
	}
	h := tx.Common()
	d := &debitBuilder{levies: levies}
	var debtor sign.Address
	switch t := tx.(type) {
	case *Multisig:
		debtor = t.Inner.Common().Signer.Address(h.Network)
		for i := range t.Cosignatures {
			cs := &t.Cosignatures[i].Cosignature
			if cs.MultisigAccount != debtor {
				return nil, fieldErr(fmt.Sprintf("signatures[%d].otherAccount", i), ErrInvalidField, "a cosignature for %s attached to a wrapper for %s", cs.MultisigAccount, debtor)
			}
			d.fee(cs)
		}
		d.body(t.Inner)
		d.fee(t)
	case *MultisigSignature:
		debtor = t.MultisigAccount
		d.fee(t)
	default:
		debtor = h.Signer.Address(h.Network)
		d.body(tx)
	}
	if d.err != nil {
		return nil, d.err
	}
	return d.finish(debtor)
}

// debitBuilder collects outflows, keeping the first error.
type debitBuilder struct {
	levies   LevyLookup
	outflows []Outflow
	err      error
}

func (d *debitBuilder) add(o Outflow) {
	if o.Quantity > 0 {
		d.outflows = append(d.outflows, o)
	}
}

// fee adds tx's own fee (Transaction.transfer).
func (d *debitBuilder) fee(tx Transaction) {
	d.add(Outflow{Kind: OutflowFee, From: tx.Type(), Mosaic: XEMMosaic, Quantity: uint64(tx.Common().Fee)})
}

// body adds what tx moves, then its fee: the notifications of its
// transfer method, followed by Transaction.transfer's fee debit.
func (d *debitBuilder) body(tx Transaction) {
	from := tx.Type()
	switch t := tx.(type) {
	case *Transfer:
		d.transfer(t)
	case *ProvisionNamespace:
		d.add(Outflow{Kind: OutflowRental, From: from, Mosaic: XEMMosaic, Quantity: uint64(t.RentalFee), Recipient: t.RentalFeeSink})
	case *MosaicDefinitionCreation:
		d.add(Outflow{Kind: OutflowCreation, From: from, Mosaic: XEMMosaic, Quantity: uint64(t.CreationFee), Recipient: t.CreationFeeSink})
	}
	d.fee(tx)
}

// transfer is TransferTransaction.transfer: the XEM moved, then each
// other mosaic (in the transfer's canonical order) followed by its levy.
func (d *debitBuilder) transfer(t *Transfer) {
	from := t.Type()
	xem, ok := t.XEMMoved()
	if !ok {
		d.fail(fieldErr("mosaics", ErrDebitOverflow, "the nem:xem quantity times amount / 1,000,000 is above 2^63-1"))
		return
	}
	d.add(Outflow{Kind: OutflowTransfer, From: from, Mosaic: XEMMosaic, Quantity: uint64(xem), Recipient: t.Recipient})
	for i, m := range t.Mosaics {
		if m.ID == XEMMosaic {
			continue
		}
		field := fmt.Sprintf("mosaics[%d]", i)
		raw, ok := rawQuantity(t.Amount, m.Quantity)
		if !ok {
			d.fail(fieldErr(field, ErrDebitOverflow, "quantity %d times amount %d / 1,000,000 is above 2^63-1", m.Quantity, uint64(t.Amount)))
			return
		}
		d.add(Outflow{Kind: OutflowTransfer, From: from, Mosaic: m.ID, Quantity: raw, Recipient: t.Recipient})
		var levy *MosaicLevy
		if d.levies != nil {
			levy, ok = d.levies(m.ID)
		} else {
			ok = false
		}
		if !ok {
			d.fail(fieldErr(field, ErrLevyUnknown, "the definition of %s is not known, so the levy NIS charges on it cannot be computed", m.ID))
			return
		}
		fee, err := levyFee(levy, raw)
		if err != nil {
			d.fail(&FieldError{Field: field, Err: err})
			return
		}
		if fee > 0 {
			d.add(Outflow{Kind: OutflowLevy, From: from, Mosaic: levy.MosaicID, Quantity: fee, Recipient: levy.Recipient, LevyOn: m.ID})
		}
	}
}

func (d *debitBuilder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// finish adds the outflows up.
func (d *debitBuilder) finish(debtor sign.Address) (*Debit, error) {
	out := &Debit{Debtor: debtor, Outflows: d.outflows}
	totals := map[MosaicID]uint64{}
	for _, o := range d.outflows {
		s, carry := bits.Add64(totals[o.Mosaic], o.Quantity, 0)
		if carry != 0 || s > math.MaxInt64 {
			return nil, fmt.Errorf("transaction: %w: the debits of %s add up to more than 2^63-1", ErrDebitOverflow, o.Mosaic)
		}
		totals[o.Mosaic] = s
	}
	out.XEM = Amount(totals[XEMMosaic])
	delete(totals, XEMMosaic)
	for id, q := range totals {
		out.Mosaics = append(out.Mosaics, Mosaic{ID: id, Quantity: q})
	}
	slices.SortFunc(out.Mosaics, func(a, b Mosaic) int { return cmp.Compare(a.ID.String(), b.ID.String()) })
	return out, nil
}

// LevyFee returns the levy NIS charges on a transfer that moves raw
// smallest units of a mosaic whose definition carries levy
// (DefaultMosaicTransferFeeCalculator.calculateAbsoluteLevy): 0 without a
// levy; an absolute levy's fee whatever raw is; a percentile levy's raw ×
// fee / 10,000, rounded down. When that product does not fit a Java long,
// where NIS's long arithmetic wraps silently, it returns ErrDebitOverflow
// instead of the wrapped value.
func LevyFee(levy *MosaicLevy, raw uint64) (uint64, error) {
	fee, err := levyFee(levy, raw)
	if err != nil {
		return 0, fmt.Errorf("transaction: %w", err)
	}
	return fee, nil
}

// levyFee is LevyFee with an error without the package prefix.
func levyFee(levy *MosaicLevy, raw uint64) (uint64, error) {
	if levy == nil {
		return 0, nil
	}
	switch levy.Type {
	case LevyAbsolute:
		return levy.Fee, nil
	case LevyPercentile:
		hi, lo := bits.Mul64(raw, levy.Fee)
		if hi != 0 || lo > math.MaxInt64 {
			return 0, fmt.Errorf("%w: a percentile levy of %d per 10,000 on %d units: the product is above 2^63-1, where NIS's long arithmetic wraps", ErrDebitOverflow, levy.Fee, raw)
		}
		return lo / 10_000, nil
	}
	return 0, fmt.Errorf("%w: unknown levy type %d", ErrInvalidField, levy.Type)
}
