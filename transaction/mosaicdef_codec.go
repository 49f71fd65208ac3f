package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// A mosaic definition on its own, outside a MosaicDefinitionCreation: what
// a node answers for GET /mosaic/definition and what a signing request
// carries for every mosaic its transfers move, so that the levy NIS will
// charge can be computed (see Debits).

// mosaicDefinitionField names a definition read on its own in errors.
const mosaicDefinitionField = "mosaicDefinition"

// AppendBinary appends NIS's binary MosaicDefinition (the fields of
// MosaicDefinition.serialize, without an outer length): the creator's
// public key, the mosaic id, the description, the four properties and the
// levy object (length 0 for none), exactly as they appear inside a
// MosaicDefinitionCreation. Like Append for a transaction it does not
// run Check.
func (d *MosaicDefinition) AppendBinary(b []byte) ([]byte, error) {
	if d == nil {
		return b, fieldErr(mosaicDefinitionField, ErrMalformed, "no mosaic definition")
	}
	return d.appendFields(b), nil
}

// MarshalBinary returns NIS's binary MosaicDefinition; see AppendBinary.
func (d *MosaicDefinition) MarshalBinary() ([]byte, error) { return d.AppendBinary(nil) }

// Check applies the rules Check applies to the definition inside a
// MosaicDefinitionCreation, with every address (the levy's recipient) on
// network n: a valid mosaic id and description, divisibility 0 to 6, an
// initial supply within NIS's maximum, and a levy of a known type whose
// fee fits a Java long. The creator is not checked against anything: on
// its own a definition has no signer.
func (d *MosaicDefinition) Check(n sign.Network) error {
	if d == nil {
		return fieldErr(mosaicDefinitionField, ErrMalformed, "no mosaic definition")
	}
	c := &checker{net: n}
	d.check(c, mosaicDefinitionField)
	return c.err
}

// ParseMosaicDefinition reads NIS's binary MosaicDefinition (see
// AppendBinary) as strictly as Parse reads a transaction: exact lengths,
// no trailing bytes, NIS's four properties spelled as NIS writes them,
// and Check with network n. Whatever it accepts re-encodes to exactly its
// input.
func ParseMosaicDefinition(b []byte, n sign.Network) (*MosaicDefinition, error) {
	if len(b) > MaxSize {
		return nil, &ParseError{Offset: MaxSize, Field: mosaicDefinitionField, Err: fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(b), MaxSize)}
	}
	r := reader{wire.MakeReader(b)}
	d := &MosaicDefinition{}
	d.parseFields(&r, mosaicDefinitionField)
	if err := r.End(mosaicDefinitionField); err != nil {
		return nil, toParseError(&r.Reader)
	}
	if err := d.Check(n); err != nil {
		return nil, err
	}
	return d, nil
}
