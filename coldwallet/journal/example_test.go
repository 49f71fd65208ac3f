package journal_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
)

// A journal is created once, appended to by the offline signer, and
// verified anywhere from a copy: the hash chain shows that no entry was
// edited, and the head a response carried shows that none was cut off.
func Example() {
	dir, err := os.MkdirTemp("", "journal-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "journal.jsonl")
	clock := func() time.Time { return time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) }

	// Once: the journal, with a random identity (fixed here).
	j, err := journal.Create(path, "alice", bytes.NewReader(bytes.Repeat([]byte{7}, 32)), journal.Options{Now: clock})
	if err != nil {
		panic(err)
	}
	seq, head := j.Head()
	fmt.Println("created, entry", seq, j.ID()[:8])
	if err := j.Close(); err != nil {
		panic(err)
	}

	// An auditor verifies a copy against the head seen elsewhere.
	copyOf, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	entries, res, err := journal.Verify(bytes.NewReader(copyOf), journal.VerifyOptions{ExpectHeadSeq: seq, ExpectHeadHash: head})
	if err != nil {
		panic(err)
	}
	fmt.Println("verified:", len(entries), "entry,", entries[0].Event, "by", entries[0].Operator, "- head", res.HeadSeq)

	// An edited copy does not verify.
	edited := bytes.Replace(copyOf, []byte("alice"), []byte("mallo"), 1)
	_, _, err = journal.Verify(bytes.NewReader(edited), journal.VerifyOptions{})
	fmt.Println("edited copy refused:", err != nil)
	// Output:
	// created, entry 1 07070707
	// verified: 1 entry, opened by alice - head 1
	// edited copy refused: true
}
