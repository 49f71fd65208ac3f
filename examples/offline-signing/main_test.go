package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOfflineSigning runs the example: one signing, then a refusal by
// the per-transaction limit, a tampered request, the kill switch, the
// journal verified against its anchor, and an edited journal refused.
func TestOfflineSigning(t *testing.T) {
	var out bytes.Buffer
	oldOut, oldErr := stdout, stderr
	t.Cleanup(func() { stdout, stderr = oldOut, oldErr })
	stdout, stderr = &out, &out

	require.NoError(t, run())
	s := out.String()
	for _, want := range []string{
		"   signed; journal entry 3, ",
		`   refused by rule "maxAmountPerTransaction": 900.200000 XEM (amount, levies and fees) is more than 500.000000 XEM`,
		"checksum mismatch: the envelope was changed or damaged",
		`refused by policy rule "killSwitch"`,
		"   5 entries, chain intact, head ",
		"journal is corrupt: line 3: hash does not match the entry (the entry was edited)",
	} {
		require.Contains(t, s, want)
	}
	require.Equal(t, 5, strings.Count(s, `{"v":1,"seq":`), "the journal the auditor reads: 5 entries")
}
