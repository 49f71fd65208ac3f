//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/internal/newfile"
)

// The crash test: every command that creates an output runs in a
// subprocess built with the nemcustody_faultinject tag (package
// internal/faultpoint), once to trace the write and sync points it
// reaches, then once per point with a SIGKILL there (and, at each write,
// once more with the write cut in half). After every kill the state on
// disk is checked as an operator would find it, and the command is run
// again. Deterministic: the kills happen at named points, never at a time.

// crashBinary builds the program with the fault points live.
func crashBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	bin := filepath.Join(t.TempDir(), "nemcustody-faultinject")
	out, err := exec.Command(goTool, "build", "-tags", "nemcustody_faultinject", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// fault is one injected failure: kill the process the nth time it reaches
// point name (before the step), or tear the nth write named name.
type fault struct {
	action string // "kill" or "tear"
	name   string
	n      int
}

func (f fault) String() string {
	if f.action == "tear" {
		return fmt.Sprintf("%s #%d cut in half", f.name, f.n)
	}
	return fmt.Sprintf("before %s #%d", f.name, f.n)
}

// writePoints are the points where a write can be torn.
var writePoints = []string{"newfile.write", "journal.write"}

// faultsOf returns the faults to inject for a trace: a kill at every point
// reached, and a tear at every write.
func faultsOf(trace []string) []fault {
	var out []fault
	seen := map[string]int{}
	for _, name := range trace {
		seen[name]++
		out = append(out, fault{"kill", name, seen[name]})
		if slices.Contains(writePoints, name) {
			out = append(out, fault{"tear", name, seen[name]})
		}
	}
	return out
}

// injected returns the faults a run injects: all of them, or under the
// race detector every tear and every other kill (the 1st, 3rd, ... of the
// trace). The child is never built with the race detector, so there it
// checks only this process, at 5 to 20 times the cost (a work factor 16
// keystore opened here takes seconds); CI injects every fault without it.
func injected(faults []fault) []fault {
	if !raceEnabled {
		return faults
	}
	var out []fault
	kills := 0
	for _, f := range faults {
		if f.action == "kill" {
			kills++
			if kills%2 == 0 {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// crashRun runs the fault binary with args. With trace set it records the
// points reached; with f set it injects f and requires the process to die
// by SIGKILL.
func crashRun(t *testing.T, bin, trace string, f *fault, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NEMCUSTODY_FAULT=", "NEMCUSTODY_FAULT_TRACE=")
	if trace != "" {
		cmd.Env = append(cmd.Env, "NEMCUSTODY_FAULT_TRACE="+trace)
	}
	if f != nil {
		cmd.Env = append(cmd.Env, fmt.Sprintf("NEMCUSTODY_FAULT=%s %s %d", f.action, f.name, f.n))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if f != nil {
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr, "the process was not killed at %s; stderr: %s", f, stderr.String())
		ws, ok := exitErr.Sys().(syscall.WaitStatus)
		require.True(t, ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL, "not killed by SIGKILL at %s: %v; stderr: %s", f, err, stderr.String())
		return result{-1, stdout.String(), stderr.String()}
	}
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr)
		code = exitErr.ExitCode()
	}
	return result{code, stdout.String(), stderr.String()}
}

// traceOf runs args once without a fault and returns the points reached.
func traceOf(t *testing.T, bin string, args ...string) []string {
	t.Helper()
	trace := filepath.Join(t.TempDir(), "trace")
	r := crashRun(t, bin, trace, nil, args...)
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
	return strings.Fields(string(mustRead(t, trace)))
}

// crashRow is one line of the report: a fault and what it left behind.
type crashRow struct{ scenario, fault, left string }

// crashReport collects the rows and logs them as a table at the end.
type crashReport struct{ rows []crashRow }

func (c *crashReport) add(scenario string, f fault, left []string) {
	c.rows = append(c.rows, crashRow{scenario, f.String(), strings.Join(left, "; ")})
}

func (c *crashReport) log(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n| scenario | killed | left behind (then: the retry) |\n|---|---|---|\n")
	for _, r := range c.rows {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.scenario, r.fault, r.left)
	}
	t.Log(b.String())
}

// staleTemps returns the stale temporary files in dir and describes each
// with describe (empty, partial or complete).
func staleTemps(t *testing.T, dir string, complete func([]byte) bool) ([]string, []string) {
	t.Helper()
	stale, err := newfile.Stale(dir)
	require.NoError(t, err)
	var desc []string
	for _, p := range stale {
		b := mustRead(t, p)
		switch {
		case len(b) == 0:
			desc = append(desc, "an empty temporary file")
		case complete(b):
			desc = append(desc, "a complete temporary file")
		default:
			desc = append(desc, "a partial temporary file")
		}
	}
	return stale, desc
}

// requireNamed checks that a run's warnings name every stale file.
func requireNamed(t *testing.T, r result, stale []string) {
	t.Helper()
	for _, p := range stale {
		require.Contains(t, r.stderr, "nemcustody: warning: "+p+" is a temporary file left by an interrupted nemcustody run", "stale %s not named", p)
	}
}

// requireOnly checks that dir holds only the given names and temporary
// files.
func requireOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), newfile.TempPrefix) {
			continue
		}
		ok := slices.ContainsFunc(names, func(n string) bool { m, _ := filepath.Match(n, e.Name()); return m })
		require.True(t, ok, "unexpected file %s", e.Name())
	}
}

