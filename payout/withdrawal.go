package payout

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// maxIDLength caps a withdrawal's ID, in bytes.
const maxIDLength = 64

// Withdrawal is one customer withdrawal as the exchange submits it.
type Withdrawal struct {
	// ID is the exchange's own identifier of the withdrawal, its
	// idempotency key: 1 to 64 ASCII letters, digits and
	// . _ : - characters. Submitting the same ID again returns the stored
	// withdrawal; the same ID with another recipient, amount or message is
	// refused (ErrConflict).
	ID string
	// To is the recipient, on the plan's network.
	To sign.Address
	// Amount is the XEM to pay, in micro-XEM; at least 1.
	Amount transaction.Amount
	// Message is an optional plain message (public on the chain): at most
	// transaction.MaxMessageSize bytes of printable UTF-8.
	Message string
}

// State is where a withdrawal is in its lifecycle.
type State string

// The lifecycle. Every step is stored before the call that makes it
// returns:
//
//	accepted -> built -> signed -> announced -> confirmed
//	               \         \          \
//	                +---------+----------+-> expired -> built (a rebuild)
//	                                     \-> failed
//
// Confirmed and failed are final. An expired withdrawal is built again by
// the next Build.
const (
	// Accepted: submitted and stored; nothing built yet.
	Accepted State = "accepted"
	// Built: its transfer, the wrapper the online key signed and the
	// request for the offline keys are stored; the request awaits their
	// signatures.
	Built State = "built"
	// Signed: the offline signatures arrived and verify; the announce
	// payloads are stored.
	Signed State = "signed"
	// Announced: the node accepted the wrapper and its cosignatures, or
	// shows it in its pool or chain.
	Announced State = "announced"
	// Confirmed: the node shows the payout in a block with at least
	// Queue.Confirmations confirmations.
	Confirmed State = "confirmed"
	// Expired: the deadline passed (by the node's time and this machine's
	// clock, with Queue.ExpiryGrace to spare) and the node shows neither
	// the wrapper nor its inner transaction in its pool or chain: it can
	// never be executed, so the withdrawal may be built again.
	Expired State = "expired"
	// Failed: the node refused the payout (Reason is NIS's answer) and
	// its deadline passed as for Expired: it can never be executed, and it
	// is not built again.
	Failed State = "failed"
)

// Record is a withdrawal as stored, with its lifecycle.
type Record struct {
	Withdrawal
	State State
	// Attempt counts the builds: 0 before the first, 2 after a rebuild.
	Attempt int
	// Batch is the ID of the request of the current build ("" before the
	// first).
	Batch string
	// Timestamp and Deadline are the network times of the current build's
	// transactions: NIS executes them at no time after Deadline.
	Timestamp, Deadline transaction.Timestamp
	// WrapperHash and InnerHash name the current build's transactions as
	// a node and an explorer do.
	WrapperHash, InnerHash transaction.Hash
	// Height is the block in which the node last showed the payout; 0
	// when it never did.
	Height uint64
	// Confirmations is the chain height minus Height, plus one, at the
	// last Refresh.
	Confirmations uint64
	// Reason is NIS's answer to the last refused announce
	// ("FAILURE_INSUFFICIENT_BALANCE"); "" when none.
	Reason string
	// Submitted and Updated are this machine's clock at the submission
	// and at the last change.
	Submitted, Updated time.Time
}

// final reports whether r's lifecycle has ended: confirmed or failed.
func final(r Record) bool { return r.State == Confirmed || r.State == Failed }

// Batch is one request for the offline keys: the withdrawals built
// together, and the envelope to carry across the air gap.
type Batch struct {
	// ID is the request's ID (its checksum), which the responses name.
	ID string
	// Request is the request envelope (coldwallet's format).
	Request []byte
	// Withdrawals are the IDs of the withdrawals it pays, in item order.
	Withdrawals []string
	// Signers are the offline keys asked to sign.
	Signers []sign.PublicKey
	// NodeTime is the node's network time the batch was built at, the
	// transactions' timestamp; Deadline their deadline.
	NodeTime, Deadline transaction.Timestamp
}

var (
	// ErrConflict: a withdrawal ID submitted again with another
	// recipient, amount or message.
	ErrConflict = errors.New("withdrawal ID already used for another withdrawal")
	// ErrNotFound: no withdrawal, or no batch, with that ID.
	ErrNotFound = errors.New("not found")
	// ErrAwaiting: a batch still awaits the signatures of an offline key
	// the next batch would ask. A key's journal head travels in each
	// request, and the online side accepts a response only to a request
	// that carried the head it last saw: one request per key is
	// outstanding at a time. Receive its response, or let its withdrawals
	// expire, before building the next.
	ErrAwaiting = errors.New("a batch awaits the offline signatures")
)

// checkID reports why id cannot be a withdrawal ID.
func checkID(id string) error {
	if id == "" || len(id) > maxIDLength {
		return fmt.Errorf("payout: withdrawal ID: 1 to %d characters, got %d", maxIDLength, len(id))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return fmt.Errorf("payout: withdrawal ID: byte %d (0x%02x) is not an ASCII letter, digit or one of . _ : -", i+1, c)
		}
	}
	return nil
}

// check reports why w cannot be paid on network n. The error names the
// withdrawal by its ID once the ID is valid.
func (w Withdrawal) check(n sign.Network) error {
	if err := checkID(w.ID); err != nil {
		return err
	}
	if err := w.To.Validate(); err != nil {
		return fmt.Errorf("payout: withdrawal %s: recipient: %w", w.ID, err)
	}
	if err := w.To.CheckNetwork(n); err != nil {
		return fmt.Errorf("payout: withdrawal %s: recipient: %w", w.ID, err)
	}
	if w.Amount == 0 || w.Amount > transaction.MaxAmount {
		return fmt.Errorf("payout: withdrawal %s: amount: 0.000001 to %s XEM", w.ID, transaction.MaxAmount)
	}
	if len(w.Message) > transaction.MaxMessageSize || !utf8.ValidString(w.Message) {
		return fmt.Errorf("payout: withdrawal %s: message: at most %d bytes of UTF-8", w.ID, transaction.MaxMessageSize)
	}
	if w.Message != "" {
		if p := printable.Problem(w.Message, transaction.MaxMessageSize); p != "" {
			return fmt.Errorf("payout: withdrawal %s: message: %s", w.ID, p)
		}
	}
	return nil
}

// same reports whether v has w's content.
func (w Withdrawal) same(v Withdrawal) bool {
	return w.ID == v.ID && w.To == v.To && w.Amount == v.Amount && w.Message == v.Message
}
