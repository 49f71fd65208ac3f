package transaction

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/nemcustody/nemcustody/sign"
)

// Minimum fees as NIS computes them since the second fee fork (mainnet
// height 1,250,000, testnet 975,000): FeeUnitAwareTransactionFeeCalculator
// with the 0.05 XEM unit of DefaultTransactionFeeCalculator. Older chain
// data was charged more; every later rule has only lowered fees.
const (
	// FeeUnit is the fee unit (DefaultTransactionFeeCalculator
	// FEE_UNIT_SECOND_FORK).
	FeeUnit Amount = 50_000
	// MultisigAggregateModificationFee is the minimum fee of an aggregate
	// modification: 10 units, whatever it changes.
	MultisigAggregateModificationFee = 10 * FeeUnit
	// FlatFee is the minimum fee of every type but transfers and aggregate
	// modifications: 3 units. A multisig wrapper pays it for itself only
	// (see MultisigTotalFee).
	FlatFee = 3 * FeeUnit
	// maxCosignatureFee is the largest fee NIS accepts on a cosignature,
	// so that the last cosignatory cannot drain the multisig account
	// (AbstractTransactionFeeCalculator.isFeeValid).
	maxCosignatureFee = 1000 * XEM
)

// Rental and creation fees since the second fee fork. They are paid to a
// sink account in the transaction body, apart from the transaction fee
// (ProvisionNamespaceTransactionValidator,
// MosaicDefinitionCreationTransactionValidator).
const (
	// RootNamespaceRentalFee rents a root namespace for a year.
	RootNamespaceRentalFee = 100 * XEM
	// SubNamespaceRentalFee creates a sub-namespace (it lives as long as
	// its root).
	SubNamespaceRentalFee = 10 * XEM
	// MosaicCreationFee creates or changes a mosaic definition.
	MosaicCreationFee = 10 * XEM
)

// NamespaceRentalFee returns the least rental fee NIS accepts for
// provisioning a namespace under parent: RootNamespaceRentalFee for a root
// (parent ""), SubNamespaceRentalFee otherwise.
func NamespaceRentalFee(parent string) Amount {
	if parent == "" {
		return RootNamespaceRentalFee
	}
	return SubNamespaceRentalFee
}

// The sink accounts' public keys (MosaicConstants: NAMESPACE_OWNER_NEM_KEY
// receives namespace rental fees, MOSAIC_CREATION_FEE_SINK_KEY mosaic
// creation fees). NIS derives their addresses on its own network.
var (
	namespaceSinkKey = sign.PublicKey{
		0x3e, 0x82, 0xe1, 0xc1, 0xe4, 0xa7, 0x5a, 0xda, 0xa3, 0xcb, 0xa8, 0xc1, 0x01, 0xc3, 0xcd, 0x31,
		0xd9, 0x81, 0x7a, 0x2e, 0xb9, 0x66, 0xeb, 0x3b, 0x51, 0x1f, 0xb2, 0xed, 0x45, 0xb8, 0xe2, 0x62,
	}
	mosaicSinkKey = sign.PublicKey{
		0x53, 0xe1, 0x40, 0xb5, 0x94, 0x7f, 0x10, 0x4c, 0xab, 0xc2, 0xd6, 0xfe, 0x8b, 0xae, 0xdb, 0xc3,
		0x0e, 0xf9, 0xa0, 0x60, 0x9c, 0x71, 0x7d, 0x96, 0x13, 0xde, 0x59, 0x3e, 0xc2, 0xa2, 0x66, 0xd3,
	}
)

// NamespaceSink returns the account namespace rental fees must be paid to
// on network n (NAMESPACEWH4MKFMBCVFERDPOOP4FK7MTBXDPZZA on mainnet,
// TAMESPACEWH4MKFMBCVFERDPOOP4FK7MTDJEYP35 on testnet).
func NamespaceSink(n sign.Network) sign.Address { return sign.NewAddress(namespaceSinkKey, n) }

