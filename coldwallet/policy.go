package coldwallet

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/window"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrPolicy is wrapped by every policy refusal; the *PolicyError names the
// rule.
var ErrPolicy = errors.New("refused by policy")

// PolicyError is a refusal: which item, which rule, and why.
type PolicyError struct {
	Item   int    // request item, from 1; 0 for the whole request
	Rule   string // the policy field that refuses, e.g. "recipients"
	Reason string
}

// Error names the item, the rule and the reason.
func (e *PolicyError) Error() string {
	if e.Item == 0 {
		return fmt.Sprintf("coldwallet: refused by policy rule %q: %s", e.Rule, e.Reason)
	}
	return fmt.Sprintf("coldwallet: item %d refused by policy rule %q: %s", e.Item, e.Rule, e.Reason)
}

// Unwrap returns ErrPolicy, so errors.Is(err, ErrPolicy) finds every refusal.
func (e *PolicyError) Unwrap() error { return ErrPolicy }

// PolicyVersion is the policy document's version.
const PolicyVersion = 1

// Policy is what the offline signer may sign, kept as a JSON file on the
// offline machine. Its zero value refuses everything: every permission is
// opt-in.
//
//	{
//	  "version": 1,
//	  "networks": ["testnet"],
//	  "types": ["transfer"],
//	  "maxAmountPerTransaction": "1000",
//	  "maxFee": "1",
//	  "window": {"period": "24h", "maxAmount": "5000", "maxCount": 20},
//	  "recipients": ["TA4..."],
//	  "maxDeadline": "6h"
//	}
type Policy struct {
	Version int `json:"version"`
	// KillSwitch refuses everything while true.
	KillSwitch bool `json:"killSwitch,omitempty"`
	// Networks allowed: "mainnet", "testnet", "mijin".
	Networks []sign.Network `json:"networks"`
	// Types allowed, as the transaction a signature approves: "transfer",
	// "importance-transfer", "aggregate-modification", "provision-namespace",
	// "mosaic-definition", "mosaic-supply-change". A wrapper or a
	// cosignature is judged by its inner transaction.
	Types []string `json:"types"`
	// MaxAmountPerTransaction caps the XEM one signed item takes out of
	// the account it acts for (decimal XEM), as transaction.Debits counts
	// it: what the approved transaction moves (a transfer's XEM and its
	// XEM levies, a namespace rental or mosaic creation fee) plus its fee,
	// plus the fee of the wrapper or cosignature the item signs (NIS
	// charges both to the multisig account). Every type needs it, because
	// every transaction pays a fee.
	MaxAmountPerTransaction string `json:"maxAmountPerTransaction,omitempty"`
	// MaxFee, when set, caps each fee of an item: the approved
	// transaction's, and the wrapper's or cosignature's (decimal XEM).
	MaxFee string `json:"maxFee,omitempty"`
	// Window caps what can take effect on chain within any period of
	// network time: the XEM taken out as MaxAmountPerTransaction counts it,
	// and the number of transfers. Each signing counts over its validity,
	// the network times at which NIS could execute it (itemValidity),
	// recorded in the journal: a request is refused unless, for every
	// interval [t, t+period], the signings whose validity meets it, with
	// the request itself when its validity meets it, stay within maxAmount
	// and maxCount. Node times play no part, so no sequence of node times
	// the online side reports can step around it. Over any interval of Q
	// seconds at most floor(Q/(period+1))+1 times the caps can take effect
	// (whole seconds; the period is rounded up to them).
	Window *PolicyWindow `json:"window,omitempty"`
	// Recipients is the allowlist of transfer recipients.
	Recipients []sign.Address `json:"recipients"`
	// AnyRecipient allows transfers to every address, deliberately: for a
	// vault that pays out to customers whose addresses cannot be listed
	// in advance. Recipients must then be empty, and the review warns on
	// every transfer that no allowlist protects it: the operator reads
	// the recipient, and only the amounts, the window and the account
	// limits bound what a compromised online side can take. (Levies go
	// to the recipient their pin names.)
	AnyRecipient bool `json:"anyRecipient,omitempty"`
	// AllowMosaics is no longer accepted: a policy that sets it is
	// refused, because it let any mosaic through whatever levy NIS charges
	// on it. Pin mosaics in Mosaics instead.
	AllowMosaics bool `json:"allowMosaics,omitempty"`
	// Mosaics pins the mosaics other than nem:xem that transfers may move,
	// each with the levy its definition must carry and the most one item
	// may take out (see PolicyMosaic). A transfer of a mosaic not pinned is
	// refused; nem:xem counts as XEM.
	Mosaics []PolicyMosaic `json:"mosaics,omitempty"`
	// MaxDeadline caps how long a signature stays usable: the deadline's
	// distance after the request's node time, and the timestamp's distance
	// before it (Go duration, e.g. "6h").
	MaxDeadline string `json:"maxDeadline,omitempty"`
	// AllowModifications permits cosignatory modifications (and account
	// conversions). Whatever the policy, the signer signs only
	// conversions into its registered plan and modifications into the
	// plan's registered next version, and never one that leaves a state in
	// which online keys alone, or one custodian alone, satisfy NIS (see
	// Registration).
	AllowModifications bool `json:"allowModifications,omitempty"`
	// Modifications, when set, narrows AllowModifications to these kinds:
	// "conversion" (the account's own aggregate modification, unwrapped),
	// "add" (adds cosigners), "remove" (removes one), "min-change"
	// (carries a min-cosignatories change). A modification must be allowed
	// for every kind it is.
	Modifications []string `json:"modifications,omitempty"`
}

