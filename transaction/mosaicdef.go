package transaction

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// MaxQuantity is NIS's largest mosaic quantity and supply
// (MosaicConstants.MAX_QUANTITY), in smallest units.
const MaxQuantity = 9_000_000_000_000_000

// MosaicProperties are the four properties NIS keeps for a mosaic
// definition, always written in this order.
type MosaicProperties struct {
	// Divisibility is the number of decimals, 0 to 6.
	Divisibility uint8
	// InitialSupply is in whole units; InitialSupply × 10^Divisibility
	// must not exceed MaxQuantity.
	InitialSupply uint64
	// SupplyMutable allows later supply changes.
	SupplyMutable bool
	// Transferable allows transfers other than to and from the creator.
	Transferable bool
}

// DefaultMosaicProperties are NIS's defaults for missing properties.
var DefaultMosaicProperties = MosaicProperties{Divisibility: 0, InitialSupply: 1000, SupplyMutable: false, Transferable: true}

// LevyType says how a mosaic levy is computed.
type LevyType uint32

// Levy types.
const (
	LevyAbsolute   LevyType = 1 // a fixed quantity of the levy mosaic per transfer
	LevyPercentile LevyType = 2 // a share of the quantity moved, per 10,000
)

// MosaicLevy is a fee in another mosaic charged on every transfer of the
// defined mosaic.
type MosaicLevy struct {
	Type      LevyType
	Recipient sign.Address
	MosaicID  MosaicID
	Fee       uint64
}

// MosaicDefinition describes a new mosaic.
type MosaicDefinition struct {
	// Creator must equal the transaction's signer.
	Creator     sign.PublicKey
	ID          MosaicID
	Description string
	Properties  MosaicProperties
	// Levy is optional; nil writes no levy.
	Levy *MosaicLevy
}

// MosaicDefinitionCreation (type 0x4001) creates or redefines a mosaic.
// The creation fee goes to the mosaic sink account.
type MosaicDefinitionCreation struct {
	Header
	Definition      MosaicDefinition
	CreationFeeSink sign.Address
	CreationFee     Amount
}

// Type returns TypeMosaicDefinitionCreation.
func (*MosaicDefinitionCreation) Type() Type { return TypeMosaicDefinitionCreation }

// AppendBinary appends the non-verifiable serialization.
func (t *MosaicDefinitionCreation) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *MosaicDefinitionCreation) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *MosaicDefinitionCreation) appendBody(b []byte) ([]byte, error) {
	b, def := wire.BeginObject(b)
	b = t.Definition.appendFields(b)
	b = wire.EndObject(b, def)
	b = appendAddress(b, t.CreationFeeSink)
	return wire.AppendU64(b, uint64(t.CreationFee)), nil
}

// appendFields appends the fields of NIS's MosaicDefinition.serialize:
// creator, id, description, the four properties and the levy object.
func (d *MosaicDefinition) appendFields(b []byte) []byte {
	b = wire.AppendBytes(b, d.Creator[:])
	b = appendMosaicID(b, d.ID)
	b = wire.AppendString(b, d.Description)
	b = wire.AppendU32(b, uint32(len(nisform.PropertyNames)))
	for i, name := range nisform.PropertyNames {
		var m, v int
		b, m = wire.BeginObject(b)
		b = wire.AppendString(b, name)
		b, v = wire.BeginObject(b) // a string is framed like an object
		b = nisform.Properties(d.Properties).AppendValue(b, i)
		b = wire.EndObject(b, v)
		b = wire.EndObject(b, m)
	}
	if d.Levy == nil {
		return wire.AppendU32(b, 0)
	}
	var m int
	b, m = wire.BeginObject(b)
	b = wire.AppendU32(b, uint32(d.Levy.Type))
	b = appendAddress(b, d.Levy.Recipient)
	b = appendMosaicID(b, d.Levy.MosaicID)
	b = wire.AppendU64(b, d.Levy.Fee)
	return wire.EndObject(b, m)
}

func (t *MosaicDefinitionCreation) parseBody(r *reader) {
	o := reader{r.Object("mosaicDefinition", 36, MaxSize)}
	t.Definition.parseFields(&o, "mosaicDefinition")
	o.Close(&r.Reader, "mosaicDefinition")
	t.CreationFeeSink = r.address("creationFeeSink")
	t.CreationFee = Amount(r.U64("creationFee"))
}

// parseFields reads what appendFields writes; field names the fields in
// errors ("mosaicDefinition" inside a creation transaction).
func (d *MosaicDefinition) parseFields(o *reader, field string) {
	d.Creator = o.publicKey(field + ".creator")
	d.ID = o.mosaicID(field + ".id")
	d.Description = o.str(field+".description", nisform.MaxDescription*4)
	d.Properties = parseProperties(o, field)
	lo := reader{o.Object(field+".levy", 0, MaxSize)}
	if lo.Len() > 0 {
		d.Levy = &MosaicLevy{Type: LevyType(lo.U32("levy.type"))}
		d.Levy.Recipient = lo.address("levy.recipient")
		d.Levy.MosaicID = lo.mosaicID("levy.mosaicId")
		d.Levy.Fee = lo.U64("levy.fee")
	}
	lo.Close(&o.Reader, field+".levy")
}

