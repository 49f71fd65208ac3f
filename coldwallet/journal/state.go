package journal

import (
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/internal/window"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// State is what the offline signer needs from a journal's entries,
// gathered while the journal is verified and kept up to date by Append.
// It is read under the journal's lock (Journal.Read, Journal.AppendChecked)
// and only there.
type State struct {
	id         string  // the journal's identity (see ID)
	registered []Entry // the "registered" entries, oldest first
	spent      []Spent
	window     *window.Index // spent, indexed for the policy window
	signed     signings      // the first signing of every request and signer
	paid       withdrawals   // the latest signing of every withdrawal ID and signer
	untils     []signedUntil // every "signed" entry and when its items expire
	hashes     []Hash        // the hash of every entry, hashes[seq-1]
}

// signedUntil is a "signed" entry and the last network time at which NIS
// could execute what it signed.
type signedUntil struct {
	seq   int
	until transaction.Timestamp
}

// observe adds an entry to the state, while the journal is verified and
// when one is appended. The window is built once after verification and
// then kept by noteWindow.
func (st *State) observe(e Entry) {
	st.hashes = append(st.hashes, e.Hash)
	if e.Seq == 1 {
		st.id = Identity(e)
	}
	if e.Event == EventRegistered {
		st.registered = append(st.registered, e)
	}
	if s, ok := spentOf(e); ok {
		st.spent = append(st.spent, s)
	}
	if e.Event == EventSigned {
		_, until := window.LegacyValidity(e.NodeTime)
		if e.Validity != nil {
			until = e.Validity.Until
		}
		st.untils = append(st.untils, signedUntil{e.Seq, until})
	}
	if st.paid == nil {
		st.paid = withdrawals{}
	}
	st.paid.add(e)
}

// LatestSigned returns the "signed" entry after entry number after whose
// items NIS could execute latest (the last one of those that end at the
// same time), and that time: the end of its validity, or for an entry
// written before validity was recorded, its node time plus 86410 s.
// ok is false when no entry after it signed anything.
func (st *State) LatestSigned(after int) (seq int, until transaction.Timestamp, ok bool) {
	for _, x := range st.untils {
		if x.seq > after && (!ok || x.until >= until) {
			seq, until, ok = x.seq, x.until, true
		}
	}
	return seq, until, ok
}

// Withdrawal returns the "signed" entry of signer whose items for
// withdrawal id NIS could execute latest, and that time, if the journal
// holds one.
func (st *State) Withdrawal(id string, signer sign.PublicKey) (seq int, until transaction.Timestamp, ok bool) {
	w, ok := st.paid[withdrawalKey{id, signer}]
	return w.seq, w.until, ok
}

// noteWindow adds an appended entry to the window index and the index of
// first signings.
func (st *State) noteWindow(e Entry) {
	if expiresBefore(e) {
		st.window.NoteNodeTime(e.NodeTime)
	}
	if sp, ok := spanOfEntry(e); ok {
		st.window.Add(sp)
	}
	st.signed.add(e)
}

// Window is the rolling window's index of the journal's signings, with
// the latest node time the expiry rule counts.
func (st *State) Window() *window.Index { return st.window }

// Registrations returns the journal's "registered" entries, oldest
// first: the last one is the registration in force.
func (st *State) Registrations() []Entry { return slices.Clone(st.registered) }

// FirstSigning returns the seq and hashes of the first "signed" entry of
// requestID by signer, if the journal holds one: a request signed again
// is a repeat of it.
func (st *State) FirstSigning(requestID string, signer sign.PublicKey) (seq int, hashes []transaction.Hash, ok bool) {
	f, ok := st.signed[signingKey{requestID, signer}]
	return f.seq, f.hashes, ok
}

// CheckHead refuses, with ErrRollback, a head the online side recorded
// for this journal's signer that this journal does not hold: another
// journal's identity, or an entry number this journal has not reached or
// holds with another hash. Every entry is chained to the one before, so
// holding the head means holding everything the online side saw signed.
func (st *State) CheckHead(h Head) error {
	switch {
	case h.Journal != st.id:
		return fmt.Errorf("journal: %w: the online side last heard from this signer's journal %s, and this journal is %s: sign with that journal (a new or restored journal has forgotten what was signed)", ErrRollback, h.Journal, st.id)
	case h.Seq > len(st.hashes):
		return fmt.Errorf("journal: %w: the online side saw this journal's entry %d, and it ends at entry %d (it was truncated or restored from an older copy)", ErrRollback, h.Seq, len(st.hashes))
	case st.hashes[h.Seq-1].String() != h.Hash:
		return fmt.Errorf("journal: %w: this journal's entry %d is not the one the online side saw (it was restored from an older copy and written again, or rewritten)", ErrRollback, h.Seq)
	}
	return nil
}