// modificationKinds are the kinds Policy.Modifications may name.
var modificationKinds = []string{"conversion", "add", "remove", "min-change"}

// kindsOf returns the kinds of an aggregate modification, as
// Policy.Modifications names them; wrapped reports whether it is the inner
// transaction of a wrapper or cosignature.
func kindsOf(m *transaction.MultisigAggregateModification, wrapped bool) []string {
	var kinds []string
	if !wrapped {
		kinds = append(kinds, "conversion")
	}
	for _, mod := range m.Modifications {
		k := "add"
		if mod.Type == transaction.ModificationDelete {
			k = "remove"
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if m.MinCosignatories != nil && m.MinCosignatories.RelativeChange != 0 {
		kinds = append(kinds, "min-change")
	}
	return kinds
}

// PolicyWindow is a rolling limit.
type PolicyWindow struct {
	Period    string `json:"period"`
	MaxAmount string `json:"maxAmount"`
	MaxCount  int    `json:"maxCount"`
}

// policyTypes maps policy type names to transaction types.
var policyTypes = map[string]transaction.Type{
	"transfer":               transaction.TypeTransfer,
	"importance-transfer":    transaction.TypeImportanceTransfer,
	"aggregate-modification": transaction.TypeMultisigAggregateModification,
	"provision-namespace":    transaction.TypeProvisionNamespace,
	"mosaic-definition":      transaction.TypeMosaicDefinitionCreation,
	"mosaic-supply-change":   transaction.TypeMosaicSupplyChange,
}

// compiledPolicy is a Policy with its text values parsed.
type compiledPolicy struct {
	p         *Policy
	types     []transaction.Type
	maxAmount transaction.Amount
	maxFee    transaction.Amount
	window    *compiledWindow
	deadline  time.Duration
	mosaics   map[transaction.MosaicID]compiledMosaic
}

type compiledWindow struct {
	period    time.Duration
	maxAmount transaction.Amount
	maxCount  int
}

func (p *Policy) compile() (*compiledPolicy, error) {
	c := &compiledPolicy{p: p}
	if p.Version != PolicyVersion {
		return nil, fmt.Errorf("coldwallet: policy: version %d is not supported (want %d)", p.Version, PolicyVersion)
	}
	for _, n := range p.Networks {
		if !n.Valid() {
			return nil, fmt.Errorf("coldwallet: policy: networks: %s is not a network", n)
		}
	}
	for _, name := range p.Types {
		t, ok := policyTypes[name]
		if !ok {
			return nil, fmt.Errorf("coldwallet: policy: types: unknown type %q", name)
		}
		c.types = append(c.types, t)
	}
	var err error
	if p.MaxAmountPerTransaction != "" {
		if c.maxAmount, err = transaction.ParseXEM(p.MaxAmountPerTransaction); err != nil {
			return nil, fmt.Errorf("coldwallet: policy: maxAmountPerTransaction: %w", err)
		}
	}
	if p.MaxFee != "" {
		if c.maxFee, err = transaction.ParseXEM(p.MaxFee); err != nil {
			return nil, fmt.Errorf("coldwallet: policy: maxFee: %w", err)
		}
	}
	if w := p.Window; w != nil {
		cw := &compiledWindow{maxCount: w.MaxCount}
		if cw.period, err = time.ParseDuration(w.Period); err != nil || cw.period <= 0 {
			return nil, fmt.Errorf("coldwallet: policy: window.period: want a positive duration such as \"24h\"")
		}
		if cw.maxAmount, err = transaction.ParseXEM(w.MaxAmount); err != nil {
			return nil, fmt.Errorf("coldwallet: policy: window.maxAmount: %w", err)
		}
		if w.MaxCount < 0 {
			return nil, fmt.Errorf("coldwallet: policy: window.maxCount is negative")
		}
		c.window = cw
	}
	if p.MaxDeadline != "" {
		if c.deadline, err = time.ParseDuration(p.MaxDeadline); err != nil || c.deadline <= 0 {
			return nil, fmt.Errorf("coldwallet: policy: maxDeadline: want a positive duration such as \"6h\"")
		}
	}
	for _, k := range p.Modifications {
		if !slices.Contains(modificationKinds, k) {
			return nil, fmt.Errorf("coldwallet: policy: modifications: unknown kind %q (want %s)", k, strings.Join(modificationKinds, ", "))
		}
	}
	if len(p.Modifications) > 0 && !p.AllowModifications {
		return nil, errors.New("coldwallet: policy: modifications narrows allowModifications, which is not set")
	}
	if p.AnyRecipient && len(p.Recipients) > 0 {
		return nil, errors.New("coldwallet: policy: anyRecipient allows every recipient: recipients must then be [] (an allowlist beside it would mean nothing)")
	}
	for _, a := range p.Recipients {
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("coldwallet: policy: recipients: %w", err)
		}
	}
	if c.mosaics, err = p.compileMosaics(); err != nil {
		return nil, err
	}
	return c, nil
}

// Evaluate checks every item of a request against the policy and the
// history of past signings (Journal.Spent of the signer's journal), and
// returns the first refusal (a *PolicyError wrapping ErrPolicy), or nil.
// The request's node time is "now" for the time rules; an item any of
// whose transactions expires before the latest node time in the history
// is refused as expired (transaction.ErrExpired); the window counts the
// history over each signing's validity.
func (p *Policy) Evaluate(req *Request, history []journal.Spent) error {
	return p.evaluate(req, historyIndex(history), true)
}

// historyIndex indexes a history given as a slice: every signing's node
// time for the expiry rule, and what the window counts of it.
func historyIndex(history []journal.Spent) *window.Index {
	var spans []window.Span
	for _, s := range history {
		v := journal.Validity{}
		if s.Validity != nil {
			v = *s.Validity
		}
		if sp, ok := window.SpanOf(s.Time, v.From, v.Until, s.Validity != nil, s.Amount, s.Transfers); ok {
			spans = append(spans, sp)
		}
	}
	x := window.New(spans)
	for _, s := range history {
		x.NoteNodeTime(s.Time)
	}
	return x
}

// evaluate is Evaluate with the history indexed; with countWindow false
// it leaves the rolling window out, for a repeat of a request the journal
// already counts (see OfflineSigner.Sign). Every other rule applies.
func (p *Policy) evaluate(req *Request, history *window.Index, countWindow bool) error {
	vs, err := p.verdicts(req, history, countWindow, true)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.Err != nil {
			return v.Err
		}
	}
	return nil
}

