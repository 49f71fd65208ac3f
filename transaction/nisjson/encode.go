package nisjson

import (
	"encoding/hex"
	"strconv"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Encode returns the NIS JSON form of tx, as NIS's API writes the
// non-verifiable form: the keys of NIS's serializers in their order
// (type, version, timeStamp, signer, fee, deadline, then the body), with
// version as a signed int32 (network << 24 | version, so negative on
// testnet), keys and hashes as lowercase hex, addresses in their 40-character
// form, amounts and quantities as JSON integers, and {} for no message, no
// levy and (version 2) no min-cosignatories change. The output is compact
// and deterministic; Decode reads it back.
//
// Like MarshalBinary, Encode does not run Check: it refuses only what
// cannot be written (an unknown type or version, a body that does not fit
// its version, a missing inner transaction, a string that is not UTF-8).
// A wrapper's cosignatures are not part of this form; see
// EncodeSigned.
func Encode(tx transaction.Transaction) ([]byte, error) {
	if isNil(tx) {
		return nil, errNoTransaction()
	}
	w := &jsonWriter{}
	if err := w.tx(tx, nil, ""); err != nil {
		return nil, err
	}
	return w.b, nil
}

// EncodeSigned returns the verifiable NIS JSON form of s: Encode's
// object with "signature" after "signer", and for a multisig wrapper a
// final "signatures" array holding its cosignatures, each in verifiable
// form. DecodeSigned reads it back.
func EncodeSigned(s *transaction.Signed) ([]byte, error) {
	if s == nil || isNil(s.Tx) {
		return nil, fieldErr("transaction", transaction.ErrMalformed, "no transaction")
	}
	w := &jsonWriter{}
	if err := w.tx(s.Tx, &s.Signature, ""); err != nil {
		return nil, err
	}
	return w.b, nil
}

// jsonWriter appends JSON. Each open object or array counts its members
// to place the commas and names itself for errors.
type jsonWriter struct {
	b     []byte
	count []int
	path  []string
	err   error
}

// sep places the comma before a member of the innermost object or array.
func (w *jsonWriter) sep() {
	if n := len(w.count) - 1; n >= 0 {
		if w.count[n] > 0 {
			w.b = append(w.b, ',')
		}
		w.count[n]++
	}
}

func (w *jsonWriter) key(k string) {
	w.sep()
	w.b = appendJSONString(w.b, k)
	w.b = append(w.b, ':')
}

// open starts an object or array named name (for errors).
func (w *jsonWriter) open(delim byte, name string) {
	w.b = append(w.b, delim)
	w.count = append(w.count, 0)
	w.path = append(w.path, name)
}

// close ends the innermost object or array.
func (w *jsonWriter) close(delim byte) {
	w.b = append(w.b, delim)
	w.count = w.count[:len(w.count)-1]
	w.path = w.path[:len(w.path)-1]
}

// object starts the object member k; end closes it.
func (w *jsonWriter) object(k string) { w.key(k); w.open('{', k) }
func (w *jsonWriter) end()            { w.close('}') }

// array starts the array member k; elem starts its next object element.
func (w *jsonWriter) array(k string) { w.key(k); w.open('[', k) }
func (w *jsonWriter) elem(i int) {
	w.sep()
	w.open('{', "["+strconv.Itoa(i)+"]")
}

// field returns the JSON path of member k of the innermost object.
func (w *jsonWriter) field(k string) string {
	p := ""
	for _, s := range w.path[1:] {
		if p != "" && s[0] != '[' {
			p += "."
		}
		p += s
	}
	return joinPath(p, k)
}

func (w *jsonWriter) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) uint(k string, v uint64) {
	w.key(k)
	w.b = strconv.AppendUint(w.b, v, 10)
}

func (w *jsonWriter) str(k, s string) {
	if !utf8.ValidString(s) && w.err == nil {
		w.err = fieldErr(w.field(k), transaction.ErrInvalidField, "not valid UTF-8")
	}
	w.key(k)
	w.b = appendJSONString(w.b, s)
}

func (w *jsonWriter) hex(k string, p []byte) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = hex.AppendEncode(w.b, p)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) null(k string) {
	w.key(k)
	w.b = append(w.b, "null"...)
}

func (w *jsonWriter) address(k string, a sign.Address) { w.str(k, a.String()) }

func (w *jsonWriter) mosaicID(k string, id transaction.MosaicID) {
	w.object(k)
	w.str("namespaceId", id.Namespace)
	w.str("name", id.Name)
	w.end()
}

// tx writes one transaction object, named name in error paths; sig
// selects the verifiable form. The caller places any separator.
func (w *jsonWriter) tx(tx transaction.Transaction, sig *sign.Signature, name string) error {
	w.open('{', name)
	h := tx.Common()
	if nisform.MaxVersion(uint32(tx.Type())) == 0 {
		return fieldErr(w.field("type"), transaction.ErrUnknownType, "0x%04x", uint32(tx.Type()))
	}
	if h.Version < 1 || h.Version > nisform.MaxVersion(uint32(tx.Type())) {
		return fieldErr(w.field("version"), transaction.ErrVersion, "%s has no version %d", tx.Type(), h.Version)
	}
	w.uint("type", uint64(tx.Type()))
	w.int("version", int64(int32(h.VersionField())))
	w.uint("timeStamp", uint64(h.Timestamp))
	w.hex("signer", h.Signer[:])
	if sig != nil {
		w.hex("signature", sig[:])
	}
	w.uint("fee", uint64(h.Fee))
	w.uint("deadline", uint64(h.Deadline))
	if err := w.body(tx, sig != nil); err != nil {
		return err
	}
	w.end()
	return w.err
}

