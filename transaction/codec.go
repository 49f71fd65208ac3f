package transaction

import (
	"encoding/base32"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// Size limits of NIS's binary deserializer and of this package.
const (
	// MaxSize caps the input Parse accepts. NIS reads the hex data of an
	// announce through its JSON deserializer, which caps byte arrays at
	// 2048 bytes; chain data (verifiable form, with cosignatures) is
	// allowed more room.
	MaxSize = 64 << 10
	// addressLen is the length of an encoded address on the wire.
	addressLen = sign.AddressLength
)

// headerSize is the size of the non-verifiable common header.
const headerSize = 60

// appendTx appends the non-verifiable serialization of tx.
func appendTx(b []byte, tx Transaction) ([]byte, error) {
	if isNil(tx) {
		return b, errNoTransaction()
	}
	h := tx.Common()
	if tx.Type().maxVersion() == 0 {
		return b, fieldErr("type", ErrUnknownType, "0x%04x", uint32(tx.Type()))
	}
	if h.Version < 1 || h.Version > tx.Type().maxVersion() {
		return b, fieldErr("version", ErrVersion, "%s has no version %d", tx.Type(), h.Version)
	}
	b = wire.AppendU32(b, uint32(tx.Type()))
	b = wire.AppendU32(b, h.VersionField())
	b = wire.AppendU32(b, uint32(h.Timestamp))
	b = wire.AppendBytes(b, h.Signer[:])
	b = wire.AppendU64(b, uint64(h.Fee))
	b = wire.AppendU32(b, uint32(h.Deadline))
	return tx.appendBody(b)
}

// appendAddress writes an address as NIS does: a 40-byte string of the
// upper-case base32 form.
func appendAddress(b []byte, a sign.Address) []byte {
	b = wire.AppendU32(b, addressLen)
	n := len(b)
	b = append(b, make([]byte, addressLen)...)
	base32.StdEncoding.Encode(b[n:], a[:])
	return b
}

// appendMosaicID writes a MosaicId object.
func appendMosaicID(b []byte, id MosaicID) []byte {
	b, m := wire.BeginObject(b)
	b = wire.AppendString(b, id.Namespace)
	b = wire.AppendString(b, id.Name)
	return wire.EndObject(b, m)
}

// reader adds NEM field types to wire.Reader.
type reader struct {
	wire.Reader
}

func (r *reader) publicKey(field string) sign.PublicKey {
	return sign.PublicKey(orZero(r.ExactBytes(field, sign.PublicKeySize), sign.PublicKeySize))
}

// address reads a 40-character address string. The characters must be
// upper-case base32 with a valid checksum and a known network byte;
// whether the network matches the transaction is checked later.
func (r *reader) address(field string) sign.Address {
	at := r.Pos()
	p := r.ExactBytes(field, addressLen)
	if p == nil {
		return sign.Address{}
	}
	// Decoding from the bytes, rather than sign.ParseCanonicalAddress of
	// a string, keeps parsing free of allocations; the rules are the same.
	for i, c := range p {
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			r.FailAt(at, field, fmt.Errorf("%w: %w: character %d is not upper-case base32 (A-Z, 2-7)", ErrInvalidField, sign.ErrInvalidAddress, i+1))
			return sign.Address{}
		}
	}
	var raw [sign.AddressSize]byte
	decodeAddress(&raw, p)
	a, err := sign.AddressFromBytes(raw[:])
	if err != nil {
		r.FailAt(at, field, fmt.Errorf("%w: %w", ErrInvalidField, err))
		return sign.Address{}
	}
	return a
}

// str reads a non-null UTF-8 string of at most maxLen bytes.
func (r *reader) str(field string, maxLen int) string {
	at := r.Pos()
	p := r.Bytes(field, 0, maxLen)
	if p == nil {
		return ""
	}
	if !utf8.Valid(p) {
		r.FailAt(at, field, fmt.Errorf("%w: not valid UTF-8 (NIS would replace characters)", ErrNonCanonical))
		return ""
	}
	return string(p)
}

