//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package payout

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// The crash test: a process running the payout flow (the child, see
// crash_child_test.go) is killed by SIGKILL at the steps it reaches (the
// fault points of package internal/faultpoint: before and after each
// commit of the store, after each announce, each step of writing a
// request file) and started again, as an operator would. The flow: the
// withdrawals are submitted; a first batch is built, signed by the vault,
// received; a second batch is built and lost on its way to the vault; the
// first is announced and confirmed; the second expires and is built again,
// signed, received, announced and confirmed.
//
// After every restart: every withdrawal submitted is stored once, and each
// is built at most once per deadline window (a build is stamped after the
// previous build's deadline and NIS's 10 s tolerance). At the end: every
// withdrawal is confirmed, with exactly the builds of a run without a
// crash, and the test node's chain paid each customer once.
//
// Short version (always): 10 withdrawals in batches of 6, killed the first
// time each point is reached in the first step of each kind, on the
// embedded store. Long version
// (NEMCUSTODY_LONG_TESTS=1, set by .ci/run): 100 withdrawals in batches
// of 64, killed at the first, second, middle and last time each step is
// reached, and each write cut in half, on both stores.

// longEnv, when "1", runs the long versions of the crash and race tests;
// .ci/run sets it.
const longEnv = "NEMCUSTODY_LONG_TESTS"

func long() bool { return os.Getenv(longEnv) == "1" }

// crashBinary builds this package's test binary with the fault points
// live, once per test run.
func crashBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a test binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	bin := filepath.Join(t.TempDir(), "payout-faultinject.test")
	out, err := exec.Command(goTool, "test", "-c", "-tags", "nemcustody_faultinject", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go test -c: %s", out)
	return bin
}

// fault is one injected failure: kill the process the nth time it
// reaches the point name, or cut the nth write named name in half.
type fault struct {
	action, name string
	n            int
}

func (f fault) String() string {
	if f.action == "tear" {
		return fmt.Sprintf("%s #%d cut in half", f.name, f.n)
	}
	return fmt.Sprintf("before %s #%d", f.name, f.n)
}

// crashStep is one step of the flow: a child step, or something the test
// (the vault, the chain, the clock) does.
type crashStep struct {
	child  string
	parent func(e *crashEnv)
	what   string
}

// crashEnv is one run of the flow: a new node, store and vault.
type crashEnv struct {
	t     *testing.T
	bin   string
	c     *custody
	vault *vault
	dir   string
	spec  string
	store Store
	ws    []Withdrawal
	max   int
}

func newCrashEnv(t *testing.T, bin string, k storeKind, n, max int) *crashEnv {
	e := &crashEnv{t: t, bin: bin, dir: t.TempDir(), ws: withdrawals(t, n), max: max}
	e.c = newCustody(t)
	e.vault = e.c.newVault(t, e.c.vaultA)
	switch k.name {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "payouts.sqlite")
		s, err := OpenSQLite(context.Background(), path, true)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		e.store, e.spec = s, "sqlite:"+path
	case "postgres":
		dsn := postgresDSN(t)
		s, err := OpenPostgres(context.Background(), dsn, true)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		e.store, e.spec = s, "postgres:"+dsn
	}
	require.NoError(t, writeWithdrawals(filepath.Join(e.dir, "withdrawals.jsonl"), e.ws))
	return e
}

// steps is the flow.
func (e *crashEnv) steps() []crashStep {
	var secondDeadline transaction.Timestamp
	return []crashStep{
		{child: "submit"},
		{child: "build", what: "the first batch"},
		{parent: (*crashEnv).signPending, what: "the vault signs"},
		{child: "receive"},
		{child: "build", what: "the second batch"},
		{parent: func(e *crashEnv) { secondDeadline = e.pendingDeadline() }, what: "the second batch is lost"},
		{child: "announce"},
		{parent: func(e *crashEnv) { e.c.confirm(10) }, what: "ten blocks"},
		{child: "refresh", what: "the first batch confirmed"},
		{parent: func(e *crashEnv) { e.c.node.SetTime(secondDeadline + 600) }, what: "the second batch's deadline and grace pass"},
		{child: "refresh", what: "the second batch expires"},
		{child: "build", what: "the second batch built again"},
		{parent: (*crashEnv).signPending, what: "the vault signs"},
		{child: "receive"},
		{child: "announce"},
		{parent: func(e *crashEnv) { e.c.confirm(10) }, what: "ten blocks"},
		{child: "refresh", what: "everything confirmed"},
	}
}

