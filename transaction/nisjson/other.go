package nisjson

import (
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// EncodeMosaicDefinition returns the NIS JSON form of a definition, as
// GET /mosaic/definition answers: creator (hex), id, description,
// properties (NIS's four, values as strings) and levy ({} for none).
func EncodeMosaicDefinition(d *transaction.MosaicDefinition) ([]byte, error) {
	if d == nil {
		return nil, fieldErr("mosaicDefinition", transaction.ErrMalformed, "no mosaic definition")
	}
	w := &jsonWriter{}
	w.open('{', "")
	w.mosaicDefinitionFields(d)
	w.close('}')
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}

// DecodeMosaicDefinition reads a definition in NIS JSON (what GET
// /mosaic/definition answers) with the rules Decode applies to the
// mosaicDefinition member of a MosaicDefinitionCreation: strict JSON, no
// unknown or duplicate keys, NIS's four properties each once with values
// spelled as NIS writes them, a levy of {} or null meaning none; then
// Check with network n.
func DecodeMosaicDefinition(b []byte, n sign.Network) (*transaction.MosaicDefinition, error) {
	root, err := parseJSONTree(b)
	if err != nil {
		return nil, err
	}
	rd := &jsonReader{}
	d := &transaction.MosaicDefinition{}
	rd.mosaicDefinition(rd.object(root, ""), d)
	if rd.err != nil {
		return nil, rd.err
	}
	if err := d.Check(n); err != nil {
		return nil, err
	}
	return d, nil
}

// DecodeAnnouncement reads one announce object {"data": HEX, "signature":
// HEX}, as Announcement encodes it, and parses the transaction in data
// strictly (Parse). The JSON is read with Decode's reader: exactly the
// two keys, spelled exactly so (encoding/json would also take "DATA"),
// each once, both strings, and nothing after the object. It does not
// verify the signature; use VerifySigned.
func DecodeAnnouncement(b []byte) (*transaction.Signed, error) {
	root, err := parseJSONTree(b)
	if err != nil {
		return nil, err
	}
	d := &jsonReader{}
	o := d.object(root, "")
	data := o.hexBytes("data", 1, MaxSize)
	sig := o.signature("signature")
	o.end()
	if d.err != nil {
		return nil, d.err
	}
	tx, err := transaction.Parse(data)
	if err != nil {
		return nil, err
	}
	return &transaction.Signed{Tx: tx, Signature: sig}, nil
}
