package journal

import (
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