// signPending has the vault sign every request that awaits signatures.
func (e *crashEnv) signPending() {
	pending, err := (&Queue{Store: e.store, Plan: e.c.plan}).Pending(context.Background())
	require.NoError(e.t, err)
	require.NotEmpty(e.t, pending)
	for _, b := range pending {
		req, err := os.ReadFile(filepath.Join(e.dir, b.ID+".req"))
		require.NoError(e.t, err, "the request of a pending batch was written")
		require.Equal(e.t, b.Request, req)
		require.NoError(e.t, os.WriteFile(filepath.Join(e.dir, b.ID+".resp"), e.vault.sign(req), 0o600))
	}
}

// pendingDeadline is the deadline of the one batch awaiting signatures.
func (e *crashEnv) pendingDeadline() transaction.Timestamp {
	pending, err := (&Queue{Store: e.store, Plan: e.c.plan}).Pending(context.Background())
	require.NoError(e.t, err)
	require.Len(e.t, pending, 1)
	return pending[0].Deadline
}

// run runs a child step; with trace it records the points reached, with
// f it injects f and requires the child to die by SIGKILL.
func (e *crashEnv) run(step, trace string, f *fault) {
	t := e.t
	cmd := exec.Command(e.bin, "-test.run", "^TestCrashChild$", "-test.count", "1")
	cmd.Env = append(os.Environ(), "NEMCUSTODY_FAULT=", "NEMCUSTODY_FAULT_TRACE=",
		crashChildEnv+"="+step, "PAYOUT_CRASH_STORE="+e.spec, "PAYOUT_CRASH_NODE="+e.c.srv.URL,
		"PAYOUT_CRASH_DIR="+e.dir, fmt.Sprintf("PAYOUT_CRASH_MAX=%d", e.max))
	if trace != "" {
		cmd.Env = append(cmd.Env, "NEMCUSTODY_FAULT_TRACE="+trace)
	}
	if f != nil {
		cmd.Env = append(cmd.Env, fmt.Sprintf("NEMCUSTODY_FAULT=%s %s %d", f.action, f.name, f.n))
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if f == nil {
		require.NoError(t, err, "%s: %s", step, out.String())
		return
	}
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr, "%s was not killed at %s: %s", step, f, out.String())
	ws, ok := exitErr.Sys().(syscall.WaitStatus)
	require.True(t, ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL, "%s: not killed by SIGKILL at %s: %v: %s", step, f, err, out.String())
}

// attempt is one stored build.
type attempt struct {
	n            int
	ts, deadline transaction.Timestamp
}

// attempts returns every stored build, by withdrawal.
func (e *crashEnv) attempts() map[string][]attempt {
	s := e.store.(*sqlStore)
	rows, err := s.db.Query(`SELECT withdrawal, attempt, ts, deadline FROM payout_attempts ORDER BY withdrawal, attempt`)
	require.NoError(e.t, err)
	defer rows.Close()
	out := map[string][]attempt{}
	for rows.Next() {
		var id string
		var a attempt
		require.NoError(e.t, rows.Scan(&id, &a.n, &a.ts, &a.deadline))
		out[id] = append(out[id], a)
	}
	require.NoError(e.t, rows.Err())
	return out
}

// check verifies what must hold after every restart: the withdrawals
// submitted are stored once each, and every withdrawal's builds are
// numbered from 1 and each stamped after the previous one's deadline and
// NIS's 10 s tolerance: built at most once per deadline window.
func (e *crashEnv) check(submitted bool) {
	t := e.t
	all := mustList(t, &Queue{Store: e.store, Plan: e.c.plan})
	if submitted {
		require.Len(t, all, len(e.ws), "no withdrawal lost, none twice")
		for i, r := range all {
			require.Equal(t, e.ws[i], r.Withdrawal)
		}
	}
	for id, as := range e.attempts() {
		for i, a := range as {
			require.Equal(t, i+1, a.n, "%s: builds numbered from 1", id)
			if i > 0 {
				require.Greater(t, a.ts, as[i-1].deadline+10, "%s: build %d is stamped inside build %d's window", id, a.n, as[i-1].n)
			}
		}
	}
}