func TestCrashAtEveryWritePoint(t *testing.T) {
	bin := crashBinary(t)
	f := newCustodyFixture(t)
	var report crashReport
	t.Cleanup(func() { report.log(t) })
	t.Run("sign --out", func(t *testing.T) { crashSign(t, bin, f, &report, false, false) })
	t.Run("sign --out, a repeat of a lost response", func(t *testing.T) { crashSign(t, bin, f, &report, true, false) })
	t.Run("sign --out --qr-png", func(t *testing.T) { crashSign(t, bin, f, &report, false, true) })
	t.Run("request transfer", func(t *testing.T) { crashRequest(t, bin, f, &report) })
	t.Run("key generate", func(t *testing.T) { crashKeyGenerate(t, bin, f, &report) })
	t.Run("qr encode --png", func(t *testing.T) { crashQR(t, bin, f, &report) })
}

// crashSign kills 'sign' at every point. repeat: the journal already holds
// the signing (its response was lost), so the run is a re-release. qr:
// the response is also written as PNGs.
func crashSign(t *testing.T, bin string, f *custodyFixture, report *crashReport, repeat, qrPNG bool) {
	scenario := "sign --out"
	switch {
	case repeat:
		scenario = "sign, repeat"
	case qrPNG:
		scenario = "sign --qr-png"
	}
	req := f.path("crash-sign.req")
	if _, err := os.Stat(req); err != nil {
		f.transfer(t, "crash-sign", "100")
	}
	policy := f.path("policy-vault.json")
	args := func(dir, out string) []string {
		a := []string{"sign", req, "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile, "--policy", policy,
			"--journal", filepath.Join(dir, "journal.jsonl"), "--plan", f.plan, "--yes", "--accept-node-time", "--out", filepath.Join(dir, out)}
		if qrPNG {
			a = append(a, "--qr-png", filepath.Join(dir, "png"))
		}
		return a
	}
	// The journal each trial starts from: new with the plan registered, and
	// for a repeat holding the first signing, whose response was lost.
	template := filepath.Join(t.TempDir(), "journal.jsonl")
	f.newJournal(t, template, f.plan)
	if repeat {
		r := runCLI(t, "", "sign", req, "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile, "--policy", policy,
			"--journal", template, "--plan", f.plan, "--yes", "--accept-node-time")
		requireSigned(t, r)
	}
	fresh := func() string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "journal.jsonl"), mustRead(t, template), 0o600))
		return dir
	}

	// A clean run: the points reached, and the reference response.
	ref := fresh()
	trace := traceOf(t, bin, args(ref, "resp.txt")...)
	want := []string{"newfile.create", "journal.write", "journal.sync", "journal.done",
		"newfile.write", "newfile.sync", "newfile.link", "newfile.unlink", "newfile.syncdir", "newfile.done"}
	if qrPNG {
		pngs, err := filepath.Glob(filepath.Join(ref, "png", "*.png"))
		require.NoError(t, err)
		// The response takes two QR parts; newfile creates the set of
		// files, writes and syncs each, links each, unlinks each, then
		// syncs the directory once.
		require.Len(t, pngs, 2)
		want = append(want, "newfile.create", "newfile.create", "newfile.write", "newfile.sync", "newfile.write", "newfile.sync",
			"newfile.link", "newfile.link", "newfile.unlink", "newfile.unlink", "newfile.syncdir", "newfile.done")
	}
	require.Equal(t, want, trace)
	refResp, err := coldwallet.ParseResponse(mustRead(t, filepath.Join(ref, "resp.txt")))
	require.NoError(t, err)
	refEntries, _, err := verifyJournalFile(filepath.Join(ref, "journal.jsonl"), journal.VerifyOptions{})
	require.NoError(t, err)
	debit := refEntries[firstSigning-1].XEM
	require.NotZero(t, debit)
	isResponse := func(b []byte) bool { _, err := coldwallet.ParseResponse(b); return err == nil }

	faults := faultsOf(trace)
	require.Len(t, faults, len(trace)+strings.Count(strings.Join(trace, " "), ".write"))
	for _, ft := range injected(faults) {
		t.Run(ft.String(), func(t *testing.T) {
			dir := fresh()
			crashRun(t, bin, "", &ft, args(dir, "resp.txt")...)
			var left []string
			jpath := filepath.Join(dir, "journal.jsonl")

			// The journal verifies, or its torn last line is repaired.
			_, _, err := verifyJournalFile(jpath, journal.VerifyOptions{})
			switch {
			case err == nil:
			case errors.Is(err, journal.ErrTorn):
				left = append(left, "a torn journal line (repaired)")
				var repaired struct {
					Seq  int    `json:"seq"`
					Hash string `json:"hash"`
				}
				r := runCLI(t, "", "journal", "repair", jpath, "--operator", "crash test")
				requireOK(t, result{r.code, r.stdout, ""}, &repaired) // warnings name the stale response
				require.NotContains(t, r.stderr, "error")
				_, _, err = verifyJournalFile(jpath, journal.VerifyOptions{})
				require.NoError(t, err)
			case errors.Is(err, fs.ErrNotExist):
				left = append(left, "no journal")
			default:
				t.Fatalf("the journal neither verifies nor is torn: %v", err)
			}
			entries, _, err := verifyJournalFile(jpath, journal.VerifyOptions{})
			if err != nil {
				require.ErrorIs(t, err, fs.ErrNotExist)
			}
			signed := 0
			for _, e := range entries {
				if e.Event == journal.EventSigned && e.RequestID == refResp.RequestID {
					signed++
				}
			}
			if repeat {
				signed--
			}
			left = append(left, fmt.Sprintf("%d new signed entr%s", signed, map[bool]string{true: "y", false: "ies"}[signed == 1]))

			// A response at its name is complete and has its entry.
			out := filepath.Join(dir, "resp.txt")
			if b, err := os.ReadFile(out); err == nil {
				resp, err := coldwallet.ParseResponse(b)
				require.NoError(t, err, "a partial response at the final name")
				require.Equal(t, refResp.Signatures, resp.Signatures)
				require.GreaterOrEqual(t, len(entries), resp.JournalSeq)
				e := entries[resp.JournalSeq-1]
				require.Equal(t, e.Hash.String(), resp.JournalHash, "a response without its journal entry")
				require.Equal(t, journal.EventSigned, e.Event)
				left = append(left, "the complete response")
			} else {
				require.ErrorIs(t, err, fs.ErrNotExist)
				left = append(left, "no response")
			}
			var pngs []string
			if qrPNG {
				pngs, err = filepath.Glob(filepath.Join(dir, "png", "*.png"))
				require.NoError(t, err)
				for _, p := range pngs {
					require.True(t, completePNG(mustRead(t, p)), "a partial PNG at its name")
				}
				if len(pngs) > 0 {
					left = append(left, "the complete PNG")
				}
			}
			requireOnly(t, dir, "journal.jsonl", "journal.jsonl.torn-*", "resp.txt", "png")
			stale, desc := staleTemps(t, dir, isResponse)
			if qrPNG && fileExists(filepath.Join(dir, "png")) {
				s, d := staleTemps(t, filepath.Join(dir, "png"), completePNG)
				stale, desc = append(stale, s...), append(desc, d...)
			}
			left = append(left, desc...)

			// The retry: with the same --out while it is free; a taken name
			// is refused before anything is journaled.
			retryOut := "resp.txt"
			if fileExists(out) {
				head := len(entries)
				r := runCLI(t, "", args(dir, "resp.txt")...)
				require.Contains(t, requireRefused(t, r), "already exists; refusing to overwrite it")
				after, _, err := verifyJournalFile(jpath, journal.VerifyOptions{})
				require.NoError(t, err)
				require.Len(t, after, head, "a refused retry journals nothing")
				retryOut = "retry.txt"
			}
			r := runCLI(t, "", args(dir, retryOut)...)
			requireSigned(t, r)
			requireNamed(t, r, stale)
			resp, err := coldwallet.ParseResponse(mustRead(t, filepath.Join(dir, retryOut)))
			require.NoError(t, err)
			require.Equal(t, refResp.Signatures, resp.Signatures, "the retry releases the same signatures")

			// Counted once.
			j, err := journal.Open(jpath, journal.Options{})
			require.NoError(t, err)
			spent := j.Spent()
			require.NoError(t, j.Close())
			require.Len(t, spent, 1, "the window counts the request once")
			require.Equal(t, debit, spent[0].Amount)
			retry := "the retry signs with the same --out"
			if retryOut != "resp.txt" {
				retry = "the same --out is refused, a new one signs"
			}
			left = append(left, "then: "+retry+", counted once")
			report.add(scenario, ft, left)
		})
	}
}

