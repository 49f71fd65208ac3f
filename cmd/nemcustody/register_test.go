package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestPlanRegisterReplace: a registration that does not follow the
// registered plan is refused unless the operator replaces it, seeing in
// capitals what changes and typing REPLACE; the journal records it.
func TestPlanRegisterReplace(t *testing.T) {
	f := newCustodyFixture(t)
	journal := f.path("replace.journal")
	f.newJournal(t, journal, f.plan)
	doc, err := os.ReadFile(f.plan)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(doc), `"site A"`))
	moved := writeFile(t, f.path("moved.json"), strings.Replace(string(doc), `"site A"`, `"site D"`, 1))
	var p planJSON
	requireOK(t, runCLI(t, "", "plan", "check", moved), &p)

	r := runCLI(t, "", "plan", "register", "--journal", journal, "--plan", moved, "--fingerprint", p.Fingerprint)
	require.Equal(t, exitFailure, r.code)
	require.Contains(t, r.stderr, "nemcustody: error: coldwallet: not allowed by the registered plan: journal entry 2 registered plan ")
	require.Contains(t, r.stderr, "a new registration must be the same plan again, or replace it explicitly\n")
	require.Len(t, readJournal(t, journal), 2)

	vaultA := f.keys["vault-a"].Address(sign.Testnet).String()
	term := &scriptedTerminal{lines: []string{p.Fingerprint[:16], "replace"}}
	r = runCLITerm(t, term, "", "plan", "register", "--journal", journal, "--plan", moved, "--replace")
	require.Equal(t, exitFailure, r.code)
	require.Contains(t, r.stderr, "REPLACING THE REGISTRATION OF JOURNAL ENTRY 2: plan ")
	require.Contains(t, r.stderr, `  WARNING: THE NEW PLAN MOVES COSIGNER `+vaultA+` ("VAULT A") FROM CUSTODIAN "SITE A" TO "SITE D"`)
	require.True(t, strings.HasSuffix(r.stderr, "nemcustody: error: the replacement was not confirmed (REPLACE not typed): nothing registered\n"), r.stderr)
	require.Len(t, readJournal(t, journal), 2)

	term = &scriptedTerminal{lines: []string{p.Fingerprint[:16], "REPLACE"}}
	r = runCLITerm(t, term, "", "plan", "register", "--journal", journal, "--plan", moved, "--replace", "--operator", "bob")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, []string{
		"Type the first 16 characters of the fingerprint shown on the online machine: ",
		"Type REPLACE to replace the registration: ",
	}, term.prompts)
	lines := readJournal(t, journal)
	require.Len(t, lines, 3)
	require.Contains(t, lines[2], `"summary":"REPLACES the registration of entry 2 (plan `)
	require.Contains(t, lines[2], `"operator":"bob"`)

	fresh := f.path("fresh.journal")
	requireOK(t, runCLI(t, "", "journal", "init", fresh), new(journalInitJSON))
	r = runCLI(t, "", "plan", "register", "--journal", fresh, "--plan", moved, "--fingerprint", p.Fingerprint, "--replace")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "--replace: the journal registers no plan yet; register without it")
}
