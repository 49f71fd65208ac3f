package transaction

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/nisresult"
)

// RuleError is the type of the sentinels for NIS's validation rules. Each
// names the rule, the NIS class that applies it and the ValidationResult a
// node answers, and wraps ErrRule. Errors returned by Validate and
// CheckTimes are *FieldError values wrapping one of the sentinels; use
// errors.Is to branch and errors.As to read the code:
//
//	var re *transaction.RuleError
//	if errors.As(err, &re) { log.Print(re.Code(), re) }
//
// Its fields are NIS's and fixed: the sentinels are the only values.
type RuleError struct {
	what      string // the rule that was broken
	validator string // the NIS class that applies it
	code      int    // the ValidationResult, 0 when NIS fails otherwise
}

// Code returns the numeric ValidationResult a node answers (nis.Result
// names it), or 0 when NIS fails otherwise, for example with an
// exception while reading the transaction.
func (e *RuleError) Code() int { return e.code }

// Error returns the rule, the NIS class and the result, e.g. "fee below the
// minimum (MinimumFeeValidator, FAILURE_INSUFFICIENT_FEE)".
func (e *RuleError) Error() string {
	if e.code == 0 {
		return e.what + " (" + e.validator + ")"
	}
	return e.what + " (" + e.validator + ", " + nisresult.String(e.code) + ")"
}

// Unwrap returns ErrRule.
func (e *RuleError) Unwrap() error { return ErrRule }

