package journal

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitLines splits a journal into lines without their "\n".
func splitLines(data []byte) []string {
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func joinLines(lines []string) []byte {
	return []byte(strings.Join(lines, "\n") + "\n")
}

// rehash recomputes the hash of a line after an edit, as a forger would.
func rehash(line string) string {
	re := regexp.MustCompile(`,"hash":"[0-9a-f]{64}"\}$`)
	pre := re.ReplaceAllString(line, "}")
	return strings.TrimSuffix(pre, "}") + fmt.Sprintf(`,"hash":"%x"}`, sha256.Sum256([]byte(pre)))
}

func requireJournalError(t *testing.T, err error, sentinel error, line int, msg string) {
	t.Helper()
	require.ErrorIs(t, err, sentinel)
	var je *Error
	require.True(t, errors.As(err, &je), "a *Error: %v", err)
	assert.Equal(t, line, je.Line, "line number in %q", err)
	if line > 0 {
		assert.Contains(t, err.Error(), fmt.Sprintf("line %d: ", line))
	}
	assert.Contains(t, err.Error(), msg)
}

func TestJournalTamperingDetected(t *testing.T) {
	data := journalOf(t, 5)
	lines := splitLines(data)
	edit := func(n int, old, new string) []byte {
		l := append([]string(nil), lines...)
		require.Contains(t, l[n-1], old)
		l[n-1] = strings.Replace(l[n-1], old, new, 1)
		return joinLines(l)
	}
	editRehash := func(n int, old, new string) []byte {
		l := splitLines(edit(n, old, new))
		l[n-1] = rehash(l[n-1])
		return joinLines(l)
	}
	without := func(n int) []byte {
		l := append(append([]string(nil), lines[:n-1]...), lines[n:]...)
		return joinLines(l)
	}
	insert := func(n int, s string) []byte {
		l := append(append(append([]string(nil), lines[:n-1]...), s), lines[n-1:]...)
		return joinLines(l)
	}
	swap := func(a, b int) []byte {
		l := append([]string(nil), lines...)
		l[a-1], l[b-1] = l[b-1], l[a-1]
		return joinLines(l)
	}
	l3 := lines[2]
	hash3 := regexp.MustCompile(`"hash":"([0-9a-f]{64})"`).FindStringSubmatch(l3)[1]
	prev3 := regexp.MustCompile(`"prev":"([0-9a-f]{64})"`).FindStringSubmatch(l3)[1]
	hashes3 := regexp.MustCompile(`"hashes":\[[^\]]*\]`).FindString(l3)
	tx3 := regexp.MustCompile(`"hashes":\["([0-9a-f]{64})"`).FindStringSubmatch(l3)[1]

	cases := []struct {
		name string
		data []byte
		line int
		msg  string
	}{
		// Every member of entry 3 (a refusal) edited in place.
		{"edit v", edit(3, `{"v":1,`, `{"v":2,`), 3, "unsupported entry version 2"},
		{"edit seq", edit(3, `"seq":3`, `"seq":4`), 3, "hash does not match"},
		{"edit time", edit(3, `T09:33:00Z`, `T09:33:01Z`), 3, "hash does not match"},
		{"edit event", edit(3, `"refused"`, `"signed"`), 3, "hash does not match"},
		{"edit requestId", edit(3, `req-3`, `req-9`), 3, "hash does not match"},
		{"edit a transaction hash", edit(3, tx3[:8], "00000000"), 3, "hash does not match"},
		{"drop a transaction hash", edit(3, `"`+tx3+`",`, ``), 3, "hash does not match"},
		{"edit summary", edit(3, `velocity limit`, `approved`), 3, "hash does not match"},
		{"edit signer", edit(3, testKeyPub[:8], "00000000"), 3, "hash does not match"},
		{"add operator", edit(3, `,"prev"`, `,"operator":"mallory","prev"`), 3, "hash does not match"},
		{"edit operator", edit(2, `"alice"`, `"bob"`), 2, "hash does not match"},
		{"remove operator", edit(2, `"operator":"alice",`, ``), 2, "hash does not match"},
		{"edit prev", edit(3, prev3[:8], "00000000"), 3, "hash does not match"},
		{"edit hash", edit(3, hash3[:8], "00000000"), 3, "hash does not match"},
		// A forger who recomputes the edited entry's hash breaks the next link.
		{"edit summary and rehash", editRehash(3, `velocity limit`, `approved`), 4, "prev is not the hash of entry 3"},
		{"edit prev and rehash", editRehash(3, prev3[:8], "00000000"), 3, "prev is not the hash of entry 2"},
		{"edit seq and rehash", editRehash(3, `"seq":3`, `"seq":4`), 3, "entry 3 is missing"},
		// Whole entries.
		{"delete the first entry", without(1), 1, "entry 1 is missing"},
		{"delete a middle entry", without(3), 3, "seq 4 after seq 2: entry 3 is missing"},
		{"reorder two entries", swap(3, 4), 3, "seq 4 after seq 2"},
		{"duplicate an entry", insert(4, l3), 4, "seq 3 after seq 3: a duplicated or reordered entry"},
		{"insert garbage", insert(2, "garbage"), 2, "not a journal entry (invalid JSON)"},
		{"insert an empty line", insert(2, ""), 2, "empty line"},
		{"insert an empty object", insert(2, "{}"), 2, "unsupported entry version 0"},
		// The same entry in another spelling.
		{"space after a colon", edit(3, `"seq":3`, `"seq": 3`), 3, "not in canonical form"},
		{"leading space", edit(3, `{"v"`, ` {"v"`), 3, "not in canonical form"},
		{"trailing space", edit(3, `"}`, `"} `), 3, "not in canonical form"},
		{"CRLF line end", edit(3, `"}`, "\"}\r"), 3, "not in canonical form"},
		{"members reordered", edit(3, `"v":1,"seq":3`, `"seq":3,"v":1`), 3, "not in canonical form"},
		{"member name in capitals", edit(3, `"seq":3`, `"SEQ":3`), 3, "not a journal entry (SEQ: unknown field: names are case-sensitive: did you mean seq?)"},
		{"duplicate member", edit(3, `"seq":3`, `"seq":3,"seq":3`), 3, "not a journal entry (seq: duplicate key)"},
		{"duplicate member in another case", edit(3, `"seq":3`, `"seq":3,"Seq":4`), 3, "not a journal entry (Seq: duplicate key: the same key as an earlier one in another letter case)"},
		{"unknown member", edit(3, `{"v":1,`, `{"v":1,"note":"x",`), 3, "not a journal entry (note: unknown field)"},
		{"seq as a string", edit(3, `"seq":3`, `"seq":"3"`), 3, "wrong type"},
		{"seq as a float", edit(3, `"seq":3`, `"seq":3.0`), 3, "wrong type"},
		{"uppercase hex", edit(3, hash3, strings.ToUpper(hash3)), 3, "hash is not 64 lowercase hex"},
		{"HTML escape", edit(2, `<vault>`, `\u003cvault>`), 2, "not in canonical form"},
		{"hashes null", edit(3, hashes3, `"hashes":null`), 3, "not a journal entry (hashes: null is not allowed)"},
		{"signer null", edit(3, `"signer":`, `"signer":null,"x":`), 3, "not a journal entry (x: unknown field)"},
		{"invalid UTF-8", edit(2, `<vault>`, "<vault\xff>"), 2, "not a journal entry (summary: not valid UTF-8 (byte"},
		{"a lone surrogate escape", edit(2, `<vault>`, `<vault\udc00>`), 2, "not a journal entry (summary: not valid UTF-8: an escape of a lone UTF-16 surrogate"},
		{"trailing bracket", edit(3, `"}`, `"}]`), 3, "data after the JSON object"},
		{"hashes empty", edit(3, hashes3, `"hashes":[]`), 3, "hash does not match"},
		{"time with fraction", edit(3, `09:33:00Z`, `09:33:00.5Z`), 3, "time is not RFC 3339"},
		{"time with zone", edit(3, `09:33:00Z`, `09:33:00+00:00`), 3, "time is not RFC 3339"},
		{"two objects on a line", edit(3, `"}`, `"}{}`), 3, "data after the JSON object"},
		{"line too long", insert(2, strings.Repeat("x", maxJournalLine+1)), 2, "longer than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := verifyResult(bytes.NewReader(c.data), VerifyOptions{})
			requireJournalError(t, err, ErrCorrupt, c.line, c.msg)
			assert.NotErrorIs(t, err, ErrTorn)
			assert.Equal(t, c.line-1, res.HeadSeq, "the result covers the entries before the bad line")
		})
	}
}

