package journal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// Errors of journal verification. Every error that reports a problem in
// the journal's content is a *Error wrapping one of them.
var (
	// ErrCorrupt: the journal is not an intact chain: an edited,
	// deleted, duplicated, reordered or malformed entry, or a journal
	// that does not reach the expected head (see VerifyOptions).
	ErrCorrupt = errors.New("journal is corrupt")
	// ErrTorn: the last line has no newline: a write was cut off
	// by a crash or a full disk. The entries before it are intact. The
	// torn entry was never acknowledged (Append syncs the whole line
	// before it returns), but it is evidence and is never dropped
	// silently: the journal refuses appends until Repair moves it
	// aside and records that.
	ErrTorn = errors.New("journal has a torn last line")
)

// ErrRollback: a response from a signing journal that is not the
// one its signer used before, or from an older state of it. An offline
// journal that was truncated, restored from an old copy, or replaced by a
// new file has forgotten what it signed, so its rolling window no longer
// counts it.
var ErrRollback = errors.New("the signer's journal was replaced or rolled back")

// Error is a problem in a journal's content.
type Error struct {
	// Line is the 1-based line number, or 0 when the problem is not on
	// one line (a journal that ends before the expected head).
	Line int
	// Reason says what is wrong, for people.
	Reason string
	// Err is ErrCorrupt or ErrTorn.
	Err error
}

// Error returns "journal: journal is corrupt: line 7: reason".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("journal: %v: line %d: %s", e.Err, e.Line, e.Reason)
	}
	return fmt.Sprintf("journal: %v: %s", e.Err, e.Reason)
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// VerifyOptions anchor a verification to a head seen elsewhere.
//
// The hash chain shows that no entry was edited, removed, duplicated or
// reordered between the first line and the last. It cannot show that
// entries were cut off the end at a line boundary, or that the whole file
// was replaced by an older copy: what is left is a valid, shorter chain.
// Only a head recorded outside the offline machine detects that: the
// (seq, hash) that the last response carried to the online side, or a
// printed receipt. Pass it here; the journal must then contain that entry,
// with that hash, and may continue past it.
type VerifyOptions struct {
	// ExpectHeadSeq is the seq of the anchored entry; 0 means no anchor.
	ExpectHeadSeq int
	// ExpectHeadHash is the hash of the anchored entry.
	ExpectHeadHash Hash
}

// Result describes a verified journal, or the verified part of one
// when verification fails.
type Result struct {
	// HeadSeq is the seq of the last good entry, 0 when there is none.
	HeadSeq int
	// HeadHash is the hash of the last good entry, zero when there is none.
	HeadHash Hash
	// Size is the length in bytes of the good entries: where a torn tail
	// starts, and where the next entry goes.
	Size int64
}

// Verify reads a journal from r and checks every line and the chain that
// links them: seq 1, 2, 3, ..., each prev equal to the hash of the line
// before (zeros for the first), each hash correct, each line in canonical
// form, each repeatOf naming the first signing it repeats. An empty
// journal is valid. With an anchor in opts it also checks the journal
// reaches it. Problems are *Error values naming the line. It returns the
// verified entries, in order, and the result; on an error they are the
// entries before the problem, as the result describes them: a reader that
// acts on entries (the online watcher, which treats the hashes of "signed"
// entries as approved) must not use them when err is not nil.
//
// The caller opens the file (a journal that is being written is read
// safely: Append writes whole lines).
func Verify(r io.Reader, opts VerifyOptions) ([]Entry, Result, error) {
	var entries []Entry
	res, err := verify(r, opts, nil, func(e Entry) { entries = append(entries, e) })
	return entries, res, err
}