// The rules Validate applies besides the time rules (see CheckTimes).
var (
	// ErrTooLarge: the transaction is longer than the 2048 bytes NIS reads
	// from the data of /transaction/announce (RequestAnnounce reads it
	// with the deserializer's default byte-array limit and truncates the
	// rest, so the transaction can no longer be read or verified). Derived
	// from the NIS source; not confirmed against a live node.
	ErrTooLarge = &RuleError{
		what: "transaction longer than 2048 bytes", validator: "RequestAnnounce, Deserializer.readBytes",
	}
	// ErrZeroSigner: the signer is the all-zero public key, which NIS
	// never verifies (Ed25519DsaSigner.verify).
	ErrZeroSigner = &RuleError{
		what: "signer is the zero public key", validator: "Ed25519DsaSigner", code: 8,
	}
	// ErrFeeTooLow: the fee is below MinimumFee.
	ErrFeeTooLow = &RuleError{
		what: "fee below the minimum", validator: "MinimumFeeValidator", code: 17,
	}
	// ErrCosignatureFeeTooHigh: a cosignature's fee is above
	// maxCosignatureFee.
	ErrCosignatureFeeTooHigh = &RuleError{
		what: "cosignature fee above 1000 XEM", validator: "MinimumFeeValidator, AbstractTransactionFeeCalculator.isFeeValid", code: 17,
	}
	// ErrMessageTooLarge: a message payload longer than MaxMessageSize.
	ErrMessageTooLarge = &RuleError{
		what: "message payload longer than 1024 bytes", validator: "TransferTransactionValidator", code: 6,
	}
	// ErrTooManyMosaics: more than MaxMosaics mosaics besides nem:xem.
	ErrTooManyMosaics = &RuleError{
		what: "more than 10 mosaics besides nem:xem", validator: "MosaicBagValidator", code: 152,
	}
	// ErrMosaicDivisibility: a transfer with a mosaic other than nem:xem
	// whose amount (the multiplier) is not a whole number of XEM. A bag of
	// nem:xem alone may have a fractional amount (MosaicBagValidator
	// .isDivisibilityAllowed looks at TransferTransaction.getMosaics,
	// which leaves nem:xem out).
	ErrMosaicDivisibility = &RuleError{
		what: "amount of a transfer with mosaics besides nem:xem is not a whole number of XEM", validator: "MosaicBagValidator", code: 148,
	}
	// ErrQuantityOverflow: amount × quantity / 1,000,000 of a mosaic does
	// not fit a Java long; NIS throws while computing it.
	ErrQuantityOverflow = &RuleError{
		what: "amount × quantity / 1,000,000 overflows", validator: "TransferTransaction.getRawQuantity",
	}
	// ErrMultipleDeletes: an aggregate modification removes more than one
	// cosignatory.
	ErrMultipleDeletes = &RuleError{
		what: "more than one cosignatory removed", validator: "MultisigCosignatoryModificationValidator", code: 77,
	}
	// ErrAlreadyCosignatory: an aggregate modification adds a current
	// cosignatory.
	ErrAlreadyCosignatory = &RuleError{
		what: "cosignatory added twice", validator: "MultisigCosignatoryModificationValidator", code: 75,
	}
	// ErrNotCosignatory: an aggregate modification removes an account that
	// is not a cosignatory, or a wrapper is signed by one
	// (MultisigTransactionSignerValidator answers the same).
	ErrNotCosignatory = &RuleError{
		what: "not a cosignatory", validator: "MultisigCosignatoryModificationValidator, MultisigTransactionSignerValidator", code: 71,
	}
	// ErrCosignatoryIsMultisig: an aggregate modification makes the
	// account its own cosignatory.
	ErrCosignatoryIsMultisig = &RuleError{
		what: "the multisig account cannot be a cosignatory", validator: "MultisigCosignatoryModificationValidator", code: 81,
	}
	// ErrTooManyCosignatories: more than MaxCosignatories cosignatories
	// after the modification.
	ErrTooManyCosignatories = &RuleError{
		what: "more than 32 cosignatories", validator: "NumCosignatoryRangeValidator", code: 80,
	}
	// ErrMinCosignatoriesOutOfRange: min cosignatories below 0 or above the
	// number of cosignatories after the modification.
	ErrMinCosignatoriesOutOfRange = &RuleError{
		what: "min cosignatories out of range", validator: "NumCosignatoryRangeValidator", code: 82,
	}
	// ErrRedundantModifications: an aggregate modification names the same
	// cosignatory twice.
	ErrRedundantModifications = &RuleError{
		what: "a cosignatory named twice", validator: "MultisigCosignatoryModificationValidator", code: 78,
	}
	// ErrInvalidCosigners: the signatures of a multisig wrapper are not
	// the set NIS requires: a signer is not a cosignatory, or too few or
	// not all of the required cosignatories signed.
	ErrInvalidCosigners = &RuleError{
		what: "the signers are not the cosignatories NIS requires", validator: "MultisigSignaturesPresentValidator", code: 72,
	}
	// ErrNotAllowedForMultisig: a multisig account signs a transaction
	// itself instead of through a wrapper.
	ErrNotAllowedForMultisig = &RuleError{
		what: "a multisig account cannot sign transactions itself", validator: "MultisigNonOperationalValidator", code: 74,
	}
	// ErrNamespaceReserved: a namespace with a reserved part (nem, user,
	// account, org, com, biz, net, edu, mil, gov, info).
	ErrNamespaceReserved = &RuleError{
		what: "namespace is reserved", validator: "ProvisionNamespaceTransactionValidator, ReservedNamespaceFilter", code: 129,
	}
	// ErrRentalFeeSink: the rental fee is not paid to NamespaceSink.
	ErrRentalFeeSink = &RuleError{
		what: "rental fee sink is not the namespace sink", validator: "ProvisionNamespaceTransactionValidator", code: 126,
	}
	// ErrRentalFeeTooLow: the rental fee is below NamespaceRentalFee.
	ErrRentalFeeTooLow = &RuleError{
		what: "rental fee below the minimum", validator: "ProvisionNamespaceTransactionValidator", code: 127,
	}
	// ErrCreationFeeSink: the creation fee is not paid to MosaicSink.
	ErrCreationFeeSink = &RuleError{
		what: "creation fee sink is not the mosaic sink", validator: "MosaicDefinitionCreationTransactionValidator", code: 150,
	}
	// ErrCreationFeeTooLow: the creation fee is below MosaicCreationFee.
	ErrCreationFeeTooLow = &RuleError{
		what: "creation fee below the minimum", validator: "MosaicDefinitionCreationTransactionValidator", code: 151,
	}
	// ErrLevyNotTransferable: a mosaic whose levy is paid in the mosaic
	// itself is not transferable.
	ErrLevyNotTransferable = &RuleError{
		what: "levy mosaic is not transferable", validator: "MosaicDefinitionCreationTransactionValidator", code: 153,
	}
)

