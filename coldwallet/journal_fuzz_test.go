package coldwallet

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
	j, err := openLegacyJournal(path, JournalOptions{Now: testClock()})
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
		res, err := VerifyJournal(bytes.NewReader(data), VerifyOptions{})
		if err != nil && !errors.Is(err, ErrJournalCorrupt) && !errors.Is(err, ErrJournalTorn) {
			t.Fatalf("unexpected error: %v", err)
		}
		if res.Size < 0 || res.Size > int64(len(data)) {
			t.Fatalf("size %d of %d bytes", res.Size, len(data))
		}
		again, err := VerifyJournal(bytes.NewReader(data[:res.Size]), VerifyOptions{})
		if err != nil || again != res {
			t.Fatalf("the verified prefix does not verify alone: %v", err)
		}
	})
}

// FuzzDecryptKeystore: the keystore reader never panics on any input and
// reports only its sentinels. (Inputs that reach scrypt run at the work
// factor the input names, capped at MaxWorkFactor: slow but bounded.)
func FuzzDecryptKeystore(f *testing.F) {
	f.Add([]byte(docPlaintext), []byte("x"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\nAAAA\n--- AAAA\n"), []byte("x"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, data, passphrase []byte) {
		k, _, err := DecryptKeystore(data, passphrase)
		if err == nil {
			k.Destroy()
			return
		}
		if !errors.Is(err, ErrKeystore) && !errors.Is(err, ErrIncorrectPassphrase) {
			t.Fatalf("unexpected error: %v", err)
		}
	})
}

// FuzzParseKeystoreText: the plaintext parser never panics, and what it
// accepts re-encodes to the same bytes.
func FuzzParseKeystoreText(f *testing.F) {
	f.Add([]byte(docPlaintext))
	f.Add([]byte("nemcustody-key v1\n\n\n\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		k, info, err := parseKeystoreText(text)
		if err != nil {
			return
		}
		defer k.Destroy()
		seed, err := k.ExportSeed()
		if err != nil {
			t.Fatal(err)
		}
		if got := appendKeystoreText(nil, &seed, info); !bytes.Equal(got, text) {
			t.Fatalf("accepted text re-encodes differently")
		}
	})
}