// Verdict is the outcome of one policy rule for one item (Item 0: the
// whole request), as sign --dry-run shows every one of them.
type Verdict struct {
	Item int
	// Rule is the policy member that decides ("types", "recipients",
	// "window.maxAmount"...), or "nis-times" for NIS's own time rules at
	// the request's node time and "expiry" for the journal's latest node
	// time.
	Rule string
	// Detail says what was checked, for an allowed item.
	Detail string
	// Err is the refusal (a *PolicyError, or an error wrapping
	// transaction.ErrExpired), nil when the rule allows the item.
	Err error
}

// Allowed reports whether the rule allows the item.
func (v Verdict) Allowed() bool { return v.Err == nil }

// Verdicts applies every rule of the policy to every item of req, with
// history as the signings already counted, and returns each outcome in
// the order the signer checks them, without stopping at the first
// refusal: what a person writing a policy needs to see. Evaluate returns
// the first refusal of the same list. An error is returned only for a
// policy DecodePolicy would refuse.
func (p *Policy) Verdicts(req *Request, history []journal.Spent) ([]Verdict, error) {
	return p.verdicts(req, historyIndex(history), true, false)
}

// verdicts is Verdicts with the history indexed; with first it stops at
// the first refusal.
func (p *Policy) verdicts(req *Request, history *window.Index, countWindow, first bool) ([]Verdict, error) {
	c, err := p.compile()
	if err != nil {
		return nil, err
	}
	var vs []Verdict
	refused := false
	add := func(item int, rule, detail string, err error) bool {
		vs = append(vs, Verdict{Item: item, Rule: rule, Detail: detail, Err: err})
		refused = refused || err != nil
		return first && refused
	}
	if p.KillSwitch {
		if add(0, "killSwitch", "", &PolicyError{Rule: "killSwitch", Reason: "the kill switch is on: nothing is signed"}) {
			return vs, nil
		}
	} else {
		add(0, "killSwitch", "off", nil)
	}
	var netErr error
	if !slices.Contains(p.Networks, req.Network) {
		netErr = &PolicyError{Rule: "networks", Reason: fmt.Sprintf("%s is not an allowed network", req.Network)}
	}
	if add(0, "networks", req.Network.String()+" is allowed", netErr) {
		return vs, nil
	}
	for i, it := range req.Items {
		if err := c.checkPins(i+1, req, approvedBy(it)); err != nil {
			if add(i+1, "mosaics", "", err) {
				return vs, nil
			}
		}
	}
	d, err := requestDebits(req, c.levies)
	if err != nil {
		// Debits names the mosaic of a levy it cannot bound in a
		// *FieldError; a sum beyond all XEM is the amount rule's.
		rule := "maxAmountPerTransaction"
		var fe *transaction.FieldError
		if errors.Is(err, transaction.ErrLevyUnknown) || errors.Is(err, transaction.ErrDebitOverflow) && errors.As(err, &fe) {
			rule = "mosaics"
		}
		add(0, rule, "", &PolicyError{Rule: rule, Reason: err.Error()})
		return vs, nil
	}
	for i, it := range req.Items {
		for _, v := range c.itemVerdicts(i+1, req, it, approvedBy(it), d.perItem[i]) {
			if add(v.Item, v.Rule, v.Detail, v.Err) {
				return vs, nil
			}
		}
		err := checkNotExpired(i+1, it, history)
		detail := "no signing recorded yet"
		if latest, ok := history.Latest(); ok {
			detail = fmt.Sprintf("every deadline is at or after node time %d, the latest the journal records", latest)
		}
		if add(i+1, "expiry", detail, err) {
			return vs, nil
		}
	}
	if !countWindow {
		add(0, "window", "a repeat: already counted", nil)
		return vs, nil
	}
	v, _ := requestValidity(req) // not empty: every item passed CheckTimes
	werr := c.windowCheck(v, history, d.total, d.transfers)
	rule := "window"
	var pe *PolicyError
	if errors.As(werr, &pe) {
		rule = pe.Rule
	}
	detail := fmt.Sprintf("%s XEM in %d transfer(s) fit", d.total, d.transfers)
	if c.window == nil {
		detail = "no transfer, no window needed"
	}
	add(0, rule, detail, werr)
	return vs, nil
}

