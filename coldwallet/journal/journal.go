package journal

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
	"github.com/nemcustody/nemcustody/internal/window"
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
// processes, Open takes an exclusive lock (flock) on Unix systems,
// so a second signer on the same file fails to open it; elsewhere only one
// process may open a journal at a time.
type Journal struct {
	mu     sync.Mutex
	f      *os.File // O_RDWR|O_APPEND
	path   string
	now    func() time.Time
	head   Result
	failed error // set when a write may have left the file unknown
	state  State
}

// Options configure Open. The zero value is usable.
type Options struct {
	// Now is the clock for entry times; nil means time.Now.
	Now func() time.Time
	// Verify anchors the verification Open makes; see
	// VerifyOptions.
	Verify VerifyOptions
}

// ErrMissing: Open was given a journal that does not exist (or
// is empty). Journals are created only explicitly, with Create: an
// offline signer must never start counting its limits afresh because a
// path was mistyped or a file removed.
var ErrMissing = errors.New("no journal")

// Open opens the existing journal at path and verifies the whole
// file before returning. A journal that does not verify is not opened: the
// signer must not sign on top of a record it cannot trust. A torn last
// line is reported with an error wrapping ErrTorn (see
// Repair); any other problem wraps ErrCorrupt. A missing
// or empty file is refused with ErrMissing: create a journal with
// Create.
func Open(path string, opts Options) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("journal: %w: %s does not exist (a new journal must be created explicitly)", ErrMissing, path)
	}
	if err != nil {
		return nil, fmt.Errorf("journal: opening journal: %w", err)
	}
	j, err := openJournal(f, path, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	if j.head.HeadSeq == 0 {
		j.Close()
		return nil, fmt.Errorf("journal: %w: %s is empty (a new journal must be created explicitly)", ErrMissing, path)
	}
	return j, nil
}

// openJournal locks and verifies an open journal file.
func openJournal(f *os.File, path string, opts Options) (*Journal, error) {
	if err := lockFile(f); err != nil {
		return nil, err
	}
	if err := checkRegular(f); err != nil {
		return nil, err
	}
	st := State{signed: signings{}}
	var spans []window.Span
	var latest []transaction.Timestamp
	res, err := verify(io.NewSectionReader(f, 0, 1<<62), opts.Verify, st.signed, func(e Entry) {
		st.observe(e)
		if sp, ok := spanOfEntry(e); ok {
			spans = append(spans, sp)
		}
		if expiresBefore(e) {
			latest = append(latest, e.NodeTime)
		}
	})
	if err != nil {
		return nil, err
	}
	st.window = window.New(spans)
	for _, t := range latest {
		st.window.NoteNodeTime(t)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Journal{f: f, path: path, now: now, head: res, state: st}, nil
}

// Create creates a new journal at path, which must not exist, with
// its first entry: event "opened" with a random identity (see ID), read
// from rand (nil means crypto/rand) and operator (may be empty). The file
// appears complete or not at all: the entry is written and synced to a
// temporary file in the same directory, which is then linked to path
// (never replacing a file) and the directory synced. The journal is
// returned open.
func Create(path string, operator string, rand io.Reader, opts Options) (*Journal, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	var id [journalIDSize]byte
	if _, err := io.ReadFull(rand, id[:]); err != nil {
		return nil, fmt.Errorf("journal: drawing the journal's identity: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e := Entry{Seq: 1, Time: now().UTC().Truncate(time.Second), Event: EventOpened, Journal: hex.EncodeToString(id[:]),
		Summary: "journal opened", Operator: operator}
	if p := e.checkContent(); p != "" {
		return nil, fmt.Errorf("journal: journal entry: %s", p)
	}
	line, err := sealEntry(&e)
	if err != nil {
		return nil, fmt.Errorf("journal: encoding journal entry: %w", err)
	}
	if err := newfile.Write(newfile.File{Path: path, What: "journal", Data: line, Perm: 0o600}); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return Open(path, opts)
}

// Identity returns the identity of the journal whose first entry
// is first (see Journal.ID).
func Identity(first Entry) string {
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

// Spent returns, for every signed entry that took XEM out of an account
// (amounts and fees) or signed transfers, its node time, amount,
// transfers and validity: the history the policy's rolling window counts.
func (j *Journal) Spent() []Spent {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.state.spent)
}

// Read calls f with the journal's state, under the lock appends take: f
// sees the entries as they are, and none is appended while it runs. f must
// not call the journal's methods.
func (j *Journal) Read(f func(*State) error) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return f(&j.state)
}

// checkRegular refuses a journal that is not a regular file.
func checkRegular(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("journal: journal: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("journal: %w: %s is not a regular file", ErrCorrupt, f.Name())
	}
	return nil
}

// Head returns the seq and hash of the last entry: (0, zero hash) for an
// empty journal. A response carries them so that a later verification can
// be anchored (VerifyOptions).
func (j *Journal) Head() (seq int, hash Hash) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.head.HeadSeq, j.head.HeadHash
}

