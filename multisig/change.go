package multisig

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Update is one change to a live multisig account: the plan before and
// after, the chain state before and after, the inner aggregate
// modification that makes it (to be wrapped by a cosigner, see
// Plan.Wrap), and who may sign it under NIS's rules.
//
// Changes are computed from the state the chain holds, never from the
// plan's arithmetic alone: NIS adds a MinCosignatoriesChange to its stored
// minimum, which is 0 on an account converted without one (see State).
type Update struct {
	// Before is the plan of the account now; After is the plan once the
	// update is confirmed.
	Before, After *Plan
	// BeforeState is the chain's state the update was computed from;
	// AfterState is the state NIS will hold once it is confirmed (it
	// enforces After, with the threshold stored explicitly).
	BeforeState, AfterState State
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

// AddCosigner adds c and sets the threshold to threshold on an account
// whose state on the chain is chain (which must enforce p, see
// CheckState). The result must satisfy every plan invariant.
func (p *Plan) AddCosigner(chain State, c Cosigner, threshold int, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, ok := p.Cosigner(c.PublicKey); ok {
		return nil, fmt.Errorf("multisig: %w: %w: %s is already a cosigner", ErrPlan, ErrDuplicateCosigner, c.PublicKey.Address(p.Network))
	}
	after := p.clone()
	after.Cosigners = append(after.Cosigners, c)
	after.Threshold = threshold
	return p.update(chain, after, []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: c.PublicKey}}, opts)
}

// RemoveCosigner removes the cosigner with key pub and sets the threshold
// to threshold (lower it in the same transaction when it would exceed the
// remaining cosigners, as NIS requires), on an account whose state on the
// chain is chain. NIS does not count the removed cosigner's signature:
// with M == N the n-1 others must all sign.
func (p *Plan) RemoveCosigner(chain State, pub sign.PublicKey, threshold int, opts TxOptions) (*Update, error) {
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
	return p.update(chain, after, []transaction.CosignatoryModification{{Type: transaction.ModificationDelete, Cosignatory: pub}}, opts)
}

// SetThreshold changes M only, on an account whose state on the chain is
// chain. Setting the threshold the plan already has stores it explicitly
// on an account that stores 0 (converted without a min-cosignatories
// change); otherwise it is refused as no change.
func (p *Plan) SetThreshold(chain State, threshold int, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if threshold == chain.MinCosignatories {
		return nil, fmt.Errorf("multisig: %w: the chain already stores %d", ErrChange, threshold)
	}
	after := p.clone()
	after.Threshold = threshold
	return p.update(chain, after, nil, opts)
}

// Rotate replaces the key of one cosigner. NIS allows one deletion per
// transaction and checks each modification against the current state, so a
// rotation is two updates, announced and confirmed in order. Adding the new
// key first keeps full redundancy during the rotation and is preferred;
// when the intermediate plan would break an invariant (for example the new
// key sits at the same site as the old one, which would briefly give that
// site two keys), the threshold is raised by one for the intermediate plan
// if that keeps it safe, and otherwise the old key is removed first. The
// threshold ends as it is. The second update's options are used as they
// are: give it a timestamp after the first update is confirmed. chain is
// the account's state on the chain now; the second update is computed from
// the state the first leaves.
func (p *Plan) Rotate(chain State, old sign.PublicKey, replacement Cosigner, first, second TxOptions) ([2]*Update, error) {
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
	var firstErr error
	for _, mid := range []int{p.Threshold, p.Threshold + 1} {
		add, err := p.AddCosigner(chain, replacement, mid, first)
		if err == nil {
			var remove *Update
			if remove, err = add.After.RemoveCosigner(add.AfterState, old, p.Threshold, second); err == nil {
				return [2]*Update{add, remove}, nil
			}
			err = fmt.Errorf("multisig: rotation, step 2 (remove): %w", err)
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	remove, err := p.RemoveCosigner(chain, old, min(p.Threshold, len(p.Cosigners)-1), first)
	if err != nil {
		return [2]*Update{}, fmt.Errorf("multisig: rotation, adding first: %w", firstErr)
	}
	add, err := remove.After.AddCosigner(remove.AfterState, replacement, p.Threshold, second)
	if err != nil {
		return [2]*Update{}, fmt.Errorf("multisig: rotation, step 2 (add): %w", err)
	}
	return [2]*Update{remove, add}, nil
}

func (p *Plan) clone() *Plan {
	q := *p
	q.Cosigners = slices.Clone(p.Cosigners)
	if p.Limits != nil {
		l := *p.Limits
		q.Limits = &l
	}
	return &q
}

// update checks the resulting plan and builds the inner modification
// from the chain's state: the min-cosignatories change is the new
// threshold less what the chain stores, so that NIS stores the threshold
// explicitly afterwards. The state NIS will hold is computed with
// State.Apply and must enforce after.
func (p *Plan) update(chain State, after *Plan, mods []transaction.CosignatoryModification, opts TxOptions) (*Update, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := after.Validate(); err != nil {
		return nil, err
	}
	if err := p.CheckState(chain); err != nil {
		return nil, fmt.Errorf("multisig: the change is computed from the chain's state, which does not enforce the plan: %w", err)
	}
	inner := &transaction.MultisigAggregateModification{Header: opts.header(p.Network, 2, p.Account), Modifications: mods}
	if delta := after.Threshold - chain.MinCosignatories; delta != 0 {
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
	next, err := chain.Apply(inner)
	if err != nil {
		return nil, changeErr(err)
	}
	if !next.Equal(after.State()) {
		return nil, fmt.Errorf("multisig: %w: NIS would hold %s, not the plan's %d of %d", ErrChange, next, after.Threshold, len(after.Cosigners))
	}
	req := chain.Requirement(inner)
	return &Update{Before: p, After: after, BeforeState: chain, AfterState: next, Inner: inner, Signers: req.Eligible, Required: req.Needed}, nil
}
