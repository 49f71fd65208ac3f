package multisig

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Update is one change to a live multisig account: the plan before and
// after, the inner aggregate modification that makes it (to be wrapped by
// a cosigner, see Plan.Wrap), and who may sign it under NIS's rules.
type Update struct {
	// Before is the plan of the account now; After is the plan once the
	// update is confirmed.
	Before, After *Plan
	// Inner is the aggregate modification (version 2), signed by the
	// multisig account as the inner transaction of a wrapper.
	Inner *transaction.MultisigAggregateModification
	// Signers are the cosigners whose signatures count; a cosigner being
	// removed is not among them.
	Signers []sign.PublicKey
	// Required is how many of Signers must sign (the wrapper's initiator
	// included).
	Required int
}

// AddCosigner adds c and sets the threshold to threshold. The result must
// satisfy every plan invariant.
func (p *Plan) AddCosigner(c Cosigner, threshold int, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, ok := p.Cosigner(c.PublicKey); ok {
		return nil, fmt.Errorf("multisig: %w: %w: %s is already a cosigner", ErrPlan, ErrDuplicateCosigner, c.PublicKey.Address(p.Network))
	}
	after := p.clone()
	after.Cosigners = append(after.Cosigners, c)
	after.Threshold = threshold
	return p.update(after, []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: c.PublicKey}}, opts)
}

// RemoveCosigner removes the cosigner with key pub and sets the threshold
// to threshold (lower it in the same transaction when it would exceed the
// remaining cosigners, as NIS requires). NIS does not count the removed
// cosigner's signature: with M == N the n-1 others must all sign.
func (p *Plan) RemoveCosigner(pub sign.PublicKey, threshold int, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(p.Cosigners, func(c Cosigner) bool { return c.PublicKey == pub })
	if i < 0 {
		return nil, fmt.Errorf("multisig: %s: %w", pub.Address(p.Network), ErrNotCosigner)
	}
	after := p.clone()
	after.Cosigners = slices.Delete(after.Cosigners, i, i+1)
	after.Threshold = threshold
	return p.update(after, []transaction.CosignatoryModification{{Type: transaction.ModificationDelete, Cosignatory: pub}}, opts)
}

// SetThreshold changes M only.
func (p *Plan) SetThreshold(threshold int, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if threshold == p.Threshold {
		return nil, fmt.Errorf("multisig: %w: the threshold is already %d", ErrChange, threshold)
	}
	after := p.clone()
	after.Threshold = threshold
	return p.update(after, nil, opts)
}

// Rotate replaces the key of one cosigner. NIS allows one deletion per
// transaction and checks each modification against the current state, so a
// rotation is two updates, announced and confirmed in order. Adding the new
// key first keeps full redundancy during the rotation and is preferred;
// when the intermediate plan would break an invariant (for example the new
// key sits at the same site as the old one, which would briefly give that
// site two keys), the old key is removed first instead. The threshold stays
// as it is. The second update's options are used as they are: give it a
// timestamp after the first update is confirmed.
func (p *Plan) Rotate(old sign.PublicKey, replacement Cosigner, first, second TxOptions) ([2]*Update, error) {
	if err := p.Validate(); err != nil {
		return [2]*Update{}, err
	}
	c, ok := p.Cosigner(old)
	if !ok {
		return [2]*Update{}, fmt.Errorf("multisig: %s: %w", old.Address(p.Network), ErrNotCosigner)
	}
	if replacement.Label == "" {
		replacement.Label = c.Label
	}
	add, err := p.AddCosigner(replacement, p.Threshold, first)
	if err == nil {
		remove, err := add.After.RemoveCosigner(old, p.Threshold, second)
		if err != nil {
			return [2]*Update{}, fmt.Errorf("multisig: rotation, step 2 (remove): %w", err)
		}
		return [2]*Update{add, remove}, nil
	}
	addFirst := err
	remove, err := p.RemoveCosigner(old, min(p.Threshold, len(p.Cosigners)-1), first)
	if err != nil {
		return [2]*Update{}, fmt.Errorf("multisig: rotation, adding first: %w", addFirst)
	}
	add, err = remove.After.AddCosigner(replacement, p.Threshold, second)
	if err != nil {
		return [2]*Update{}, fmt.Errorf("multisig: rotation, step 2 (add): %w", err)
	}
	return [2]*Update{remove, add}, nil
}

func (p *Plan) clone() *Plan {
	q := *p
	q.Cosigners = slices.Clone(p.Cosigners)
	return &q
}

// update checks the resulting plan and builds the inner modification.
func (p *Plan) update(after *Plan, mods []transaction.CosignatoryModification, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := after.Validate(); err != nil {
		return nil, err
	}
	inner := &transaction.MultisigAggregateModification{Header: opts.header(p.Network, 2, p.Account), Modifications: mods}
	if delta := after.Threshold - p.Threshold; delta != 0 {
		inner.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: int32(delta)}
	}
	if err := transaction.Canonicalize(inner); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	if err := withMinimumFee(inner, nil); err != nil {
		return nil, err
	}
	if err := transaction.Check(inner); err != nil {
		return nil, fmt.Errorf("multisig: %w", err)
	}
	u := &Update{Before: p, After: after, Inner: inner}
	removed, removal := deletedCosigner(inner)
	for _, k := range p.Keys() {
		if !removal || k != removed {
			u.Signers = append(u.Signers, k)
		}
	}
	u.Required = requiredSignatures(p, removal)
	return u, nil
}