func TestJournalTruncationNeedsAnAnchor(t *testing.T) {
	data := journalOf(t, 5)
	full, err := verifyResult(bytes.NewReader(data), VerifyOptions{})
	require.NoError(t, err)
	lines := splitLines(data)
	cut := joinLines(lines[:3])

	// Without an anchor, a journal cut at an entry boundary looks fine:
	// that is why responses carry the head.
	res, err := verifyResult(bytes.NewReader(cut), VerifyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3, res.HeadSeq)

	anchor := VerifyOptions{ExpectHeadSeq: 5, ExpectHeadHash: full.HeadHash}
	_, err = verifyResult(bytes.NewReader(cut), anchor)
	requireJournalError(t, err, ErrCorrupt, 0, "ends at seq 3, but the anchor is seq 5")
	_, err = verifyResult(bytes.NewReader(data), anchor)
	require.NoError(t, err)

	// A journal replaced by another chain of the same length.
	other := journalOf(t, 5)
	other = bytes.ReplaceAll(other, []byte("req-"), []byte("REQ-"))
	var relinked []string
	prev := strings.Repeat("0", 64)
	for _, l := range splitLines(other) {
		l = regexp.MustCompile(`"prev":"[0-9a-f]{64}"`).ReplaceAllString(l, `"prev":"`+prev+`"`)
		l = rehash(l)
		prev = regexp.MustCompile(`"hash":"([0-9a-f]{64})"`).FindStringSubmatch(l)[1]
		relinked = append(relinked, l)
	}
	_, err = verifyResult(bytes.NewReader(joinLines(relinked)), VerifyOptions{})
	require.NoError(t, err, "a forged chain is internally consistent")
	_, err = verifyResult(bytes.NewReader(joinLines(relinked)), anchor)
	requireJournalError(t, err, ErrCorrupt, 5, "does not have the anchored hash")

	_, err = verifyResult(bytes.NewReader(data), VerifyOptions{ExpectHeadHash: full.HeadHash})
	require.ErrorContains(t, err, "an anchor needs both")
	_, err = verifyResult(bytes.NewReader(data), VerifyOptions{ExpectHeadSeq: -1})
	require.ErrorContains(t, err, "an anchor needs both")
}

