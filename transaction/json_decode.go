package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
)

// DecodeJSON reads one transaction in the NIS JSON form (what NIS's API
// writes, see EncodeJSON) and checks it.
//
// The input is at most MaxJSONSize bytes of UTF-8 holding one JSON
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
// the transaction to sign. Use DecodeSignedJSON to keep them. Inside
// otherTrans they are refused.
//
// The decoded transaction is then put in canonical form with Canonicalize
// (mosaics and modifications sorted, an empty message dropped; a mosaic or
// cosignatory listed twice is an error) and checked with Check.
func DecodeJSON(b []byte) (Transaction, error) {
	s, err := decodeJSON(b, jsonOptions{})
	if err != nil {
		return nil, err
	}
	return s.Tx, nil
}

// DecodeSignedJSON reads the verifiable NIS JSON form (see
// EncodeSignedJSON) like DecodeJSON, but requires "signature" (128 hex
// characters), and for a multisig wrapper reads its "signatures" array:
// each a verifiable cosignature of the inner transaction. It does not
// verify any signature; use VerifySigned.
func DecodeSignedJSON(b []byte) (*Signed, error) {
	return decodeJSON(b, jsonOptions{verifiable: true})
}

// jsonOptions selects what decodeJSON reads and checks.
type jsonOptions struct {
	verifiable bool
	// layoutOnly skips Canonicalize and Check, like ParseOptions.LayoutOnly;
	// tests use it to read fixtures NIS would refuse (upper-case names).
	layoutOnly bool
}

