package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/newfile"
)

// unwritableDir returns a directory in which no file can be created, also
// for root (who ignores permission bits): /sys on Linux.
func unwritableDir(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		d := filepath.Join(t.TempDir(), "read-only")
		require.NoError(t, os.Mkdir(d, 0o500))
		return d
	}
	if runtime.GOOS != "linux" {
		t.Skip("running as root: no directory refuses new files")
	}
	return "/sys"
}

// TestSignChecksItsOutputBeforeJournaling: an output that cannot be
// created refuses the request before anything is journaled, so a failed
// write never leaves a "signed" entry whose response nobody has.
func TestSignChecksItsOutputBeforeJournaling(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "100")
	blocked := unwritableDir(t)
	file := writeFile(t, f.path("a-file"), "not a directory\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--out in a directory that refuses new files", []string{"--out", filepath.Join(blocked, "w.resp")}, "creating the response file"},
		{"--qr-png a directory that refuses new files", []string{"--out", f.path("w1.resp"), "--qr-png", blocked}, "QR code PNG directory " + blocked + ": cannot create a file in it"},
		{"--qr-png a file", []string{"--out", f.path("w2.resp"), "--qr-png", file}, "creating the QR code PNG directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			journal := f.path(strings.ReplaceAll(tc.name, " ", "-") + ".journal")
			f.newJournal(t, journal, f.plan)
			before := mustRead(t, journal)
			args := append(f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json"), "--yes"), tc.args...)
			args = append(args, "--journal", journal)
			r := runCLI(t, "", args...)
			last := requireRefused(t, r)
			require.Contains(t, last, tc.want)
			require.Equal(t, before, mustRead(t, journal), "nothing journaled")
			requireNoFile(t, f.path("w1.resp"))
			requireNoFile(t, f.path("w2.resp"))
			stale, err := newfile.Stale(f.dir)
			require.NoError(t, err)
			require.Empty(t, stale, "the response's temporary file was removed")
		})
	}
}

// TestSignNamesStaleTemporaryFiles: a temporary file left by a killed run
// is named in a warning, not used and not removed, and the run succeeds.
func TestSignNamesStaleTemporaryFiles(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "100")
	left := writeFile(t, f.path(newfile.TempPrefix+"0011223344556677"), "")
	old := time.Now().Add(-time.Hour) // an empty one made just now may be being created
	require.NoError(t, os.Chtimes(left, old, old))
	r := runCLI(t, "", f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("w.resp"))...)
	requireSigned(t, r)
	require.Contains(t, r.stderr, "nemcustody: warning: "+left+" is a temporary file left by an interrupted nemcustody run, not an output")
	require.FileExists(t, left)
	_, err := coldwallet.ParseResponse(mustRead(t, f.path("w.resp")))
	require.NoError(t, err)
}

// TestSignLostResponseIsReleasedAgain: the response file is lost after
// signing; signing the same request again releases the same signatures,
// says so in the review and in the JSON, and the window counts once.
func TestSignLostResponseIsReleasedAgain(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "1000")
	tight := vaultPolicy(f.customer)
	tight.Window = &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "1501", MaxCount: 2}
	policy := f.writePolicy(t, "policy-tight.json", tight)
	args := f.signArgs(f.path("w.req"), "vault-a", policy, "--yes", "--out", f.path("w.resp"))
	r := runCLI(t, "", args...)
	requireSigned(t, r)
	var first signJSON
	requireOK(t, result{r.code, r.stdout, ""}, &first)
	require.Zero(t, first.RepeatOf)
	want, err := coldwallet.ParseResponse(mustRead(t, f.path("w.resp")))
	require.NoError(t, err)
	require.NoError(t, os.Remove(f.path("w.resp")))

	r = runCLI(t, "", args...)
	requireSigned(t, r)
	require.Contains(t, r.stderr, fmt.Sprintf("REPEAT of journal entry %d: already counted", firstSigning))
	var again signJSON
	requireOK(t, result{r.code, r.stdout, ""}, &again)
	require.Equal(t, firstSigning, again.RepeatOf)
	require.Equal(t, firstSigning+1, again.JournalSeq)
	got, err := coldwallet.ParseResponse(mustRead(t, f.path("w.resp")))
	require.NoError(t, err)
	require.Equal(t, want.Signatures, got.Signatures)

	// 1000 + 500 XEM and fees fit 1501 XEM only if the first counted once.
	f.transfer(t, "v", "500")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("v.req"), "vault-a", policy, "--yes", "--out", f.path("v.resp"))...))
}

// racingTerminal confirms, but first runs race: an attacker with write
// access to the output directory acting while the operator reads the
// review, after the output was checked and before anything is journaled.
type racingTerminal struct{ race func() }

func (racingTerminal) ReadPassphrase(string) ([]byte, error) { return nil, errNoTerminal }

func (racingTerminal) Interactive() bool { return false }

func (r racingTerminal) ReadLine(string) (string, error) {
	r.race()
	return "YES", nil
}

// TestSignOutputTakenDuringTheReview: an attacker creates the --out name
// while the review is on screen. Nothing of theirs is replaced; the
// signing is journaled, the error says how to get the response, and
// signing again releases the same signatures without counting them again.
func TestSignOutputTakenDuringTheReview(t *testing.T) {
	t.Parallel()
	f := newCustodyFixture(t)
	f.transfer(t, "w", "100")
	out := f.path("w.resp")
	args := f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json"), "--out", out)
	r := runCLITerm(t, racingTerminal{func() {
		require.NoError(t, os.WriteFile(out, []byte("the attacker's file\n"), 0o666))
	}}, "", args...)
	last := requireRefused(t, r)
	require.Contains(t, last, "signed (journal entry "+fmt.Sprint(firstSigning)+"), but the response was not written: response file "+out+" already exists; refusing to overwrite it; sign the same request again")
	require.Equal(t, "the attacker's file\n", string(mustRead(t, out)))
	stale, err := newfile.Stale(f.dir)
	require.NoError(t, err)
	require.Empty(t, stale, "the temporary file was removed")

	r = runCLI(t, "", append(f.signArgs(f.path("w.req"), "vault-a", f.path("policy-vault.json"), "--out", f.path("w2.resp")), "--yes")...)
	requireSigned(t, r)
	var again signJSON
	requireOK(t, result{r.code, r.stdout, ""}, &again)
	require.Equal(t, firstSigning, again.RepeatOf)
	j, err := journal.Open(f.path("vault-a.journal"), journal.Options{})
	require.NoError(t, err)
	defer j.Close()
	require.Len(t, j.Spent(), 1)
}