// checkNotExpired refuses an item any of whose transactions has a deadline
// before the latest node time of a signed journal entry: network time
// does not go back, so NIS would refuse it (unconfirmed
// TransactionDeadlineValidator), whatever node time the request claims.
func checkNotExpired(n int, it Item, history *window.Index) error {
	latest, ok := history.Latest()
	if !ok {
		return nil
	}
	for _, tx := range itemTransactions(it) {
		if dl := tx.Common().Deadline; dl < latest {
			return fmt.Errorf("coldwallet: item %d: %w: a deadline of %d (%s) is before node time %d (%s), the latest the journal records",
				n, transaction.ErrExpired, dl, dl.Time().Format(reviewTimeLayout), latest, latest.Time().Format(reviewTimeLayout))
		}
	}
	return nil
}

// itemVerdicts checks one item; debit is what it takes out of the account
// (see MaxAmountPerTransaction and Mosaics). A type the policy does not allow ends the
// item's verdicts (its other rules are about a transaction it will never
// sign); otherwise every rule is judged, each on its own.
func (c *compiledPolicy) itemVerdicts(n int, req *Request, it Item, approved transaction.Transaction, debit itemDebit) []Verdict {
	v := &verdictList{n: n}
	if !slices.Contains(c.types, approved.Type()) {
		v.refuse("types", "a %s is not an allowed type", approved.Type())
		return v.vs
	}
	v.allow("types", "a %s is allowed", approved.Type())
	c.timeVerdicts(v, req, it, approved)
	c.kindVerdicts(v, it, approved)
	if c.maxAmount == 0 {
		v.refuse("maxAmountPerTransaction", "no amount is allowed: set maxAmountPerTransaction")
	}
	if err := c.checkOutflows(n, debit); err != nil {
		var pe *PolicyError
		rule := "mosaics"
		if errors.As(err, &pe) {
			rule = pe.Rule
		}
		v.vs = append(v.vs, Verdict{Item: n, Rule: rule, Err: err})
	} else if len(debit.mosaics) > 0 || len(debit.levies) > 0 {
		v.allow("mosaics", "the mosaics are pinned, their levies within the pins")
	}
	switch {
	case c.maxAmount == 0:
	case debit.xem > c.maxAmount:
		v.refuse("maxAmountPerTransaction", "%s XEM (amount, levies and fees) is more than %s XEM", debit.xem, c.maxAmount)
	default:
		v.allow("maxAmountPerTransaction", "%s XEM (amount, levies and fees) is at most %s XEM", debit.xem, c.maxAmount)
	}
	return v.vs
}

