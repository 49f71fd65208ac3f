package keyhealth

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// DefaultStaleAfter is how long a cosigner may go without proving control
// of its key before it is reported stale: 180 days.
const DefaultStaleAfter = 180 * 24 * time.Hour

// dateSlack is how far a proof's date may lie before its challenge was
// issued or after it was recorded: the offline machine's date is a UTC
// date and its clock is not the online one.
const dateSlack = 24 * time.Hour

// maxChallenges caps the challenges a record keeps; the oldest go first.
const maxChallenges = 64

// Issued is a challenge the online side issued, and when.
type Issued struct {
	Challenge []byte
	At        time.Time
}

// Entry is the latest accepted proof of one cosigner.
type Entry struct {
	// Proof is the proof as the cosigner signed it.
	Proof *Proof
	// Issued is when its challenge was issued: the cosigner held its key
	// at some time after this (the proof answers the challenge) and
	// before Recorded. Staleness counts from Issued, the time the online
	// side knows for itself.
	Issued time.Time
	// Recorded is when the online side accepted the proof.
	Recorded time.Time
}

// Record is the online side's record of key health checks for one plan:
// the challenges it issued and the latest proof of each cosigner. Create
// it with NewRecord or DecodeRecord; it is not safe for concurrent use.
//
// Every proof in a record is verified whenever the record is read, so an
// edited record cannot hold a proof a key did not sign, and a proof's
// signed date bounds how fresh an edit can make it look (Issued is never
// more than a day after the signed date).
type Record struct {
	plan       string
	created    time.Time
	challenges []Issued
	entries    []Entry
}

// NewRecord returns an empty record for plan, created at now: a cosigner
// that never proves control is stale DefaultStaleAfter (or the period
// given to Status) after now.
func NewRecord(plan *multisig.Plan, now time.Time) (*Record, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return &Record{plan: plan.Fingerprint(), created: second(now)}, nil
}

// second returns t in UTC, truncated to the second (the record's
// resolution).
func second(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// Plan returns the fingerprint of the record's plan.
func (r *Record) Plan() string { return r.plan }

// Created returns when the record was created.
func (r *Record) Created() time.Time { return r.created }

// Challenges returns the issued challenges, oldest first.
func (r *Record) Challenges() []Issued { return slices.Clone(r.challenges) }

// Entries returns the latest proof of each cosigner that has one, in the
// order the plan lists them.
func (r *Record) Entries() []Entry { return slices.Clone(r.entries) }

// newChallenge returns ChallengeSize random bytes from random
// (crypto/rand when nil) that pass CheckChallenge.
func newChallenge(random io.Reader) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	c := make([]byte, challengeSize)
	if _, err := io.ReadFull(random, c); err != nil {
		return nil, fmt.Errorf("keyhealth: random source failed: %w", err)
	}
	if err := CheckChallenge(c); err != nil {
		return nil, err
	}
	return c, nil
}

// Issue makes a new challenge (see newChallenge), records that it was
// issued at now, and returns it. The record keeps the newest 64.
func (r *Record) Issue(random io.Reader, now time.Time) ([]byte, error) {
	c, err := newChallenge(random)
	if err != nil {
		return nil, err
	}
	r.challenges = append(r.challenges, Issued{Challenge: c, At: second(now)})
	if len(r.challenges) > maxChallenges {
		r.challenges = slices.Delete(r.challenges, 0, len(r.challenges)-maxChallenges)
	}
	return slices.Clone(c), nil
}

// issued returns when challenge c was issued.
func (r *Record) issued(c []byte) (time.Time, bool) {
	for _, i := range r.challenges {
		if bytes.Equal(i.Challenge, c) {
			return i.At, true
		}
	}
	return time.Time{}, false
}

// checkEntry checks an entry against plan and the record's challenges.
func (r *Record) checkEntry(e Entry, plan *multisig.Plan) error {
	if err := e.Proof.Verify(plan); err != nil {
		return err
	}
	issued, ok := r.issued(e.Proof.Challenge)
	if !ok {
		return fmt.Errorf("keyhealth: %w: %s answers a challenge this record has not issued (or no longer keeps)", ErrUnknownChallenge, e.Proof.Signer.Address(plan.Network))
	}
	if !issued.Equal(e.Issued) {
		return fmt.Errorf("keyhealth: %w: the challenge was issued at %s, not %s", ErrRecord, issued.Format(time.RFC3339), e.Issued.Format(time.RFC3339))
	}
	if e.Recorded.Before(e.Issued) {
		return fmt.Errorf("keyhealth: %w: a proof recorded before its challenge was issued", ErrRecord)
	}
	day := e.Proof.Date
	if day.Add(24*time.Hour+dateSlack).Before(e.Issued) || day.After(e.Recorded.Add(dateSlack)) {
		return fmt.Errorf("keyhealth: %w: the proof of %s is dated %s, its challenge was issued %s and it was recorded %s (is the offline clock right?)",
			ErrDate, e.Proof.Signer.Address(plan.Network), day.Format(dateLayout), e.Issued.Format(time.RFC3339), e.Recorded.Format(time.RFC3339))
	}
	return nil
}

