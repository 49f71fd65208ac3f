package journal

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// forgeJournal writes entries as a forger with write access to the
// offline disk would: a correct chain of correctly hashed lines, without
// Append's checks.
func forgeJournal(t *testing.T, entries ...Entry) []byte {
	t.Helper()
	var b bytes.Buffer
	var prev Hash
	for i, e := range entries {
		e.Seq, e.Prev = i+1, prev
		e.Time = time.Date(2026, 3, 1, 9, 30+i, 0, 0, time.UTC)
		line, err := sealEntry(&e)
		require.NoError(t, err)
		b.Write(line)
		prev = e.Hash
	}
	return b.Bytes()
}

// repeatOf returns a re-release of e that names entry seq.
func repeatOf(e Entry, seq int) Entry {
	e.RepeatOf, e.XEM, e.Transfers = seq, 0, 0
	e.Summary = fmt.Sprintf("REPEAT of entry %d, not counted again", seq)
	return e
}

func TestJournalRepeatLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	first := testEntry(1)
	first.NodeTime, first.XEM, first.Transfers = 1000, 5*transaction.XEM, 1
	e1, err := j.Append(first)
	require.NoError(t, err)
	e2, err := j.Append(repeatOf(first, 1))
	require.NoError(t, err)
	require.Equal(t, 1, e2.RepeatOf)
	require.Len(t, j.Spent(), 1, "a repeat takes nothing out of the window")
	require.NoError(t, j.Close())

	lines := splitLines(mustReadFile(t, path))
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], `,"nodeTime":1000,"xem":5000000,"transfers":1,"operator":"alice",`)
	require.NotContains(t, lines[0], "repeatOf")
	require.Contains(t, lines[1], `,"nodeTime":1000,"repeatOf":1,"operator":"alice","prev":"`+e1.Hash.String()+`",`)
	require.NotContains(t, lines[1], `"xem"`)

	entries, _, err := Verify(bytes.NewReader(mustReadFile(t, path)), VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, e2, entries[1])
}

// TestJournalAppendRefusesBadRepeats: Append never writes a repeatOf the
// verifier would refuse.
func TestJournalAppendRefusesBadRepeats(t *testing.T) {
	j := openTestJournal(t, filepath.Join(t.TempDir(), "journal.jsonl"))
	for i := 1; i <= 3; i++ { // 1 and 2 signed, 3 refused
		_, err := j.Append(testEntry(i))
		require.NoError(t, err)
	}
	other := testEntry(1)
	other.Hashes = testEntry(2).Hashes
	for _, tc := range []struct {
		name string
		e    Entry
		msg  string
	}{
		{"a later entry", repeatOf(testEntry(1), 9), "repeatOf 9 is not the first signed entry"},
		{"another request's signing", repeatOf(testEntry(1), 2), "repeatOf 2 is not the first signed entry"},
		{"a refusal", repeatOf(func() Entry { e := testEntry(3); e.Event = EventSigned; return e }(), 3), "repeatOf 3 is not the first signed entry"},
		{"other hashes", repeatOf(other, 1), "repeatOf 1: entry 1 signed other hashes"},
		{"a refused entry", func() Entry { e := repeatOf(testEntry(1), 1); e.Event = EventRefused; return e }(), "repeatOf: only in a signed entry"},
		{"with xem", func() Entry { e := repeatOf(testEntry(1), 1); e.XEM = 1; return e }(), "repeatOf: only in a signed entry, with no xem, no transfers and no validity"},
		{"with transfers", func() Entry { e := repeatOf(testEntry(1), 1); e.Transfers = 1; return e }(), "repeatOf: only in a signed entry"},
		{"negative", repeatOf(testEntry(1), -1), "repeatOf: only in a signed entry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := j.Append(tc.e)
			require.ErrorContains(t, err, tc.msg)
			seq, _ := j.Head()
			require.Equal(t, 3, seq)
		})
	}
}