// verdictList collects the verdicts of item n.
type verdictList struct {
	n  int
	vs []Verdict
}

// refuse adds a refusal by rule.
func (v *verdictList) refuse(rule, format string, args ...any) {
	v.vs = append(v.vs, Verdict{Item: v.n, Rule: rule, Err: &PolicyError{Item: v.n, Rule: rule, Reason: fmt.Sprintf(format, args...)}})
}

// allow adds what rule allows.
func (v *verdictList) allow(rule, format string, args ...any) {
	v.vs = append(v.vs, Verdict{Item: v.n, Rule: rule, Detail: fmt.Sprintf(format, args...)})
}

// timeVerdicts applies NIS's time rules at the request's node time and
// the policy's maxDeadline and maxFee to the item's transactions.
func (c *compiledPolicy) timeVerdicts(v *verdictList, req *Request, it Item, approved transaction.Transaction) {
	n := v.n
	timesOK, deadlineOK, feeOK := true, true, true
	for _, tx := range []transaction.Transaction{it.Tx, approved} {
		h := tx.Common()
		if c.deadline == 0 {
			if deadlineOK {
				deadlineOK = false
				v.refuse("maxDeadline", "no deadline is allowed: set maxDeadline")
			}
			continue
		}
		if err := transaction.CheckTimes(tx, req.NodeTime); err != nil {
			if timesOK {
				timesOK = false
				v.vs = append(v.vs, Verdict{Item: n, Rule: "nis-times", Err: fmt.Errorf("coldwallet: item %d: NIS would refuse it at the request's node time: %w", n, err)})
			}
			continue
		}
		switch {
		case !deadlineOK:
		case time.Duration(h.Deadline-req.NodeTime)*time.Second > c.deadline:
			deadlineOK = false
			v.refuse("maxDeadline", "the deadline is %s after the node time, more than %s", time.Duration(h.Deadline-req.NodeTime)*time.Second, c.deadline)
		case h.Timestamp < req.NodeTime && time.Duration(req.NodeTime-h.Timestamp)*time.Second > c.deadline:
			deadlineOK = false
			v.refuse("maxDeadline", "the transaction is stamped %s before the node time, more than %s", time.Duration(req.NodeTime-h.Timestamp)*time.Second, c.deadline)
		}
		if feeOK && c.maxFee != 0 && h.Fee > c.maxFee {
			feeOK = false
			v.refuse("maxFee", "a fee of %s XEM is more than %s XEM", h.Fee, c.maxFee)
		}
	}
	if timesOK && c.deadline != 0 {
		v.allow("nis-times", "timestamp and deadline valid at node time %d", req.NodeTime)
	}
	if deadlineOK {
		v.allow("maxDeadline", "deadlines within %s of the node time", c.deadline)
	}
	if feeOK && c.maxFee != 0 {
		v.allow("maxFee", "every fee at most %s XEM", c.maxFee)
	}
}

