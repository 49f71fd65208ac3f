package coldwallet

import (
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/internal/faultpoint"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Journal is the offline signer's signing journal: an append-only,
// hash-chained file of entries (format in journal_line.go). The signer
// appends an entry for every request it signs or refuses, and releases the
// response only after Append returned: a response thus always has its
// entry on disk, and a crash in between leaves an entry without a response,
// never the reverse.
//
// A Journal is safe for concurrent use: appends are serialized. Between
// processes, OpenJournal takes an exclusive lock (flock) on Unix systems,
// so a second signer on the same file fails to open it; elsewhere only one
// process may open a journal at a time.
type Journal struct {
	mu     sync.Mutex
	f      *os.File // O_RDWR|O_APPEND
	path   string
	now    func() time.Time
	head   VerifyResult
	failed error // set when a write may have left the file unknown
	state  journalState
}

// journalState is what the signer needs from the entries of a journal,
// gathered while it is verified and kept up to date by Append.
type journalState struct {
	id         string // the journal's identity (see ID)
	registered *Entry // the last "registered" entry
	// registrations are the "registered" entries since the last
	// replacement, that one included, oldest first (see replaces).
	registrations []*Entry
	// signedUntil is the latest network time at which NIS could execute
	// something signed since the last replacement (or since entry 1), and
	// signedSeq the entry that signed it (0 for none): what a new
	// replacement must wait for.
	signedUntil transaction.Timestamp
	signedSeq   int
	spent       []Spent
	window      *windowIndex  // spent, indexed for the policy window
	latest      windowIndex   // the latest node time of a signed entry, while verifying
	signed      signings      // the first signing of every request and signer
	paid        withdrawals   // the latest signing of every withdrawal ID and signer
	hashes      []JournalHash // the hash of every entry, hashes[seq-1]
}

// observeAppended adds an entry Append wrote to the state.
func (st *journalState) observeAppended(e Entry) {
	st.hashes = append(st.hashes, e.Hash)
	st.noteRegistered(e)
	st.noteSigned(e)
	st.window.note(e)
	if s, ok := spentOf(e); ok {
		st.spent = append(st.spent, s)
	}
	st.signed.add(e)
	st.paid.add(e)
}

// observe adds an entry to the state while the journal is verified.
func (st *journalState) observe(e Entry) {
	st.hashes = append(st.hashes, e.Hash)
	if e.Seq == 1 {
		st.id = JournalIdentity(e)
	}
	st.noteRegistered(e)
	st.noteSigned(e)
	if expiresBefore(e) {
		st.latest.noteNodeTime(e.NodeTime)
	}
	if s, ok := spentOf(e); ok {
		st.spent = append(st.spent, s)
	}
	st.paid.add(e)
}

// noteRegistered keeps a "registered" entry: the last one, and those
// since the last replacement.
func (st *journalState) noteRegistered(e Entry) {
	if e.Event != EventRegistered {
		return
	}
	r := e
	st.registered = &r
	if replaces(e) {
		st.registrations = nil
		st.signedUntil, st.signedSeq = 0, 0
	}
	st.registrations = append(st.registrations, &r)
}

// noteSigned keeps the latest time at which what a "signed" entry signed
// can be executed: the end of its validity, or, for an entry written
// before validity was recorded, the end of legacyValidity.
func (st *journalState) noteSigned(e Entry) {
	if e.Event != EventSigned {
		return
	}
	until := legacyValidity(e.NodeTime).Until
	if e.Validity != nil {
		until = e.Validity.Until
	}
	if until >= st.signedUntil {
		st.signedUntil, st.signedSeq = until, e.Seq
	}
}

// JournalOptions configure OpenJournal. The zero value is usable.
type JournalOptions struct {
	// Now is the clock for entry times; nil means time.Now.
	Now func() time.Time
	// Verify anchors the verification OpenJournal makes; see
	// VerifyOptions.
	Verify VerifyOptions
}

// ErrNoJournal: OpenJournal was given a journal that does not exist (or
// is empty). Journals are created only explicitly, with CreateJournal: an
// offline signer must never start counting its limits afresh because a
// path was mistyped or a file removed.
var ErrNoJournal = errors.New("no journal")

// OpenJournal opens the existing journal at path and verifies the whole
// file before returning. A journal that does not verify is not opened: the
// signer must not sign on top of a record it cannot trust. A torn last
// line is reported with an error wrapping ErrJournalTorn (see
// RepairTornTail); any other problem wraps ErrJournalCorrupt. A missing
// or empty file is refused with ErrNoJournal: create a journal with
// CreateJournal.
func OpenJournal(path string, opts JournalOptions) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("coldwallet: %w: %s does not exist (a new journal must be created explicitly)", ErrNoJournal, path)
	}
	if err != nil {
		return nil, fmt.Errorf("coldwallet: opening journal: %w", err)
	}
	j, err := openJournal(f, path, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	if j.head.HeadSeq == 0 {
		j.Close()
		return nil, fmt.Errorf("coldwallet: %w: %s is empty (a new journal must be created explicitly)", ErrNoJournal, path)
	}
	return j, nil
}