// TestJournalRepeatForgeriesRefused: a forger with write access to the
// offline disk who marks a new signing as a repeat (so that the window
// would not count it) must name a real first signing of the same request,
// signer and hashes; anything else fails verification at that line.
func TestJournalRepeatForgeriesRefused(t *testing.T) {
	e1, e2, e3 := testEntry(1), testEntry(2), testEntry(3) // signed, signed, refused
	otherSigner := e1
	otherSigner.Signer[0] ^= 1
	otherHashes := e1
	otherHashes.Hashes = []transaction.Hash{transaction.Hash(sha256.Sum256([]byte("another payout")))}
	signedAgain := e1 // what versions without repeatOf wrote for a second signing
	for _, tc := range []struct {
		name    string
		entries []Entry
		line    int
		msg     string
	}{
		{"names a later entry", []Entry{e1, e2, e3, repeatOf(e1, 5)}, 4, "repeatOf 5 is not the first signed entry of the same requestId and signer"},
		{"names itself", []Entry{e1, e2, e3, repeatOf(e1, 4)}, 4, "repeatOf 4 is not the first signed entry"},
		{"names another request's signing", []Entry{e1, e2, e3, repeatOf(e1, 2)}, 4, "repeatOf 2 is not the first signed entry"},
		{"names a refusal", []Entry{e1, e2, e3, repeatOf(func() Entry { e := e3; e.Event = EventSigned; return e }(), 3)}, 4, "repeatOf 3 is not the first"},
		{"names another signer's signing", []Entry{e1, e2, e3, repeatOf(otherSigner, 1)}, 4, "repeatOf 1 is not the first"},
		{"signs other hashes", []Entry{e1, e2, e3, repeatOf(otherHashes, 1)}, 4, "repeatOf 1: entry 1 signed other hashes"},
		{"names a repeat", []Entry{e1, repeatOf(e1, 1), repeatOf(e1, 2)}, 3, "repeatOf 2 is not the first"},
		{"names the second of two old signings", []Entry{e1, signedAgain, repeatOf(e1, 2)}, 3, "repeatOf 2 is not the first"},
		{"on a refusal", []Entry{e1, func() Entry { e := repeatOf(e1, 1); e.Event = EventRefused; return e }()}, 2, "repeatOf: only in a signed entry"},
		{"with xem", []Entry{e1, func() Entry { e := repeatOf(e1, 1); e.XEM = 1; return e }()}, 2, "repeatOf: only in a signed entry, with no xem, no transfers and no validity"},
		{"with transfers", []Entry{e1, func() Entry { e := repeatOf(e1, 1); e.Transfers = 2; return e }()}, 2, "repeatOf: only in a signed entry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := forgeJournal(t, tc.entries...)
			res, err := verifyResult(bytes.NewReader(data), VerifyOptions{})
			requireJournalError(t, err, ErrCorrupt, tc.line, tc.msg)
			require.Equal(t, tc.line-1, res.HeadSeq)
		})
	}

	// The genuine shapes verify: a repeat of the first of two old
	// signings, and repeats of repeats' originals.
	for _, entries := range [][]Entry{
		{e1, signedAgain, repeatOf(e1, 1)},
		{e1, e2, repeatOf(e1, 1), repeatOf(e2, 2), repeatOf(e1, 1)},
	} {
		_, err := verifyResult(bytes.NewReader(forgeJournal(t, entries...)), VerifyOptions{})
		require.NoError(t, err)
	}

	// "repeatOf":0 spelled out is not the canonical form (0 is left out).
	lines := splitLines(forgeJournal(t, e1, e2))
	lines[1] = rehash(strings.Replace(lines[1], `,"operator"`, `,"repeatOf":0,"operator"`, 1))
	_, err := verifyResult(bytes.NewReader(joinLines(lines)), VerifyOptions{})
	requireJournalError(t, err, ErrCorrupt, 2, "not in canonical form")
	// A negative repeatOf is refused by the line rules.
	lines = splitLines(forgeJournal(t, e1, e2))
	lines[1] = rehash(strings.Replace(lines[1], `,"operator"`, `,"repeatOf":-1,"operator"`, 1))
	_, err = verifyResult(bytes.NewReader(joinLines(lines)), VerifyOptions{})
	requireJournalError(t, err, ErrCorrupt, 2, "repeatOf: only in a signed entry")
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
