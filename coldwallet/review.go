package coldwallet

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Review is what the operator of the offline signer sees before signing:
// computed only from the transactions' bytes (and, for a multisig account,
// the plan kept on the offline machine), never from the request's note.
type Review struct {
	RequestID string
	Network   sign.Network
	// NodeTime is the network time the online side reported; the offline
	// machine has no better clock.
	NodeTime transaction.Timestamp
	// Note is the online side's free text: UNTRUSTED.
	Note  string
	Items []ItemReview
	// RepeatOf is, when this signer signed the same request before, the
	// seq of that journal entry: signing again releases the same
	// signatures and does not count them again. The signer sets it.
	RepeatOf int
}

// ItemReview describes one item.
type ItemReview struct {
	Number int
	Kind   ItemKind
	// Signer is the key asked to sign, with its plan label when known.
	Signer      sign.PublicKey
	SignerLabel string
	// Summary is what the signature approves: for a cosignature, the inner
	// transaction it names (whose hash the offline side recomputed).
	Summary *transaction.Summary
	// Cosignature is, for a cosign item, the cosignature transaction
	// itself (its fee is paid by the multisig account).
	Cosignature *transaction.MultisigSignature
	// After is the multisig plan a cosignatory modification would leave;
	// nil when the item changes no plan.
	After *PlanChange
	// Warnings are loud: each starts with "WARNING".
	Warnings []string
}

// PlanChange is the effect of an aggregate modification on the plan.
type PlanChange struct {
	Cosigners []string // one line each: address, label, role, custodian
	Threshold int
	// Unknown counts added keys the plan does not know; the review assumes
	// the worst (online, one custodian) for them.
	Unknown int
}

// NewReview computes the review of a request. plan describes the multisig
// account the request's wrappers and cosignatures act for (nil when the
// request touches none); a request for another account is refused.
func NewReview(req *Request, requestID string, plan *multisig.Plan, opts transaction.SummaryOptions) (*Review, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		now := req.NodeTime
		opts.Now = &now
	}
	rv := &Review{RequestID: requestID, Network: req.Network, NodeTime: req.NodeTime, Note: req.Note}
	for i, it := range req.Items {
		ir := ItemReview{Number: i + 1, Kind: it.Kind, Signer: it.Signer()}
		approved, o := it.Tx, opts
		if it.Kind == KindCosign {
			approved, o.Inner = it.Inner, true
			ir.Cosignature = it.Tx.(*transaction.MultisigSignature)
		}
		s, err := transaction.Summarize(approved, o)
		if err != nil {
			return nil, err
		}
		ir.Summary = s
		account, inner := multisigAccount(it)
		if account != nil {
			if plan == nil {
				return nil, fmt.Errorf("coldwallet: item %d acts for multisig account %s, and no plan was given", i+1, account.Address(req.Network))
			}
			if *account != plan.Account {
				return nil, fmt.Errorf("coldwallet: item %d acts for account %s, the plan is for %s", i+1, account.Address(req.Network), plan.Address())
			}
			if c, ok := plan.Cosigner(it.Signer()); ok {
				ir.SignerLabel = c.Label
			} else {
				return nil, fmt.Errorf("coldwallet: item %d is signed by %s, not a cosigner of the plan", i+1, it.Signer().Address(req.Network))
			}
			if m, ok := inner.(*transaction.MultisigAggregateModification); ok {
				ir.After, ir.Warnings = planChange(plan, m)
			}
			for _, w := range plan.Warnings() {
				ir.Warnings = append(ir.Warnings, "WARNING: THE PLAN: "+w)
			}
		} else if m, ok := it.Tx.(*transaction.MultisigAggregateModification); ok {
			if plan != nil && m.Signer == plan.Account {
				if err := conversionMatches(plan, m); err != nil {
					return nil, fmt.Errorf("coldwallet: item %d: %w", i+1, err)
				}
				ir.After = planLines(plan, plan.Cosigners, plan.Threshold)
				for _, w := range plan.Warnings() {
					ir.Warnings = append(ir.Warnings, "WARNING: THE PLAN: "+w)
				}
			}
			ir.Warnings = append(ir.Warnings, fmt.Sprintf("WARNING: this converts account %s into a multisig account (%d cosigner change(s)); afterwards its own key can sign nothing alone", m.Signer.Address(req.Network), len(m.Modifications)))
		}
		ir.Warnings = append(ir.Warnings, feeWarnings(it, approved)...)
		for _, w := range s.Warnings {
			ir.Warnings = append(ir.Warnings, "WARNING: "+w)
		}
		rv.Items = append(rv.Items, ir)
	}
	return rv, nil
}

// multisigAccount returns the multisig account an item acts for and the
// inner transaction, or nil.
func multisigAccount(it Item) (*sign.PublicKey, transaction.Transaction) {
	switch {
	case it.Kind == KindCosign:
		a := it.Inner.Common().Signer
		return &a, it.Inner
	case it.Tx.Type() == transaction.TypeMultisig:
		inner := it.Tx.(*transaction.Multisig).Inner
		a := inner.Common().Signer
		return &a, inner
	}
	return nil, nil
}