// ValidateOptions adds what Validate cannot know from the transaction. The
// zero value applies every rule that needs nothing else.
type ValidateOptions struct {
	// NodeTime, when set, is the node's network time
	// (NetworkTimeFromMillis); the rules of CheckTimes that need it are
	// applied too.
	NodeTime *Timestamp
	// Mosaics prices the mosaics of transfers for MinimumFee. Without it a
	// transfer carrying a mosaic other than nem:xem fails with
	// ErrUnknownMosaic, unless SkipUnknownMosaicFees is set.
	Mosaics MosaicLookup
	// SkipUnknownMosaicFees, when set, skips the part of the minimum fee
	// that depends on the supply of a mosaic Mosaics does not know (every
	// mosaic but nem:xem when Mosaics is nil), instead of failing with
	// ErrUnknownMosaic. Such a mosaic counts one fee unit, the least NIS
	// charges for any mosaic, so the minimum checked is then a lower
	// bound: a fee that passes may still be below what a node asks. Known
	// mosaics, the message and every other rule are checked as usual. It
	// is meant for checking a transaction where the chain cannot be
	// asked.
	SkipUnknownMosaicFees bool
}

// Validate reports what NIS's validators would refuse in tx, before it is
// signed. It applies Check first, then to tx and to every child NIS
// validates with it (a wrapper's inner transaction and the cosignatures
// it carries), each rule citing its NIS class:
//
//   - the signed bytes fit the 2048 bytes an announce can carry
//     (ErrTooLarge; the outer transaction only);
//   - signer not the zero key (ErrZeroSigner);
//   - timestamp < deadline ≤ timestamp + 24 h (DeadlineValidator); with
//     NodeTime also the node-time rules of CheckTimes;
//   - fee ≥ MinimumFee (MinimumFeeValidator, ErrFeeTooLow), and a
//     cosignature fee ≤ 1000 XEM (ErrCosignatureFeeTooHigh);
//   - transfers: message payload ≤ 1024 bytes (TransferTransactionValidator);
//     with mosaics: at most 10 besides nem:xem, amount a whole number of XEM
//     if there is one besides nem:xem (MosaicBagValidator), amount ×
//     quantity / 1,000,000 fits a Java long
//     (TransferTransaction.getRawQuantity);
//   - aggregate modifications: at most one deletion, no more than 32
//     cosignatories added, the account neither added nor removed as its own
//     cosignatory, a relative change within ±32
//     (MultisigCosignatoryModificationValidator, NumCosignatoryRangeValidator);
//   - a wrapper not signed by its own inner signer, which is never its own
//     cosignatory (MultisigTransactionSignerValidator);
//   - provision namespace: no reserved part, the namespace sink, at least
//     NamespaceRentalFee (ProvisionNamespaceTransactionValidator);
//   - mosaic definition: the mosaic sink, at least MosaicCreationFee, a
//     levy in the mosaic itself only if it is transferable
//     (MosaicDefinitionCreationTransactionValidator).
//
// The rules that need the state of the multisig account a transaction
// acts for (who may sign a wrapper, MultisigNonOperationalValidator, the
// cosignatory and min-cosignatories rules of an aggregate modification)
// are applied by multisig.State.Validate, the one model of that state.
//
// Rules that need other chain state are not applied here: balances, namespace
// and mosaic ownership and expiry, whether an added cosignatory is itself
// multisig, importance-transfer links, the number of cosignatures present.
// The first failure found is returned, as a *FieldError naming the field
// (with "otherTrans." or "signatures[i]." for a child) and wrapping one of
// the sentinels; the order of the checks may differ from NIS's.
func Validate(tx Transaction, opts ValidateOptions) error {
	if err := Check(tx); err != nil {
		return err
	}
	b, err := tx.MarshalBinary()
	if err != nil {
		return err
	}
	if len(b) > nisform.MaxBytes {
		return fieldErr("data", ErrTooLarge, "%d bytes, at most %d", len(b), nisform.MaxBytes)
	}
	return forEachTx(tx, func(prefix string, t Transaction) error {
		return validateOne(prefix, t, opts)
	})
}

