package coldwallet

import (
	"errors"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// signingKey names the signings of one request by one key.
type signingKey struct {
	requestID string
	signer    sign.PublicKey
}

// firstSigning is the first "signed" entry of a request by a key.
type firstSigning struct {
	seq    int
	hashes []transaction.Hash
}

// signings indexes the first "signed" entry of every request and signer
// in a journal. It is built while the journal is verified and kept up to
// date by Append, so the signer finds an earlier signing of a request (a
// repeat) without reading the file again.
type signings map[signingKey]firstSigning

// problem returns why e's repeatOf does not fit the entries indexed so
// far, or "". The reason names members, never their text.
func (s signings) problem(e Entry) string {
	if e.RepeatOf == 0 {
		return ""
	}
	first, ok := s[signingKey{e.RequestID, e.Signer}]
	if !ok || first.seq != e.RepeatOf {
		return fmt.Sprintf("repeatOf %d is not the first signed entry of the same requestId and signer", e.RepeatOf)
	}
	if !slices.Equal(first.hashes, e.Hashes) {
		return fmt.Sprintf("repeatOf %d: entry %d signed other hashes", e.RepeatOf, e.RepeatOf)
	}
	return ""
}

// add records e if it is the first signing of its request by its signer.
// Journals written before repeatOf existed may sign a request twice
// without it; the first of those is the one a repeat names.
func (s signings) add(e Entry) {
	if e.Event != EventSigned || e.RepeatOf != 0 {
		return
	}
	k := signingKey{e.RequestID, e.Signer}
	if _, ok := s[k]; !ok {
		s[k] = firstSigning{seq: e.Seq, hashes: slices.Clone(e.Hashes)}
	}
}

// firstSigning returns the first "signed" entry of requestID by signer,
// if the journal holds one.
func (j *Journal) firstSigning(requestID string, signer sign.PublicKey) (firstSigning, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f, ok := j.state.signed[signingKey{requestID, signer}]
	return f, ok
}

// ErrWithdrawalSigned: a request asks to sign a withdrawal ID again while
// what this signer signed for it before could still be executed.
var ErrWithdrawalSigned = errors.New("withdrawal already signed")

// withdrawalKey names the signings of one withdrawal ID by one key.
type withdrawalKey struct {
	id     string
	signer sign.PublicKey
}

// withdrawalSigning is the signing of a withdrawal ID that can be executed
// latest: its entry and its until.
type withdrawalSigning struct {
	seq   int
	until transaction.Timestamp
}

// withdrawals indexes, for every withdrawal ID and signer, the signed
// entry whose items for that ID NIS could execute latest.
type withdrawals map[withdrawalKey]withdrawalSigning

// add records the withdrawals of a signed entry.
func (w withdrawals) add(e Entry) {
	if e.Event != EventSigned {
		return
	}
	for _, x := range e.Withdrawals {
		k := withdrawalKey{x.ID, e.Signer}
		if old, ok := w[k]; !ok || x.Until >= old.until {
			w[k] = withdrawalSigning{seq: e.Seq, until: x.Until}
		}
	}
}

// rebuilds checks the withdrawal IDs of the items signer signs in req
// against the journal: it refuses an ID signed before whose earlier
// signing could still be executed at the request's node time (NIS
// executes a transaction at no time after its deadline, and accepts one
// stamped up to 10 s ahead of its own clock: the new signing must be
// stamped past the old one's until and that tolerance), and returns a
// line for the review for each ID signed before whose signing expired.
// numbers are the items' numbers in the request.
func (w withdrawals) rebuilds(mine *Request, numbers []int, signer sign.PublicKey) ([]string, error) {
	var lines []string
	for k, it := range mine.Items {
		if it.Withdrawal == "" {
			continue
		}
		old, ok := w[withdrawalKey{it.Withdrawal, signer}]
		if !ok {
			continue
		}
		if int64(mine.NodeTime) <= int64(old.until)+aheadSeconds {
			return nil, fmt.Errorf("coldwallet: %w: item %d: withdrawal %s was signed in journal entry %d, which NIS could execute until network time %d; this request's node time is %d: sign it again only after that (and NIS's %d s tolerance) has passed", ErrWithdrawalSigned, numbers[k], it.Withdrawal, old.seq, old.until, mine.NodeTime, aheadSeconds)
		}
		lines = append(lines, fmt.Sprintf("REBUILD of withdrawal %s (item %d): journal entry %d signed it before, executable until network time %d, which has passed at this node time", it.Withdrawal, numbers[k], old.seq, old.until))
	}
	return lines, nil
}

// signedWithdrawals returns the withdrawal IDs of mine's items with the
// last network time at which each could be executed, for the journal.
func signedWithdrawals(mine *Request) []SignedWithdrawal {
	var out []SignedWithdrawal
	for _, it := range mine.Items {
		if it.Withdrawal != "" {
			out = append(out, SignedWithdrawal{ID: it.Withdrawal, Until: ItemValidity(it).Until})
		}
	}
	return out
}

// rebuilds checks mine against the journal's withdrawals (see
// withdrawals.rebuilds).
func (j *Journal) rebuilds(mine *Request, numbers []int, signer sign.PublicKey) ([]string, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state.paid.rebuilds(mine, numbers, signer)
}