// parseProperties reads the property list. Even in layout-only mode it
// must be NIS's four properties, in order, with canonical values: the
// struct has no room for anything else, so anything else could not be
// re-encoded.
func parseProperties(r *reader, field string) MosaicProperties {
	var p MosaicProperties
	at := r.Pos()
	n := r.U32(field + ".properties")
	if r.Err() != nil {
		return p
	}
	if n != uint32(len(nisform.PropertyNames)) {
		r.FailAt(at, field+".properties", fmt.Errorf("%w: %d properties, NIS writes exactly the 4 it knows", ErrNonCanonical, n))
		return p
	}
	var vals [4]string
	for i, name := range nisform.PropertyNames {
		f := field + ".properties[" + strconv.Itoa(i) + "]"
		o := reader{r.Object(f, 8, 8+2*nisform.MaxString)}
		got := o.str(f+".name", nisform.MaxString)
		vals[i] = o.str(f+".value", nisform.MaxString)
		o.Close(&r.Reader, f)
		if r.Err() != nil {
			return p
		}
		if got != name {
			r.Fail(f, fmt.Errorf("%w: property %d must be %q", ErrNonCanonical, i+1, name))
			return p
		}
	}
	q, ok := nisform.ParseValues(vals)
	p = MosaicProperties(q)
	if !ok {
		r.FailAt(at, field+".properties", fmt.Errorf("%w: values must be written as NIS writes them (decimal integers, true/false)", ErrNonCanonical))
	}
	return p
}

func (t *MosaicDefinitionCreation) check(c *checker) {
	d := &t.Definition
	if d.Creator != t.Signer {
		c.fail("mosaicDefinition.creator", ErrInvalidField, "the creator must be the signer")
	}
	d.check(c, "mosaicDefinition")
	c.address("creationFeeSink", t.CreationFeeSink)
	c.amount("creationFee", t.CreationFee)
}

// check applies the rules of Check to the definition's fields; field
// prefixes the names in errors.
func (d *MosaicDefinition) check(c *checker, field string) {
	c.mosaicID(field+".id", d.ID)
	c.description(field+".description", d.Description)
	if d.Properties.Divisibility > 6 {
		c.fail(field+".properties.divisibility", ErrInvalidField, "%d, must be 0 to 6", d.Properties.Divisibility)
	} else if !supplyFits(d.Properties.InitialSupply, d.Properties.Divisibility) {
		c.fail(field+".properties.initialSupply", ErrInvalidField, "%d units at divisibility %d exceed NIS's maximum quantity", d.Properties.InitialSupply, d.Properties.Divisibility)
	}
	if l := d.Levy; l != nil {
		if l.Type != LevyAbsolute && l.Type != LevyPercentile {
			c.fail(field+".levy.type", ErrInvalidField, "unknown levy type %d", l.Type)
		}
		c.address(field+".levy.recipient", l.Recipient)
		c.mosaicID(field+".levy.mosaicId", l.MosaicID)
		c.quantity(field+".levy.fee", l.Fee)
	}
}

// supplyFits reports whether supply whole units at divisibility div stay
// within MaxQuantity smallest units.
func supplyFits(supply uint64, div uint8) bool {
	limit := uint64(MaxQuantity)
	for range div {
		limit /= 10
	}
	return supply <= limit
}

// description applies MosaicDescriptor: not empty, not only white space
// as Java sees it (nisBlank), at most 512 characters (Java counts UTF-16
// code units). It must also be valid UTF-8, as the reader requires: NIS
// would read a bad byte as U+FFFD and re-serialize other bytes.
func (c *checker) description(field, s string) {
	switch {
	case !utf8.ValidString(s):
		c.fail(field, ErrNonCanonical, "not valid UTF-8 (NIS would replace characters)")
	case nisBlank(s):
		c.fail(field, ErrInvalidField, "empty or only white space")
	case len(utf16.Encode([]rune(s))) > nisform.MaxDescription:
		c.fail(field, ErrInvalidField, "longer than %d characters", nisform.MaxDescription)
	}
}

// SupplyType says whether a supply change creates or deletes units.
type SupplyType uint32

// Supply change types.
const (
	SupplyIncrease SupplyType = 1 // "create" in NIS
	SupplyDecrease SupplyType = 2 // "delete" in NIS
)

// MosaicSupplyChange (type 0x4002) creates or destroys units of a mosaic
// with a mutable supply.
type MosaicSupplyChange struct {
	Header
	MosaicID   MosaicID
	SupplyType SupplyType
	// Delta is in whole units, 1 to MaxQuantity.
	Delta uint64
}

// Type returns TypeMosaicSupplyChange.
func (*MosaicSupplyChange) Type() Type { return TypeMosaicSupplyChange }

// AppendBinary appends the non-verifiable serialization.
func (t *MosaicSupplyChange) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *MosaicSupplyChange) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *MosaicSupplyChange) appendBody(b []byte) ([]byte, error) {
	b = appendMosaicID(b, t.MosaicID)
	b = wire.AppendU32(b, uint32(t.SupplyType))
	return wire.AppendU64(b, t.Delta), nil
}

func (t *MosaicSupplyChange) parseBody(r *reader) {
	t.MosaicID = r.mosaicID("mosaicId")
	t.SupplyType = SupplyType(r.U32("supplyType"))
	t.Delta = r.U64("delta")
}

func (t *MosaicSupplyChange) check(c *checker) {
	c.mosaicID("mosaicId", t.MosaicID)
	if t.SupplyType != SupplyIncrease && t.SupplyType != SupplyDecrease {
		c.fail("supplyType", ErrInvalidField, "unknown supply type %d", t.SupplyType)
	}
	if t.Delta == 0 || t.Delta > MaxQuantity {
		c.fail("delta", ErrInvalidField, "%d, must be 1 to %d", t.Delta, uint64(MaxQuantity))
	}
}

// parseUintField parses a canonical decimal property value.
func parseUintField(s string) (uint64, error) { return strconv.ParseUint(s, 10, 64) }
