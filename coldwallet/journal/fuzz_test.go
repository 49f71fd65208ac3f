package journal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns the lines of a small journal, for seeding.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	path := filepath.Join(f.TempDir(), "journal.jsonl")
	j, err := openLegacyJournal(path, Options{Now: testClock()})
	if err != nil {
		f.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		e := testEntry(i)
		if i == 1 {
			e.NodeTime, e.XEM, e.Transfers, e.Validity = 5, 1, 1, &Validity{From: 0, Until: 9}
		}
		if _, err := j.Append(e); err != nil {
			f.Fatal(err)
		}
	}
	repeat := testEntry(1)
	repeat.RepeatOf, repeat.Summary = 1, "REPEAT of entry 1, not counted again"
	if _, err := j.Append(repeat); err != nil {
		f.Fatal(err)
	}
	if _, err := j.Append(Entry{Event: EventRepaired, Summary: "x"}); err != nil {
		f.Fatal(err)
	}
	j.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return bytes.SplitAfter(data, []byte("\n"))
}

// FuzzParseEntry: the line parser never panics, and what it accepts
// re-encodes to the same bytes with the same hash.
func FuzzParseEntry(f *testing.F) {
	for _, l := range fuzzSeeds(f) {
		f.Add(bytes.TrimSuffix(l, []byte("\n")))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1,"seq":1,"hashes":null}`))
	f.Add([]byte(`{"v":1,"seq":-1,"time":"2026-01-01T00:00:00.5Z"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		e, reason := parseEntry(line)
		if reason != "" {
			return
		}
		hash := e.Hash
		again, err := sealEntry(&e)
		if err != nil {
			t.Fatalf("accepted entry does not re-encode: %v", err)
		}
		if !bytes.Equal(again, append(bytes.Clone(line), '\n')) {
			t.Fatalf("accepted %q but it re-encodes as %q", line, again)
		}
		if e.Hash != hash {
			t.Fatal("hash changed on re-encoding")
		}
	})
}

// FuzzVerifyJournal: verification never panics, reports only its two
// sentinels, and its result describes a prefix that verifies by itself.
func FuzzVerifyJournal(f *testing.F) {
	seeds := fuzzSeeds(f)
	f.Add(bytes.Join(seeds, nil))
	f.Add(bytes.Join(seeds[:2], nil))
	f.Add(append(bytes.Join(seeds[:2], nil), seeds[2][:20]...))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := verifyResult(bytes.NewReader(data), VerifyOptions{})
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTorn) {
			t.Fatalf("unexpected error: %v", err)
		}
		if res.Size < 0 || res.Size > int64(len(data)) {
			t.Fatalf("size %d of %d bytes", res.Size, len(data))
		}
		again, err := verifyResult(bytes.NewReader(data[:res.Size]), VerifyOptions{})
		if err != nil || again != res {
			t.Fatalf("the verified prefix does not verify alone: %v", err)
		}
	})
}
