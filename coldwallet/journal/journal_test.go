package journal

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// testClock is a clock that advances one minute per call.
func testClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Minute)
		return t
	}
}

var testSigner = func() sign.PublicKey {
	p, err := sign.ParsePublicKey(testKeyPub)
	if err != nil {
		panic(err)
	}
	return p
}()

// testEntry is the i-th signing run of the tests.
func testEntry(i int) Entry {
	h := transaction.Hash(sha256.Sum256([]byte(fmt.Sprint("tx", i))))
	e := Entry{
		Event:     EventSigned,
		RequestID: fmt.Sprintf("req-%d", i),
		Hashes:    []transaction.Hash{h},
		Summary:   fmt.Sprintf("send %d XEM to TALICE <vault> & \"co\"", 100*i),
		Signer:    testSigner,
		Operator:  "alice",
	}
	if i%3 == 0 {
		e.Event = EventRefused
		e.Summary = "refused: velocity limit"
		e.Operator = ""
		e.Hashes = append(e.Hashes, transaction.Hash(sha256.Sum256([]byte(fmt.Sprint("tx2", i)))))
	}
	return e
}

func openTestJournal(t *testing.T, path string) *Journal {
	t.Helper()
	j, err := openLegacyJournal(path, Options{Now: testClock()})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	return j
}

// openLegacyJournal opens the journal at path, creating an empty file if
// there is none, as Open did before journals were created explicitly:
// its first entry is then not "opened" (a legacy journal, still valid).
// The tests of the journal's mechanics use it.
func openLegacyJournal(path string, opts Options) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	j, err := openJournal(f, path, opts)
	if err != nil {
		f.Close()
	}
	return j, err
}

// journalOf returns the bytes of a journal of n test entries.
func journalOf(t *testing.T, n int) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	for i := 1; i <= n; i++ {
		_, err := j.Append(testEntry(i))
		require.NoError(t, err)
	}
	require.NoError(t, j.Close())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestJournalAppendVerifyAcrossReopenings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	var all []Entry
	for round := range 3 {
		j := openTestJournal(t, path)
		seq, hash := j.Head()
		if round == 0 {
			assert.Equal(t, 0, seq)
			assert.True(t, hash.IsZero())
		} else {
			assert.Equal(t, all[len(all)-1].Seq, seq)
			assert.Equal(t, all[len(all)-1].Hash, hash)
		}
		for range 2 {
			e, err := j.Append(testEntry(len(all) + 1))
			require.NoError(t, err)
			all = append(all, e)
		}
		require.NoError(t, j.Close())
	}

	for i, e := range all {
		assert.Equal(t, i+1, e.Seq)
		if i == 0 {
			assert.True(t, e.Prev.IsZero())
		} else {
			assert.Equal(t, all[i-1].Hash, e.Prev)
		}
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	res, err := verifyFileResult(path, VerifyOptions{ExpectHeadSeq: 6, ExpectHeadHash: all[5].Hash})
	require.NoError(t, err)
	assert.Equal(t, Result{HeadSeq: 6, HeadHash: all[5].Hash, Size: fi.Size()}, res)
	// An older anchor is fine: the journal went on after it.
	_, err = verifyFileResult(path, VerifyOptions{ExpectHeadSeq: 2, ExpectHeadHash: all[1].Hash})
	require.NoError(t, err)
}

func TestJournalLineFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	e, err := j.Append(testEntry(1))
	require.NoError(t, err)
	_, err = j.Append(Entry{Event: EventRepaired, Summary: "test"})
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	require.Len(t, lines, 3)
	txHash := testEntry(1).Hashes[0].String()
	want := `{"v":1,"seq":1,"time":"2026-03-01T09:31:00Z","event":"signed","requestId":"req-1",` +
		`"hashes":["` + txHash + `"],"summary":"send 100 XEM to TALICE <vault> & \"co\"",` +
		`"signer":"` + testKeyPub + `","operator":"alice",` +
		`"prev":"0000000000000000000000000000000000000000000000000000000000000000",` +
		`"hash":"` + e.Hash.String() + `"}`
	assert.Equal(t, want, lines[0])
	assert.Equal(t, `{"v":1,"seq":2,"time":"2026-03-01T09:32:00Z","event":"repaired","requestId":"",`+
		`"hashes":[],"summary":"test","prev":"`+e.Hash.String()+`","hash":"`, lines[1][:strings.Index(lines[1], `"hash":"`)+8])
	assert.Empty(t, lines[2])
}