// Every prefix of a journal is either a shorter valid journal (cut at a
// line end) or one with a torn last line; never "corrupt", never silently
// shorter.
func TestJournalEveryTruncationIsValidOrTorn(t *testing.T) {
	data := journalOf(t, 4)
	ends := map[int]int{0: 0} // prefix length at a line end -> entries
	for i, n := 0, 0; i < len(data); i++ {
		if data[i] == '\n' {
			n++
			ends[i+1] = n
		}
	}
	for n := 0; n <= len(data); n++ {
		res, err := verifyResult(bytes.NewReader(data[:n]), VerifyOptions{})
		if entries, ok := ends[n]; ok {
			require.NoError(t, err, "cut at %d", n)
			require.Equal(t, entries, res.HeadSeq)
			continue
		}
		require.ErrorIs(t, err, ErrTorn, "cut at %d", n)
		require.NotErrorIs(t, err, ErrCorrupt)
		var je *Error
		require.ErrorAs(t, err, &je)
		assert.Equal(t, res.HeadSeq+1, je.Line)
		// The result says where the intact part ends.
		assert.Equal(t, ends[int(res.Size)], res.HeadSeq)
	}
}

func TestJournalTornLineDescribed(t *testing.T) {
	data := journalOf(t, 3)
	_, err := verifyResult(bytes.NewReader(data[:len(data)-1]), VerifyOptions{})
	requireJournalError(t, err, ErrTorn, 3, "a complete entry 3 missing only its newline")
	_, err = verifyResult(bytes.NewReader(data[:len(data)-20]), VerifyOptions{})
	requireJournalError(t, err, ErrTorn, 3, "a partial entry")
	// Zeros where a crash left the file longer than its data.
	_, err = verifyResult(bytes.NewReader(append(bytes.Clone(data), make([]byte, 100)...)), VerifyOptions{})
	requireJournalError(t, err, ErrTorn, 4, "100 bytes, a partial entry")
	// A garbage line that does end in a newline is corruption, not a tear.
	_, err = verifyResult(bytes.NewReader(append(bytes.Clone(data), "{\"v\":1,\"se\n"...)), VerifyOptions{})
	requireJournalError(t, err, ErrCorrupt, 4, "truncated JSON")
}

