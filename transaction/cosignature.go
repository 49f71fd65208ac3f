package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// MultisigSignature (type 0x1002) is a cosignature: a cosignatory's
// approval of the inner transaction of a pending multisig wrapper. It names
// the inner transaction by hash and the multisig account by address; it
// does not depend on the wrapper, so cosigners can sign before the wrapper
// exists. The fee is paid by the multisig account.
type MultisigSignature struct {
	Header
	// OtherHash is the hash of the inner transaction (never the wrapper's).
	OtherHash Hash
	// MultisigAccount is the address of the inner transaction's signer.
	MultisigAccount sign.Address
}

// Type returns TypeMultisigSignature.
func (*MultisigSignature) Type() Type { return TypeMultisigSignature }

// AppendBinary appends the non-verifiable serialization.
func (t *MultisigSignature) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *MultisigSignature) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *MultisigSignature) appendBody(b []byte) ([]byte, error) {
	b, m := wire.BeginObject(b)
	b = wire.AppendBytes(b, t.OtherHash[:])
	b = wire.EndObject(b, m)
	return appendAddress(b, t.MultisigAccount), nil
}

func (t *MultisigSignature) parseBody(r *reader) {
	o := reader{r.Object("otherHash", 36, 36)}
	t.OtherHash = Hash(orZero(o.ExactBytes("otherHash.data", HashSize), HashSize))
	o.Close(&r.Reader, "otherHash")
	t.MultisigAccount = r.address("otherAccount")
}

func (t *MultisigSignature) check(c *checker) {
	c.address("otherAccount", t.MultisigAccount)
}

// SignedCosignature is a cosignature with its signature, as a multisig
// wrapper carries it in the verifiable (block) form.
type SignedCosignature struct {
	Cosignature MultisigSignature
	Signature   sign.Signature
}

// Multisig (type 0x1004) is the wrapper a cosignatory signs to propose the
// inner transaction on behalf of the multisig account. Its signer is the
// initiating cosignatory; the inner transaction's signer is the multisig
// account. The wrapper's signature counts as the initiator's approval.
type Multisig struct {
	Header
	// Inner is the wrapped transaction, any type but Multisig and
	// MultisigSignature.
	Inner Transaction
	// Cosignatures exist only in the verifiable form read from blocks.
	// They are not part of the signed bytes: Append ignores them.
	Cosignatures []SignedCosignature
}

// maxCosignaturesParsed bounds the cosignature list of a verifiable
// wrapper: at most one per other cosignatory.
const maxCosignaturesParsed = MaxCosignatories - 1

// Type returns TypeMultisig.
func (*Multisig) Type() Type { return TypeMultisig }

// AppendBinary appends the non-verifiable serialization.
func (t *Multisig) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *Multisig) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *Multisig) appendBody(b []byte) ([]byte, error) {
	if isNil(t.Inner) {
		return b, fieldErr("otherTrans", ErrMalformed, "no inner transaction")
	}
	if !t.Inner.Type().Wrappable() {
		return b, fieldErr("otherTrans", ErrUnknownType, "a %s cannot be wrapped", t.Inner.Type())
	}
	b, m := wire.BeginObject(b)
	b, err := appendTx(b, t.Inner)
	if err != nil {
		return b, prefixErr("otherTrans.", err)
	}
	return wire.EndObject(b, m), nil
}

func (t *Multisig) parseBody(r *reader) {
	o := reader{r.Object("otherTrans", headerSize, MaxSize)}
	t.Inner = parseTx(&o, nil, false)
	if t.Inner != nil && !t.Inner.Type().Wrappable() {
		o.FailAt(0, "otherTrans.type", fmt.Errorf("%w: a %s cannot be wrapped", ErrUnknownType, t.Inner.Type()))
	}
	o.Close(&r.Reader, "otherTrans")
}

// parseCosignatures reads the verifiable form's trailing cosignature array.
func (t *Multisig) parseCosignatures(r *reader) {
	at := r.Pos()
	n := r.U32("signatures")
	if n > maxCosignaturesParsed {
		r.FailAt(at, "signatures", fmt.Errorf("%w: %d cosignatures, at most %d", ErrMalformed, n, maxCosignaturesParsed))
		return
	}
	if n > 0 {
		t.Cosignatures = make([]SignedCosignature, 0, n)
	}
	for i := range int(n) {
		f := fieldName(&cosignatureFields, i, 0, "signatures")
		o := reader{r.Object(f, headerSize+sign.SignatureSize+4, headerSize+sign.SignatureSize+4+40+44)}
		var sc SignedCosignature
		tx := parseTx(&o, &sc.Signature, false)
		o.Close(&r.Reader, f)
		if r.Err() != nil {
			return
		}
		cs, ok := tx.(*MultisigSignature)
		if !ok {
			r.FailAt(at, f, fmt.Errorf("%w: a %s among the cosignatures", ErrUnknownType, tx.Type()))
			return
		}
		sc.Cosignature = *cs
		t.Cosignatures = append(t.Cosignatures, sc)
	}
}

func (t *Multisig) check(c *checker) {
	if isNil(t.Inner) {
		c.fail("otherTrans", ErrMalformed, "no inner transaction")
		return
	}
	if !t.Inner.Type().Wrappable() {
		c.fail("otherTrans.type", ErrUnknownType, "a %s cannot be wrapped", t.Inner.Type())
		return
	}
	c.child("otherTrans", t.Inner)
	if len(t.Cosignatures) == 0 {
		return
	}
	inner, err := HashOf(t.Inner)
	if err != nil {
		if c.err == nil {
			c.err = prefixErr(c.prefix+"otherTrans.", err)
		}
		return
	}
	account := sign.NewAddress(t.Inner.Common().Signer, t.Inner.Common().Network)
	for i := range t.Cosignatures {
		f := fmt.Sprintf("signatures[%d]", i)
		cs := &t.Cosignatures[i].Cosignature
		c.child(f, cs)
		if cs.OtherHash != inner {
			c.fail(f+".otherHash", ErrInvalidField, "cosignature of another inner transaction")
		}
		if cs.MultisigAccount != account {
			c.fail(f+".otherAccount", ErrInvalidField, "cosignature for another multisig account")
		}
	}
}

// prefixErr prefixes the field of a *FieldError.
func prefixErr(prefix string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: prefix + fe.Field, Err: fe.Err}
	}
	return err
}