// The hash definition in journal_line.go, applied as an auditor would:
// drop the hash member textually, SHA-256 the rest.
func TestJournalHashDefinition(t *testing.T) {
	data := journalOf(t, 4)
	hashMember := regexp.MustCompile(`,"hash":"([0-9a-f]{64})"\}$`)
	prev := strings.Repeat("0", 64)
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		m := hashMember.FindStringSubmatch(line)
		require.NotNil(t, m, "line %d", i+1)
		pre := hashMember.ReplaceAllString(line, "}")
		assert.Equal(t, m[1], fmt.Sprintf("%x", sha256.Sum256([]byte(pre))), "line %d", i+1)
		assert.Contains(t, line, `"prev":"`+prev+`"`)
		prev = m[1]
	}
}

// The shell recipe of journal_line.go, run for real when sed, sha256sum
// and jq are installed.
func TestJournalHashShellRecipe(t *testing.T) {
	for _, tool := range []string{"bash", "sed", "sha256sum", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	require.NoError(t, os.WriteFile(path, journalOf(t, 4), 0o600))
	res, err := verifyFileResult(path, VerifyOptions{})
	require.NoError(t, err)

	recipes := map[string]string{
		"sed": `sed -E 's/,"hash":"[0-9a-f]{64}"\}$/}/' "$1" | while IFS= read -r l; do printf '%s' "$l" | sha256sum; done`,
		"jq":  `jq -c 'del(.hash)' "$1" | while IFS= read -r l; do printf '%s' "$l" | sha256sum; done`,
	}
	for name, script := range recipes {
		out, err := exec.Command("bash", "-c", script, "recipe", path).Output()
		require.NoError(t, err, name)
		sums := strings.Fields(string(out))
		require.Len(t, sums, 8, name) // "hash -" per line
		assert.Equal(t, res.HeadHash.String(), sums[6], name)
	}
}

func TestJournalEmpty(t *testing.T) {
	res, err := verifyResult(strings.NewReader(""), VerifyOptions{})
	require.NoError(t, err)
	assert.Equal(t, Result{}, res)

	path := filepath.Join(t.TempDir(), "journal.jsonl")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	j := openTestJournal(t, path)
	seq, _ := j.Head()
	assert.Equal(t, 0, seq)
	e, err := j.Append(testEntry(1))
	require.NoError(t, err)
	assert.Equal(t, 1, e.Seq)

	_, err = verifyResult(strings.NewReader(""), VerifyOptions{ExpectHeadSeq: 1, ExpectHeadHash: e.Hash})
	require.ErrorIs(t, err, ErrCorrupt, "an emptied journal is caught by the anchor")
}

func TestJournalAppendRefusesBadEntries(t *testing.T) {
	good := testEntry(1)
	with := func(f func(*Entry)) Entry { e := good; f(&e); return e }
	cases := []struct {
		name string
		e    Entry
		want string
	}{
		{"seq set", with(func(e *Entry) { e.Seq = 7 }), "leave them zero"},
		{"time set", with(func(e *Entry) { e.Time = time.Now() }), "leave them zero"},
		{"prev set", with(func(e *Entry) { e.Prev[0] = 1 }), "leave them zero"},
		{"hash set", with(func(e *Entry) { e.Hash[0] = 1 }), "leave them zero"},
		{"unknown event", with(func(e *Entry) { e.Event = "approved" }), "event must be"},
		{"no event", with(func(e *Entry) { e.Event = "" }), "event must be"},
		{"no request id", with(func(e *Entry) { e.RequestID = "" }), "requestId is empty"},
		{"request id too long", with(func(e *Entry) { e.RequestID = strings.Repeat("r", 129) }), "requestId is longer than 128 bytes"},
		{"request id with newline", with(func(e *Entry) { e.RequestID = "a\nb" }), "requestId has a control"},
		{"no signer", with(func(e *Entry) { e.Signer = sign.PublicKey{} }), "signer is missing"},
		{"no summary", with(func(e *Entry) { e.Summary = "" }), "summary is empty"},
		{"summary with a line separator", with(func(e *Entry) { e.Summary = "a\u2028b" }), "summary has a control"},
		{"summary not UTF-8", with(func(e *Entry) { e.Summary = "\xff" }), "summary is not valid UTF-8"},
		{"summary too long", with(func(e *Entry) { e.Summary = strings.Repeat("s", 1025) }), "summary is longer than 1024 bytes"},
		{"operator with tab", with(func(e *Entry) { e.Operator = "a\tb" }), "operator has a control"},
		// The one text rule (internal/printable): format characters that
		// reorder or hide text are refused like control characters.
		{"operator with a right-to-left override", with(func(e *Entry) { e.Operator = "alice\u202egnp.exe" }), "operator has a control"},
		{"summary with a zero-width space", with(func(e *Entry) { e.Summary = "signed\u200b 1 item" }), "summary has a control"},
		{"too many hashes", with(func(e *Entry) { e.Hashes = make([]transaction.Hash, 1025) }), "1025 hashes"},
		{"policy not a fingerprint", with(func(e *Entry) { e.Policy = strings.Repeat("A", 64) }), "policy is a fingerprint"},
		{"policy in a registration", with(func(e *Entry) {
			e.Event, e.RequestID, e.Plan, e.Policy = EventRegistered, "", "{}", strings.Repeat("a", 64)
		}), "policy is a fingerprint"},
	}
	j := openTestJournal(t, filepath.Join(t.TempDir(), "journal.jsonl"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := j.Append(c.e)
			require.ErrorContains(t, err, c.want)
		})
	}
	seq, _ := j.Head()
	assert.Equal(t, 0, seq, "nothing was written")
	_, err := j.Append(Entry{Event: EventRefused, RequestID: "r", Signer: testSigner, Summary: "no hashes"})
	require.NoError(t, err, "a refusal without hashes is fine")
}