// MosaicSink returns the account mosaic creation fees must be paid to on
// network n (NBMOSAICOD4F54EE5CDMR23CCBGOAM2XSIUX6TRS on mainnet,
// TBMOSAICOD4F54EE5CDMR23CCBGOAM2XSJBR5OLC on testnet).
func MosaicSink(n sign.Network) sign.Address { return sign.NewAddress(mosaicSinkKey, n) }

// MosaicSupply is what the fee of a mosaic transfer depends on
// (MosaicFeeInformation).
type MosaicSupply struct {
	// Supply is the mosaic's current supply in whole units: the initial
	// supply plus every supply change since. NIS prices with the current
	// supply (NamespaceCacheLookupAdapters); the initial supply of the
	// definition gives a wrong fee once the supply has changed.
	Supply uint64
	// Divisibility is the number of decimals, 0 to 6.
	Divisibility uint8
}

// xemSupply is nem:xem's fee information, built in: 8,999,999,999 XEM with
// 6 decimals (MosaicConstants.MOSAIC_DEFINITION_XEM).
var xemSupply = MosaicSupply{Supply: 8_999_999_999, Divisibility: 6}

// MosaicLookup returns the fee information of a mosaic, or false if it is
// not known. nem:xem never reaches it (its supply is built in); a nil
// MosaicLookup knows no other mosaic.
type MosaicLookup func(MosaicID) (MosaicSupply, bool)

// ErrUnknownMosaic: the minimum fee of a transfer cannot be computed
// because the lookup does not know a mosaic's supply. It is not a NIS
// rule: the node knows every mosaic, and needs its current supply too.
var ErrUnknownMosaic = errors.New("mosaic supply unknown")

// MinimumFee returns the least fee NIS accepts for tx on its own, under the
// current (second fee fork) rules of FeeUnitAwareTransactionFeeCalculator
// and AbstractTransactionFeeCalculator. Integer arithmetic only:
//
//   - transfer without mosaics: 0.05 XEM × (min(25, max(1, ⌊xem/10,000⌋)) +
//     message units), xem = ⌊Amount/1,000,000⌋;
//   - transfer with mosaics: 0.05 XEM × (Σ mosaic units + message units),
//     each mosaic priced from its current supply (see mosaicUnits);
//   - message units: 0 without a message, else ⌊payload length/32⌋ + 1;
//   - aggregate modification: 0.5 XEM;
//   - anything else: 0.15 XEM.
//
// A multisig wrapper's minimum covers the wrapper only: its inner
// transaction and every cosignature carry, and must meet, their own fees,
// all paid by the multisig account (MultisigTotalFee adds them up). A
// cosignature's fee must also stay at or below 1000 XEM.
//
// mosaics prices mosaics other than nem:xem; without it, or for a mosaic
// it does not know, the error wraps ErrUnknownMosaic.
func MinimumFee(tx Transaction, mosaics MosaicLookup) (Amount, error) {
	fee, _, err := minimumFee(tx, mosaics, false)
	return fee, err
}

// minimumFee is MinimumFee. With skipUnknown, a mosaic the lookup does not
// know counts one fee unit (the least any mosaic costs) instead of failing
// with ErrUnknownMosaic, and unknown is the number of such mosaics.
func minimumFee(tx Transaction, mosaics MosaicLookup, skipUnknown bool) (fee Amount, unknown int, err error) {
	if isNil(tx) {
		return 0, 0, errNoTransaction()
	}
	switch t := tx.(type) {
	case *Transfer:
		units, unknown, err := transferUnits(t, mosaics, skipUnknown)
		if err != nil {
			return 0, 0, err
		}
		return Amount(units) * FeeUnit, unknown, nil
	case *MultisigAggregateModification:
		return MultisigAggregateModificationFee, 0, nil
	}
	return FlatFee, 0, nil
}

