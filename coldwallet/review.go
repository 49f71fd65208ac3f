package coldwallet

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
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
	Note string
	// Total is the number of items in the request. Items may hold fewer:
	// the offline signer shows only those its key signs.
	Total int
	Items []ItemReview
	// Warnings are about the whole request (a node time far from the
	// offline clock); each starts with "WARNING".
	Warnings []string
	// RepeatOf is, when this signer signed the same request before, the
	// seq of that journal entry: signing again releases the same
	// signatures and does not count them again. The signer sets it.
	RepeatOf int
	// Rebuilds say, one line each starting with "REBUILD of", which
	// withdrawal IDs of the request this signer signed before, in a
	// signing that has expired. The signer sets them.
	Rebuilds []string
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
	Summary *summary.Summary
	// Hash is the hash of the transaction Summary describes.
	Hash transaction.Hash
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
	// Signatures is, for a cosign item, what NIS requires of the wrapper
	// its cosignature joins; nil for other items.
	Signatures *Signatures
	// Warnings are loud: each starts with "WARNING".
	Warnings []string
}

// Signatures describes the signatures a wrapper needs (NIS's
// MultisigSignaturesPresentValidator, multisig.State.Requirement), for the
// operator who adds one and for a dashboard. Offline, only the request is
// known: the wrapper's initiator has signed (NIS counts the wrapper as its
// signature), and the request asks some cosigners. Online, with the signed
// wrapper and the responses (SetStatus), the signatures present are known
// exactly.
type Signatures struct {
	// Required is how many counted signatures NIS requires, the wrapper's
	// initiator included (a cosigner being removed is not counted).
	Required int
	// Exact says whether Signed is what the wrapper has (SetStatus), not
	// only the initiator whose identity the request does not carry.
	Exact bool
	// Signed describes the counted signatures known to exist: with Exact,
	// the initiator and every cosignature; otherwise empty, and Present is
	// 1 (the initiator's wrapper).
	Signed []string
	// Present is how many counted signatures the wrapper has.
	Present int
	// Asked describes the cosigners the request asks for this inner
	// transaction, in request order.
	Asked []string
	// Missing describes who can still give a counted signature: with
	// Exact, the eligible cosigners that have not signed; otherwise those
	// asked.
	Missing []string
	// StillNeeded is how many more counted signatures NIS requires:
	// Required - Present, at least 0.
	StillNeeded int
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
func NewReview(req *Request, requestID string, reg Registration, opts summary.Options) (*Review, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		now := req.NodeTime
		opts.Now = &now
	}
	plan := reg.Plan
	rv := &Review{RequestID: requestID, Network: req.Network, NodeTime: req.NodeTime, Note: req.Note, Total: len(req.Items)}
	for i, it := range req.Items {
		ir := ItemReview{Number: i + 1, Kind: it.Kind, Signer: it.Signer()}
		approved, o := it.Tx, opts
		if it.Kind == KindCosign {
			approved, o.Inner = it.Inner, true
			ir.Cosignature = it.Tx.(*transaction.MultisigSignature)
		}
		s, err := summary.Of(approved, o)
		if err != nil {
			return nil, err
		}
		ir.Summary = s
		if ir.Levies, err = levyLines(req, approved); err != nil {
			return nil, fmt.Errorf("coldwallet: item %d: %w", i+1, err)
		}
		if ir.Hash, err = transaction.HashOf(approved); err != nil {
			return nil, err
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
	if plan != nil {
		rv.addSignatures(req, reg)
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

// addSignatures fills Signatures for every cosign item from the plan's
// state and the cosigners the request asks for the same inner
// transaction.
func (rv *Review) addSignatures(req *Request, reg Registration) {
	asked := map[transaction.Hash][]sign.PublicKey{}
	for _, it := range req.Items {
		if cs, ok := it.Tx.(*transaction.MultisigSignature); ok && it.Kind == KindCosign {
			asked[cs.OtherHash] = append(asked[cs.OtherHash], it.Signer())
		}
	}
	for i := range rv.Items {
		ir := &rv.Items[i]
		if ir.Cosignature == nil {
			continue
		}
		r := reg.Plan.State().Requirement(req.Items[ir.Number-1].Inner)
		sig := &Signatures{Required: r.Needed, Present: 1}
		for _, k := range asked[ir.Cosignature.OtherHash] {
			d := reg.describe(k)
			sig.Asked = append(sig.Asked, d)
			sig.Missing = append(sig.Missing, d)
		}
		sig.StillNeeded = max(0, sig.Required-sig.Present)
		ir.Signatures = sig
		if len(sig.Asked) < sig.StillNeeded {
			ir.Warnings = append(ir.Warnings, fmt.Sprintf("WARNING: THIS REQUEST CANNOT COMPLETE THE TRANSACTION: NIS requires %d signatures, the wrapper has 1 and %d cosigner(s) are asked", sig.Required, len(sig.Asked)))
		}
	}
}

// SetStatus replaces what the review says about signatures with what the
// online side knows exactly: the multisig status of each signed wrapper
// (multisig.Status, as Combine reports it), matched to cosign items by
// inner hash.
func (rv *Review) SetStatus(reg Registration, reports []*multisig.Report) {
	for i := range rv.Items {
		ir := &rv.Items[i]
		if ir.Cosignature == nil || ir.Signatures == nil {
			continue
		}
		for _, r := range reports {
			if r == nil || r.InnerHash != ir.Cosignature.OtherHash {
				continue
			}
			sig := ir.Signatures
			sig.Exact, sig.Required, sig.Present = true, r.Required, len(r.Signed)
			sig.Signed, sig.Missing = nil, nil
			for j, k := range r.Signed {
				d := reg.describe(k)
				if j == 0 && k == r.Initiator {
					d += " (initiator)"
				}
				sig.Signed = append(sig.Signed, d)
			}
			for _, k := range r.Missing {
				sig.Missing = append(sig.Missing, reg.describe(k))
			}
			sig.StillNeeded = max(0, sig.Required-sig.Present)
		}
	}
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

// total is the number of items in the request.
func (rv *Review) total() int {
	if rv.Total == 0 {
		return len(rv.Items)
	}
	return rv.Total
}

// String says in one line how many signatures the wrapper has, how many
// NIS requires and who can still give them.
func (s *Signatures) String() string {
	if s.Exact {
		line := fmt.Sprintf("the wrapper has %d of the %d NIS requires: %s", s.Present, s.Required, strings.Join(s.Signed, ", "))
		if s.StillNeeded == 0 {
			return line + "; complete"
		}
		return line + fmt.Sprintf("; still needed: %d of %s", s.StillNeeded, orNone(s.Missing))
	}
	return fmt.Sprintf("NIS requires %d, the wrapper's initiator included (its wrapper counts as 1); this request asks %s; still needed after the wrapper: %d of those asked",
		s.Required, orNone(s.Asked), s.StillNeeded)
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "nobody"
	}
	return strings.Join(list, ", ")
}

// String renders the review for a terminal.
func (rv *Review) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SIGNING REQUEST %s\n", rv.RequestID)
	if rv.RepeatOf > 0 {
		fmt.Fprintf(&b, "REPEAT of journal entry %d: already counted; this releases the same signatures again and does not count them twice\n", rv.RepeatOf)
	}
	for _, r := range rv.Rebuilds {
		fmt.Fprintf(&b, "%s\n", r)
	}
	fmt.Fprintf(&b, "network: %s, node time %s (reported by the online side)\n", rv.Network, rv.NodeTime.Time().Format("2006-01-02 15:04:05 UTC"))
	if rv.Note != "" {
		fmt.Fprintf(&b, "note (UNTRUSTED, written by the online side): %q\n", rv.Note)
	}
	for _, w := range rv.Warnings {
		fmt.Fprintf(&b, "%s\n", w)
	}
	for i, it := range rv.Items {
		label := ""
		if it.SignerLabel != "" {
			label = fmt.Sprintf(" (%q)", it.SignerLabel)
		}
		what := "sign"
		if it.Kind == KindCosign {
			what = "cosign (approve the transaction below)"
		}
		position := fmt.Sprintf("ITEM %d of %d", it.Number, rv.total())
		if len(rv.Items) != rv.total() {
			position = fmt.Sprintf("ITEM %d of %d for this key (request item %d of %d)", i+1, len(rv.Items), it.Number, rv.total())
		}
		fmt.Fprintf(&b, "\n%s: %s with %s%s\n", position, what, it.Signer.Address(rv.Network), label)
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
		if it.Signatures != nil {
			fmt.Fprintf(&b, "  signatures: %s\n", it.Signatures)
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