// crashRequest kills 'request transfer' (a request and a wrapper) at every
// point.
func crashRequest(t *testing.T, bin string, f *custodyFixture, report *crashReport) {
	args := func(dir, name string) []string {
		return []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"),
			"--passphrase-file", f.passFile, "--to", f.customer.String(), "--amount", "100",
			"--node-time", fmt.Sprint(fixtureNodeTime), "--out", filepath.Join(dir, name+".req"), "--wrapper-out", filepath.Join(dir, name+".wrap")}
	}
	ref := t.TempDir()
	trace := traceOf(t, bin, args(ref, "r")...)
	require.Equal(t, []string{"newfile.create", "newfile.create", "newfile.write", "newfile.sync", "newfile.write", "newfile.sync",
		"newfile.link", "newfile.link", "newfile.unlink", "newfile.unlink", "newfile.syncdir", "newfile.done"}, trace)
	refReq, refWrap := mustRead(t, filepath.Join(ref, "r.req")), mustRead(t, filepath.Join(ref, "r.wrap"))
	isOutput := func(b []byte) bool { return bytes.Equal(b, refReq) || bytes.Equal(b, refWrap) }

	for _, ft := range injected(faultsOf(trace)) {
		t.Run(ft.String(), func(t *testing.T) {
			dir := t.TempDir()
			crashRun(t, bin, "", &ft, args(dir, "r")...)
			var left, existing []string
			for _, o := range []struct {
				name string
				want []byte
			}{{"r.req", refReq}, {"r.wrap", refWrap}} {
				if b, err := os.ReadFile(filepath.Join(dir, o.name)); err == nil {
					require.Equal(t, o.want, b, "%s is not complete", o.name)
					existing = append(existing, o.name)
					left = append(left, "the complete "+o.name)
				}
			}
			if len(existing) == 0 {
				left = append(left, "no output")
			}
			requireOnly(t, dir, "r.req", "r.wrap")
			stale, desc := staleTemps(t, dir, isOutput)
			left = append(left, desc...)

			name := "r"
			if len(existing) > 0 {
				r := runCLI(t, "", args(dir, "r")...)
				require.Contains(t, requireRefused(t, r), "already exists; refusing to overwrite it")
				for _, e := range existing {
					require.Equal(t, map[string][]byte{"r.req": refReq, "r.wrap": refWrap}[e], mustRead(t, filepath.Join(dir, e)))
				}
				name = "r2"
				left = append(left, "then: the same names are refused, new names succeed")
			} else {
				left = append(left, "then: the retry succeeds")
			}
			r := runCLI(t, "", args(dir, name)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			requireNamed(t, r, stale)
			require.Equal(t, refReq, mustRead(t, filepath.Join(dir, name+".req")))
			require.Equal(t, refWrap, mustRead(t, filepath.Join(dir, name+".wrap")))
			report.add("request transfer", ft, left)
		})
	}
}

