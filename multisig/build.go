package multisig

import (
	"fmt"
	"reflect"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TxOptions are the header values of a transaction being built. Times come
// from the node's network time (never the local clock: NIS refuses a
// timestamp more than 10 s ahead of its own time). A zero Fee means the
// current minimum fee for the type; a lower fee than the minimum is
// refused, since NIS would refuse it.
type TxOptions struct {
	// Timestamp is the transaction's time, from the node's network time.
	Timestamp transaction.Timestamp
	// Deadline is when NIS stops accepting the transaction.
	Deadline transaction.Timestamp
	// Fee is the fee to pay; zero means the minimum for the type.
	Fee transaction.Amount
	// Mosaics prices mosaic transfers when an inner transaction's minimum
	// fee is checked; see transaction.MosaicLookup.
	Mosaics transaction.MosaicLookup
}

func (o TxOptions) header(n sign.Network, version uint32, signer sign.PublicKey) transaction.Header {
	return transaction.Header{Network: n, Version: version, Timestamp: o.Timestamp, Signer: signer, Fee: o.Fee, Deadline: o.Deadline}
}

// withMinimumFee sets tx's fee to the minimum for its type when it is
// zero, and refuses a fee below the minimum.
func withMinimumFee(tx transaction.Transaction, mosaics transaction.MosaicLookup) error {
	min, err := transaction.MinimumFee(tx, mosaics)
	if err != nil {
		return fmt.Errorf("multisig: %w", err)
	}
	h := tx.Common()
	if h.Fee == 0 {
		h.Fee = min
	}
	if h.Fee < min {
		return fmt.Errorf("multisig: %w: %s fee %s XEM, the minimum is %s XEM", transaction.ErrFeeTooLow, tx.Type(), h.Fee, min)
	}
	return nil
}

// Conversion returns the aggregate modification (version 2) that turns the
// plan's account into a multisig account: one add per cosigner and a
// min-cosignatories change of +Threshold (a fresh account starts at 0).
// The account signs it with its own key, unwrapped.
//
// After this transaction is confirmed, NIS refuses anything the account's
// own key signs alone (MultisigNonOperationalValidator): only the
// cosigners can move funds. The account key is still needed as an
// identity, never to sign; destroy it or keep it offline with the same
// care as a cosigner key, because a NIS rule change or an operator mistake
// that reverts the account would make it powerful again.
func (p *Plan) Conversion(opts TxOptions) (*transaction.MultisigAggregateModification, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	tx := &transaction.MultisigAggregateModification{
		Header:           opts.header(p.Network, 2, p.Account),
		MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: int32(p.Threshold)},
	}
	for _, c := range p.Cosigners {
		tx.Modifications = append(tx.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: c.PublicKey})
	}
	if err := transaction.Canonicalize(tx); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	if err := withMinimumFee(tx, nil); err != nil {
		return nil, err
	}
	if err := transaction.Check(tx); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	return tx, nil
}

// Wrap returns the multisig wrapper with which the cosigner initiator
// proposes inner on behalf of the plan's account. inner's signer must be
// the multisig account (a zero signer means it) and its network the
// plan's; inner keeps its own fee, which must meet the minimum (a zero fee
// means the minimum where it can be computed offline). The wrapper's fee
// (opts.Fee, or the minimum) is also paid by the multisig account.
//
// inner is not modified: the wrapper holds a copy, with the signer and fee
// filled in and put in NIS's canonical order (transaction.Canonicalize).
// Build cosignatures from the wrapper's Inner, which is what the wrapper
// carries and what its inner hash is computed from.
func (p *Plan) Wrap(inner transaction.Transaction, initiator sign.PublicKey, opts TxOptions) (*transaction.Multisig, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if isNil(inner) {
		return nil, fmt.Errorf("multisig: %w: no inner transaction", ErrMissing)
	}
	if _, ok := p.Cosigner(initiator); !ok {
		return nil, fmt.Errorf("multisig: initiator %s: %w", initiator.Address(p.Network), ErrNotCosigner)
	}
	inner = cloneTx(inner)
	h := inner.Common()
	if h.Signer.IsZero() {
		h.Signer = p.Account
	}
	if h.Signer != p.Account {
		return nil, fmt.Errorf("multisig: inner transaction is signed by %s: %w", h.Signer.Address(p.Network), ErrWrongAccount)
	}
	if h.Network != p.Network {
		return nil, fmt.Errorf("multisig: inner transaction is for %s, the plan for %s", h.Network, p.Network)
	}
	if !inner.Type().Wrappable() {
		return nil, fmt.Errorf("multisig: a %s cannot be wrapped", inner.Type())
	}
	if err := transaction.Canonicalize(inner); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	if err := withMinimumFee(inner, opts.Mosaics); err != nil {
		return nil, err
	}
	ms := &transaction.Multisig{Header: opts.header(p.Network, 1, initiator), Inner: inner}
	if err := withMinimumFee(ms, nil); err != nil {
		return nil, err
	}
	if err := transaction.Check(ms); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	return ms, nil
}

// Cosignature builds the cosignature (MultisigSignature) of cosigner for
// inner, the full inner transaction of a pending wrapper: it computes the
// inner hash and the multisig account's address itself, so no hash or
// address supplied by a node or another machine is ever trusted.
func (p *Plan) Cosignature(inner transaction.Transaction, cosigner sign.PublicKey, opts TxOptions) (*transaction.MultisigSignature, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, ok := p.Cosigner(cosigner); !ok {
		return nil, fmt.Errorf("multisig: cosigner %s: %w", cosigner.Address(p.Network), ErrNotCosigner)
	}
	if isNil(inner) {
		return nil, fmt.Errorf("multisig: %w: no inner transaction", ErrMissing)
	}
	if inner.Common().Signer != p.Account {
		return nil, fmt.Errorf("multisig: inner transaction is signed by %s: %w", inner.Common().Signer.Address(p.Network), ErrWrongAccount)
	}
	if err := transaction.Check(inner); err != nil {
		return nil, fmt.Errorf("multisig: inner transaction: %w", err)
	}
	h, err := transaction.HashOf(inner)
	if err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	cs := &transaction.MultisigSignature{Header: opts.header(p.Network, 1, cosigner), OtherHash: h, MultisigAccount: p.Address()}
	if err := withMinimumFee(cs, nil); err != nil {
		return nil, err
	}
	return cs, nil
}

// Cosign builds and signs the cosignature of signer for inner (see
// Cosignature). The wrapper's initiator needs none: NIS counts the wrapper
// as its signature and refuses a second one (Status reports that).
func (p *Plan) Cosign(inner transaction.Transaction, signer sign.Signer, opts TxOptions) (*transaction.Signed, error) {
	if isNil(signer) {
		return nil, fmt.Errorf("multisig: %w: no signer", ErrMissing)
	}
	cs, err := p.Cosignature(inner, signer.PublicKey(), opts)
	if err != nil {
		return nil, err
	}
	return transaction.Sign(cs, signer)
}

// isNil reports whether v is nil or an interface holding a nil pointer (a
// (*transaction.Transfer)(nil), say), whose methods would panic.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// cloneTx returns a deep copy of tx: transactions are plain structs of
// exported fields, pointers and slices, so nothing of the copy is shared
// with tx.
func cloneTx(tx transaction.Transaction) transaction.Transaction {
	return deepCopy(reflect.ValueOf(tx)).Interface().(transaction.Transaction)
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := range v.NumField() {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	}
	return v
}