// openJournal locks and verifies an open journal file.
func openJournal(f *os.File, path string, opts JournalOptions) (*Journal, error) {
	if err := lockFile(f); err != nil {
		return nil, err
	}
	if err := checkRegular(f); err != nil {
		return nil, err
	}
	st := journalState{signed: signings{}, paid: withdrawals{}}
	res, err := verifyJournal(io.NewSectionReader(f, 0, 1<<62), opts.Verify, st.signed, st.observe)
	if err != nil {
		return nil, err
	}
	st.window = newWindowIndex(st.spent)
	st.window.latest, st.window.hasLatest = st.latest.latest, st.latest.hasLatest
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Journal{f: f, path: path, now: now, head: res, state: st}, nil
}

// CreateJournal creates a new journal at path, which must not exist, with
// its first entry: event "opened" with a random identity (see ID), read
// from rand (nil means crypto/rand) and operator (may be empty). The file
// appears complete or not at all: the entry is written and synced to a
// temporary file in the same directory, which is then linked to path
// (never replacing a file) and the directory synced. The journal is
// returned open.
func CreateJournal(path string, operator string, rand io.Reader, opts JournalOptions) (*Journal, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	var id [journalIDSize]byte
	if _, err := io.ReadFull(rand, id[:]); err != nil {
		return nil, fmt.Errorf("coldwallet: drawing the journal's identity: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e := Entry{Seq: 1, Time: now().UTC().Truncate(time.Second), Event: EventOpened, Journal: hex.EncodeToString(id[:]),
		Summary: "journal opened", Operator: operator}
	if p := e.checkContent(); p != "" {
		return nil, fmt.Errorf("coldwallet: journal entry: %s", p)
	}
	line, err := sealEntry(&e)
	if err != nil {
		return nil, fmt.Errorf("coldwallet: encoding journal entry: %w", err)
	}
	if err := newfile.Write(newfile.File{Path: path, What: "journal", Data: line, Perm: 0o600}); err != nil {
		return nil, fmt.Errorf("coldwallet: %w", err)
	}
	return OpenJournal(path, opts)
}

// JournalIdentity returns the identity of the journal whose first entry
// is first (see Journal.ID).
func JournalIdentity(first Entry) string {
	if first.Event == EventOpened {
		return first.Journal
	}
	return first.Hash.String()
}

// ID returns the journal's identity: the random identity of its "opened"
// entry, or for a journal without one, the hash of its first entry.
// Responses carry it, and the online side refuses a response whose
// signer's journal changed (Heads).
func (j *Journal) ID() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state.id
}

// spentOf returns what a signed entry moved, for the policy window.
func spentOf(e Entry) (Spent, bool) {
	if e.Event != EventSigned || e.Transfers == 0 && e.XEM == 0 {
		return Spent{}, false
	}
	return Spent{Time: e.NodeTime, Amount: e.XEM, Transfers: e.Transfers, Validity: e.Validity}, true
}

// Spent returns, for every signed entry that took XEM out of an account
// (amounts and fees) or signed transfers, its node time, amount,
// transfers and validity: the history the policy's rolling window counts.
func (j *Journal) Spent() []Spent {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.state.spent)
}

// evaluate applies the policy to req with the journal's indexed history.
func (j *Journal) evaluate(p *Policy, req *Request, countWindow bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return p.evaluate(req, j.state.window, countWindow)
}

// checkRegular refuses a journal that is not a regular file.
func checkRegular(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("coldwallet: journal: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("coldwallet: %w: %s is not a regular file", ErrJournalCorrupt, f.Name())
	}
	return nil
}

// Head returns the seq and hash of the last entry: (0, zero hash) for an
// empty journal. A response carries them so that a later verification can
// be anchored (VerifyOptions).
func (j *Journal) Head() (seq int, hash JournalHash) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.head.HeadSeq, j.head.HeadHash
}

