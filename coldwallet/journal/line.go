package journal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/printable"
	"time"

	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The signing journal, version 1
//
// A journal is a file of JSON lines, one entry per line, each line ending
// in "\n". Every entry is one event on the offline signer: the creation of
// the journal (event "opened", the first entry), the registration of the
// custody plan the signer enforces ("registered"), a signing run
// ("signed"), a refused request ("refused"), or an operator's repair of a
// torn last line ("repaired"). A signed line looks like this (one line in
// the file, wrapped here):
//
//	{"v":1,"seq":1,"time":"2026-03-01T09:30:00Z","event":"signed",
//	 "requestId":"req-42","hashes":["<64 hex>"],"summary":"send 100 XEM to TB...",
//	 "signer":"<64 hex>","operator":"alice","prev":"<64 zeros>","hash":"<64 hex>"}
//
// Members, always in this order, with no white space between tokens:
//
//	v          1, the format version; any other value is refused.
//	seq        1 for the first entry, then +1 per line.
//	time       when the entry was written, RFC 3339 UTC, whole seconds
//	           ("2006-01-02T15:04:05Z"). Offline clocks drift and jump:
//	           time is informative, seq orders.
//	event      "opened", "registered", "signed", "refused" or "repaired".
//	requestId  the request's id: 1 to 128 bytes of text (rules below);
//	           "" in the other events.
//	hashes     the hashes of the transactions the request asked to sign,
//	           64 lowercase hex each, at most 1024; [] when there are none.
//	           For "signed" they were signed; for "refused" they were not.
//	approves   the hashes of what the signatures approve, when that differs
//	           from hashes: for a cosignature or a wrapper, the inner
//	           transaction (the payout itself); left out when empty. An
//	           outflow watcher matches a wrapper by it.
//	summary    what the operator was shown or decided, 1 to 1024 bytes.
//	signer     the signing public key, 64 lowercase hex; left out only in
//	           a "repaired" entry.
//	nodeTime   the request's node time (NEM network seconds), which the
//	           policy's rolling window counts in; left out when 0.
//	xem        the micro-XEM the signed items take out of the account (amounts
//	           and fees, as the policy counts them); left out when 0.
//	transfers  how many transfers were signed; left out when 0.
//	validFrom  in a "signed" entry, together: the network times (NEM
//	validUntil seconds, inclusive) at which NIS could execute what was
//	           signed, the hull of each item's interval (by NIS's timestamp and deadline rules);
//	           the rolling window counts the entry over it. Left out in
//	           other entries and in entries written before they were
//	           recorded; the window counts those over nodeTime ± 86410 s.
//	withdrawals  in a "signed" entry, optional: the exchange's withdrawal
//	           IDs its items pay (the request's withdrawal IDs), each once,
//	           in item order, as {"id":"W-1042","until":<network time>}:
//	           until is the last network time at which NIS could execute
//	           what was signed for it (by NIS's timestamp and deadline rules). The signer refuses to
//	           sign an ID again before the latest until of that ID has
//	           passed at the request's node time. Left out when there are
//	           none, and in a repeatOf entry (the first signing has them).
//	repeatOf   in a "signed" entry that re-releases a request this signer
//	           signed before (the response was lost: a crash, a full
//	           disk): the seq of that first "signed" entry of the same
//	           requestId and signer, with the same hashes. Such an entry
//	           has no xem, no transfers and no validity, so the rolling
//	           window counts the request once; the signatures are the same
//	           (Ed25519 is deterministic), so the chain sees one
//	           transaction. Left out when 0, in every other entry.
//	operator   who approved, 1 to 128 bytes; left out when unknown.
//	policy     in "signed" and "refused" entries: the fingerprint of the
//	           policy the decision was made under (Policy.Fingerprint), so
//	           an auditor can tell which rules were in force and notice a
//	           policy file changed between signings; left out in entries
//	           written before it was recorded.
//	journal    only in "opened", which may only be entry 1: the journal's
//	           identity, 32 lowercase hex characters drawn at random when
//	           it was created. Responses carry it, so the online side can
//	           tell a journal from a replacement or an older copy. A journal
//	           whose first entry is not "opened" (written before version
//	           0.x of this program) is identified by the hash of its first
//	           entry instead.
//	plan       only in "registered": the custody plan the signer enforces
//	           from this entry on, as the compact canonical plan document
//	           (at most 32 KiB); its fingerprint is the SHA-256 of these
//	           bytes.
//	nextPlan   only in "registered", optional: the plan's declared next
//	           version, the only one a cosignatory modification may lead to.
//	prev       the hash of the previous entry; 64 zeros in entry 1.
//	hash       this entry's hash, defined below.
//
// Text members (requestId, summary, operator) are valid UTF-8 without
// control characters and without U+2028 or U+2029, so that they are
// written with no escapes but \" and \\ and every JSON tool prints them the
// same way. Strings are written raw, not with Go's HTML escapes.
//
// The hash. hash is the lowercase hex SHA-256 of the line without its
// final "\n" and without its last member: the line's bytes up to, not
// including, `,"hash":"`, followed by "}". The preimage is thus the exact
// canonical JSON of the entry without hash. SHA-256 rather than Keccak so
// that an auditor needs only coreutils:
//
//	sed -E 's/,"hash":"[0-9a-f]{64}"\}$/}/' journal.jsonl |
//	  while IFS= read -r l; do printf '%s' "$l" | sha256sum; done
//
// prints the hashes of all entries in order (jq -c 'del(.hash)' gives the
// same preimages). Each must equal the line's hash, and each prev the hash
// of the line before.
//
// Strictness: a line is accepted only if re-encoding the entry it decodes
// to gives the same bytes, so reformatted lines, reordered or duplicated
// members, unknown members, escapes other than the two above and uppercase
// hex are all refused. Across lines, besides the chain: a repeatOf must
// name an earlier "signed" entry without repeatOf, the first one of the
// same requestId and signer, with the same hashes.