// validateOne applies the rules that need no account state to one
// transaction.
func validateOne(prefix string, tx Transaction, opts ValidateOptions) error {
	h := tx.Common()
	if h.Signer.IsZero() {
		return fieldErr(prefix+"signer", ErrZeroSigner, "all 32 bytes are zero")
	}
	var err error
	switch t := tx.(type) {
	case *Transfer:
		err = validateTransfer(t)
	case *MultisigAggregateModification:
		err = validateModification(t)
	case *ProvisionNamespace:
		err = validateNamespace(t)
	case *MosaicDefinitionCreation:
		err = validateMosaicDefinition(t)
	case *Multisig:
		// An account is never its own cosignatory
		// (MultisigTransactionSignerValidator).
		if t.Signer == t.Inner.Common().Signer {
			err = fieldErr("signer", ErrNotCosignatory, "the wrapper is signed by the multisig account itself; a cosignatory must sign it")
		}
	}
	if err != nil {
		return prefixErr(prefix, err)
	}
	if err := validateFee(tx, opts); err != nil {
		return prefixErr(prefix, err)
	}
	if err := checkDeadline(prefix, h); err != nil {
		return err
	}
	if opts.NodeTime != nil {
		return checkNodeTime(prefix, h, *opts.NodeTime)
	}
	return nil
}

// validateFee applies MinimumFeeValidator (AbstractTransactionFeeCalculator
// .isFeeValid).
func validateFee(tx Transaction, opts ValidateOptions) error {
	least, unknown, err := minimumFee(tx, opts.Mosaics, opts.SkipUnknownMosaicFees)
	if err != nil {
		return err
	}
	fee := tx.Common().Fee
	if fee < least {
		if unknown > 0 {
			return fieldErr("fee", ErrFeeTooLow, "%s XEM, at least %s XEM for this %s, counting each of %d mosaics of unknown supply at one fee unit", fee, least, tx.Type(), unknown)
		}
		return fieldErr("fee", ErrFeeTooLow, "%s XEM, at least %s XEM for this %s", fee, least, tx.Type())
	}
	if tx.Type() == TypeMultisigSignature && fee > maxCosignatureFee {
		return fieldErr("fee", ErrCosignatureFeeTooHigh, "%s XEM, at most %s XEM", fee, maxCosignatureFee)
	}
	return nil
}

// validateTransfer applies TransferTransactionValidator, MosaicBagValidator
// and TransferTransaction.getRawQuantity.
func validateTransfer(t *Transfer) error {
	if t.Message != nil && len(t.Message.Payload) > MaxMessageSize {
		return fieldErr("message.payload", ErrMessageTooLarge, "%d bytes, at most %d", len(t.Message.Payload), MaxMessageSize)
	}
	if len(t.Mosaics) == 0 {
		return nil
	}
	others := 0
	for _, m := range t.Mosaics {
		if m.ID != XEMMosaic {
			others++
		}
	}
	if others > MaxMosaics {
		return fieldErr("mosaics", ErrTooManyMosaics, "%d mosaics besides nem:xem, at most %d", others, MaxMosaics)
	}
	// "allow fractional xem but disallow fractional bags": NIS checks the
	// mosaics besides nem:xem (isDivisibilityAllowed, getMosaics).
	if others > 0 && t.Amount%XEM != 0 {
		return fieldErr("amount", ErrMosaicDivisibility, "amount %s XEM multiplies the mosaic quantities and must be whole XEM", t.Amount)
	}
	for i, m := range t.Mosaics {
		if _, ok := rawQuantity(t.Amount, m.Quantity); !ok {
			return fieldErr(fmt.Sprintf("mosaics[%d].quantity", i), ErrQuantityOverflow, "amount %d × quantity %d / 1,000,000 is above 2^63-1", uint64(t.Amount), m.Quantity)
		}
	}
	return nil
}

