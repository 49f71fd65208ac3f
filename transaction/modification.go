package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// ModificationType says whether a cosignatory is added or removed.
type ModificationType uint32

// Cosignatory modification types. NIS's enum also has 3 (a min-cosignatory
// change), which is never a valid cosignatory modification and is refused.
const (
	ModificationAdd    ModificationType = 1
	ModificationDelete ModificationType = 2
)

// CosignatoryModification adds or removes one cosignatory.
type CosignatoryModification struct {
	Type        ModificationType
	Cosignatory sign.PublicKey
}

// MinCosignatoriesChange changes the number of signatures required
// (version 2 only). The value is relative: +2 turns a fresh 0-of-n account
// into 2-of-n.
type MinCosignatoriesChange struct {
	RelativeChange int32
}

// Limits on an aggregate modification. NIS allows at most 32 cosignatories
// per account and one deletion per transaction, so no valid transaction has
// more than 33 modifications; the parser refuses longer lists.
const (
	MaxCosignatories    = 32
	maxModificationsLen = MaxCosignatories + 1
)

// MultisigAggregateModification (type 0x1001) turns an account into a
// multisig account (signed by the account itself) or changes an existing
// one (inside a multisig wrapper). Modifications must be sorted as NIS sorts
// them: adds before deletes, then by the cosignatory's address string on
// the transaction's network (Canonicalize sorts them).
type MultisigAggregateModification struct {
	Header
	Modifications []CosignatoryModification
	// MinCosignatories is version 2 only. nil writes the zero-length "no
	// change" field (00000000); a non-nil value with RelativeChange 0
	// writes 04000000 00000000, which NIS also accepts and which hashes
	// differently.
	MinCosignatories *MinCosignatoriesChange
}

// Type returns TypeMultisigAggregateModification.
func (*MultisigAggregateModification) Type() Type { return TypeMultisigAggregateModification }

// AppendBinary appends the non-verifiable serialization.
func (t *MultisigAggregateModification) appendBinary(b []byte) ([]byte, error) {
	return appendTx(b, t)
}

// MarshalBinary returns the non-verifiable serialization.
func (t *MultisigAggregateModification) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *MultisigAggregateModification) appendBody(b []byte) ([]byte, error) {
	if t.Version == 1 && t.MinCosignatories != nil {
		return b, fieldErr("minCosignatories", ErrVersion, "a version 1 aggregate modification has no min-cosignatories change")
	}
	b = wire.AppendU32(b, uint32(len(t.Modifications)))
	for _, m := range t.Modifications {
		var mark int
		b, mark = wire.BeginObject(b)
		b = wire.AppendU32(b, uint32(m.Type))
		b = wire.AppendBytes(b, m.Cosignatory[:])
		b = wire.EndObject(b, mark)
	}
	if t.Version == 2 {
		if t.MinCosignatories == nil {
			b = wire.AppendU32(b, 0)
		} else {
			b = wire.AppendU32(b, 4)
			b = wire.AppendU32(b, uint32(t.MinCosignatories.RelativeChange))
		}
	}
	return b, nil
}

func (t *MultisigAggregateModification) parseBody(r *reader) {
	at := r.Pos()
	n := r.U32("modifications")
	if n > maxModificationsLen {
		r.FailAt(at, "modifications", fmt.Errorf("%w: %d modifications, at most %d", ErrMalformed, n, maxModificationsLen))
		return
	}
	if n > 0 {
		t.Modifications = make([]CosignatoryModification, 0, n)
	}
	for i := range int(n) {
		f := fieldName(&modificationFields, i, 0, "modifications")
		o := reader{r.Object(f, 40, 40)}
		m := CosignatoryModification{Type: ModificationType(o.U32(fieldName(&modificationFields, i, 1, "modifications", ".modificationType")))}
		m.Cosignatory = o.publicKey(fieldName(&modificationFields, i, 2, "modifications", ".modificationType", ".cosignatoryAccount"))
		o.Close(&r.Reader, f)
		if r.Err() != nil {
			return
		}
		t.Modifications = append(t.Modifications, m)
	}
	if t.Version == 2 {
		o := reader{r.Object("minCosignatories", 0, 4)}
		if o.Len() > 0 {
			if o.Len() != 4 {
				o.Fail("minCosignatories", fmt.Errorf("%w: length must be 0 or 4", ErrMalformed))
			}
			t.MinCosignatories = &MinCosignatoriesChange{RelativeChange: int32(o.U32("minCosignatories.relativeChange"))}
		}
		o.Close(&r.Reader, "minCosignatories")
	}
}

func (t *MultisigAggregateModification) check(c *checker) {
	if t.Version == 1 {
		if len(t.Modifications) == 0 {
			c.fail("modifications", ErrInvalidField, "a version 1 aggregate modification needs at least one modification")
		}
		if t.MinCosignatories != nil {
			c.fail("minCosignatories", ErrVersion, "a version 1 aggregate modification has no min-cosignatories change")
		}
	}
	if t.Version == 2 && len(t.Modifications) == 0 && t.MinCosignatories == nil {
		c.fail("modifications", ErrInvalidField, "neither modifications nor a min-cosignatories change")
	}
	if len(t.Modifications) > maxModificationsLen {
		c.fail("modifications", ErrTooManyCosignatories, "%d modifications, at most %d", len(t.Modifications), maxModificationsLen)
	}
	var prev string
	for i, m := range t.Modifications {
		f := fmt.Sprintf("modifications[%d]", i)
		if m.Type != ModificationAdd && m.Type != ModificationDelete {
			c.fail(f+".modificationType", ErrInvalidField, "unknown modification type %d (1 add, 2 delete)", m.Type)
		}
		for j := 0; j < i; j++ {
			if t.Modifications[j].Cosignatory == m.Cosignatory {
				c.fail(f, ErrNonCanonical, "cosignatory %s appears twice", m.Cosignatory)
			}
		}
		key := modificationKey(m, c.net)
		if i > 0 && key <= prev {
			c.fail(f, ErrNonCanonical, "modifications must be sorted by type, then by cosignatory address string (NIS order)")
		}
		prev = key
	}
}

// modificationKey is NIS's sort key (MultisigCosignatoryModification
// .compareTo): the type, then the base32 address string of the
// cosignatory on network n. Ordering by the address string differs from
// ordering by the raw address or hash bytes whenever a base32 digit (2-7)
// meets a letter.
func modificationKey(m CosignatoryModification, n sign.Network) string {
	return string(rune('0'+m.Type%10)) + sign.NewAddress(m.Cosignatory, n).String()
}