// A signer appends, then dies before it can send the response: the entry
// is on disk. The crash is real: a child process exits without closing.
func TestJournalCrashAfterAppendKeepsTheEntry(t *testing.T) {
	if path := os.Getenv("COLDWALLET_CRASH_JOURNAL"); path != "" {
		j, err := Open(path, Options{})
		if err != nil {
			os.Exit(2)
		}
		if _, err := j.Append(testEntry(2)); err != nil {
			os.Exit(2)
		}
		os.Exit(3) // no Close, no response
	}
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	_, err := j.Append(testEntry(1))
	require.NoError(t, err)
	require.NoError(t, j.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalCrashAfterAppendKeepsTheEntry$")
	cmd.Env = append(os.Environ(), "COLDWALLET_CRASH_JOURNAL="+path)
	err = cmd.Run()
	require.Error(t, err)
	require.Equal(t, 3, cmd.ProcessState.ExitCode())

	j = openTestJournal(t, path)
	seq, _ := j.Head()
	assert.Equal(t, 2, seq, "the entry of the unanswered request is there")
}

func TestJournalConcurrentAppendsAreSerialized(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				e := testEntry(1)
				e.RequestID = fmt.Sprintf("w%d-%d", w, i)
				_, err := j.Append(e)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	res, err := verifyFileResult(path, VerifyOptions{})
	require.NoError(t, err)
	assert.Equal(t, workers*each, res.HeadSeq)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for w := range workers {
		for i := range each {
			assert.Equal(t, 1, bytes.Count(data, fmt.Appendf(nil, `"requestId":"w%d-%d"`, w, i)))
		}
	}
}

func TestJournalSecondOpenRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	_, err := j.Append(testEntry(1))
	require.NoError(t, err)
	_, err = Open(path, Options{})
	require.ErrorContains(t, err, "in use by another signer")
	require.NoError(t, j.Close())
	j2, err := Open(path, Options{})
	require.NoError(t, err, "the lock goes with Close")
	j2.Close()
}

func TestJournalAppendRefusesAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	_, err := j.Append(testEntry(1))
	require.NoError(t, err)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.WriteString("{}\n")
	require.NoError(t, err)
	f.Close()
	_, err = j.Append(testEntry(2))
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), "changed size")
}

func TestJournalAppendStopsAfterAFailedWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	// Swap in a read-only descriptor of the same file: the next write fails.
	ro, err := os.Open(path)
	require.NoError(t, err)
	rw := j.f
	j.f = ro
	_, err = j.Append(testEntry(1))
	require.ErrorContains(t, err, "writing journal")
	j.f = rw
	ro.Close()
	_, err = j.Append(testEntry(1))
	require.ErrorContains(t, err, "refuses appends after a failed write")
}

func TestJournalClosed(t *testing.T) {
	j := openTestJournal(t, filepath.Join(t.TempDir(), "journal.jsonl"))
	require.NoError(t, j.Close())
	require.NoError(t, j.Close(), "Close twice is fine")
	_, err := j.Append(testEntry(1))
	require.ErrorContains(t, err, "closed")
}

func TestJournalOpenRefusesADirectory(t *testing.T) {
	_, err := Open(t.TempDir(), Options{})
	require.Error(t, err)
}

func TestJournalAppendNeverWritesAnUnverifiableLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := openLegacyJournal(path, Options{Now: func() time.Time { return time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	defer j.Close()
	_, err = j.Append(testEntry(1))
	require.ErrorContains(t, err, "would not verify: time is not RFC 3339")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Zero(t, fi.Size())
}