// verify is Verify calling visit with every good entry. It indexes the
// first signings into idx (a new index when nil).
func verify(r io.Reader, opts VerifyOptions, idx signings, visit func(Entry)) (Result, error) {
	if idx == nil {
		idx = signings{}
	}
	var res Result
	if opts.ExpectHeadSeq < 0 || opts.ExpectHeadSeq == 0 && !opts.ExpectHeadHash.IsZero() {
		return res, errors.New("journal: VerifyOptions: an anchor needs both ExpectHeadSeq (1 or more) and ExpectHeadHash")
	}
	br := bufio.NewReaderSize(r, maxJournalLine+1)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		switch {
		case err == io.EOF && len(line) == 0:
			return res, checkAnchor(res, opts)
		case err == io.EOF:
			return res, tornError(n, line, res)
		case errors.Is(err, bufio.ErrBufferFull):
			return res, &Error{Line: n, Reason: fmt.Sprintf("line is longer than %d bytes", maxJournalLine), Err: ErrCorrupt}
		case err != nil:
			return res, fmt.Errorf("journal: reading journal: %w", err)
		}
		e, reason := parseEntry(line[:len(line)-1])
		if reason != "" {
			if len(line) == 1 {
				reason = "empty line"
			}
			return res, &Error{Line: n, Reason: reason, Err: ErrCorrupt}
		}
		if reason := chainProblem(res, e); reason != "" {
			return res, &Error{Line: n, Reason: reason, Err: ErrCorrupt}
		}
		if reason := idx.problem(e); reason != "" {
			return res, &Error{Line: n, Reason: reason, Err: ErrCorrupt}
		}
		idx.add(e)
		if opts.ExpectHeadSeq == e.Seq && opts.ExpectHeadHash != e.Hash {
			return res, &Error{Line: n, Reason: fmt.Sprintf("entry %d does not have the anchored hash: the journal was rewritten or replaced", e.Seq), Err: ErrCorrupt}
		}
		res.HeadSeq, res.HeadHash = e.Seq, e.Hash
		res.Size += int64(len(line))
		if visit != nil {
			visit(e)
		}
	}
}

// chainProblem returns why e cannot follow the head in res, or "".
func chainProblem(res Result, e Entry) string {
	want := res.HeadSeq + 1
	switch {
	case e.Seq == want:
	case e.Seq <= res.HeadSeq:
		return fmt.Sprintf("seq %d after seq %d: a duplicated or reordered entry", e.Seq, res.HeadSeq)
	case want == e.Seq-1:
		return fmt.Sprintf("seq %d after seq %d: entry %d is missing", e.Seq, res.HeadSeq, want)
	default:
		return fmt.Sprintf("seq %d after seq %d: entries %d to %d are missing", e.Seq, res.HeadSeq, want, e.Seq-1)
	}
	if e.Event == EventOpened && e.Seq != 1 {
		return fmt.Sprintf("an opened entry at seq %d: only the first entry opens a journal", e.Seq)
	}
	if e.Prev != res.HeadHash {
		if res.HeadSeq == 0 {
			return "prev of the first entry must be 64 zeros"
		}
		return fmt.Sprintf("prev is not the hash of entry %d: an entry was replaced", res.HeadSeq)
	}
	return ""
}

// tornError describes a last line without its newline.
func tornError(n int, frag []byte, res Result) error {
	what := "a partial entry"
	if e, reason := parseEntry(frag); reason == "" && chainProblem(res, e) == "" {
		what = fmt.Sprintf("a complete entry %d missing only its newline", e.Seq)
	}
	return &Error{
		Line:   n,
		Reason: fmt.Sprintf("the last line has no newline (%d bytes, %s): a write was interrupted and never acknowledged; an operator must run the repair, which moves it aside and records that", len(frag), what),
		Err:    ErrTorn,
	}
}

// checkAnchor checks that a journal verified up to res reaches the anchor.
func checkAnchor(res Result, opts VerifyOptions) error {
	if opts.ExpectHeadSeq > res.HeadSeq {
		return &Error{
			Reason: fmt.Sprintf("the journal ends at seq %d, but the anchor is seq %d: entries were removed from the end, or this is an older copy", res.HeadSeq, opts.ExpectHeadSeq),
			Err:    ErrCorrupt,
		}
	}
	return nil
}