// optStr reads a string that may be null (length 0xFFFFFFFF).
func (r *reader) optStr(field string, maxLen int) (string, bool) {
	if p := r.Peek(4); p != nil && p[0] == 0xFF && p[1] == 0xFF && p[2] == 0xFF && p[3] == 0xFF {
		r.Fixed(field, 4)
		return "", false
	}
	return r.str(field, maxLen), true
}

func (r *reader) mosaicID(field string) MosaicID {
	o := reader{r.Object(field, 8, 8+nisform.MaxString*4+nisform.MaxString*4)}
	id := MosaicID{Namespace: o.str(field, 2*nisform.MaxString), Name: o.str(field, nisform.MaxString)}
	o.Close(&r.Reader, field)
	return id
}

func orZero(p []byte, n int) []byte {
	if p == nil {
		return make([]byte, n)
	}
	return p
}

// parseTx reads one non-verifiable (or, with sig != nil, verifiable)
// transaction from r, which must hold exactly that transaction.
func parseTx(r *reader, sig *sign.Signature, allowMultisig bool) Transaction {
	start := r.Pos()
	typ := Type(r.U32("type"))
	version := r.U32("version")
	if r.Err() != nil {
		return nil
	}
	var tx Transaction
	switch typ {
	case TypeTransfer:
		tx = new(Transfer)
	case TypeImportanceTransfer:
		tx = new(ImportanceTransfer)
	case TypeMultisigAggregateModification:
		tx = new(MultisigAggregateModification)
	case TypeMultisigSignature:
		tx = new(MultisigSignature)
	case TypeMultisig:
		if allowMultisig {
			tx = new(Multisig)
		}
	case TypeProvisionNamespace:
		tx = new(ProvisionNamespace)
	case TypeMosaicDefinitionCreation:
		tx = new(MosaicDefinitionCreation)
	case TypeMosaicSupplyChange:
		tx = new(MosaicSupplyChange)
	}
	if tx == nil {
		what := fmt.Errorf("%w: 0x%04x", ErrUnknownType, uint32(typ))
		if typ == TypeMultisig {
			what = fmt.Errorf("%w: a multisig wrapper cannot be nested", ErrUnknownType)
		}
		r.FailAt(start, "type", what)
		return nil
	}
	h := tx.Common()
	h.Network = sign.Network(version >> 24)
	h.Version = version & 0x00FFFFFF
	if h.Version < 1 || h.Version > typ.maxVersion() {
		r.FailAt(start+4, "version", fmt.Errorf("%w: %s has no version %d", ErrVersion, typ, h.Version))
		return nil
	}
	if !h.Network.Valid() {
		r.FailAt(start+4, "version", fmt.Errorf("%w: network byte 0x%02x", sign.ErrWrongNetwork, byte(h.Network)))
		return nil
	}
	h.Timestamp = Timestamp(r.U32("timeStamp"))
	h.Signer = r.publicKey("signer")
	if sig != nil {
		*sig = sign.Signature(orZero(r.ExactBytes("signature", sign.SignatureSize), sign.SignatureSize))
	}
	h.Fee = Amount(r.U64("fee"))
	h.Deadline = Timestamp(r.U32("deadline"))
	if r.Err() != nil {
		return nil
	}
	parseBody(tx, r)
	if r.Err() != nil {
		return nil
	}
	return tx
}

// ParseOptions selects what Parse checks. The zero value is the strict
// mode every signing path uses.
type ParseOptions struct {
	// Verifiable reads the verifiable form used in blocks: the signature
	// follows the signer, and a multisig wrapper ends with its
	// cosignatures.
	Verifiable bool
	// LayoutOnly checks the byte layout and nothing else: values NIS would
	// refuse (fees above a Java long, addresses of another network,
	// unsorted lists, empty messages, bad names) are kept as they are.
	// It exists to read serialization vectors made by generators with
	// random field values. Never show or sign a transaction read this way.
	LayoutOnly bool
}

