package nis

import (
	"fmt"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// DifferenceKind names a way the chain differs from a custody plan.
type DifferenceKind string

// The differences Reconcile reports.
const (
	// WrongAccount: the node's answer is for another account than the
	// plan's.
	WrongAccount DifferenceKind = "wrong-account"
	// NotMultisig: the account is not (yet) a multisig account: its own
	// key can still move everything. The plan's conversion has not been
	// confirmed.
	NotMultisig DifferenceKind = "not-multisig"
	// MissingCosigner: a cosigner of the plan is not a cosignatory on the
	// chain.
	MissingCosigner DifferenceKind = "missing-cosigner"
	// UnknownCosigner: a cosignatory on the chain is not in the plan:
	// someone the plan does not know can sign for the account.
	UnknownCosigner DifferenceKind = "unknown-cosigner"
	// ThresholdDiffers: the chain requires another number of signatures
	// than the plan's threshold.
	ThresholdDiffers DifferenceKind = "threshold"
	// StoredMinZero: the chain stores minCosignatories 0 (converted
	// without a min-cosignatories change). NIS reads it as "all must
	// sign", but adds a later relative change to 0, so a change computed
	// from the plan's threshold would leave another threshold than
	// intended (see multisig.State). Plan changes are computed from the
	// chain's state; storing the threshold explicitly
	// (multisig.Plan.SetThreshold with the same threshold) removes the
	// difference.
	StoredMinZero DifferenceKind = "stored-min-zero"
)

// Difference is one way the chain's state of a multisig account differs
// from its custody plan.
type Difference struct {
	Kind DifferenceKind `json:"kind"`
	// Address is the cosigner concerned (MissingCosigner,
	// UnknownCosigner) or the account the node answered for
	// (WrongAccount).
	Address *sign.Address `json:"address,omitempty"`
	// Label is the plan's label of a missing cosigner.
	Label string `json:"label,omitempty"`
	// Plan and Chain are the required signatures (ThresholdDiffers) or
	// the number of cosigners (NotMultisig): what the plan says and what
	// the chain enforces.
	Plan  int `json:"plan,omitempty"`
	Chain int `json:"chain,omitempty"`
	// Message says it for people.
	Message string `json:"message"`
}

// Reconcile compares a custody plan with what a node reports about the
// plan's account (Client.Account) and returns every difference, in a
// fixed order: the account, then whether it is multisig, missing
// cosigners in plan order, unknown cosigners in the node's order, and the
// threshold. No differences means the chain enforces the plan.
//
// Cosigners are compared by address on the plan's network, so a
// cosignatory whose public key the node does not report is still matched.
// The threshold is compared as the number of signatures NIS requires
// (multisig.State.Required: a stored minCosignatories of 0 means all), and
// a stored 0 is reported besides (StoredMinZero), because it changes what
// a later relative change does. An account that is not multisig is
// reported as NotMultisig alone: everything else follows from it.
func Reconcile(p *multisig.Plan, a *Account) []Difference {
	var diffs []Difference
	if a.Address != p.Address() {
		addr := a.Address
		return append(diffs, Difference{Kind: WrongAccount, Address: &addr,
			Message: fmt.Sprintf("the node's answer is for %s, not the plan's account %s", a.Address, p.Address())})
	}
	if a.Multisig == nil || len(a.Cosignatories) == 0 {
		return append(diffs, Difference{Kind: NotMultisig, Plan: len(p.Cosigners),
			Message: fmt.Sprintf("%s is not a multisig account: its own key can move its funds; the plan's conversion (%d of %d) is not confirmed", p.Address(), p.Threshold, len(p.Cosigners))})
	}
	onChain := map[sign.Address]bool{}
	for _, c := range a.Cosignatories {
		onChain[c.Address] = true
	}
	inPlan := map[sign.Address]bool{}
	for _, c := range p.Cosigners {
		addr := c.PublicKey.Address(p.Network)
		inPlan[addr] = true
		if !onChain[addr] {
			diffs = append(diffs, Difference{Kind: MissingCosigner, Address: &addr, Label: c.Label,
				Message: fmt.Sprintf("cosigner %q (%s) of the plan is not a cosignatory on the chain", c.Label, addr)})
		}
	}
	for _, c := range a.Cosignatories {
		if !inPlan[c.Address] {
			addr := c.Address
			diffs = append(diffs, Difference{Kind: UnknownCosigner, Address: &addr,
				Message: fmt.Sprintf("cosignatory %s on the chain is not in the plan", addr)})
		}
	}
	if chain := a.Required(); chain != p.Threshold {
		diffs = append(diffs, Difference{Kind: ThresholdDiffers, Plan: p.Threshold, Chain: chain,
			Message: fmt.Sprintf("the chain requires %d of %d signatures (minCosignatories %d), the plan %d of %d",
				chain, a.Multisig.CosignatoriesCount, a.Multisig.MinCosignatories, p.Threshold, len(p.Cosigners))})
	}
	if a.Multisig.MinCosignatories == 0 {
		diffs = append(diffs, Difference{Kind: StoredMinZero, Plan: p.Threshold,
			Message: fmt.Sprintf("the chain stores minCosignatories 0 (all %d must sign): a later relative change is added to 0, not to %d; plan changes must be computed from the chain's state, and storing the threshold explicitly removes the difference", len(a.Cosignatories), len(a.Cosignatories))})
	}
	return diffs
}