// rawQuantity returns amount × quantity / 1,000,000, what a mosaic of a
// transfer moves, and whether it fits a Java long.
func rawQuantity(amount Amount, quantity uint64) (uint64, bool) {
	hi, lo := bits.Mul64(uint64(amount), quantity)
	if hi >= uint64(XEM) {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, uint64(XEM))
	return q, q <= math.MaxInt64
}

// validateModification applies what MultisigCosignatoryModificationValidator
// and NumCosignatoryRangeValidator refuse whatever the account's state.
func validateModification(t *MultisigAggregateModification) error {
	adds, deletes := 0, 0
	for i, m := range t.Modifications {
		f := fmt.Sprintf("modifications[%d]", i)
		if m.Cosignatory == t.Signer {
			// The account is never its own cosignatory: adding it is
			// refused, and so is removing it.
			if m.Type == ModificationAdd {
				return fieldErr(f, ErrCosignatoryIsMultisig, "the account adds itself as a cosignatory")
			}
			return fieldErr(f, ErrNotCosignatory, "the account removes itself, which is never its own cosignatory")
		}
		if m.Type == ModificationAdd {
			adds++
		} else {
			deletes++
		}
	}
	if deletes > 1 {
		return fieldErr("modifications", ErrMultipleDeletes, "%d deletions, at most 1", deletes)
	}
	if adds > MaxCosignatories {
		return fieldErr("modifications", ErrTooManyCosignatories, "%d cosignatories added, at most %d", adds, MaxCosignatories)
	}
	if mc := t.MinCosignatories; mc != nil && (mc.RelativeChange > MaxCosignatories || mc.RelativeChange < -MaxCosignatories) {
		return fieldErr("minCosignatories", ErrMinCosignatoriesOutOfRange, "relative change %+d can never keep 0 ≤ min ≤ %d", mc.RelativeChange, MaxCosignatories)
	}
	return nil
}

// reservedNamespaces are the parts nobody may provision
// (ReservedNamespaceFilter.RESERVED_ROOTS), at any level.
var reservedNamespaces = [...]string{"nem", "user", "account", "org", "com", "biz", "net", "edu", "mil", "gov", "info"}

func reservedNamespace(part string) bool {
	for _, r := range reservedNamespaces {
		if part == r {
			return true
		}
	}
	return false
}

// validateNamespace applies ProvisionNamespaceTransactionValidator's
// stateless rules.
func validateNamespace(t *ProvisionNamespace) error {
	if t.Parent != "" {
		for part := range strings.SplitSeq(t.Parent, ".") {
			if reservedNamespace(part) {
				return fieldErr("parent", ErrNamespaceReserved, "%q contains the reserved part %q", t.FullName(), part)
			}
		}
	}
	if reservedNamespace(t.NewPart) {
		return fieldErr("newPart", ErrNamespaceReserved, "%q contains the reserved part %q", t.FullName(), t.NewPart)
	}
	if sink := NamespaceSink(t.Network); t.RentalFeeSink != sink {
		return fieldErr("rentalFeeSink", ErrRentalFeeSink, "%s, want %s", t.RentalFeeSink, sink)
	}
	if least := NamespaceRentalFee(t.Parent); t.RentalFee < least {
		return fieldErr("rentalFee", ErrRentalFeeTooLow, "%s XEM, at least %s XEM", t.RentalFee, least)
	}
	return nil
}

// validateMosaicDefinition applies MosaicDefinitionCreationTransactionValidator's
// stateless rules.
func validateMosaicDefinition(t *MosaicDefinitionCreation) error {
	if sink := MosaicSink(t.Network); t.CreationFeeSink != sink {
		return fieldErr("creationFeeSink", ErrCreationFeeSink, "%s, want %s", t.CreationFeeSink, sink)
	}
	if t.CreationFee < MosaicCreationFee {
		return fieldErr("creationFee", ErrCreationFeeTooLow, "%s XEM, at least %s XEM", t.CreationFee, MosaicCreationFee)
	}
	d := &t.Definition
	if d.Levy != nil && d.Levy.MosaicID == d.ID && !d.Properties.Transferable {
		return fieldErr("mosaicDefinition.levy.mosaicId", ErrLevyNotTransferable, "the levy is paid in %s, which is not transferable", d.ID)
	}
	return nil
}
