package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/window"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestJournalValidityMembers: validFrom and validUntil are written after
// transfers, both or neither, 0 included; they survive a reopening and
// reach the window's history.
func TestJournalValidityMembers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	e := testEntry(1)
	e.NodeTime, e.XEM, e.Transfers = 20, 5*transaction.XEM, 1
	e.Validity = &Validity{From: 0, Until: 3600}
	_, err := j.Append(e)
	require.NoError(t, err)
	legacy := testEntry(2)
	legacy.NodeTime, legacy.XEM, legacy.Transfers = 100_000, transaction.XEM, 1
	_, err = j.Append(legacy)
	require.NoError(t, err)
	require.NoError(t, j.Close())

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	require.Contains(t, lines[0], `"nodeTime":20,"xem":5000000,"transfers":1,"validFrom":0,"validUntil":3600,"operator":"alice",`)
	require.NotContains(t, lines[1], `"valid`)

	j = openTestJournal(t, path)
	require.Equal(t, []Spent{
		{Time: 20, Amount: 5 * transaction.XEM, Transfers: 1, Validity: &Validity{0, 3600}},
		{Time: 100_000, Amount: transaction.XEM, Transfers: 1},
	}, j.Spent())
	_, hasLatest := j.state.window.Latest()
	require.False(t, hasLatest, "node times years from the journal's clock do not count for the expiry rule")
	require.Equal(t, []window.Span{
		{From: 0, Until: 3600, Amount: 5 * transaction.XEM, Transfers: 1},
		{From: 100_000 - 86410, Until: 100_000 + 86410, Amount: transaction.XEM, Transfers: 1},
	}, j.state.window.Spans(), "an entry without validity counts over its node time ± 86410 s")
}

// TestJournalValidityStrict: the members are read as strictly as the
// rest of the line.
func TestJournalValidityStrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := openTestJournal(t, path)
	e := testEntry(1)
	e.Validity = &Validity{From: 10, Until: 20}
	_, err := j.Append(e)
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	line := bytes.TrimSuffix(b, []byte("\n"))
	_, reason := parseEntry(line)
	require.Empty(t, reason)
	for _, c := range []struct{ name, from, to, want string }{
		{"validFrom alone", `,"validUntil":20`, ``, "validFrom and validUntil come together"},
		{"validUntil alone", `"validFrom":10,`, ``, "validFrom and validUntil come together"},
		{"validFrom after validUntil", `"validFrom":10,"validUntil":20`, `"validFrom":21,"validUntil":20`, "validFrom must not be after validUntil"},
		{"beyond network time", `"validUntil":20`, `"validUntil":2147483648`, "validFrom must not be after validUntil, and both are network times"},
		{"reordered", `"validFrom":10,"validUntil":20`, `"validUntil":20,"validFrom":10`, "not in canonical form"},
		{"a leading zero", `"validFrom":10`, `"validFrom":010`, "not a journal entry"},
		{"edited", `"validUntil":20`, `"validUntil":21`, "hash does not match"},
		{"negative", `"validFrom":10`, `"validFrom":-1`, "not a journal entry"},
	} {
		t.Run(c.name, func(t *testing.T) {
			edited := bytes.Replace(line, []byte(c.from), []byte(c.to), 1)
			require.NotEqual(t, line, edited)
			_, reason := parseEntry(edited)
			require.Contains(t, reason, c.want)
		})
	}

	// Append refuses validity on anything but a signed entry, and an
	// empty interval.
	refused := testEntry(3)
	refused.Validity = &Validity{From: 1, Until: 2}
	_, err = j.Append(refused)
	require.ErrorContains(t, err, "validFrom and validUntil belong to a signed entry")
	empty := testEntry(1)
	empty.Validity = &Validity{From: 3, Until: 2}
	_, err = j.Append(empty)
	require.ErrorContains(t, err, "validFrom must not be after validUntil")
}