// kindVerdicts applies the rules of the approved transaction's type: the
// recipient allowlist of a transfer, the modification kinds of a
// cosignatory modification.
func (c *compiledPolicy) kindVerdicts(v *verdictList, it Item, approved transaction.Transaction) {
	switch t := approved.(type) {
	case *transaction.Transfer:
		switch {
		case slices.Contains(c.p.Recipients, t.Recipient):
			v.allow("recipients", "%s is on the allowlist", t.Recipient)
		case c.p.AnyRecipient:
			v.allow("anyRecipient", "%s is NOT on an allowlist: anyRecipient allows every recipient", t.Recipient)
		default:
			v.refuse("recipients", "%s is not on the recipient allowlist", t.Recipient)
		}
	case *transaction.MultisigAggregateModification:
		if !c.p.AllowModifications {
			v.refuse("allowModifications", "cosignatory modifications are not allowed")
			return
		}
		v.allow("allowModifications", "cosignatory modifications are allowed")
		if len(c.p.Modifications) == 0 {
			return
		}
		kindOK := true
		for _, k := range kindsOf(t, approved != it.Tx) {
			if !slices.Contains(c.p.Modifications, k) && kindOK {
				kindOK = false
				v.refuse("modifications", "a modification of kind %q is not allowed (allowed: %s)", k, strings.Join(c.p.Modifications, ", "))
			}
		}
		if kindOK {
			v.allow("modifications", "kinds %s are allowed", strings.Join(kindsOf(t, approved != it.Tx), ", "))
		}
	}
}

// windowCheck applies the window (see Window): the request takes out
// amount in count transfers and is valid over v.
func (c *compiledPolicy) windowCheck(v journal.Validity, history *window.Index, amount transaction.Amount, count int) error {
	if c.window == nil {
		if count > 0 {
			return &PolicyError{Rule: "window", Reason: "no rolling window is set: transfers need window.period, window.maxAmount and window.maxCount"}
		}
		return nil
	}
	// A period of whole seconds, rounded up: a longer period is stricter.
	p := int64((c.window.period + time.Second - 1) / time.Second)
	lo, hi := int64(v.From)-p, int64(v.Until)
	pk := history.Peak(lo, hi, p)
	if n := pk.Transfers + count; n > c.window.maxCount {
		return &PolicyError{Rule: "window.maxCount", Reason: fmt.Sprintf("%d transfers can take effect within %s (network time %s to %s), at most %d",
			n, c.window.period, windowTime(pk.TransfersAt), windowTime(pk.TransfersAt+p), c.window.maxCount)}
	}
	if total := pk.Amount.Add(amount); total.Exceeds(c.window.maxAmount) {
		return &PolicyError{Rule: "window.maxAmount", Reason: fmt.Sprintf("%s XEM can take effect within %s (network time %s to %s), at most %s XEM",
			total, c.window.period, windowTime(pk.AmountAt), windowTime(pk.AmountAt+p), c.window.maxAmount)}
	}
	return nil
}

// windowTime formats a network time of the window, which may lie outside
// the range of Timestamp.
func windowTime(t int64) string {
	if t < 0 || t > int64(transaction.MaxTimestamp) {
		return fmt.Sprint(t)
	}
	return fmt.Sprintf("%d (%s)", t, transaction.Timestamp(t).Time().Format(reviewTimeLayout))
}