// MultisigTotalFee returns the least the multisig account pays for ms to be
// included: the wrapper's minimum fee, its inner transaction's minimum fee
// and cosignatures times the cosignature minimum. cosignatures is the
// number of cosignatures besides the wrapper (whose signature counts as
// the initiator's): m − 1 for an m-of-n account, n − 1 if m is 0 or n.
func MultisigTotalFee(ms *Multisig, cosignatures int, mosaics MosaicLookup) (Amount, error) {
	if ms == nil || isNil(ms.Inner) {
		return 0, fieldErr("otherTrans", ErrMalformed, "no inner transaction")
	}
	if cosignatures < 0 || cosignatures > MaxCosignatories-1 {
		return 0, fmt.Errorf("transaction: %w: %d cosignatures, want 0 to %d", ErrInvalidField, cosignatures, MaxCosignatories-1)
	}
	inner, err := MinimumFee(ms.Inner, mosaics)
	if err != nil {
		return 0, prefixErr("otherTrans.", err)
	}
	return FlatFee + inner + Amount(cosignatures)*FlatFee, nil
}

// Fee calculation constants (AbstractTransactionFeeCalculator).
const (
	maxTransferUnits   = 25
	xemPerTransferUnit = 10_000
	// smallBusinessSupply: a mosaic without decimals and with at most
	// this supply costs one unit whatever is moved.
	smallBusinessSupply = 10_000
)

// transferUnits is calculateMinimumFeeImpl(TransferTransaction) in fee
// units. With skipUnknown, a mosaic lookup does not know counts one unit
// and is counted in unknown.
func transferUnits(t *Transfer, lookup MosaicLookup, skipUnknown bool) (units uint64, unknown int, err error) {
	// A message with an empty payload is dropped by NIS and costs nothing
	// (TransferTransaction.normalizeMessage).
	if t.Message != nil && len(t.Message.Payload) > 0 {
		units = uint64(len(t.Message.Payload))/32 + 1
	}
	if len(t.Mosaics) == 0 {
		return units + xemUnits(uint64(t.Amount/XEM)), 0, nil
	}
	for i, m := range t.Mosaics {
		f := fmt.Sprintf("mosaics[%d]", i)
		for j := range i {
			if t.Mosaics[j].ID == m.ID {
				return 0, 0, fieldErr(f, ErrNonCanonical, "mosaic %s appears twice (NIS would merge them)", m.ID)
			}
		}
		info, err := supplyOf(m.ID, lookup)
		if skipUnknown && errors.Is(err, ErrUnknownMosaic) {
			// mosaicUnits is never below one unit, whatever the supply.
			units++
			unknown++
			continue
		}
		if err != nil {
			return 0, 0, prefixErr(f+".", err)
		}
		units += mosaicUnits(t.Amount, m.Quantity, info)
	}
	return units, unknown, nil
}

// supplyOf returns the fee information of id, checking what the lookup
// returns: NIS never holds a divisibility above 6 or a supply above
// MaxQuantity smallest units.
func supplyOf(id MosaicID, lookup MosaicLookup) (MosaicSupply, error) {
	if id == XEMMosaic {
		return xemSupply, nil
	}
	var info MosaicSupply
	ok := false
	if lookup != nil {
		info, ok = lookup(id)
	}
	if !ok {
		return info, fieldErr("mosaicId", ErrUnknownMosaic, "no supply for %s: the fee depends on its current supply", id)
	}
	if info.Divisibility > 6 || !supplyFits(info.Supply, info.Divisibility) {
		return info, fieldErr("mosaicId", ErrInvalidField, "lookup for %s returned supply %d at divisibility %d, beyond NIS's maximum quantity", id, info.Supply, info.Divisibility)
	}
	return info, nil
}

// xemUnits is calculateXemTransferFee: min(25, max(1, ⌊xem/10,000⌋)).
func xemUnits(xem uint64) uint64 {
	return min(maxTransferUnits, max(1, xem/xemPerTransferUnit))
}

