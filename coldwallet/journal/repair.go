package journal

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/window"
)

// Repair repairs a journal whose last line is torn (an error
// wrapping ErrTorn), keeping the evidence:
//
//  1. it copies the torn bytes to a new file beside the journal, named
//     "<journal>.torn-<seq>-<UTC time>" (seq is the number the torn entry
//     would have had), mode 0600, fsynced;
//  2. it truncates the journal to its intact entries and fsyncs it;
//  3. it appends an entry with event "repaired" whose summary names the
//     side file and the torn bytes' length and SHA-256, and whose operator
//     is operator (may be empty).
//
// It refuses a journal that is intact, or corrupt in any other way: those
// need a person, not a tool. A crash between steps leaves either the
// journal untouched and a side file (run the repair again), or a shorter
// valid journal and the side file without the "repaired" entry. opts.Now
// sets the clock; opts.Verify is applied when the repaired journal is
// opened again with Open, not here, since a torn journal cannot
// reach an anchor past its intact entries.
func Repair(path string, operator string, opts Options) (Entry, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return Entry{}, fmt.Errorf("journal: opening journal: %w", err)
	}
	j := &Journal{f: f, path: path, now: opts.Now, state: State{signed: signings{}, window: window.New(nil)}}
	defer j.Close()
	if j.now == nil {
		j.now = time.Now
	}
	if err := lockFile(f); err != nil {
		return Entry{}, err
	}
	if err := checkRegular(f); err != nil {
		return Entry{}, err
	}
	res, err := verify(io.NewSectionReader(f, 0, 1<<62), VerifyOptions{}, nil, nil)
	switch {
	case err == nil:
		return Entry{}, errors.New("journal: the journal has no torn last line; nothing to repair")
	case !errors.Is(err, ErrTorn):
		return Entry{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		return Entry{}, fmt.Errorf("journal: journal: %w", err)
	}
	torn := make([]byte, fi.Size()-res.Size)
	if _, err := f.ReadAt(torn, res.Size); err != nil {
		return Entry{}, fmt.Errorf("journal: reading the torn line: %w", err)
	}

	stamp := j.now().UTC().Format("20060102T150405Z")
	side := fmt.Sprintf("%s.torn-%d-%s", path, res.HeadSeq+1, stamp)
	if err := newfile.Write(newfile.File{Path: side, What: "torn-line", Data: torn, Perm: 0o600}); err != nil {
		return Entry{}, fmt.Errorf("journal: %w", err)
	}
	if err := f.Truncate(res.Size); err != nil {
		return Entry{}, fmt.Errorf("journal: truncating journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		return Entry{}, fmt.Errorf("journal: syncing journal: %w", err)
	}

	j.head = res
	return j.Append(Entry{
		Event:    EventRepaired,
		Summary:  fmt.Sprintf("torn last line of %d bytes (sha256 %x) moved to %q", len(torn), sha256.Sum256(torn), filepath.Base(side)),
		Operator: operator,
	})
}
