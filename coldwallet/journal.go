package coldwallet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/internal/faultpoint"
	"github.com/nemcustody/nemcustody/internal/newfile"
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
	spent  []Spent
	signed signings // the first signing of every request and signer
}

// JournalOptions configure OpenJournal. The zero value is usable.
type JournalOptions struct {
	// Now is the clock for entry times; nil means time.Now.
	Now func() time.Time
	// Verify anchors the verification OpenJournal makes; see
	// VerifyOptions.
	Verify VerifyOptions
}

// OpenJournal opens the journal at path, creating it empty with mode 0600
// if it does not exist, and verifies the whole file before returning. A
// journal that does not verify is not opened: the signer must not sign on
// top of a record it cannot trust. A torn last line is reported with an
// error wrapping ErrJournalTorn (see RepairTornTail); any other problem
// wraps ErrJournalCorrupt.
func OpenJournal(path string, opts JournalOptions) (*Journal, error) {
	f, created, err := openJournalFile(path)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := lockFile(f); err != nil {
		return nil, err
	}
	if created {
		if err := newfile.SyncDir(filepath.Dir(path)); err != nil {
			return nil, fmt.Errorf("coldwallet: syncing the directory of the new journal: %w", err)
		}
	}
	if err := checkRegular(f); err != nil {
		return nil, err
	}
	var spent []Spent
	signed := signings{}
	res, err := verifyJournal(io.NewSectionReader(f, 0, 1<<62), opts.Verify, signed, func(e Entry) {
		if s, ok := spentOf(e); ok {
			spent = append(spent, s)
		}
	})
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	ok = true
	return &Journal{f: f, path: path, now: now, head: res, spent: spent, signed: signed}, nil
}

// spentOf returns what a signed entry moved, for the policy window.
func spentOf(e Entry) (Spent, bool) {
	if e.Event != EventSigned || e.Transfers == 0 && e.XEM == 0 {
		return Spent{}, false
	}
	return Spent{Time: e.NodeTime, Amount: e.XEM, Transfers: e.Transfers}, true
}

// Spent returns, for every signed entry that took XEM out of an account
// (amounts and fees) or signed transfers, its node time, amount and
// transfers: the history the policy's rolling window counts.
func (j *Journal) Spent() []Spent {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.spent)
}

// openJournalFile opens path for reading and appending, creating it with
// mode 0600 if needed, and says whether it was created.
func openJournalFile(path string) (*os.File, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f, true, nil
	}
	if !errors.Is(err, os.ErrExist) {
		return nil, false, fmt.Errorf("coldwallet: creating journal: %w", err)
	}
	f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, false, fmt.Errorf("coldwallet: opening journal: %w", err)
	}
	return f, false, nil
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
	if e.Seq != 0 || !e.Time.IsZero() || !e.Prev.IsZero() || !e.Hash.IsZero() {
		return Entry{}, errors.New("coldwallet: Append sets Seq, Time, Prev and Hash; leave them zero")
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
	// Another writer (a second process where flock is unavailable, or a
	// hand edit) would fork the chain: refuse if the size moved.
	if fi, err := j.f.Stat(); err != nil {
		return Entry{}, fmt.Errorf("coldwallet: journal: %w", err)
	} else if fi.Size() != j.head.Size {
		return Entry{}, fmt.Errorf("coldwallet: %w: the file changed size since it was verified (%d bytes, expected %d); reopen it", ErrJournalCorrupt, fi.Size(), j.head.Size)
	}

	if p := j.signed.problem(e); p != "" {
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
	if s, ok := spentOf(e); ok {
		j.spent = append(j.spent, s)
	}
	j.signed.add(e)
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