func TestJournalTornTailRepair(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.jsonl")
	data := journalOf(t, 3)
	torn := append(bytes.Clone(data), `{"v":1,"seq":4,"time":"2026-03-01T`...)
	require.NoError(t, os.WriteFile(path, torn, 0o600))

	_, err := Open(path, Options{})
	requireJournalError(t, err, ErrTorn, 4, "must run the repair")

	e, err := Repair(path, "bob", Options{Now: testClock()})
	require.NoError(t, err)
	assert.Equal(t, 4, e.Seq)
	assert.Equal(t, EventRepaired, e.Event)
	assert.Equal(t, "bob", e.Operator)
	side := path + ".torn-4-20260301T093100Z"
	assert.Equal(t, fmt.Sprintf("torn last line of 34 bytes (sha256 %x) moved to %q", sha256.Sum256(torn[len(data):]), filepath.Base(side)), e.Summary)

	kept, err := os.ReadFile(side)
	require.NoError(t, err)
	assert.Equal(t, torn[len(data):], kept, "the torn bytes are kept")
	fi, err := os.Stat(side)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	j := openTestJournal(t, path)
	seq, hash := j.Head()
	assert.Equal(t, 4, seq)
	assert.Equal(t, e.Hash, hash)
	next, err := j.Append(testEntry(5))
	require.NoError(t, err)
	assert.Equal(t, 5, next.Seq)
	require.NoError(t, j.Close())

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(got, data), "the intact entries are untouched")

	_, err = Repair(path, "bob", Options{})
	require.ErrorContains(t, err, "nothing to repair")
}

func TestJournalRepairRefusesCorruption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	data := journalOf(t, 3)
	bad := bytes.Replace(data, []byte("req-2"), []byte("req-X"), 1)
	bad = append(bad, "{\"v\":1"...)
	require.NoError(t, os.WriteFile(path, bad, 0o600))
	_, err := Repair(path, "", Options{})
	requireJournalError(t, err, ErrCorrupt, 2, "hash does not match")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, bad, got, "untouched")

	_, err = Repair(filepath.Join(t.TempDir(), "missing"), "", Options{})
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestJournalOpenVerifiesWithTheAnchor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	data := journalOf(t, 5)
	full, err := verifyResult(bytes.NewReader(data), VerifyOptions{})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, joinLines(splitLines(data)[:4]), 0o600))
	_, err = Open(path, Options{Verify: VerifyOptions{ExpectHeadSeq: 5, ExpectHeadHash: full.HeadHash}})
	requireJournalError(t, err, ErrCorrupt, 0, "ends at seq 4")

	require.NoError(t, os.WriteFile(path, bytes.Replace(data, []byte("req-2"), []byte("req-X"), 1), 0o600))
	_, err = Open(path, Options{})
	requireJournalError(t, err, ErrCorrupt, 2, "hash does not match")
}

func TestParseJournalHash(t *testing.T) {
	h, err := ParseHash(strings.Repeat("ab", 32))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("ab", 32), h.String())
	for _, s := range []string{"", strings.Repeat("AB", 32), strings.Repeat("ab", 31), strings.Repeat("ab", 33), strings.Repeat("zz", 32)} {
		_, err := ParseHash(s)
		require.ErrorIs(t, err, ErrCorrupt, s)
	}
	text, err := h.MarshalText()
	require.NoError(t, err)
	var back Hash
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, h, back)
}