// crashKeyGenerate kills 'key generate' at every point.
func crashKeyGenerate(t *testing.T, bin string, f *custodyFixture, report *crashReport) {
	args := func(dir, name string) []string {
		return []string{"key", "generate", "--network", "testnet", "--label", "crash", "--passphrase-file", f.passFile,
			"--work-factor", "16", "--out", filepath.Join(dir, name)}
	}
	trace := traceOf(t, bin, args(t.TempDir(), "k.age")...)
	require.Equal(t, []string{"newfile.create", "newfile.write", "newfile.sync", "newfile.link", "newfile.unlink", "newfile.syncdir", "newfile.done"}, trace)
	opens := func(b []byte) bool {
		k, _, err := keystore.Decrypt(b, []byte(testPassphrase))
		if err == nil {
			k.Destroy()
		}
		return err == nil
	}
	for _, ft := range injected(faultsOf(trace)) {
		t.Run(ft.String(), func(t *testing.T) {
			dir := t.TempDir()
			crashRun(t, bin, "", &ft, args(dir, "k.age")...)
			var left []string
			ks := filepath.Join(dir, "k.age")
			exists := fileExists(ks)
			if exists {
				require.True(t, opens(mustRead(t, ks)), "a keystore at its name that does not open")
				st, err := os.Stat(ks)
				require.NoError(t, err)
				require.Zero(t, st.Mode().Perm()&0o077, "mode 0600")
				left = append(left, "the complete keystore (it opens)")
			} else {
				left = append(left, "no keystore")
			}
			requireOnly(t, dir, "k.age")
			stale, desc := staleTemps(t, dir, opens)
			for _, p := range stale {
				st, err := os.Stat(p)
				require.NoError(t, err)
				require.Zero(t, st.Mode().Perm()&0o077, "a temporary keystore has mode 0600 too")
			}
			left = append(left, desc...)
			name := "k.age"
			if exists {
				r := runCLI(t, "", args(dir, "k.age")...)
				require.Contains(t, requireRefused(t, r), "already exists; refusing to overwrite it")
				name = "k2.age"
				left = append(left, "then: the same --out is refused, a new one succeeds")
			} else {
				left = append(left, "then: the retry succeeds")
			}
			r := runCLI(t, "", args(dir, name)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			requireNamed(t, r, stale)
			require.True(t, opens(mustRead(t, filepath.Join(dir, name))))
			report.add("key generate", ft, left)
		})
	}
}

// crashQR kills 'qr encode --png' (a payload of three parts) at every
// point.
func crashQR(t *testing.T, bin string, f *custodyFixture, report *crashReport) {
	payload := writeFile(t, f.path("crash-qr-payload"), strings.Repeat("nemcustody crash test payload\n", 12))
	other := writeFile(t, f.path("crash-qr-other"), "another payload\n")
	args := func(dir, file string) []string {
		return []string{"qr", "encode", "--png", dir, "--max-version", "10", file}
	}
	ref := filepath.Join(t.TempDir(), "png")
	trace := traceOf(t, bin, args(ref, payload)...)
	refFiles := map[string][]byte{}
	pngs, err := filepath.Glob(filepath.Join(ref, "*.png"))
	require.NoError(t, err)
	require.Len(t, pngs, 3)
	for _, p := range pngs {
		refFiles[filepath.Base(p)] = mustRead(t, p)
	}
	var want []string
	for _, step := range []string{"create", "write sync", "link", "unlink"} {
		for range pngs {
			for _, s := range strings.Fields(step) {
				want = append(want, "newfile."+s)
			}
		}
	}
	require.Equal(t, append(want, "newfile.syncdir", "newfile.done"), trace)
	isPNG := func(b []byte) bool {
		for _, r := range refFiles {
			if bytes.Equal(b, r) {
				return true
			}
		}
		return false
	}
	for _, ft := range injected(faultsOf(trace)) {
		t.Run(ft.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "png")
			crashRun(t, bin, "", &ft, args(dir, payload)...)
			var left []string
			placed := 0
			if fileExists(dir) {
				entries, err := os.ReadDir(dir)
				require.NoError(t, err)
				for _, e := range entries {
					if strings.HasPrefix(e.Name(), newfile.TempPrefix) {
						continue
					}
					want, ok := refFiles[e.Name()]
					require.True(t, ok, "unexpected file %s", e.Name())
					require.Equal(t, want, mustRead(t, filepath.Join(dir, e.Name())), "%s is not complete", e.Name())
					placed++
				}
			}
			left = append(left, fmt.Sprintf("%d of 3 complete PNGs", placed))
			var stale []string
			if fileExists(dir) {
				var desc []string
				stale, desc = staleTemps(t, dir, isPNG)
				left = append(left, desc...)
			}
			if placed > 0 {
				r := runCLI(t, "", args(dir, payload)...)
				require.Contains(t, requireRefused(t, r), "already exists; refusing to overwrite it")
				fresh := filepath.Join(t.TempDir(), "png")
				r = runCLI(t, "", args(fresh, payload)...)
				require.Equal(t, exitOK, r.code, r.stderr)
				// The next run in the first directory names the stale files.
				r = runCLI(t, "", args(dir, other)...)
				require.Equal(t, exitOK, r.code, r.stderr)
				requireNamed(t, r, stale)
				left = append(left, "then: the same directory is refused, another succeeds")
			} else {
				r := runCLI(t, "", args(dir, payload)...)
				require.Equal(t, exitOK, r.code, r.stderr)
				requireNamed(t, r, stale)
				left = append(left, "then: the retry succeeds")
			}
			report.add("qr encode --png", ft, left)
		})
	}
}

// completePNG reports whether b is a whole PNG file: its signature first
// and its IEND chunk last.
func completePNG(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && bytes.HasSuffix(b, []byte("IEND\xaeB`\x82"))
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