func (w *jsonWriter) body(tx transaction.Transaction, verifiable bool) error {
	switch t := tx.(type) {
	case *transaction.Transfer:
		return w.transfer(t)
	case *transaction.ImportanceTransfer:
		w.uint("mode", uint64(t.Mode))
		w.hex("remoteAccount", t.Remote[:])
	case *transaction.MultisigAggregateModification:
		return w.modification(t)
	case *transaction.MultisigSignature:
		w.object("otherHash")
		w.hex("data", t.OtherHash[:])
		w.end()
		w.address("otherAccount", t.MultisigAccount)
	case *transaction.Multisig:
		return w.multisig(t, verifiable)
	case *transaction.ProvisionNamespace:
		w.address("rentalFeeSink", t.RentalFeeSink)
		w.uint("rentalFee", uint64(t.RentalFee))
		w.str("newPart", t.NewPart)
		if t.Parent == "" {
			w.null("parent")
		} else {
			w.str("parent", t.Parent)
		}
	case *transaction.MosaicDefinitionCreation:
		w.mosaicDefinition(&t.Definition)
		w.address("creationFeeSink", t.CreationFeeSink)
		w.uint("creationFee", uint64(t.CreationFee))
	case *transaction.MosaicSupplyChange:
		w.mosaicID("mosaicId", t.MosaicID)
		w.uint("supplyType", uint64(t.SupplyType))
		w.uint("delta", t.Delta)
	default:
		return fieldErr(w.field("type"), transaction.ErrUnknownType, "%T", tx)
	}
	return nil
}

func (w *jsonWriter) transfer(t *transaction.Transfer) error {
	if t.Version == 1 && len(t.Mosaics) > 0 {
		return fieldErr(w.field("mosaics"), transaction.ErrVersion, "a version 1 transfer cannot carry mosaics")
	}
	w.address("recipient", t.Recipient)
	w.uint("amount", uint64(t.Amount))
	w.object("message")
	if m := t.Message; m != nil {
		w.uint("type", uint64(m.Type))
		w.hex("payload", m.Payload)
	}
	w.end()
	if t.Version == 2 {
		w.array("mosaics")
		for i, mo := range t.Mosaics {
			w.elem(i)
			w.mosaicID("mosaicId", mo.ID)
			w.uint("quantity", mo.Quantity)
			w.end()
		}
		w.close(']')
	}
	return nil
}

func (w *jsonWriter) modification(t *transaction.MultisigAggregateModification) error {
	if t.Version == 1 && t.MinCosignatories != nil {
		return fieldErr(w.field("minCosignatories"), transaction.ErrVersion, "a version 1 aggregate modification has no min-cosignatories change")
	}
	w.array("modifications")
	for i, m := range t.Modifications {
		w.elem(i)
		w.uint("modificationType", uint64(m.Type))
		w.hex("cosignatoryAccount", m.Cosignatory[:])
		w.end()
	}
	w.close(']')
	if t.Version == 2 {
		w.object("minCosignatories")
		if t.MinCosignatories != nil {
			w.int("relativeChange", int64(t.MinCosignatories.RelativeChange))
		}
		w.end()
	}
	return nil
}

func (w *jsonWriter) multisig(t *transaction.Multisig, verifiable bool) error {
	if isNil(t.Inner) {
		return fieldErr(w.field("otherTrans"), transaction.ErrMalformed, "no inner transaction")
	}
	if !t.Inner.Type().Wrappable() {
		return fieldErr(w.field("otherTrans"), transaction.ErrUnknownType, "a %s cannot be wrapped", t.Inner.Type())
	}
	w.key("otherTrans")
	if err := w.tx(t.Inner, nil, "otherTrans"); err != nil {
		return err
	}
	if !verifiable {
		return nil
	}
	w.array("signatures")
	for i := range t.Cosignatures {
		cs := &t.Cosignatures[i]
		w.sep()
		if err := w.tx(&cs.Cosignature, &cs.Signature, "["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	w.close(']')
	return nil
}

func (w *jsonWriter) mosaicDefinition(d *transaction.MosaicDefinition) {
	w.object("mosaicDefinition")
	w.mosaicDefinitionFields(d)
	w.end()
}

// mosaicDefinitionFields writes the members of MosaicDefinition.serialize
// into the open object.
func (w *jsonWriter) mosaicDefinitionFields(d *transaction.MosaicDefinition) {
	w.hex("creator", d.Creator[:])
	w.mosaicID("id", d.ID)
	w.str("description", d.Description)
	w.array("properties")
	for i, v := range nisform.Properties(d.Properties).Values() {
		w.elem(i)
		w.str("name", nisform.PropertyNames[i])
		w.str("value", v)
		w.end()
	}
	w.close(']')
	w.object("levy")
	if l := d.Levy; l != nil {
		w.uint("type", uint64(l.Type))
		w.address("recipient", l.Recipient)
		w.mosaicID("mosaicId", l.MosaicID)
		w.uint("fee", l.Fee)
	}
	w.end()
}

// appendJSONString appends s as a JSON string. It escapes only what JSON
// requires (quote, backslash, control characters) plus U+2028 and U+2029,
// and keeps every other character as UTF-8.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