// Hash is the SHA-256 hash that chains journal entries. Text form:
// 64 lowercase hex characters.
type Hash [sha256.Size]byte

// String returns the lowercase hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zeros: the prev of the first entry and
// the head of an empty journal.
func (h Hash) IsZero() bool { return h == Hash{} }

// MarshalText implements encoding.TextMarshaler.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseHash.
func (h *Hash) UnmarshalText(text []byte) error {
	v, err := ParseHash(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ParseHash parses 64 lowercase hex characters, as carried in a
// response to anchor the journal (see VerifyOptions).
func ParseHash(s string) (Hash, error) {
	var h Hash
	if !isLowerHex([]byte(s), 2*len(h)) {
		return Hash{}, fmt.Errorf("journal: %w: a journal hash is 64 lowercase hex characters", ErrCorrupt)
	}
	hex.Decode(h[:], []byte(s))
	return h, nil
}

// Event is what a journal entry records.
type Event string

// The events of a version 1 journal.
const (
	// EventSigned: the signer signed the request's transactions.
	EventSigned Event = "signed"
	// EventRefused: the signer refused the request (policy, operator or
	// validation); nothing was signed.
	EventRefused Event = "refused"
	// EventRepaired: Repair moved a torn last line aside.
	EventRepaired Event = "repaired"
	// EventOpened: Create created the journal; only entry 1.
	EventOpened Event = "opened"
	// EventRegistered: coldwallet.Register registered a custody plan (and
	// optionally its declared next version).
	EventRegistered Event = "registered"
)

// MaxSummarySize is the longest summary an entry holds, in bytes.
const MaxSummarySize = 1024

// Limits of journal entries.
const (
	maxRequestIDSize = 128
	maxOperatorSize  = 128
	maxEntryHashes   = 1024
	maxPlanMember    = 32 << 10
	journalIDSize    = 16
	// maxJournalLine bounds one line: the fields above fit in well under
	// 80 KiB even at their limits.
	maxJournalLine = 128 << 10
)

// journalLimits bound a line for the strict JSON reader: an object holding
// arrays of strings nests 2 levels.
var journalLimits = strictjson.Limits{MaxSize: maxJournalLine, MaxDepth: 4}

// journalVersion is the v member of every version 1 entry.
const journalVersion = 1

// timeLayout is the layout of the time member.
const timeLayout = "2006-01-02T15:04:05Z"

// Entry is one journal entry; the members are described with the format
// above. Append fills Seq, Time, Prev and Hash; the caller fills the rest.
type Entry struct {
	Seq       int                   // 1, 2, 3, ...; set by Append
	Time      time.Time             // when it was written, whole seconds UTC; set by Append
	Event     Event                 // what happened
	RequestID string                // the request's id; "" only for EventRepaired
	Hashes    []transaction.Hash    // the transactions the request asked to sign
	Approves  []transaction.Hash    // the inner transactions those signatures approve
	Summary   string                // what the operator saw or decided
	Signer    sign.PublicKey        // the signing key; zero only for EventRepaired
	NodeTime  transaction.Timestamp // the request's node time; 0 when none
	XEM       transaction.Amount    // micro-XEM taken out: amounts and fees
	Transfers int                   // transfers signed
	Validity  *Validity             // when NIS could execute the signed items; nil when not recorded
	// Withdrawals are the withdrawal IDs the signed items pay; only in
	// EventSigned, nil when none.
	Withdrawals []SignedWithdrawal
	RepeatOf    int    // the first signing this re-releases; 0 when none
	Operator    string // who approved; "" when unknown
	Policy      string // the policy's fingerprint; signed and refused entries, "" when not recorded
	Journal     string // the journal's identity; only in EventOpened
	Plan        string // the registered plan document; only in EventRegistered
	NextPlan    string // its declared next version; optional, only in EventRegistered
	Prev        Hash   // hash of the previous entry; set by Append
	Hash        Hash   // hash of this entry; set by Append
}

// entryJSON is the line format. Field order is member order; Hash is the
// last member and is left out (empty) when encoding the hash preimage.
type entryJSON struct {
	V         int                `json:"v"`
	Seq       int                `json:"seq"`
	Time      string             `json:"time"`
	Event     Event              `json:"event"`
	RequestID string             `json:"requestId"`
	Hashes    []transaction.Hash `json:"hashes"`
	Approves  []transaction.Hash `json:"approves,omitempty"`
	Summary   string             `json:"summary"`
	Signer    *sign.PublicKey    `json:"signer,omitempty"`
	NodeTime  uint32             `json:"nodeTime,omitempty"`
	XEM       uint64             `json:"xem,omitempty"`
	Transfers int                `json:"transfers,omitempty"`
	From      *uint32            `json:"validFrom,omitempty"`
	Until     *uint32            `json:"validUntil,omitempty"`
	// Withdrawals is nil when there are none.
	Withdrawals []SignedWithdrawal `json:"withdrawals,omitempty"`
	RepeatOf    int                `json:"repeatOf,omitempty"`
	Operator    string             `json:"operator,omitempty"`
	Policy      string             `json:"policy,omitempty"`
	Journal     string             `json:"journal,omitempty"`
	Plan        string             `json:"plan,omitempty"`
	NextPlan    string             `json:"nextPlan,omitempty"`
	Prev        Hash               `json:"prev"`
	Hash        string             `json:"hash,omitempty"`
}

// checkContent checks the members a caller supplies. It returns a reason,
// or "".
func (e *Entry) checkContent() string {
	switch e.Event {
	case EventSigned, EventRefused:
		if e.RequestID == "" {
			return "requestId is empty"
		}
		if e.Signer.IsZero() {
			return "signer is missing"
		}
	case EventOpened:
		if !isLowerHex([]byte(e.Journal), 2*journalIDSize) {
			return "journal must be 32 lowercase hex characters"
		}
	case EventRegistered:
		if e.Plan == "" {
			return "plan is empty"
		}
	case EventRepaired:
	default:
		return "event must be opened, registered, signed, refused or repaired"
	}
	if e.Event != EventSigned && e.Event != EventRefused && e.RequestID != "" {
		return "requestId is only in signed and refused entries"
	}
	if e.Policy != "" && (e.Event != EventSigned && e.Event != EventRefused || !isLowerHex([]byte(e.Policy), 64)) {
		return "policy is a fingerprint (64 lowercase hex characters), only in signed and refused entries"
	}
	if e.Event != EventOpened && e.Journal != "" {
		return "journal is only in the opened entry"
	}
	if e.Event != EventRegistered && (e.Plan != "" || e.NextPlan != "") {
		return "plan and nextPlan are only in registered entries"
	}
	if p := printable.TextProblem(e.Plan, maxPlanMember); p != "" {
		return "plan " + p
	}
	if p := printable.TextProblem(e.NextPlan, maxPlanMember); p != "" {
		return "nextPlan " + p
	}
	if p := printable.TextProblem(e.RequestID, maxRequestIDSize); p != "" {
		return "requestId " + p
	}
	if e.Summary == "" {
		return "summary is empty"
	}
	if p := printable.TextProblem(e.Summary, MaxSummarySize); p != "" {
		return "summary " + p
	}
	if p := printable.TextProblem(e.Operator, maxOperatorSize); p != "" {
		return "operator " + p
	}
	if e.NodeTime > transaction.MaxTimestamp || e.XEM > transaction.MaxAmount || e.Transfers < 0 {
		return "nodeTime, xem or transfers out of range"
	}
	if v := e.Validity; v != nil {
		if e.Event != EventSigned {
			return "validFrom and validUntil belong to a signed entry"
		}
		if v.Empty() || v.Until > transaction.MaxTimestamp {
			return "validFrom must not be after validUntil, and both are network times"
		}
	}
	if e.RepeatOf < 0 || e.RepeatOf > 0 && (e.Event != EventSigned || e.XEM != 0 || e.Transfers != 0 || e.Validity != nil) {
		return "repeatOf: only in a signed entry, with no xem, no transfers and no validity"
	}
	if p := withdrawalsProblem(e); p != "" {
		return p
	}
	if len(e.Approves) > maxEntryHashes || (e.Approves != nil && len(e.Approves) == 0) {
		return "approves: at most 1024 hashes, and left out when empty"
	}
	if len(e.Hashes) > maxEntryHashes {
		return fmt.Sprintf("%d hashes, at most %d", len(e.Hashes), maxEntryHashes)
	}
	return ""
}

// wire returns the line form of e, without the hash.
func (e *Entry) wire() entryJSON {
	w := entryJSON{
		V:         journalVersion,
		Seq:       e.Seq,
		Time:      e.Time.UTC().Format(timeLayout),
		Event:     e.Event,
		RequestID: e.RequestID,
		Hashes:    e.Hashes,
		Approves:  e.Approves,
		Summary:   e.Summary,
		NodeTime:  uint32(e.NodeTime),
		XEM:       uint64(e.XEM),
		Transfers: e.Transfers,
		RepeatOf:  e.RepeatOf,
		Operator:  e.Operator,
		Policy:    e.Policy,
		Journal:   e.Journal,
		Plan:      e.Plan,
		NextPlan:  e.NextPlan,
		Prev:      e.Prev,
	}
	w.Withdrawals = e.Withdrawals
	if v := e.Validity; v != nil {
		from, until := uint32(v.From), uint32(v.Until)
		w.From, w.Until = &from, &until
	}
	if w.Hashes == nil {
		w.Hashes = []transaction.Hash{}
	}
	if !e.Signer.IsZero() {
		s := e.Signer
		w.Signer = &s
	}
	return w
}

// encodeJSONLine encodes v as one JSON line, strings unescaped for HTML.
func encodeJSONLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil // ends in "\n"
}

// sealEntry computes e.Hash from the other members and returns the line,
// with its "\n".
func sealEntry(e *Entry) ([]byte, error) {
	w := e.wire()
	pre, err := encodeJSONLine(w)
	if err != nil {
		return nil, err
	}
	pre = pre[:len(pre)-1]
	e.Hash = sha256.Sum256(pre)
	w.Hash = e.Hash.String()
	return encodeJSONLine(w)
}

// parseEntry parses one line (without its "\n") strictly: it must decode
// into a valid entry that re-encodes to exactly the same bytes, with a
// correct hash. The reason it returns names what is wrong, never more
// than a member name.
func parseEntry(line []byte) (Entry, string) {
	if len(line) > maxJournalLine {
		return Entry{}, fmt.Sprintf("line is longer than %d bytes", maxJournalLine)
	}
	var w entryJSON
	if err := strictjson.Decode(line, &w, journalLimits); err != nil {
		if errors.Is(err, strictjson.ErrTrailing) {
			return Entry{}, "data after the JSON object"
		}
		return Entry{}, "not a journal entry (" + jsonProblem(err) + ")"
	}
	if w.V != journalVersion {
		return Entry{}, fmt.Sprintf("unsupported entry version %d; this program reads version %d", w.V, journalVersion)
	}
	if w.Seq < 1 {
		return Entry{}, "seq must be 1 or more"
	}
	t, err := time.Parse(timeLayout, w.Time)
	if err != nil || t.Format(timeLayout) != w.Time {
		return Entry{}, "time is not RFC 3339 UTC in whole seconds"
	}
	if w.Hashes == nil {
		return Entry{}, "hashes must be an array"
	}
	e := Entry{
		Seq:       w.Seq,
		Time:      t,
		Event:     w.Event,
		RequestID: w.RequestID,
		Hashes:    w.Hashes,
		Approves:  w.Approves,
		Summary:   w.Summary,
		NodeTime:  transaction.Timestamp(w.NodeTime),
		XEM:       transaction.Amount(w.XEM),
		Transfers: w.Transfers,
		RepeatOf:  w.RepeatOf,
		Operator:  w.Operator,
		Policy:    w.Policy,
		Journal:   w.Journal,
		Plan:      w.Plan,
		NextPlan:  w.NextPlan,
		Prev:      w.Prev,
	}
	if p := e.setOptional(&w); p != "" {
		return Entry{}, p
	}
	if p := e.checkContent(); p != "" {
		return Entry{}, p
	}
	stated, err := ParseHash(w.Hash)
	if err != nil {
		return Entry{}, "hash is not 64 lowercase hex characters"
	}
	// The line must be the canonical encoding of what it decodes to...
	cw := e.wire()
	cw.Hash = w.Hash
	canon, err := encodeJSONLine(cw)
	if err != nil || !bytes.Equal(canon[:len(canon)-1], line) {
		return Entry{}, "not in canonical form (reformatted, reordered, escaped or duplicated members)"
	}
	// ...and its hash that of its content.
	if _, err := sealEntry(&e); err != nil || e.Hash != stated {
		return Entry{}, "hash does not match the entry (the entry was edited)"
	}
	return e, ""
}

// setOptional sets the members of e that a line may leave out
// (withdrawals, validity, signer) from w, or returns why they are wrong.
func (e *Entry) setOptional(w *entryJSON) string {
	if w.Withdrawals != nil {
		if len(w.Withdrawals) == 0 {
			return "withdrawals: left out when empty"
		}
		e.Withdrawals = w.Withdrawals
	}
	if (w.From == nil) != (w.Until == nil) {
		return "validFrom and validUntil come together"
	}
	if w.From != nil {
		e.Validity = &Validity{From: transaction.Timestamp(*w.From), Until: transaction.Timestamp(*w.Until)}
	}
	if w.Signer != nil {
		if w.Signer.IsZero() {
			return "signer is all zeros"
		}
		e.Signer = *w.Signer
	}
	return ""
}

// jsonProblem describes a decoding error of the strict JSON reader
// briefly; it never repeats a value of the line.
func jsonProblem(err error) string {
	switch {
	case errors.Is(err, strictjson.ErrTruncated):
		return "truncated JSON"
	case errors.Is(err, strictjson.ErrSyntax):
		return "invalid JSON"
	case errors.Is(err, strictjson.ErrType), errors.Is(err, strictjson.ErrNumber):
		return "a member has the wrong type"
	}
	return err.Error()
}

// isLowerHex reports whether b is exactly n lowercase hex digits.
func isLowerHex(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// SignedWithdrawal is a withdrawal ID a signed journal entry pays, and the
// last network time at which what was signed for it could be executed.
type SignedWithdrawal struct {
	ID    string                `json:"id"`
	Until transaction.Timestamp `json:"until"`
}

// withdrawalsProblem checks e's withdrawals: only in a signed entry that
// is not a repeat, at most maxEntryWithdrawals, valid IDs each once, network times.
func withdrawalsProblem(e *Entry) string {
	if e.Withdrawals == nil {
		return ""
	}
	if e.Event != EventSigned || e.RepeatOf != 0 || len(e.Withdrawals) == 0 || len(e.Withdrawals) > maxEntryWithdrawals {
		return fmt.Sprintf("withdrawals: 1 to %d, only in a signed entry that is not a repeat", maxEntryWithdrawals)
	}
	seen := map[string]bool{}
	for _, w := range e.Withdrawals {
		if !ValidWithdrawalID(w.ID) || seen[w.ID] || w.Until > transaction.MaxTimestamp {
			return "withdrawals: each a valid withdrawal ID, once, with a network time"
		}
		seen[w.ID] = true
	}
	return ""
}

// maxEntryWithdrawals is the most withdrawals a signed entry names: one
// per item of a request (coldwallet.MaxItems).
const maxEntryWithdrawals = 64

// maxWithdrawalID is the longest withdrawal ID.
const maxWithdrawalID = 64

// ValidWithdrawalID reports whether s is a withdrawal ID a request and
// the journal carry: 1 to 64 ASCII letters, digits and . _ : - characters.
func ValidWithdrawalID(s string) bool {
	if len(s) == 0 || len(s) > maxWithdrawalID {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}
