package coldwallet

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Review is what the operator of the offline signer sees before signing:
// computed only from the transactions' bytes (and, for a multisig account,
// the plan registered on the offline machine), never from the request's
// note.
type Review struct {
	RequestID string
	Network   sign.Network
	// NodeTime is the network time the online side reported; the offline
	// machine has no better clock.
	NodeTime transaction.Timestamp
	// Note is the online side's free text: UNTRUSTED.
	Note  string
	Items []ItemReview
	// Warnings are about the whole request (a node time far from the
	// offline clock); each starts with "WARNING".
	Warnings []string
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
	// Levies describe, one line each, the levy NIS will charge the account
	// on each mosaic the approved transfer moves (amount, mosaic and
	// recipient, or "no levy"), computed by transaction.Debits from the
	// definitions the request carries; the policy refuses a definition
	// whose levy is not the one it pins.
	Levies []string
	// After is the multisig plan a cosignatory modification would leave;
	// nil when the item changes no plan.
	After *PlanChange
	// Warnings are loud: each starts with "WARNING".
	Warnings []string
}

// PlanChange is the effect of an aggregate modification, as NIS applies
// it (multisig.State.Apply) to the state the chain holds for the plan.
type PlanChange struct {
	Cosigners []string // one line each: address, label, role, custodian, share holders
	// Threshold is how many signatures NIS requires afterwards for
	// anything but a removal; State holds the rest.
	Threshold int
	// State is the multisig state NIS holds afterwards, its stored
	// minimum included.
	State multisig.State
	// Unknown counts added keys that neither the plan nor its registered
	// next version describes; the review assumes the worst (online, one
	// custodian) for them.
	Unknown int
}

