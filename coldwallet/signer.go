package coldwallet

import (
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/printable"
	"slices"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// ErrDeclined: the operator did not confirm.
var ErrDeclined = errors.New("the operator declined")

// OfflineSigner signs requests on the air-gapped machine: it reads the
// request strictly, shows the review, applies the policy, asks the
// operator, records the decision in the journal and only then releases a
// response.
type OfflineSigner struct {
	// Key is the signing key, from the keystore.
	Key *sign.PrivateKey
	// Plan, when set, is the custody plan the operator expects: it must be
	// the plan registered in the journal (Journal.Register), which is what
	// the signer enforces. Without a registered plan nothing is signed for
	// a multisig account (see Registration).
	Plan   *multisig.Plan
	Policy *Policy
	// Journal is the open signing journal; every decision is appended to
	// it and synced before Sign returns.
	Journal *journal.Journal
	// Confirm shows the review to the operator and returns the decision.
	// Scripted ceremonies pass a function that returns true (--yes). A nil
	// Confirm refuses everything.
	Confirm func(*Review) (bool, error)
	// Operator names who approves, for the journal; may be empty.
	Operator string
	// Now is the offline machine's clock; nil means time.Now. The signer
	// trusts the request's node time for NIS's rules, but refuses one
	// more than journal.MaxClockSkew away from this clock (ErrNodeTime) unless
	// AcceptNodeTime is set.
	Now func() time.Time
	// AcceptNodeTime is the operator's explicit decision to sign at a
	// node time more than journal.MaxClockSkew away from the offline clock. The
	// review then carries a WARNING with both times. A ceremony sets it
	// only on the operator's own request for this run (a CLI flag), never
	// by default: Confirm returning true is not enough.
	AcceptNodeTime bool
}

// SignResult is the outcome of a signing run.
type SignResult struct {
	RequestID string
	// Review is what the operator saw (only the items this key signs).
	Review *Review
	// Entry is the journal entry written.
	Entry journal.Entry
	// Response is the response envelope; nil when nothing was signed.
	Response []byte
}

// Sign handles one request envelope. It refuses, and records the refusal
// in the journal when the request could be read, if: the key is not among
// the request's signers; the review cannot be built (for instance another
// account than the plan's); the request's node time is more than
// journal.MaxClockSkew away from the offline clock and AcceptNodeTime is not set
// (ErrNodeTime); the policy refuses an item (a *PolicyError); NIS would
// refuse an item at the request's node time, or an item expires before the
// latest node time the journal records (transaction.ErrExpired); or the
// operator declines (ErrDeclined). Otherwise it signs every item of this
// key, appends a "signed" entry, syncs the journal, and returns the
// response. Nothing is signed from a bare hash: every signature is over
// the full transaction the request carries, and a cosignature's inner hash
// and account were recomputed from the inner transaction when the request
// was read.
//
// A repeat: when the journal already holds a "signed" entry of this
// request (the same request ID) by this key, the response of that run was
// lost (a crash, a full disk) and the operator signs again. The
// signatures are the same (Ed25519 is deterministic), so the chain sees
// one transaction, and the new "signed" entry names the first one in
// repeatOf and takes nothing out of the rolling window: the request
// counts once. The review says so (Review.RepeatOf), the operator still
// confirms, and every other policy rule (kill switch, types, caps,
// allowlist, deadlines) still applies.
func (s *OfflineSigner) Sign(envelope []byte) (*SignResult, error) {
	if err := sign.SelfTest(); err != nil {
		return nil, err
	}
	req, id, me, err := s.parse(envelope)
	if err != nil {
		return nil, err
	}
	res := &SignResult{RequestID: id}
	mine, numbers := signerPart(req, me)
	hashes, approves, err := signedHashes(mine)
	if err != nil {
		return nil, err
	}
	entry := journal.Entry{RequestID: id, Hashes: hashes, Approves: approves, Signer: me, NodeTime: req.NodeTime, Operator: s.Operator,
		Policy: s.Policy.Fingerprint()}
	first, repeat := firstSigning(s.Journal, id, me)
	refuse := func(why error) (*SignResult, error) {
		entry.Event = journal.EventRefused
		entry.XEM, entry.Transfers, entry.Validity, entry.Withdrawals = 0, 0, nil, nil
		entry.Summary = clip("refused: " + why.Error())
		e, err := s.Journal.Append(entry)
		if err != nil {
			return nil, fmt.Errorf("%w (and the refusal could not be journaled: %w)", why, err)
		}
		res.Entry = e
		return res, why
	}

	rv, _, err := s.review(req, id, mine, numbers, hashes, first, repeat)
	res.Review = rv
	if err != nil {
		return refuse(err)
	}
	if err := s.Journal.Read(func(st *journal.State) error { return s.Policy.evaluate(mine, st.Window(), !repeat) }); err != nil {
		return refuse(renumber(err, numbers))
	}
	ok := false
	if s.Confirm != nil {
		if ok, err = s.Confirm(rv); err != nil {
			return refuse(fmt.Errorf("coldwallet: asking the operator: %w", err))
		}
	}
	if !ok {
		return refuse(fmt.Errorf("coldwallet: %w", ErrDeclined))
	}

	// Sign in memory, journal, and only then release the response.
	resp := &Response{RequestID: id, Signer: me}
	if resp.Signatures, err = s.signItems(mine, numbers); err != nil {
		return refuse(err)
	}
	if err := s.completeSigned(&entry, mine, rv, first, repeat); err != nil {
		return refuse(err)
	}
	// Check the policy again against the journal as it is now, under the
	// lock of the write: another run on the journal may have signed while
	// the operator read the review.
	var refused error
	e, err := s.Journal.AppendChecked(entry, func(st *journal.State) error {
		refused = s.Policy.evaluate(mine, st.Window(), !repeat)
		if refused == nil && !repeat {
			_, refused = rebuilds(st, mine, numbers, me)
		}
		return refused
	})
	if refused != nil {
		return refuse(renumber(refused, numbers))
	}
	if err != nil {
		return nil, fmt.Errorf("coldwallet: nothing released: the journal entry could not be written: %w", err)
	}
	res.Entry = e
	if res.Response, err = s.release(resp, req, e); err != nil {
		return nil, err
	}
	return res, nil
}

// release completes the response with the journal entry e written for
// it and the journal proof, and encodes it.
func (s *OfflineSigner) release(resp *Response, req *Request, e journal.Entry) ([]byte, error) {
	resp.JournalID, resp.JournalSeq, resp.JournalHash = s.Journal.ID(), e.Seq, e.Hash.String()
	if err := resp.prove(req, s.Key); err != nil {
		return nil, err
	}
	return resp.MarshalText()
}

// parse checks that the signer is complete, reads the request and
// checks that its key is one of the request's signers.
func (s *OfflineSigner) parse(envelope []byte) (*Request, string, sign.PublicKey, error) {
	if s.Key == nil || s.Policy == nil || s.Journal == nil {
		return nil, "", sign.PublicKey{}, errors.New("coldwallet: the signer needs a key, a policy and a journal")
	}
	req, id, err := ParseRequest(envelope)
	if err != nil {
		return nil, "", sign.PublicKey{}, err
	}
	me := s.Key.PublicKey()
	if !slices.Contains(req.Signers, me) {
		return nil, "", sign.PublicKey{}, fmt.Errorf("coldwallet: this key (%s) is not a signer of the request", me.Address(req.Network))
	}
	return req, id, me, nil
}

// signItems signs every item of mine (item numbers in the request:
// numbers), in memory.
func (s *OfflineSigner) signItems(mine *Request, numbers []int) ([]ItemSignature, error) {
	var sigs []ItemSignature
	for k, it := range mine.Items {
		signed, err := transaction.Sign(it.Tx, s.Key)
		if err != nil {
			return nil, fmt.Errorf("coldwallet: item %d: %w", numbers[k], err)
		}
		sigs = append(sigs, ItemSignature{Item: numbers[k], Signature: signed.Signature})
	}
	return sigs, nil
}

// completeSigned fills the "signed" entry of mine: what it takes out of
// the account (amounts, levies, fees) and in how many transfers, when NIS
// could execute it, and the summary; a repeat counts nothing and names
// the first signing.
func (s *OfflineSigner) completeSigned(entry *journal.Entry, mine *Request, rv *Review, first signing, repeat bool) error {
	entry.Event = journal.EventSigned
	c, err := s.Policy.compile()
	if err != nil {
		return err
	}
	d, err := requestDebits(mine, c.levies)
	if err != nil {
		return fmt.Errorf("coldwallet: %w", err)
	}
	entry.XEM, entry.Transfers = d.total, d.transfers
	if v, ok := requestValidity(mine); ok {
		entry.Validity = &v
	}
	entry.Summary = clip(journalSummary(rv))
	entry.Withdrawals = signedWithdrawals(mine)
	if repeat {
		entry.Withdrawals = nil
		entry.RepeatOf, entry.XEM, entry.Transfers, entry.Validity = first.seq, 0, 0, nil
		entry.Summary = clip(fmt.Sprintf("REPEAT of entry %d, not counted again: %s", first.seq, journalSummary(rv)))
	}
	return nil
}

// signerPart returns the part of req that signer signs, as a request of
// its own (with the mosaic definitions, without journal heads), and the
// numbers its items have in req.
func signerPart(req *Request, signer sign.PublicKey) (*Request, []int) {
	mine := &Request{Network: req.Network, NodeTime: req.NodeTime, Signers: []sign.PublicKey{signer}, Note: req.Note, Mosaics: req.Mosaics}
	var numbers []int
	for i, it := range req.Items {
		if it.Signer() == signer {
			mine.Items = append(mine.Items, it)
			numbers = append(numbers, i+1)
		}
	}
	return mine, numbers
}

// review checks the request against the journal head it carries, the
// registered plan and the offline
// clock and builds what the operator sees: the review of the items of
// this key (mine, numbered as in the request by numbers). first and
// repeat say whether the journal already holds a signing of this request
// by this key. An error is a refusal; the review is returned with it when
// it was built.
func (s *OfflineSigner) review(req *Request, id string, mine *Request, numbers []int, hashes []transaction.Hash, first signing, repeat bool) (*Review, Registration, error) {
	if h, ok := req.headOf(s.Key.PublicKey()); ok {
		if err := s.Journal.Read(func(st *journal.State) error { return st.CheckHead(h) }); err != nil {
			return nil, Registration{}, err
		}
	}
	reg, err := Registered(s.Journal)
	if err != nil {
		return nil, reg, err
	}
	if err := s.checkRegistration(reg, req); err != nil {
		return nil, reg, err
	}
	for k, it := range mine.Items {
		if err := reg.check(numbers[k], it); err != nil {
			return nil, reg, err
		}
	}
	rv, err := NewReview(req, id, reg, summary.Options{})
	if err != nil {
		return nil, reg, err
	}
	rv.Items = slices.DeleteFunc(rv.Items, func(ir ItemReview) bool { return !slices.Contains(numbers, ir.Number) })
	clock := time.Now
	if s.Now != nil {
		clock = s.Now
	}
	now := clock()
	rv.Warnings = append(rv.Warnings, expiredWarnings(mine, numbers, now)...)
	rv.Warnings = append(rv.Warnings, s.Policy.reviewWarnings(mine, numbers)...)
	if w := nodeTimeWarning(req.NodeTime, now); w != "" {
		rv.Warnings = append(rv.Warnings, w)
		if !s.AcceptNodeTime {
			return rv, reg, nodeTimeError(req.NodeTime, now)
		}
	}
	if repeat {
		if !slices.Equal(first.hashes, hashes) {
			// The request ID is a checksum of the whole request, so this
			// takes a collision or a journal written by other software.
			return rv, reg, fmt.Errorf("coldwallet: journal entry %d signed this request with other transaction hashes", first.seq)
		}
		rv.RepeatOf = first.seq
		return rv, reg, nil
	}
	// A withdrawal signed before: only once that signing has expired.
	err = s.Journal.Read(func(st *journal.State) error {
		rv.Rebuilds, err = rebuilds(st, mine, numbers, s.Key.PublicKey())
		return err
	})
	if err != nil {
		return rv, reg, err
	}
	return rv, reg, nil
}

// DryRun is Sign without a signature and without a journal entry: it
// reads the request as Sign does, checks it against the registered plan,
// builds the review, and applies every rule of the policy, with the
// rolling window counted from the journal, collecting every verdict
// instead of stopping at the first refusal (Policy.Verdicts). The
// operator is not asked, nothing is signed, and nothing is appended to
// the journal: for writing and testing a policy against real requests.
// The error is not nil when Sign would refuse the request before the
// policy (not a signer, not the registered plan, a node time far from the
// offline clock); DryRunResult.Refusal is the first refusal of the
// policy, nil when Sign would ask the operator.
func (s *OfflineSigner) DryRun(envelope []byte) (*DryRunResult, error) {
	req, id, me, err := s.parse(envelope)
	if err != nil {
		return nil, err
	}
	mine, numbers := signerPart(req, me)
	hashes, _, err := signedHashes(mine)
	if err != nil {
		return nil, err
	}
	first, repeat := firstSigning(s.Journal, id, me)
	res := &DryRunResult{RequestID: id}
	res.Review, _, err = s.review(req, id, mine, numbers, hashes, first, repeat)
	if err != nil {
		return res, err
	}
	var vs []Verdict
	err = s.Journal.Read(func(st *journal.State) error {
		var err error
		vs, err = s.Policy.verdicts(mine, st.Window(), !repeat, false)
		return err
	})
	if err != nil {
		return res, err
	}
	for _, v := range vs {
		if v.Item > 0 && v.Item <= len(numbers) {
			v.Item = numbers[v.Item-1]
		}
		v.Err = renumber(v.Err, numbers)
		res.Verdicts = append(res.Verdicts, v)
		if v.Err != nil && res.Refusal == nil {
			res.Refusal = v.Err
		}
	}
	return res, nil
}

// DryRunResult is what DryRun found.
type DryRunResult struct {
	RequestID string
	// Review is what Sign would show the operator (nil if it could not be
	// built).
	Review *Review
	// Verdicts holds every policy rule's outcome, items numbered as in
	// the request.
	Verdicts []Verdict
	// Refusal is the first refusal among Verdicts: what Sign would refuse
	// with. nil when Sign would ask the operator.
	Refusal error
}

// checkRegistration refuses a request for another network than the
// registered plan's, and a Plan that is not the registered one.
func (s *OfflineSigner) checkRegistration(reg Registration, req *Request) error {
	if s.Plan != nil {
		if reg.Plan == nil {
			return fmt.Errorf("coldwallet: %w: a plan was given, but none is registered in the journal: register it first", ErrNotRegistered)
		}
		if err := s.Plan.Validate(); err != nil {
			return err
		}
		if given, registered := s.Plan.Fingerprint(), reg.Plan.Fingerprint(); given != registered {
			return fmt.Errorf("coldwallet: %w: the plan given (%s) is not the plan registered in journal entry %d (%s)", ErrNotRegistered, given, reg.Seq, registered)
		}
	}
	if reg.Plan != nil && req.Network != reg.Plan.Network {
		return fmt.Errorf("coldwallet: %w: a %s request, and the registered plan is for %s", ErrNotRegistered, req.Network, reg.Plan.Network)
	}
	return nil
}

// signedHashes returns the hashes of the transactions a request signs and
// the hashes of the inner transactions its cosignatures and wrappers
// approve (each once).
func signedHashes(req *Request) (hashes, approves []transaction.Hash, err error) {
	seen := map[transaction.Hash]bool{}
	for _, it := range req.Items {
		h, err := transaction.HashOf(it.Tx)
		if err != nil {
			return nil, nil, err
		}
		hashes = append(hashes, h)
		approved := approvedBy(it)
		if approved == it.Tx {
			continue
		}
		ah, err := transaction.HashOf(approved)
		if err != nil {
			return nil, nil, err
		}
		if !seen[ah] {
			seen[ah] = true
			approves = append(approves, ah)
		}
	}
	return hashes, approves, nil
}

// renumber maps a policy error on the signer's sub-request back to the
// request's item numbers.
func renumber(err error, numbers []int) error {
	var pe *PolicyError
	if errors.As(err, &pe) && pe.Item > 0 && pe.Item <= len(numbers) {
		c := *pe
		c.Item = numbers[pe.Item-1]
		return &c
	}
	return err
}

// journalSummary is the one-line record of what was approved.
func journalSummary(rv *Review) string {
	var parts []string
	for _, it := range rv.Items {
		var p []string
		p = append(p, fmt.Sprintf("item %d %s %s", it.Number, it.Kind, it.Summary.Title))
		for _, l := range it.Summary.Lines {
			switch l.Label {
			case "to", "amount", "mosaic", "add cosignatory", "REMOVE cosignatory", "min cosignatories":
				p = append(p, l.Label+" "+l.Value)
			}
		}
		if it.Summary.Inner != nil {
			for _, l := range it.Summary.Inner.Lines {
				switch l.Label {
				case "to", "amount", "mosaic", "add cosignatory", "REMOVE cosignatory", "min cosignatories":
					p = append(p, l.Label+" "+l.Value)
				}
			}
		}
		p = append(p, it.Levies...)
		parts = append(parts, strings.Join(p, ", "))
	}
	return strings.Join(parts, "; ")
}

// clip keeps a journal summary within its limit, on a character boundary.
func clip(s string) string {
	s = printable.Clean(s)
	if len(s) <= journal.MaxSummarySize {
		return s
	}
	cut := journal.MaxSummarySize - 3
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

// signing is the first "signed" entry of a request by a key, which a
// repeat of the request re-releases.
type signing struct {
	seq    int
	hashes []transaction.Hash
}

// firstSigning returns the first "signed" entry of requestID by signer in
// j, if j holds one.
func firstSigning(j *journal.Journal, requestID string, signer sign.PublicKey) (signing, bool) {
	var f signing
	var ok bool
	j.Read(func(st *journal.State) error {
		f.seq, f.hashes, ok = st.FirstSigning(requestID, signer)
		return nil
	})
	return f, ok
}