// checkHead refuses, with ErrJournalRollback, a request that carries a
// journal head for signer that this journal does not hold: another
// journal's identity, or an entry number this journal has not reached or
// holds with another hash. Every entry is chained to the one before, so
// holding the head means holding everything the online side saw signed.
func (j *Journal) checkHead(req *Request, signer sign.PublicKey) error {
	h, ok := req.headOf(signer)
	if !ok {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case h.Journal != j.state.id:
		return fmt.Errorf("coldwallet: %w: the online side last heard from this signer's journal %s, and this journal is %s: sign with that journal (a new or restored journal has forgotten what was signed)", ErrJournalRollback, h.Journal, j.state.id)
	case h.Seq > len(j.state.hashes):
		return fmt.Errorf("coldwallet: %w: the online side saw this journal's entry %d, and it ends at entry %d (it was truncated or restored from an older copy)", ErrJournalRollback, h.Seq, len(j.state.hashes))
	case j.state.hashes[h.Seq-1].String() != h.Hash:
		return fmt.Errorf("coldwallet: %w: this journal's entry %d is not the one the online side saw (it was restored from an older copy and written again, or rewritten)", ErrJournalRollback, h.Seq)
	}
	return nil
}

// Path returns the journal's file name.
func (j *Journal) Path() string { return j.path }

// Append completes e with the next seq, the time, prev and hash, writes
// it as one line with a single write, and fsyncs the file before
// returning the completed entry. The caller fills Event, RequestID,
// Hashes, Summary, Signer and Operator (and for a re-release RepeatOf)
// and leaves the rest zero.
//
// The crash test (internal/faultpoint) kills the process at
// "journal.write" (before the write, or with half the line written),
// "journal.sync" (before the fsync) and "journal.done" (after it).
//
// If the write or the fsync fails, the state of the file is unknown (a
// partial line, or a line the disk may lose): the Journal refuses further
// appends, and the caller must not release the response. Reopening the
// journal verifies the file and reports a torn line if there is one.
func (j *Journal) Append(e Entry) (Entry, error) {
	return j.appendChecked(e, nil)
}

// appendChecked is Append that first runs check, when not nil, on the
// indexed history under the lock the write holds, and appends nothing if
// check fails: the history check saw is the one the entry joins, whatever
// other signing runs did in the meantime.
func (j *Journal) appendChecked(e Entry, check func(*windowIndex) error) (Entry, error) {
	if e.Seq != 0 || !e.Time.IsZero() || !e.Prev.IsZero() || !e.Hash.IsZero() {
		return Entry{}, errors.New("coldwallet: Append sets Seq, Time, Prev and Hash; leave them zero")
	}
	if e.Event == EventOpened {
		return Entry{}, errors.New("coldwallet: only CreateJournal writes an opened entry")
	}
	if p := e.checkContent(); p != "" {
		return Entry{}, fmt.Errorf("coldwallet: journal entry: %s", p)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return Entry{}, errors.New("coldwallet: journal is closed")
	}
	if j.failed != nil {
		return Entry{}, fmt.Errorf("coldwallet: journal refuses appends after a failed write; reopen it to verify: %w", j.failed)
	}
	if check != nil {
		if err := check(j.state.window); err != nil {
			return Entry{}, err
		}
	}
	// Another writer (a second process where flock is unavailable, or a
	// hand edit) would fork the chain: refuse if the size moved.
	if fi, err := j.f.Stat(); err != nil {
		return Entry{}, fmt.Errorf("coldwallet: journal: %w", err)
	} else if fi.Size() != j.head.Size {
		return Entry{}, fmt.Errorf("coldwallet: %w: the file changed size since it was verified (%d bytes, expected %d); reopen it", ErrJournalCorrupt, fi.Size(), j.head.Size)
	}

	if p := j.state.signed.problem(e); p != "" {
		return Entry{}, fmt.Errorf("coldwallet: journal entry: %s", p)
	}
	e.Seq = j.head.HeadSeq + 1
	e.Time = j.now().UTC().Truncate(time.Second)
	e.Prev = j.head.HeadHash
	line, err := sealEntry(&e)
	if err != nil {
		return Entry{}, fmt.Errorf("coldwallet: encoding journal entry: %w", err)
	}
	// Never write a line the verifier would refuse (a clock past year
	// 9999, say): it would make the whole journal unusable.
	if _, reason := parseEntry(line[:len(line)-1]); reason != "" {
		return Entry{}, fmt.Errorf("coldwallet: journal entry would not verify: %s", reason)
	}
	if _, err := faultpoint.Write("journal.write", j.f, line); err != nil {
		j.failed = err
		return Entry{}, fmt.Errorf("coldwallet: writing journal: %w", err)
	}
	faultpoint.Point("journal.sync")
	if err := j.f.Sync(); err != nil {
		// After a failed fsync the kernel may have dropped the dirty
		// pages and will not report it again: do not trust later syncs.
		j.failed = err
		return Entry{}, fmt.Errorf("coldwallet: syncing journal: %w", err)
	}
	j.head.HeadSeq, j.head.HeadHash = e.Seq, e.Hash
	j.head.Size += int64(len(line))
	j.state.observeAppended(e)
	faultpoint.Point("journal.done")
	return e, nil
}

// Close releases the file and its lock. Appends after Close fail.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}