// Signed is a transaction with its signature, as it appears in the
// verifiable form.
type Signed struct {
	Tx        Transaction
	Signature sign.Signature
}

// Parse reads the non-verifiable form (what is signed and announced) of one
// transaction and checks it strictly: exact lengths and no trailing bytes,
// a known type and version, every field NIS would refuse while
// deserializing refused, canonical order and encodings required, and every
// address, inner transaction and cosignature on the transaction's network.
// Whatever Parse accepts re-encodes to exactly the input bytes.
func Parse(b []byte) (Transaction, error) {
	return parse(b, ParseOptions{}, nil)
}

// ParseVerifiable reads the verifiable form (with the signature, as inside
// blocks) and checks it like Parse. It does not verify the signature; use
// VerifySigned.
func ParseVerifiable(b []byte) (*Signed, error) {
	return ParseWithOptions(b, ParseOptions{Verifiable: true})
}

// ParseWithOptions is Parse with options. For the non-verifiable form the
// returned Signature is zero.
func ParseWithOptions(b []byte, opts ParseOptions) (*Signed, error) {
	s := &Signed{}
	var err error
	s.Tx, err = parse(b, opts, &s.Signature)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// parse reads one transaction into its result only, with the signature of
// the verifiable form written to *sig.
func parse(b []byte, opts ParseOptions, sig *sign.Signature) (Transaction, error) {
	if len(b) > MaxSize {
		return nil, &ParseError{Offset: MaxSize, Field: "transaction", Err: fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(b), MaxSize)}
	}
	r := reader{wire.MakeReader(b)}
	if !opts.Verifiable {
		sig = nil
	}
	tx := parseTxWith(&r, sig, opts)
	if err := r.End("transaction"); err != nil {
		return nil, toParseError(&r.Reader)
	}
	if !opts.LayoutOnly {
		if err := checkParsed(tx); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

// parseTxWith reads a top-level transaction; for a verifiable multisig
// wrapper it also reads the cosignatures.
func parseTxWith(r *reader, sig *sign.Signature, opts ParseOptions) Transaction {
	tx := parseTx(r, sig, true)
	if ms, ok := tx.(*Multisig); ok && opts.Verifiable {
		ms.parseCosignatures(r)
	}
	return tx
}

func toParseError(r *wire.Reader) error {
	off, field, err := r.Failure()
	switch {
	case errors.Is(err, wire.ErrShort), errors.Is(err, wire.ErrTrailing), errors.Is(err, wire.ErrLength):
		err = fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return &ParseError{Offset: off, Field: field, Err: err}
}

// parseBody calls the body parser of tx's concrete type. The type switch,
// rather than an interface call, lets escape analysis keep the reader on
// the stack, so parsing allocates only its result.
func parseBody(tx Transaction, r *reader) {
	switch t := tx.(type) {
	case *Transfer:
		t.parseBody(r)
	case *ImportanceTransfer:
		t.parseBody(r)
	case *MultisigAggregateModification:
		t.parseBody(r)
	case *MultisigSignature:
		t.parseBody(r)
	case *Multisig:
		t.parseBody(r)
	case *ProvisionNamespace:
		t.parseBody(r)
	case *MosaicDefinitionCreation:
		t.parseBody(r)
	case *MosaicSupplyChange:
		t.parseBody(r)
	}
}

// decodeAddress decodes 40 upper-case base32 characters into dst without
// allocating (encoding/base32 copies its input). The caller has checked
// the alphabet.
func decodeAddress(dst *[sign.AddressSize]byte, p []byte) {
	var acc uint64
	bits, n := 0, 0
	for _, c := range p {
		v := uint64(c - 'A')
		if c <= '7' {
			v = uint64(c-'2') + 26
		}
		acc = acc<<5 | v
		bits += 5
		if bits >= 8 {
			bits -= 8
			dst[n] = byte(acc >> bits)
			n++
		}
	}
}