// Path returns the journal's file name.
func (j *Journal) Path() string { return j.path }

// Now returns the time by the journal's clock (Options.Now), the time
// entries are stamped with.
func (j *Journal) Now() time.Time { return j.now() }

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
	return j.AppendChecked(e, nil)
}

// AppendChecked is Append that first runs check, when not nil, on the
// journal's state under the lock the write holds, and appends nothing if
// check fails: the history check saw is the one the entry joins, whatever
// other signing runs did in the meantime. check must not call the
// journal's methods.
func (j *Journal) AppendChecked(e Entry, check func(*State) error) (Entry, error) {
	if e.Seq != 0 || !e.Time.IsZero() || !e.Prev.IsZero() || !e.Hash.IsZero() {
		return Entry{}, errors.New("journal: Append sets Seq, Time, Prev and Hash; leave them zero")
	}
	if e.Event == EventOpened {
		return Entry{}, errors.New("journal: only Create writes an opened entry")
	}
	if p := e.checkContent(); p != "" {
		return Entry{}, fmt.Errorf("journal: journal entry: %s", p)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return Entry{}, errors.New("journal: journal is closed")
	}
	if j.failed != nil {
		return Entry{}, fmt.Errorf("journal: journal refuses appends after a failed write; reopen it to verify: %w", j.failed)
	}
	if check != nil {
		if err := check(&j.state); err != nil {
			return Entry{}, err
		}
	}
	// Another writer (a second process where flock is unavailable, or a
	// hand edit) would fork the chain: refuse if the size moved.
	if fi, err := j.f.Stat(); err != nil {
		return Entry{}, fmt.Errorf("journal: journal: %w", err)
	} else if fi.Size() != j.head.Size {
		return Entry{}, fmt.Errorf("journal: %w: the file changed size since it was verified (%d bytes, expected %d); reopen it", ErrCorrupt, fi.Size(), j.head.Size)
	}

	if p := j.state.signed.problem(e); p != "" {
		return Entry{}, fmt.Errorf("journal: journal entry: %s", p)
	}
	e.Seq = j.head.HeadSeq + 1
	e.Time = j.now().UTC().Truncate(time.Second)
	e.Prev = j.head.HeadHash
	line, err := sealEntry(&e)
	if err != nil {
		return Entry{}, fmt.Errorf("journal: encoding journal entry: %w", err)
	}
	// Never write a line the verifier would refuse (a clock past year
	// 9999, say): it would make the whole journal unusable.
	if _, reason := parseEntry(line[:len(line)-1]); reason != "" {
		return Entry{}, fmt.Errorf("journal: journal entry would not verify: %s", reason)
	}
	if _, err := faultpoint.Write("journal.write", j.f, line); err != nil {
		j.failed = err
		return Entry{}, fmt.Errorf("journal: writing journal: %w", err)
	}
	faultpoint.Point("journal.sync")
	if err := j.f.Sync(); err != nil {
		// After a failed fsync the kernel may have dropped the dirty
		// pages and will not report it again: do not trust later syncs.
		j.failed = err
		return Entry{}, fmt.Errorf("journal: syncing journal: %w", err)
	}
	j.head.HeadSeq, j.head.HeadHash = e.Seq, e.Hash
	j.head.Size += int64(len(line))
	j.state.observe(e)
	j.state.noteWindow(e)
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
