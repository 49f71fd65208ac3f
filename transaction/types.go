package transaction

import (
	"encoding/hex"
	"fmt"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/sign"
)

// Type is a NIS1 transaction type code.
type Type uint32

// The NIS1 transaction types (NIS TransactionTypes).
const (
	TypeTransfer                      Type = 0x0101 // TRANSFER
	TypeImportanceTransfer            Type = 0x0801 // IMPORTANCE_TRANSFER
	TypeMultisigAggregateModification Type = 0x1001 // MULTISIG_AGGREGATE_MODIFICATION
	TypeMultisigSignature             Type = 0x1002 // MULTISIG_SIGNATURE (a cosignature)
	TypeMultisig                      Type = 0x1004 // MULTISIG (the wrapper)
	TypeProvisionNamespace            Type = 0x2001 // PROVISION_NAMESPACE
	TypeMosaicDefinitionCreation      Type = 0x4001 // MOSAIC_DEFINITION_CREATION
	TypeMosaicSupplyChange            Type = 0x4002 // MOSAIC_SUPPLY_CHANGE
)

// String returns the NIS name of t.
func (t Type) String() string {
	switch t {
	case TypeTransfer:
		return "transfer"
	case TypeImportanceTransfer:
		return "importance transfer"
	case TypeMultisigAggregateModification:
		return "multisig aggregate modification"
	case TypeMultisigSignature:
		return "multisig signature"
	case TypeMultisig:
		return "multisig"
	case TypeProvisionNamespace:
		return "provision namespace"
	case TypeMosaicDefinitionCreation:
		return "mosaic definition creation"
	case TypeMosaicSupplyChange:
		return "mosaic supply change"
	}
	return fmt.Sprintf("type(0x%04x)", uint32(t))
}

// maxVersion is the highest entity version NIS accepts for t (see
// nisform.MaxVersion); 0 for an unknown type.
func (t Type) maxVersion() uint32 { return nisform.MaxVersion(uint32(t)) }

// Wrappable reports whether a multisig wrapper may carry t as its inner
// transaction: every type but the wrapper and the cosignature.
func (t Type) Wrappable() bool {
	return t.maxVersion() > 0 && t != TypeMultisig && t != TypeMultisigSignature
}

// Timestamp is a NEM network time: whole seconds since the NEM epoch,
// 2015-03-29 00:06:25 UTC. NIS stores it as a non-negative Java int.
type Timestamp uint32

// MaxTimestamp is the largest timestamp NIS can represent.
const MaxTimestamp Timestamp = 1<<31 - 1

// Header is the part every transaction starts with.
type Header struct {
	// Network is the network byte, the top byte of the version field.
	Network sign.Network
	// Version is the entity version (the low 24 bits of the version
	// field): 1, or 2 for transfers with mosaics and aggregate
	// modifications with a min-cosignatories change.
	Version uint32
	// Timestamp is when the transaction was created, in network time.
	Timestamp Timestamp
	// Signer is the public key that signs (for an inner transaction, the
	// multisig account).
	Signer sign.PublicKey
	// Fee is paid by the signer (for multisig transactions, by the
	// multisig account).
	Fee Amount
	// Deadline is the last network time at which NIS accepts the
	// transaction.
	Deadline Timestamp
}

// Common returns the header, so that code holding a Transaction can read
// and set the common fields.
func (h *Header) Common() *Header { return h }

// VersionField returns the u32 version field as it is written on the
// wire: network byte << 24 | entity version.
func (h *Header) VersionField() uint32 { return uint32(h.Network)<<24 | h.Version }

// isNil reports whether tx is missing: a nil interface, or a nil pointer of
// one of the package's types.
func isNil(tx Transaction) bool {
	switch t := tx.(type) {
	case nil:
		return true
	case *Transfer:
		return t == nil
	case *ImportanceTransfer:
		return t == nil
	case *MultisigAggregateModification:
		return t == nil
	case *MultisigSignature:
		return t == nil
	case *Multisig:
		return t == nil
	case *ProvisionNamespace:
		return t == nil
	case *MosaicDefinitionCreation:
		return t == nil
	case *MosaicSupplyChange:
		return t == nil
	}
	return false
}

// errNoTransaction is the error for a missing transaction (see isNil).
func errNoTransaction() error { return fieldErr("transaction", ErrMalformed, "no transaction") }

// Transaction is one of the NIS1 transaction types of this package:
// *Transfer, *ImportanceTransfer, *MultisigAggregateModification,
// *MultisigSignature, *Multisig, *ProvisionNamespace,
// *MosaicDefinitionCreation or *MosaicSupplyChange.
type Transaction interface {
	// Type returns the NIS type code.
	Type() Type
	// Common returns the common header.
	Common() *Header
	// AppendBinary appends the non-verifiable serialization: the bytes
	// that are signed, hashed and announced.
	appendBinary(b []byte) ([]byte, error)
	// MarshalBinary returns the non-verifiable serialization.
	MarshalBinary() ([]byte, error)

	appendBody(b []byte) ([]byte, error)
	parseBody(r *reader)
	check(c *checker)
}

// HashSize is the size of a transaction hash.
const HashSize = 32

// Hash is a transaction hash: Keccak-256 of the non-verifiable bytes. Text
// form: 64 lowercase hex characters.
type Hash [HashSize]byte

// String returns the lowercase hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// ParseHash parses 64 hex characters.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 2*HashSize {
		return h, fmt.Errorf("transaction: %w: hash is %d characters, want %d", ErrInvalidField, len(s), 2*HashSize)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return Hash{}, fmt.Errorf("transaction: %w: hash is not hexadecimal", ErrInvalidField)
	}
	return h, nil
}

// MarshalText implements encoding.TextMarshaler.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (h *Hash) UnmarshalText(text []byte) error {
	v, err := ParseHash(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}