// final verifies the end: everything confirmed, the builds of the run
// without a crash, and each customer paid once on the node's chain.
func (e *crashEnv) final(ref map[string]int) {
	t := e.t
	e.check(true)
	for _, r := range mustList(t, &Queue{Store: e.store, Plan: e.c.plan}) {
		require.Equal(t, Confirmed, r.State, r.ID)
		require.True(t, e.c.node.Confirmed(r.WrapperHash), r.ID)
	}
	builds := map[string]int{}
	for id, as := range e.attempts() {
		builds[id] = len(as)
	}
	require.Equal(t, ref, builds, "the builds of a run without a crash")
	var total transaction.Amount
	for _, w := range e.ws {
		require.Equal(t, w.Amount, e.c.node.Balance(w.To), "%s: paid once", w.ID)
		total += w.Amount
	}
	// NIS's fees per payout: the transfer and its short message 0.05 XEM
	// each, the wrapper and the cosignature 0.15 each.
	fees := transaction.Amount(len(e.ws)) * (2*transaction.FeeUnit + 2*transaction.FlatFee)
	require.Equal(t, 1_000_000*transaction.XEM-total-fees, e.c.node.Balance(e.c.plan.Address()))
}

// flow runs the whole flow, injecting f at child step index at (if f is
// not nil) and running that step again after the kill. With traces it
// records each child step's points.
func (e *crashEnv) flow(at int, f *fault, traces map[int][]string) {
	for i, s := range e.steps() {
		if s.parent != nil {
			s.parent(e)
			continue
		}
		if traces != nil {
			path := filepath.Join(e.t.TempDir(), "trace")
			e.run(s.child, path, nil)
			b, err := os.ReadFile(path)
			require.NoError(e.t, err)
			traces[i] = strings.Fields(string(b))
			e.check(true)
			continue
		}
		if i == at {
			e.run(s.child, "", f)
			e.check(i > 0) // a submission cut short: none twice, the rest later
		}
		e.run(s.child, "", nil)
		e.check(true)
	}
}

// faultsOf chooses the faults of a step's trace. Long: for each point, a
// kill the first, second, middle and last time it is reached, and at a
// write a tear; the store's binding (every child's first transaction) in
// the first step only. Short: a kill the first time each point is
// reached, in the first step of each kind (seen records them), and of
// writing a file only the write itself (cmd/nemcustody's crash test kills
// package newfile at every point).
func faultsOf(trace []string, first bool, seen map[string]bool, step string) []fault {
	count := map[string]int{}
	var names []string
	for _, n := range trace {
		if count[n] == 0 {
			names = append(names, n)
		}
		count[n]++
	}
	var out []fault
	for _, name := range names {
		if strings.HasPrefix(name, "payout.bind.") && !first {
			continue
		}
		if !long() {
			if seen[step+" "+name] || strings.HasPrefix(name, "newfile.") && name != "newfile.write" {
				continue
			}
			seen[step+" "+name] = true
		}
		ns := []int{1}
		if k := count[name]; long() {
			ns = slices.Compact(slices.Sorted(slices.Values([]int{1, min(2, k), (k + 1) / 2, k})))
		}
		for _, n := range ns {
			out = append(out, fault{"kill", name, n})
			if name == "newfile.write" && long() {
				out = append(out, fault{"tear", name, n})
			}
		}
	}
	return out
}

func TestCrash(t *testing.T) {
	bin := crashBinary(t)
	n, max, kinds := 10, 6, []storeKind{sqliteKind}
	if long() {
		n, max, kinds = 100, 64, storeKinds
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			// A run without a crash: the points each step reaches, and
			// the builds it makes.
			ref := newCrashEnv(t, bin, k, n, max)
			traces := map[int][]string{}
			ref.flow(-1, nil, traces)
			refBuilds := map[string]int{}
			for id, as := range ref.attempts() {
				refBuilds[id] = len(as)
			}
			ref.final(refBuilds)
			rebuilt := 0
			for _, b := range refBuilds {
				if b == 2 {
					rebuilt++
				}
			}
			require.Equal(t, n-max, rebuilt, "the second batch is built twice, the first once")

			steps := ref.steps()
			tried := 0
			start := time.Now()
			seen := map[string]bool{}
			for i := range steps {
				if steps[i].child == "" {
					continue
				}
				for _, f := range faultsOf(traces[i], i == 0, seen, steps[i].child) {
					name := strings.Join(strings.Fields(fmt.Sprintf("%d %s %s", i, steps[i].child, steps[i].what)), " ")
					t.Run(fmt.Sprintf("%s: %s", name, f), func(t *testing.T) {
						e := newCrashEnv(t, bin, k, n, max)
						e.flow(i, &f, nil)
						e.final(refBuilds)
					})
					tried++
				}
			}
			t.Logf("%d withdrawals, %d kills and restarts in %s", n, tried, time.Since(start).Round(time.Second))
		})
	}
}