// Accept verifies p against plan (Proof.Verify), checks that it answers a
// challenge the record issued (ErrUnknownChallenge) and that its date
// fits: not more than a day before the challenge was issued nor after now
// (ErrDate). It then becomes the cosigner's latest proof, unless that one
// answers a later challenge already. It returns the entry that is now
// the cosigner's latest.
func (r *Record) Accept(p *Proof, plan *multisig.Plan, now time.Time) (Entry, error) {
	if plan.Fingerprint() != r.plan {
		return Entry{}, fmt.Errorf("keyhealth: %w: the record is of plan %s, not %s", ErrWrongPlan, short(r.plan), short(plan.Fingerprint()))
	}
	if p == nil {
		return Entry{}, fmt.Errorf("keyhealth: %w: no proof", ErrProof)
	}
	issued, ok := r.issued(p.Challenge)
	if !ok {
		if err := p.Verify(plan); err != nil {
			return Entry{}, err
		}
		return Entry{}, fmt.Errorf("keyhealth: %w: ask for a new proof with a challenge from this record", ErrUnknownChallenge)
	}
	e := Entry{Proof: p, Issued: issued, Recorded: second(now)}
	if err := r.checkEntry(e, plan); err != nil {
		return Entry{}, err
	}
	i := slices.IndexFunc(r.entries, func(x Entry) bool { return x.Proof.Signer == p.Signer })
	switch {
	case i < 0:
		r.entries = append(r.entries, e)
		r.sort(plan)
	case !r.entries[i].Issued.Before(e.Issued):
		return r.entries[i], nil
	default:
		r.entries[i] = e
	}
	return e, nil
}

// sort orders the entries as the plan lists their cosigners.
func (r *Record) sort(plan *multisig.Plan) {
	keys := plan.Keys()
	slices.SortFunc(r.entries, func(a, b Entry) int {
		return slices.Index(keys, a.Proof.Signer) - slices.Index(keys, b.Proof.Signer)
	})
}

// KeyStatus is the health of one cosigner's key.
type KeyStatus struct {
	Cosigner multisig.Cosigner
	// LastProof is Entry.Issued of its latest proof; zero when it has
	// none.
	LastProof time.Time
	// Since is LastProof, or the record's creation when there is none:
	// what staleness counts from.
	Since time.Time
	// Stale is true when more than the period has passed since Since, or
	// when Since is more than a day after the time asked about
	// (FromFuture).
	Stale bool
	// FromFuture is true when Since is more than a day after the time
	// asked about: the clock that wrote the record was wrong, or the
	// record was edited. Such a time cannot count, or a record dated
	// years ahead would hide every stale key until then.
	FromFuture bool
}

// maxAhead is how far a record's time may be after the time it is judged
// at: clocks of the online machines disagree by less.
const maxAhead = 24 * time.Hour

// Status returns the health of every cosigner of plan at now: stale when
// it has not proved control within staleAfter (DefaultStaleAfter when
// 0), or when the time its staleness counts from is more than a day
// after now (FromFuture). A cosigner's proof counts from when its
// challenge was issued.
func (r *Record) Status(plan *multisig.Plan, now time.Time, staleAfter time.Duration) ([]KeyStatus, error) {
	if plan.Fingerprint() != r.plan {
		return nil, fmt.Errorf("keyhealth: %w: the record is of plan %s, not %s", ErrWrongPlan, short(r.plan), short(plan.Fingerprint()))
	}
	if staleAfter <= 0 {
		staleAfter = DefaultStaleAfter
	}
	var out []KeyStatus
	for _, c := range plan.Cosigners {
		s := KeyStatus{Cosigner: c, Since: r.created}
		if i := slices.IndexFunc(r.entries, func(e Entry) bool { return e.Proof.Signer == c.PublicKey }); i >= 0 {
			s.LastProof = r.entries[i].Issued
			s.Since = s.LastProof
		}
		s.FromFuture = s.Since.Sub(now) > maxAhead
		s.Stale = now.Sub(s.Since) > staleAfter || s.FromFuture
		out = append(out, s)
	}
	return out, nil
}

// signerKey returns the entry's signer as hex, for documents.
func signerKey(k sign.PublicKey) string { return hex.EncodeToString(k[:]) }
