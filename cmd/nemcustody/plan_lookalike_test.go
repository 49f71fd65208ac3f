package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestPlanLookAlikeCustodians plays an insider preparing the plan: a
// second key at "Site A" under a name that reads as "Site A" is refused by
// plan create, as one custodian (ASCII look-alike) or by code point
// (non-ASCII look-alike); and a plan document with a non-ASCII custodian,
// as an earlier version accepted it, fails plan check with one line that
// says what is wrong and what to do, without echoing the character.
func TestPlanLookAlikeCustodians(t *testing.T) {
	t.Parallel()
	keys := make([]string, 4)
	for i := range keys {
		k, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		keys[i] = k.PublicKey().String()
		k.Destroy()
	}
	args := func(custodian string) []string {
		return []string{"plan", "create", "--network", "testnet", "--account", keys[0], "--threshold", "2",
			"--cosigner", "online:" + keys[1] + ":hot:datacenter",
			"--cosigner", "offline:" + keys[2] + ":vault A:Site A",
			"--cosigner", "offline:" + keys[3] + ":vault B:" + custodian}
	}
	for _, c := range []struct {
		name, custodian, want string
	}{
		{"digit one for i", "S1te A", `nemcustody: error: multisig: invalid custody plan: one custodian or site alone reaches the threshold: custodian "Site A" (also written "S1te A") holds 2 key(s) and 2 are needed (--allow-single-custodian relaxes this)` + "\n"},
		{"small L and capitals", "SlTE-A", `nemcustody: error: multisig: invalid custody plan: one custodian or site alone reaches the threshold: custodian "Site A" (also written "SlTE-A") holds 2 key(s) and 2 are needed (--allow-single-custodian relaxes this)` + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", args(c.custodian)...)
			requireFailure(t, r)
			require.Equal(t, c.want, r.stderr)
		})
	}
	for _, c := range []struct {
		name, custodian, want string
	}{
		{"Cyrillic S", "\u0405ite A", "U+0405 at byte 0"},
		{"fullwidth S", "\uff33ite A", "U+FF33 at byte 0"},
		{"combining accent", "Site A\u0301", "U+0301 at byte 6"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", args(c.custodian)...)
			requireUsage(t, r)
			require.True(t, strings.HasPrefix(r.stderr, "nemcustody: error: --cosigner 3: the custodian has the non-ASCII character "+c.want+": "+asciiRule+"\n"), r.stderr)
			requireASCII(t, r.stderr)
		})
	}

	// A plan document from an earlier version, whose second vault is at a
	// Cyrillic look-alike of "Site A".
	r := runCLI(t, "", args("placeholder")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	doc := strings.Replace(r.stdout, `"placeholder"`, "\"\u0405ite A\"", 1)
	require.Contains(t, doc, "\u0405ite A")
	path := writeFile(t, filepath.Join(t.TempDir(), "old-plan.json"), doc)
	r = runCLI(t, "", "plan", "check", path)
	requireFailure(t, r)
	require.Equal(t, "nemcustody: error: plan "+path+": multisig: invalid custody plan: unusable cosigner label or custodian: "+
		"cosigner 3: the custodian has the non-ASCII character U+0405 at byte 0: "+asciiRule+"\n", r.stderr)
	requireASCII(t, r.stderr)
}

// requireASCII: nothing invisible or look-alike reaches the terminal.
func requireASCII(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		require.True(t, s[i] == '\n' || s[i] >= ' ' && s[i] < 0x7f, "byte %d of %q", i, s)
	}
}