// NewReview computes the review of a request. reg holds the custody plan
// of the multisig account the request's wrappers and cosignatures act for
// (its zero value when the request touches none), and the plan's declared
// next version, which describes keys a modification adds. A request for
// another account is refused; a conversion of the plan's account that does
// not make it exactly the plan is refused with ErrNotThePlan.
//
// Modifications are shown as NIS will apply them: from each state the
// chain may hold for the plan (multisig.Plan.States), with the stored
// minimum. When those outcomes differ (an N-of-N account may store 0), the
// review says so loudly.
func NewReview(req *Request, requestID string, reg Registration, opts transaction.SummaryOptions) (*Review, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		now := req.NodeTime
		opts.Now = &now
	}
	plan := reg.Plan
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
		if ir.Levies, err = levyLines(req, approved); err != nil {
			return nil, fmt.Errorf("coldwallet: item %d: %w", i+1, err)
		}
		account, inner := multisigAccount(it)
		if account != nil {
			if plan == nil {
				return nil, fmt.Errorf("coldwallet: item %d acts for multisig account %s, and no plan was given", i+1, account.Address(req.Network))
			}
			if *account != plan.Account {
				return nil, fmt.Errorf("coldwallet: item %d acts for account %s, the plan is for %s", i+1, account.Address(req.Network), plan.Address())
			}
			if c, ok := reg.cosigner(it.Signer()); ok {
				ir.SignerLabel = c.Label
			} else {
				return nil, fmt.Errorf("coldwallet: item %d is signed by %s, not a cosigner of the plan", i+1, it.Signer().Address(req.Network))
			}
			if m, ok := inner.(*transaction.MultisigAggregateModification); ok {
				ir.After, ir.Warnings = modificationChange(reg, m)
			}
			for _, w := range plan.Warnings() {
				ir.Warnings = append(ir.Warnings, "WARNING: THE PLAN: "+w)
			}
		} else if m, ok := it.Tx.(*transaction.MultisigAggregateModification); ok {
			if plan != nil && m.Signer == plan.Account {
				after, err := conversionResult(plan, m)
				if err != nil {
					return nil, fmt.Errorf("coldwallet: item %d: %w", i+1, err)
				}
				ir.After = describeState(reg, after)
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

// levyLines describes the levies NIS charges on the mosaics a transfer
// moves, with the definitions the request carries: one line per mosaic
// other than nem:xem.
func levyLines(req *Request, approved transaction.Transaction) ([]string, error) {
	t, ok := approved.(*transaction.Transfer)
	if !ok {
		return nil, nil
	}
	d, err := transaction.Debits(t, transaction.DefinitionLevies(req.Mosaics))
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, m := range t.Mosaics {
		if m.ID == transaction.XEMMosaic {
			continue
		}
		found := false
		for _, o := range d.Levies() {
			if o.LevyOn == m.ID {
				found = true
				lines = append(lines, fmt.Sprintf("levy on %s: %s to %s", m.ID, quantityText(o.Mosaic, o.Quantity), o.Recipient))
			}
		}
		if !found {
			lines = append(lines, fmt.Sprintf("levy on %s: none (its definition, as the online side reports it, carries %s)", m.ID, describeLevy(definitionLevy(req, m.ID))))
		}
	}
	return lines, nil
}

// definitionLevy returns the levy of the request's definition of id.
func definitionLevy(req *Request, id transaction.MosaicID) *transaction.MosaicLevy {
	for i := range req.Mosaics {
		if req.Mosaics[i].ID == id {
			return req.Mosaics[i].Levy
		}
	}
	return nil
}

// quantityText shows a quantity of a mosaic: XEM in XEM, others in
// smallest units.
func quantityText(id transaction.MosaicID, q uint64) string {
	if id == transaction.XEMMosaic {
		return transaction.Amount(q).String() + " XEM"
	}
	return fmt.Sprintf("%d smallest units of %s", q, id)
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

// modificationChange applies a modification, as NIS would, to every state
// the chain may hold for the registered plan, and describes the result:
// the first outcome NIS accepts, and warnings for what is removed, for a
// result that weakens the custody invariants (multisig.CheckCustody, with
// keys neither plan describes assumed online and held by one custodian),
// and for outcomes that differ between the states.
func modificationChange(reg Registration, m *transaction.MultisigAggregateModification) (*PlanChange, []string) {
	plan := reg.Plan
	var warnings []string
	var pc *PlanChange
	var outcomes []string
	for _, st := range plan.States() {
		after, err := st.Apply(m)
		if err != nil {
			outcomes = append(outcomes, fmt.Sprintf("if the chain stores min %d: NIS refuses it (%v)", st.MinCosignatories, err))
			continue
		}
		outcomes = append(outcomes, fmt.Sprintf("if the chain stores min %d: %s", st.MinCosignatories, after))
		if pc == nil {
			pc = describeState(reg, after)
		} else if !after.Equal(pc.State) {
			warnings = append(warnings, "WARNING: THE RESULT DEPENDS ON WHAT THE CHAIN STORES: "+strings.Join(outcomes, "; "))
		}
	}
	if pc == nil {
		return nil, []string{"WARNING: NIS WOULD REFUSE THIS MODIFICATION: " + strings.Join(outcomes, "; ")}
	}
	for _, mod := range m.Modifications {
		if mod.Type != transaction.ModificationDelete {
			continue
		}
		c, _ := plan.Cosigner(mod.Cosignatory)
		warnings = append(warnings, fmt.Sprintf("WARNING: REMOVES cosigner %q (%s, %s)", c.Label, c.Role, mod.Cosignatory.Address(plan.Network)))
	}
	if before := plan.State().Required(); pc.Threshold < before {
		warnings = append(warnings, fmt.Sprintf("WARNING: LOWERS the signatures NIS requires from %d to %d", before, pc.Threshold))
	}
	if reg.Next != nil {
		for _, w := range relaxedBy(plan, reg.Next) {
			warnings = append(warnings, "WARNING: THE NEXT PLAN IS "+w)
		}
	}
	// The custody invariant is checked without any relaxation the plan
	// itself does not carry: a change that makes a relaxation of the
	// next plan take effect is shown as weakening the plan.
	var pe *multisig.PlanError
	if err := multisig.CheckCustody(pc.State, reg.who(), plan.Relaxations); errors.As(err, &pe) {
		msg := fmt.Sprintf("%v: %s", pe.Invariant, pe.Reason)
		if pc.Unknown > 0 {
			msg = "IF THE NEW KEY IS ONLINE: " + msg
		}
		warnings = append(warnings, "WARNING: THE RESULT WEAKENS THE CUSTODY PLAN: "+strings.ToUpper(msg[:1])+msg[1:])
	}
	return pc, warnings
}

// relaxedBy returns the relaxation warnings of next (multisig.Plan.Warnings,
// "RELAXED: ...") that plan does not carry.
func relaxedBy(plan, next *multisig.Plan) []string {
	var out []string
	for _, w := range next.Warnings() {
		if strings.HasPrefix(w, "RELAXED") && !slices.Contains(plan.Warnings(), w) {
			out = append(out, w)
		}
	}
	return out
}

// describeState describes a state NIS will hold, one line per cosigner,
// with the registration's descriptions; keys it does not know are shown
// as new keys of unknown role.
func describeState(reg Registration, st multisig.State) *PlanChange {
	pc := &PlanChange{State: st, Threshold: st.Required()}
	network := reg.Plan.Network
	for _, k := range st.Cosignatories {
		c, ok := reg.cosigner(k)
		if !ok {
			pc.Unknown++
			c = multisig.Cosigner{PublicKey: k, Label: "NEW KEY (role unknown, assumed online)", Role: multisig.Online, Custodian: "unknown custodian of new keys"}
		}
		line := fmt.Sprintf("%s %q %s", k.Address(network), c.Label, c.Role)
		if c.Custodian != "" {
			line += fmt.Sprintf(" at %q", c.Custodian)
		}
		if c.Shares != nil {
			line += fmt.Sprintf("; shares of its key: %s", c.Shares)
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
	for _, w := range rv.Warnings {
		fmt.Fprintf(&b, "%s\n", w)
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
		for _, l := range it.Levies {
			fmt.Fprintf(&b, "  %s (paid by the account)\n", l)
		}
		if it.Cosignature != nil {
			fmt.Fprintf(&b, "  the cosignature itself: fee %s XEM (paid by the multisig account), deadline %s\n",
				it.Cosignature.Fee, it.Cosignature.Deadline.Time().Format("2006-01-02 15:04:05 UTC"))
		}
		if it.After != nil {
			fmt.Fprintf(&b, "  cosigners afterwards (%s):\n", it.After.State)
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
