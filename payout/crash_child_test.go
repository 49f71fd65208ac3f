package payout

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The crash test's child: the online process that the test kills. It runs
// one step of the payout flow, as a service would, and exits:
//
//	PAYOUT_CRASH_STEP   submit, build, receive, announce or refresh
//	PAYOUT_CRASH_STORE  sqlite:PATH or postgres:DSN
//	PAYOUT_CRASH_NODE   the test node's URL
//	PAYOUT_CRASH_MAX    the most withdrawals a batch takes
//	PAYOUT_CRASH_DIR    the withdrawals file (withdrawals.jsonl), and the
//	                    requests (ID.req) and responses (ID.resp) carried
//	                    to and from the offline vault
//
// It is the test binary itself, built with the nemcustody_faultinject tag
// (package internal/faultpoint), run with -test.run '^TestCrashChild$'.
const crashChildEnv = "PAYOUT_CRASH_STEP"

func TestCrashChild(t *testing.T) {
	step := os.Getenv(crashChildEnv)
	if step == "" {
		t.Skip("the crash test's child process; run by TestCrash")
	}
	if err := crashChild(t, step); err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", step+":", err)
		os.Exit(1)
	}
}

// crashPlan is the custody of the crash test, from fixed keys: the parent
// and every child build the same plan.
func crashPlan(t testing.TB) *custody {
	c := &custody{t: t, account: testKey(t, "account"), hot: testKey(t, "hot"), vaultA: testKey(t, "vault A"), vaultB: testKey(t, "vault B")}
	c.plan = newCustodyPlan(t, c)
	return c
}

func crashChild(t *testing.T, step string) error {
	ctx := context.Background()
	dir := os.Getenv("PAYOUT_CRASH_DIR")
	st, err := openCrashStore(ctx, os.Getenv("PAYOUT_CRASH_STORE"))
	if err != nil {
		return err
	}
	defer st.Close()
	c := crashPlan(t)
	client := &nis.Client{BaseURL: os.Getenv("PAYOUT_CRASH_NODE"), Timeout: 10 * time.Second}
	now, err := client.NetworkTime(ctx)
	if err != nil {
		return err
	}
	q := &Queue{Store: st, Plan: c.plan, Node: client, Initiator: c.hot, Cosigners: []sign.PublicKey{c.vaultA.PublicKey()},
		AnnounceOptions: nis.AnnounceOptions{Wait: 5 * time.Second, Poll: time.Millisecond},
		Now:             func() time.Time { return now.Time() }}
	switch step {
	case "submit":
		ws, err := readWithdrawals(filepath.Join(dir, "withdrawals.jsonl"))
		if err != nil {
			return err
		}
		for _, w := range ws {
			if _, err := q.Submit(ctx, w); err != nil {
				return err
			}
		}
	case "build":
		max, err := strconv.Atoi(os.Getenv("PAYOUT_CRASH_MAX"))
		if err != nil {
			return fmt.Errorf("PAYOUT_CRASH_MAX: %w", err)
		}
		if _, err := q.Build(ctx, max); err != nil && !errors.Is(err, ErrAwaiting) {
			return err
		}
		// Every batch that awaits signatures has its request file, also
		// one whose file a crash after the build kept from being written.
		pending, err := q.Pending(ctx)
		if err != nil {
			return err
		}
		for _, b := range pending {
			path := filepath.Join(dir, b.ID+".req")
			if _, err := os.Stat(path); err == nil {
				continue
			}
			if err := newfile.Write(newfile.File{Path: path, What: "request", Data: b.Request, Perm: 0o644}); err != nil {
				return err
			}
		}
	case "receive":
		pending, err := q.Pending(ctx)
		if err != nil {
			return err
		}
		for _, b := range pending {
			resp, err := os.ReadFile(filepath.Join(dir, b.ID+".resp"))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			if _, err := q.Receive(ctx, resp); err != nil {
				return err
			}
		}
	case "announce":
		if _, err := q.Announce(ctx); err != nil {
			return err
		}
	case "refresh":
		if _, err := q.Refresh(ctx); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown step %q", step)
	}
	return nil
}

// openCrashStore opens "sqlite:PATH" or "postgres:DSN".
func openCrashStore(ctx context.Context, spec string) (Store, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "sqlite":
		return OpenSQLite(ctx, arg, false)
	case "postgres":
		return OpenPostgres(ctx, arg, false)
	}
	return nil, fmt.Errorf("store %q: want sqlite:PATH or postgres:DSN", spec)
}

// withdrawalLine is one line of the crash test's withdrawals file.
type withdrawalLine struct {
	ID      string             `json:"id"`
	To      sign.Address       `json:"to"`
	Amount  transaction.Amount `json:"amount"`
	Message string             `json:"message"`
}

func writeWithdrawals(path string, ws []Withdrawal) error {
	var b strings.Builder
	for _, w := range ws {
		line, err := json.Marshal(withdrawalLine(w))
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

func readWithdrawals(path string) ([]Withdrawal, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Withdrawal
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l withdrawalLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, err
		}
		out = append(out, Withdrawal(l))
	}
	return out, sc.Err()
}
