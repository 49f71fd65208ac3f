package transaction

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error of this package wraps one of them.
var (
	// ErrMalformed: bytes or JSON that do not have the layout of a NIS1
	// transaction (short input, trailing bytes, impossible lengths).
	ErrMalformed = errors.New("malformed transaction")
	// ErrUnknownType: a transaction type NIS1 does not define (or one that
	// is not allowed where it appears, such as a wrapper inside a wrapper).
	ErrUnknownType = errors.New("unknown transaction type")
	// ErrVersion: an entity version the type does not have, or a body that
	// does not fit its version (mosaics in a v1 transfer).
	ErrVersion = errors.New("unsupported transaction version")
	// ErrInvalidField: a field value NIS refuses while deserializing (an
	// unknown enum value, a negative amount in Java terms, a bad name).
	ErrInvalidField = errors.New("invalid field")
	// ErrNonCanonical: bytes NIS would re-serialize differently (unsorted
	// mosaics or modifications, an empty message object, a duplicate), so
	// a signature over them would not verify.
	ErrNonCanonical = errors.New("non-canonical encoding")
	// ErrRule: a rule NIS's validators enforce (fees, deadlines, sizes,
	// counts); see Validate.
	ErrRule = errors.New("rejected by NIS rule")
	// ErrLevyUnknown: a transfer moves a mosaic whose definition is not
	// known, so the levy NIS charges on it, and with it what leaves the
	// account, cannot be computed (see Debits). A definition is known only
	// as someone reported it: NIS charges the levy of the definition it
	// holds when the transfer executes. Its creator can change the levy
	// only while owning the mosaic's whole supply
	// (MosaicDefinitionCreationTransactionValidator.isModificationAllowed),
	// so not while the paying account holds any of it.
	ErrLevyUnknown = errors.New("mosaic levy unknown")
	// ErrDebitOverflow: a debit that does not fit a Java long: a
	// percentile levy whose raw quantity × fee NIS would compute with
	// wrapping long arithmetic, a moved quantity above 2^63-1, or debits
	// adding up beyond it.
	ErrDebitOverflow = errors.New("debit overflows a Java long")
)

// ParseError locates a failure in binary input: the byte offset and the
// field that could not be read or was refused.
type ParseError struct {
	Offset int
	Field  string
	Err    error
}

// Error names the field and the byte offset, then the cause.
func (e *ParseError) Error() string {
	return fmt.Sprintf("transaction: %s at byte %d: %v", e.Field, e.Offset, e.Err)
}

// Unwrap returns the cause, usually one of the package sentinels.
func (e *ParseError) Unwrap() error { return e.Err }

// FieldError names the field of a transaction value that is wrong.
type FieldError struct {
	Field string
	Err   error
}

// Error names the field, then the cause.
func (e *FieldError) Error() string { return fmt.Sprintf("transaction: %s: %v", e.Field, e.Err) }

// Unwrap returns the cause, usually one of the package sentinels.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErr builds a *FieldError whose Err wraps sentinel with a reason.
func fieldErr(field string, sentinel error, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}