// planChange applies a modification to the plan. Added keys the plan does
// not know are assumed online and held by one custodian, the worst case,
// and the warnings say what that would mean.
func planChange(plan *multisig.Plan, m *transaction.MultisigAggregateModification) (*PlanChange, []string) {
	var warnings []string
	cosigners := append([]multisig.Cosigner{}, plan.Cosigners...)
	pc := &PlanChange{Threshold: plan.Threshold}
	for _, mod := range m.Modifications {
		switch mod.Type {
		case transaction.ModificationAdd:
			pc.Unknown++
			cosigners = append(cosigners, multisig.Cosigner{PublicKey: mod.Cosignatory, Label: "NEW KEY (role unknown, assumed online)", Role: multisig.Online, Custodian: "unknown custodian of new keys"})
		case transaction.ModificationDelete:
			for i, c := range cosigners {
				if c.PublicKey == mod.Cosignatory {
					cosigners = append(cosigners[:i], cosigners[i+1:]...)
					warnings = append(warnings, fmt.Sprintf("WARNING: REMOVES cosigner %q (%s, %s)", c.Label, c.Role, mod.Cosignatory.Address(plan.Network)))
					break
				}
			}
		}
	}
	if m.MinCosignatories != nil {
		pc.Threshold += int(m.MinCosignatories.RelativeChange)
		if m.MinCosignatories.RelativeChange < 0 {
			warnings = append(warnings, fmt.Sprintf("WARNING: LOWERS the threshold from %d to %d", plan.Threshold, pc.Threshold))
		}
	}
	pc.Cosigners = planLines(plan, cosigners, pc.Threshold).Cosigners
	after := &multisig.Plan{Account: plan.Account, Network: plan.Network, Cosigners: cosigners, Threshold: pc.Threshold, Relaxations: plan.Relaxations}
	if err := after.Validate(); err != nil {
		msg := strings.TrimPrefix(err.Error(), "multisig: invalid custody plan: ")
		if pc.Unknown > 0 {
			msg = "IF THE NEW KEY IS ONLINE: " + msg
		}
		warnings = append(warnings, "WARNING: THE RESULT WEAKENS THE CUSTODY PLAN: "+strings.ToUpper(msg[:1])+msg[1:])
	}
	return pc, warnings
}

// planLines describes a cosigner set, one line per cosigner.
func planLines(plan *multisig.Plan, cosigners []multisig.Cosigner, threshold int) *PlanChange {
	pc := &PlanChange{Threshold: threshold}
	for _, c := range cosigners {
		line := fmt.Sprintf("%s %q %s", c.PublicKey.Address(plan.Network), c.Label, c.Role)
		if c.Custodian != "" {
			line += fmt.Sprintf(" at %q", c.Custodian)
		}
		pc.Cosigners = append(pc.Cosigners, line)
	}
	return pc
}

// String renders the review for a terminal.
func (rv *Review) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SIGNING REQUEST %s\n", rv.RequestID)
	if rv.RepeatOf > 0 {
		fmt.Fprintf(&b, "REPEAT of journal entry %d: already counted; this releases the same signatures again and does not count them twice\n", rv.RepeatOf)
	}
	fmt.Fprintf(&b, "network: %s, node time %s (reported by the online side)\n", rv.Network, rv.NodeTime.Time().Format("2006-01-02 15:04:05 UTC"))
	if rv.Note != "" {
		fmt.Fprintf(&b, "note (UNTRUSTED, written by the online side): %q\n", rv.Note)
	}
	for _, it := range rv.Items {
		label := ""
		if it.SignerLabel != "" {
			label = fmt.Sprintf(" (%q)", it.SignerLabel)
		}
		what := "sign"
		if it.Kind == KindCosign {
			what = "cosign (approve the transaction below)"
		}
		fmt.Fprintf(&b, "\nITEM %d of %d: %s with %s%s\n", it.Number, len(rv.Items), what, it.Signer.Address(rv.Network), label)
		for _, line := range strings.Split(strings.TrimSuffix(it.Summary.String(), "\n"), "\n") {
			fmt.Fprintf(&b, "  %s\n", line)
		}
		if it.Cosignature != nil {
			fmt.Fprintf(&b, "  the cosignature itself: fee %s XEM (paid by the multisig account), deadline %s\n",
				it.Cosignature.Fee, it.Cosignature.Deadline.Time().Format("2006-01-02 15:04:05 UTC"))
		}
		if it.After != nil {
			fmt.Fprintf(&b, "  cosigners afterwards (%d of %d must sign):\n", it.After.Threshold, len(it.After.Cosigners))
			for _, c := range it.After.Cosigners {
				fmt.Fprintf(&b, "    %s\n", c)
			}
		}
		for _, w := range it.Warnings {
			fmt.Fprintf(&b, "  %s\n", w)
		}
	}
	return b.String()
}