// xemSupplyBig is the numerator constant of calculateXemEquivalent:
// nem:xem's initial supply.
var xemSupplyBig = new(big.Int).SetUint64(xemSupply.Supply)

// mosaicUnits is calculateMosaicTransferFee for a mosaic whose supply
// fits (supplyOf):
//
//	small business (divisibility 0, supply ≤ 10,000): 1
//	xemEquivalent = ⌊8,999,999,999 × quantity × amount / supply / 10^(divisibility+6)⌋ (0 if supply is 0)
//	totalQuantity = supply × 10^divisibility
//	adjustment    = ⌊0.8 × ln(⌊9,000,000,000,000,000 / totalQuantity⌋)⌋ (0 if totalQuantity is 0)
//	units         = max(1, min(25, max(1, ⌊xemEquivalent/10,000⌋)) − adjustment)
//
// NIS computes xemEquivalent with BigInteger and then keeps the low 64
// bits (longValue). The exact value used here differs only where
// xemEquivalent exceeds a Java long, which takes a quantity beyond the
// mosaic's supply (no account holds it; Validate refuses what overflows);
// there it counts as the maximum, 25 units.
func mosaicUnits(amount Amount, quantity uint64, info MosaicSupply) uint64 {
	if info.Divisibility == 0 && info.Supply <= smallBusinessSupply {
		return 1
	}
	var xemFee uint64 = 1
	if info.Supply != 0 {
		x := new(big.Int).SetUint64(quantity)
		x.Mul(x, new(big.Int).SetUint64(uint64(amount)))
		x.Mul(x, xemSupplyBig)
		d := new(big.Int).SetUint64(info.Supply)
		d.Mul(d, pow10Big(int(info.Divisibility)+6))
		x.Quo(x, d)
		x.Quo(x, big.NewInt(xemPerTransferUnit))
		if x.IsUint64() {
			xemFee = min(maxTransferUnits, max(1, x.Uint64()))
		} else {
			xemFee = maxTransferUnits
		}
	}
	total := info.Supply * pow10(info.Divisibility) // fits: supplyOf checked it
	adjustment := uint64(0)
	if total > 0 {
		adjustment = supplyAdjustment(MaxQuantity / total)
	}
	if xemFee <= adjustment {
		return 1
	}
	return max(1, xemFee-adjustment)
}

// adjustmentThresholds[k-1] is the least n with ⌊0.8 × ln(n)⌋ ≥ k when
// computed as NIS does, in float64 ((long) (0.8 * Math.log(n))), for
// k = 1 … 29; ⌊0.8 × ln(9 × 10^15)⌋ = 29 is the largest value. Up to
// k = 26 they are ⌈e^(1.25k)⌉; from k = 27 on, the rounding of ln(n) to a
// double reaches the next integer a few n earlier. TestSupplyAdjustment
// compares the table with math.Log at and around every threshold.
var adjustmentThresholds = [...]uint64{
	4, 13, 43, 149, 519, 1809, 6311, 22027, 76880, 268338,
	936590, 3269018, 11409992, 39824785, 139002156, 485165196, 1693392924, 5910522064, 20629749058, 72004899338,
	251321793305, 877199251319, 3061726229132, 10686474581525, 37299461295719, 130187912050633, 454400461972587, 1586013452313426, 5535730883721906,
}

// supplyAdjustment returns ⌊0.8 × ln(n)⌋ as NIS computes it, without
// floating point, for 1 ≤ n ≤ MaxQuantity (0 for n = 0).
func supplyAdjustment(n uint64) uint64 {
	k := uint64(0)
	for _, t := range adjustmentThresholds {
		if n < t {
			break
		}
		k++
	}
	return k
}

// pow10 returns 10^d for d ≤ 6.
func pow10(d uint8) uint64 {
	p := uint64(1)
	for range d {
		p *= 10
	}
	return p
}

func pow10Big(d int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
}