func decodeJSON(b []byte, opts jsonOptions) (*Signed, error) {
	root, err := parseJSONTree(b)
	if err != nil {
		return nil, err
	}
	d := &jsonReader{}
	o := d.object(root, "")
	s := &Signed{}
	var sig *sign.Signature
	if opts.verifiable {
		sig = &s.Signature
	}
	s.Tx = d.tx(o, sig, roleTop)
	if d.err != nil {
		return nil, d.err
	}
	if !opts.layoutOnly {
		if err := Canonicalize(s.Tx); err != nil {
			return nil, err
		}
		if err := Check(s.Tx); err != nil {
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
func (d *jsonReader) tx(o *jsonObj, sig *sign.Signature, role txRole) Transaction {
	typ := Type(o.enum("type"))
	if d.err != nil {
		return nil
	}
	tx := newTx(typ)
	switch {
	case tx == nil:
		d.fail(o.field("type"), ErrUnknownType, "%d", uint32(typ))
	case role == roleInner && typ == TypeMultisig:
		d.fail(o.field("type"), ErrUnknownType, "a multisig wrapper cannot be nested")
	case role == roleInner && !typ.Wrappable():
		d.fail(o.field("type"), ErrUnknownType, "a %s cannot be wrapped", typ)
	case role == roleCosignature && typ != TypeMultisigSignature:
		d.fail(o.field("type"), ErrUnknownType, "a %s among the cosignatures", typ)
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
	if h.Version < 1 || h.Version > typ.maxVersion() {
		d.fail(o.field("version"), ErrVersion, "%s has no version %d", typ, h.Version)
		return nil
	}
	if !h.Network.Valid() {
		d.fail(o.field("version"), ErrWrongNetwork, "network byte 0x%02x", byte(h.Network))
		return nil
	}
	h.Timestamp = o.timestamp("timeStamp")
	h.Signer = o.publicKey("signer")
	switch {
	case sig != nil:
		*sig = o.signature("signature")
	case role == roleTop: // accepted and ignored, see DecodeJSON
		o.lookup("signature")
		o.lookup("signatures")
	}
	h.Fee = Amount(o.long("fee"))
	h.Deadline = o.timestamp("deadline")
	if d.err != nil {
		return nil
	}
	switch t := tx.(type) {
	case *Transfer:
		d.transfer(o, t)
	case *ImportanceTransfer:
		t.Mode = ImportanceMode(o.enum("mode"))
		t.Remote = o.publicKey("remoteAccount")
	case *MultisigAggregateModification:
		d.modification(o, t)
	case *MultisigSignature:
		hash := o.object("otherHash")
		t.OtherHash = Hash(orZero(hash.hexBytes("data", HashSize, HashSize), HashSize))
		hash.end()
		t.MultisigAccount = o.address("otherAccount")
	case *Multisig:
		d.multisig(o, t, sig != nil)
	case *ProvisionNamespace:
		t.RentalFeeSink = o.address("rentalFeeSink")
		t.RentalFee = Amount(o.long("rentalFee"))
		t.NewPart = o.str("newPart", maxString)
		if parent := o.lookup("parent"); parent != nil {
			t.Parent = o.str("parent", maxString)
			if d.err == nil && t.Parent == "" {
				d.fail(o.field("parent"), ErrInvalidField, "empty (a root namespace has a null parent)")
			}
		}
	case *MosaicDefinitionCreation:
		d.mosaicDefinition(o.object("mosaicDefinition"), &t.Definition)
		t.CreationFeeSink = o.address("creationFeeSink")
		t.CreationFee = Amount(o.long("creationFee"))
	case *MosaicSupplyChange:
		t.MosaicID = o.mosaicID("mosaicId")
		t.SupplyType = SupplyType(o.enum("supplyType"))
		t.Delta = o.long("delta")
	}
	o.end()
	if d.err != nil {
		return nil
	}
	return tx
}

// newTx returns a new value of type t, or nil for an unknown type.
func newTx(t Type) Transaction {
	switch t {
	case TypeTransfer:
		return new(Transfer)
	case TypeImportanceTransfer:
		return new(ImportanceTransfer)
	case TypeMultisigAggregateModification:
		return new(MultisigAggregateModification)
	case TypeMultisigSignature:
		return new(MultisigSignature)
	case TypeMultisig:
		return new(Multisig)
	case TypeProvisionNamespace:
		return new(ProvisionNamespace)
	case TypeMosaicDefinitionCreation:
		return new(MosaicDefinitionCreation)
	case TypeMosaicSupplyChange:
		return new(MosaicSupplyChange)
	}
	return nil
}

func (d *jsonReader) transfer(o *jsonObj, t *Transfer) {
	t.Recipient = o.address("recipient")
	t.Amount = Amount(o.long("amount"))
	if m := o.optObject("message"); m != nil {
		typ := MessageType(m.enum("type"))
		if d.err == nil && typ != MessagePlain && typ != MessageEncrypted {
			d.fail(m.field("type"), ErrInvalidField, "unknown message type %d (1 plain, 2 encrypted)", typ)
		}
		t.Message = &Message{Type: typ, Payload: m.hexBytes("payload", 0, maxBytes)}
		m.end()
	}
	if t.Version == 1 {
		if o.has("mosaics") {
			d.fail(o.field("mosaics"), ErrVersion, "a version 1 transfer cannot carry mosaics (NIS would ignore the key)")
		}
		return
	}
	items := o.array("mosaics", maxMosaicsParsed)
	t.Mosaics = nil
	for i, it := range items {
		m := d.object(it, fmt.Sprintf("%s[%d]", o.field("mosaics"), i))
		mo := Mosaic{ID: m.mosaicID("mosaicId"), Quantity: m.long("quantity")}
		m.end()
		t.Mosaics = append(t.Mosaics, mo)
	}
}

func (d *jsonReader) modification(o *jsonObj, t *MultisigAggregateModification) {
	items := o.array("modifications", maxModificationsLen)
	t.Modifications = nil
	for i, it := range items {
		m := d.object(it, fmt.Sprintf("%s[%d]", o.field("modifications"), i))
		mod := CosignatoryModification{Type: ModificationType(m.enum("modificationType"))}
		mod.Cosignatory = m.publicKey("cosignatoryAccount")
		m.end()
		t.Modifications = append(t.Modifications, mod)
	}
	if t.Version == 1 {
		if o.has("minCosignatories") {
			d.fail(o.field("minCosignatories"), ErrVersion, "a version 1 aggregate modification has no min-cosignatories change (NIS would ignore the key)")
		}
		return
	}
	if m := o.optObject("minCosignatories"); m != nil {
		t.MinCosignatories = &MinCosignatoriesChange{RelativeChange: m.int32("relativeChange")}
		m.end()
	}
}

func (d *jsonReader) multisig(o *jsonObj, t *Multisig, verifiable bool) {
	inner := o.object("otherTrans")
	if d.err != nil {
		return
	}
	t.Inner = d.tx(inner, nil, roleInner)
	if verifiable {
		items := o.array("signatures", maxCosignaturesParsed)
		t.Cosignatures = nil
		for i, it := range items {
			path := fmt.Sprintf("%s[%d]", o.field("signatures"), i)
			var sc SignedCosignature
			tx := d.tx(d.object(it, path), &sc.Signature, roleCosignature)
			if d.err != nil {
				return
			}
			sc.Cosignature = *tx.(*MultisigSignature)
			t.Cosignatures = append(t.Cosignatures, sc)
		}
	}
}

// mosaicDefinition reads a MosaicDefinition object; nothing else may
// follow in it.
func (d *jsonReader) mosaicDefinition(o *jsonObj, def *MosaicDefinition) {
	def.Creator = o.publicKey("creator")
	def.ID = o.mosaicID("id")
	def.Description = o.str("description", maxDescription)
	def.Properties = d.properties(o)
	if l := o.optObject("levy"); l != nil {
		def.Levy = &MosaicLevy{Type: LevyType(l.enum("type"))}
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
func (d *jsonReader) properties(o *jsonObj) MosaicProperties {
	var p MosaicProperties
	items := o.array("properties", len(propertyNames))
	if d.err != nil {
		return p
	}
	field := o.field("properties")
	if len(items) != len(propertyNames) {
		d.fail(field, ErrInvalidField, "%d properties, want NIS's 4 (divisibility, initialSupply, supplyMutable, transferable)", len(items))
		return p
	}
	var vals [4]string
	var seen [4]bool
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		m := d.object(it, f)
		name := m.str("name", maxString)
		value := m.str("value", maxString)
		m.end()
		if d.err != nil {
			return p
		}
		k := -1
		for j, n := range propertyNames {
			if n == name {
				k = j
			}
		}
		switch {
		case k < 0:
			d.fail(f+".name", ErrInvalidField, "unknown property %q", name)
		case seen[k]:
			d.fail(f+".name", ErrInvalidField, "property %q given twice", name)
		}
		if d.err != nil {
			return p
		}
		seen[k], vals[k] = true, value
	}
	p, ok := parsePropertyValues(vals)
	if !ok {
		d.fail(field, ErrNonCanonical, "values must be written as NIS writes them (decimal integers without sign or leading zeros, true/false)")
	}
	return p
}
