package nisjson

import (
	"fmt"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Decode reads one transaction in the NIS JSON form (what NIS's API
// writes, see Encode) and checks it.
//
// The input is at most MaxSize bytes of UTF-8 holding one JSON
// object, nested at most 8 levels; a multisig wrapper inside a wrapper is
// refused. The reader is stricter than NIS's: unknown keys (including
// NIS's _propertyOrderArray annotation) and duplicate keys are refused;
// numbers must be JSON integers (no fractions, exponents or
// strings) within the range of their Java type, and amounts, fees and
// quantities must not be negative; timestamps are 0 to 2^31-1; hex is read
// in either case and keys and hashes must have their exact length;
// addresses are read in either case (NIS upper-cases them) but without
// dashes, spaces or non-ASCII characters (Java's toUpperCase turns 'ſ'
// into 'S'); strings longer than NIS reads are refused instead of
// truncated. version may be written as NIS writes it (a signed int32,
// negative on testnet) or as the unsigned u32. The body must fit the
// version: "mosaics" only in a version 2 transfer, where it is required,
// and "minCosignatories" only in a version 2 aggregate modification. For
// message, levy and minCosignatories, a missing key, null and {} all mean
// none, as in NIS; note that in a version 2 aggregate modification
// "minCosignatories": {} (no change, a zero-length field) and
// {"relativeChange": 0} are different transactions with different hashes.
// A "parent" that is null or missing provisions a root namespace. The
// mosaic definition properties must be NIS's four, each once, with values
// spelled as NIS writes them.
//
// Top-level "signature" and "signatures" keys (the verifiable form's
// signature and a wrapper's cosignatures) are accepted and ignored, whatever
// their value, so that the verifiable form NIS's API returns can be read as
// the transaction to sign. Use DecodeSigned to keep them. Inside
// otherTrans they are refused.
//
// The decoded transaction is then put in canonical form with Canonicalize
// (mosaics and modifications sorted, an empty message dropped; a mosaic or
// cosignatory listed twice is an error) and checked with Check.
func Decode(b []byte) (transaction.Transaction, error) {
	s, err := decodeJSON(b, options{})
	if err != nil {
		return nil, err
	}
	return s.Tx, nil
}

// DecodeSigned reads the verifiable NIS JSON form (see
// EncodeSigned) like Decode, but requires "signature" (128 hex
// characters), and for a multisig wrapper reads its "signatures" array:
// each a verifiable cosignature of the inner transaction. It does not
// verify any signature; use VerifySigned.
func DecodeSigned(b []byte) (*transaction.Signed, error) {
	return decodeJSON(b, options{verifiable: true})
}

// options selects what decodeJSON reads and checks.
type options struct {
	verifiable bool
	// layoutOnly skips Canonicalize and Check, like ParseOptions.LayoutOnly;
	// tests use it to read fixtures NIS would refuse (upper-case names).
	layoutOnly bool
}

func decodeJSON(b []byte, opts options) (*transaction.Signed, error) {
	root, err := parseJSONTree(b)
	if err != nil {
		return nil, err
	}
	d := &jsonReader{}
	o := d.object(root, "")
	s := &transaction.Signed{}
	var sig *sign.Signature
	if opts.verifiable {
		sig = &s.Signature
	}
	s.Tx = d.tx(o, sig, roleTop)
	if d.err != nil {
		return nil, d.err
	}
	if !opts.layoutOnly {
		if err := transaction.Canonicalize(s.Tx); err != nil {
			return nil, err
		}
		if err := transaction.Check(s.Tx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// txRole says where a transaction object appears.
type txRole uint8

const (
	roleTop         txRole = iota // the object decoded
	roleInner                     // a wrapper's otherTrans
	roleCosignature               // an element of a wrapper's signatures
)

// tx reads a transaction object: the common fields, then the body of its
// type. sig receives the signature of the verifiable form; nil means the
// non-verifiable form. Only at the top are the signature keys of the other
// form ignored.
func (d *jsonReader) tx(o *jsonObj, sig *sign.Signature, role txRole) transaction.Transaction {
	typ := transaction.Type(o.enum("type"))
	if d.err != nil {
		return nil
	}
	tx := newTx(typ)
	switch {
	case tx == nil:
		d.fail(o.field("type"), transaction.ErrUnknownType, "%d", uint32(typ))
	case role == roleInner && typ == transaction.TypeMultisig:
		d.fail(o.field("type"), transaction.ErrUnknownType, "a multisig wrapper cannot be nested")
	case role == roleInner && !typ.Wrappable():
		d.fail(o.field("type"), transaction.ErrUnknownType, "a %s cannot be wrapped", typ)
	case role == roleCosignature && typ != transaction.TypeMultisigSignature:
		d.fail(o.field("type"), transaction.ErrUnknownType, "a %s among the cosignatures", typ)
	}
	if d.err != nil {
		return nil
	}
	h := tx.Common()
	v := o.integer("version", -1<<31, 1<<32-1)
	if d.err != nil {
		return nil
	}
	h.Network = sign.Network(uint32(v) >> 24)
	h.Version = uint32(v) & 0x00FFFFFF
	if h.Version < 1 || h.Version > nisform.MaxVersion(uint32(typ)) {
		d.fail(o.field("version"), transaction.ErrVersion, "%s has no version %d", typ, h.Version)
		return nil
	}
	if !h.Network.Valid() {
		d.fail(o.field("version"), sign.ErrWrongNetwork, "network byte 0x%02x", byte(h.Network))
		return nil
	}
	h.Timestamp = o.timestamp("timeStamp")
	h.Signer = o.publicKey("signer")
	switch {
	case sig != nil:
		*sig = o.signature("signature")
	case role == roleTop: // accepted and ignored, see Decode
		o.lookup("signature")
		o.lookup("signatures")
	}
	h.Fee = transaction.Amount(o.long("fee"))
	h.Deadline = o.timestamp("deadline")
	if d.err != nil {
		return nil
	}
	d.body(o, tx, sig != nil)
	o.end()
	if d.err != nil {
		return nil
	}
	return tx
}

// body reads the members of tx's type from o; verifiable says the
// verifiable form is read.
func (d *jsonReader) body(o *jsonObj, tx transaction.Transaction, verifiable bool) {
	switch t := tx.(type) {
	case *transaction.Transfer:
		d.transfer(o, t)
	case *transaction.ImportanceTransfer:
		t.Mode = transaction.ImportanceMode(o.enum("mode"))
		t.Remote = o.publicKey("remoteAccount")
	case *transaction.MultisigAggregateModification:
		d.modification(o, t)
	case *transaction.MultisigSignature:
		hash := o.object("otherHash")
		t.OtherHash = transaction.Hash(orZero(hash.hexBytes("data", transaction.HashSize, transaction.HashSize), transaction.HashSize))
		hash.end()
		t.MultisigAccount = o.address("otherAccount")
	case *transaction.Multisig:
		d.multisig(o, t, verifiable)
	case *transaction.ProvisionNamespace:
		t.RentalFeeSink = o.address("rentalFeeSink")
		t.RentalFee = transaction.Amount(o.long("rentalFee"))
		t.NewPart = o.str("newPart", nisform.MaxString)
		if parent := o.lookup("parent"); parent != nil {
			t.Parent = o.str("parent", nisform.MaxString)
			if d.err == nil && t.Parent == "" {
				d.fail(o.field("parent"), transaction.ErrInvalidField, "empty (a root namespace has a null parent)")
			}
		}
	case *transaction.MosaicDefinitionCreation:
		d.mosaicDefinition(o.object("mosaicDefinition"), &t.Definition)
		t.CreationFeeSink = o.address("creationFeeSink")
		t.CreationFee = transaction.Amount(o.long("creationFee"))
	case *transaction.MosaicSupplyChange:
		t.MosaicID = o.mosaicID("mosaicId")
		t.SupplyType = transaction.SupplyType(o.enum("supplyType"))
		t.Delta = o.long("delta")
	}
}

// newTx returns a new value of type t, or nil for an unknown type.
func newTx(t transaction.Type) transaction.Transaction {
	switch t {
	case transaction.TypeTransfer:
		return new(transaction.Transfer)
	case transaction.TypeImportanceTransfer:
		return new(transaction.ImportanceTransfer)
	case transaction.TypeMultisigAggregateModification:
		return new(transaction.MultisigAggregateModification)
	case transaction.TypeMultisigSignature:
		return new(transaction.MultisigSignature)
	case transaction.TypeMultisig:
		return new(transaction.Multisig)
	case transaction.TypeProvisionNamespace:
		return new(transaction.ProvisionNamespace)
	case transaction.TypeMosaicDefinitionCreation:
		return new(transaction.MosaicDefinitionCreation)
	case transaction.TypeMosaicSupplyChange:
		return new(transaction.MosaicSupplyChange)
	}
	return nil
}

func (d *jsonReader) transfer(o *jsonObj, t *transaction.Transfer) {
	t.Recipient = o.address("recipient")
	t.Amount = transaction.Amount(o.long("amount"))
	if m := o.optObject("message"); m != nil {
		typ := transaction.MessageType(m.enum("type"))
		if d.err == nil && typ != transaction.MessagePlain && typ != transaction.MessageEncrypted {
			d.fail(m.field("type"), transaction.ErrInvalidField, "unknown message type %d (1 plain, 2 encrypted)", typ)
		}
		t.Message = &transaction.Message{Type: typ, Payload: m.hexBytes("payload", 0, nisform.MaxBytes)}
		m.end()
	}
	if t.Version == 1 {
		if o.has("mosaics") {
			d.fail(o.field("mosaics"), transaction.ErrVersion, "a version 1 transfer cannot carry mosaics (NIS would ignore the key)")
		}
		return
	}
	items := o.array("mosaics", (transaction.MaxMosaics + 1))
	t.Mosaics = nil
	for i, it := range items {
		m := d.object(it, fmt.Sprintf("%s[%d]", o.field("mosaics"), i))
		mo := transaction.Mosaic{ID: m.mosaicID("mosaicId"), Quantity: m.long("quantity")}
		m.end()
		t.Mosaics = append(t.Mosaics, mo)
	}
}

func (d *jsonReader) modification(o *jsonObj, t *transaction.MultisigAggregateModification) {
	items := o.array("modifications", (transaction.MaxCosignatories + 1))
	t.Modifications = nil
	for i, it := range items {
		m := d.object(it, fmt.Sprintf("%s[%d]", o.field("modifications"), i))
		mod := transaction.CosignatoryModification{Type: transaction.ModificationType(m.enum("modificationType"))}
		mod.Cosignatory = m.publicKey("cosignatoryAccount")
		m.end()
		t.Modifications = append(t.Modifications, mod)
	}
	if t.Version == 1 {
		if o.has("minCosignatories") {
			d.fail(o.field("minCosignatories"), transaction.ErrVersion, "a version 1 aggregate modification has no min-cosignatories change (NIS would ignore the key)")
		}
		return
	}
	if m := o.optObject("minCosignatories"); m != nil {
		t.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: m.int32("relativeChange")}
		m.end()
	}
}

func (d *jsonReader) multisig(o *jsonObj, t *transaction.Multisig, verifiable bool) {
	inner := o.object("otherTrans")
	if d.err != nil {
		return
	}
	t.Inner = d.tx(inner, nil, roleInner)
	if verifiable {
		items := o.array("signatures", (transaction.MaxCosignatories - 1))
		t.Cosignatures = nil
		for i, it := range items {
			path := fmt.Sprintf("%s[%d]", o.field("signatures"), i)
			var sc transaction.SignedCosignature
			tx := d.tx(d.object(it, path), &sc.Signature, roleCosignature)
			if d.err != nil {
				return
			}
			sc.Cosignature = *tx.(*transaction.MultisigSignature)
			t.Cosignatures = append(t.Cosignatures, sc)
		}
	}
}

// mosaicDefinition reads a MosaicDefinition object; nothing else may
// follow in it.
func (d *jsonReader) mosaicDefinition(o *jsonObj, def *transaction.MosaicDefinition) {
	def.Creator = o.publicKey("creator")
	def.ID = o.mosaicID("id")
	def.Description = o.str("description", nisform.MaxDescription)
	def.Properties = d.properties(o)
	if l := o.optObject("levy"); l != nil {
		def.Levy = &transaction.MosaicLevy{Type: transaction.LevyType(l.enum("type"))}
		def.Levy.Recipient = l.address("recipient")
		def.Levy.MosaicID = l.mosaicID("mosaicId")
		def.Levy.Fee = l.long("fee")
		l.end()
	}
	o.end()
}

// properties reads the property list: NIS's four names, each exactly
// once, in any order, with values spelled as NIS writes them
// (Integer.toString, Long.toString, Boolean.toString). NIS itself would
// fill in defaults for missing names and ignore unknown ones; a reviewer
// of the JSON should not have to know those defaults.
func (d *jsonReader) properties(o *jsonObj) transaction.MosaicProperties {
	var p transaction.MosaicProperties
	items := o.array("properties", len(nisform.PropertyNames))
	if d.err != nil {
		return p
	}
	field := o.field("properties")
	if len(items) != len(nisform.PropertyNames) {
		d.fail(field, transaction.ErrInvalidField, "%d properties, want NIS's 4 (divisibility, initialSupply, supplyMutable, transferable)", len(items))
		return p
	}
	var vals [4]string
	var seen [4]bool
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		m := d.object(it, f)
		name := m.str("name", nisform.MaxString)
		value := m.str("value", nisform.MaxString)
		m.end()
		if d.err != nil {
			return p
		}
		k := -1
		for j, n := range nisform.PropertyNames {
			if n == name {
				k = j
			}
		}
		switch {
		case k < 0:
			d.fail(f+".name", transaction.ErrInvalidField, "unknown property %q", name)
		case seen[k]:
			d.fail(f+".name", transaction.ErrInvalidField, "property %q given twice", name)
		}
		if d.err != nil {
			return p
		}
		seen[k], vals[k] = true, value
	}
	q, ok := nisform.ParseValues(vals)
	p = transaction.MosaicProperties(q)
	if !ok {
		d.fail(field, transaction.ErrNonCanonical, "values must be written as NIS writes them (decimal integers without sign or leading zeros, true/false)")
	}
	return p
}
