package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/printable"
)

var journalGroup = &group{
	name:     "journal",
	summary:  "create and check the offline signer's signing journal",
	commands: []*command{journalInitCmd, journalShowCmd, journalVerifyCmd, journalRepairCmd},
}

var journalVerifyCmd = &command{
	name:    "verify",
	summary: "verify a journal's hash chain, up to a known entry",
	run:     runJournalVerify,
	usage: `Usage: nemcustody journal verify JOURNAL [--expect-seq N --expect-hash HASH]

Reads a signing journal and checks every line and the chain that links
them: seq 1, 2, 3..., each prev the hash of the entry before, each hash
correct, each line in canonical form. An empty journal is valid. The chain
shows that no entry was edited, removed, duplicated or reordered, but not
that entries were cut off the end or that the file is an older copy: for
that, give the journal entry a response carried to the online side (its
"journal:" line) or a printed receipt as --expect-seq and --expect-hash;
the journal must then hold that entry with that hash.

Prints JSON: valid (true), headSeq (the last entry, 0 for none) and
headHash. A journal that does not verify fails with the line number and
the reason; a torn last line (a write cut off by a crash) is reported as
such.

Example:
  nemcustody journal verify journal.jsonl --expect-seq 12 --expect-hash 3f9c...

Flags:
  --expect-seq N      the seq of an entry known from elsewhere
  --expect-hash HASH  its hash, 64 hex characters (give both or neither)
`,
}

func runJournalVerify(e *env, args []string) error {
	flags := newFlagSet("journal verify")
	expectSeq := flags.String("expect-seq", "", "")
	expectHash := flags.String("expect-hash", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	path, err := onePositional(pos, "JOURNAL: the journal file to verify")
	if err != nil {
		return err
	}
	var opts journal.VerifyOptions
	if (*expectSeq == "") != (*expectHash == "") {
		return usagef("--expect-seq and --expect-hash go together: give both or neither")
	}
	if *expectSeq != "" {
		n, err := strconv.ParseUint(*expectSeq, 10, 31)
		if err != nil || n < 1 {
			return usagef("--expect-seq must be an entry number, 1 or more")
		}
		h, err := journal.ParseHash(*expectHash)
		if err != nil {
			return usagef("--expect-hash must be 64 lowercase hex characters")
		}
		opts = journal.VerifyOptions{ExpectHeadSeq: int(n), ExpectHeadHash: h}
	}
	_, res, err := verifyJournalFile(path, opts)
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	return writeJSON(e, struct {
		Valid    bool         `json:"valid"`
		HeadSeq  int          `json:"headSeq"`
		HeadHash journal.Hash `json:"headHash"`
	}{true, res.HeadSeq, res.HeadHash})
}

var journalRepairCmd = &command{
	name:    "repair",
	summary: "move a torn last line (a crash mid-write) aside and record the repair",
	run:     runJournalRepair,
	usage: `Usage: nemcustody journal repair JOURNAL --operator NAME

A crash while the offline signer wrote an entry can leave a torn last line,
and the signer refuses to run until it is repaired. This command copies the
torn bytes to a side file next to the journal, cuts the journal back to its
last intact entry, and appends a "repaired" entry naming the side file with
the torn bytes' length and SHA-256, so the repair itself is on the record.
A journal that is corrupt in any other way is refused: that needs an
investigation, not a repair.

Prints JSON: seq and hash of the repair entry.

Example:
  nemcustody journal repair journal.jsonl --operator alice

Flags:
  --operator NAME   who repairs, recorded in the journal (required)
`,
}

func runJournalRepair(e *env, args []string) error {
	flags := newFlagSet("journal repair")
	operator := flags.String("operator", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	path, err := onePositional(pos, "JOURNAL: the journal file to repair")
	if err != nil {
		return err
	}
	if *operator == "" {
		return usagef("--operator is required: the repair is recorded with who made it")
	}
	if p := printable.Problem(*operator, 128); p != "" {
		return usagef("--operator %s", p)
	}
	warnStale(e, filepath.Dir(path))
	entry, err := journal.Repair(path, *operator, journal.Options{})
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	return writeJSON(e, struct {
		Seq  int          `json:"seq"`
		Hash journal.Hash `json:"hash"`
	}{entry.Seq, entry.Hash})
}

// verifyJournalFile reads and verifies the journal at path (journal.Verify).
func verifyJournalFile(path string, opts journal.VerifyOptions) ([]journal.Entry, journal.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, journal.Result{}, fmt.Errorf("opening journal: %w", err)
	}
	defer f.Close()
	return journal.Verify(f, opts)
}
