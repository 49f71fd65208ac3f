// Command exchange-integration shows an exchange backend paying out
// customer withdrawals from a 2-of-3 multisig account whose second key is
// offline, with package payout: each withdrawal submitted once under the
// exchange's own ID, built in a batch, signed by the offline vault, announced
// and followed to confirmation, every step stored in an SQLite file first.
// Killed and started again at any point, it carries on from the store and
// pays nobody twice.
//
// Its state is a directory (--dir): the store (payouts.sqlite), the vault's
// signing journal, the requests and responses carried across the air gap,
// and a seed the example's testnet keys are derived from (a real backend
// holds its online key in a keystore, and the vault is another machine).
// Without --dir it uses a new temporary directory and removes it at the end.
//
// Without --node the payouts go to an in-memory test node (nis/nistest) that
// harvests a block when asked: no network. With --node URL (a NIS node:
// https://HOST:7891, or http://HOST:7890) they go to that node, and the
// example waits (up to --wait) for confirmations. Its keys are fresh, so a
// real node refuses the payouts (the account is not multisig and holds
// nothing): the point is the calls and the answers.
//
//	go run ./examples/exchange-integration
//	go run ./examples/exchange-integration --dir payouts --node http://localhost:7890
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/payout"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "exchange-integration: error:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("exchange-integration", flag.ContinueOnError)
	dir := flags.String("dir", "", "the directory the example keeps its state in (default: a new temporary one)")
	node := flags.String("node", "", "a NIS node's URL (default: an in-memory test node)")
	wait := flags.Duration("wait", 30*time.Minute, "with --node: how long to wait for the payouts' confirmations")
	if err := flags.Parse(args); err != nil {
		return err
	}
	cfg := config{dir: *dir, out: out, wait: *wait}
	if *dir == "" {
		d, err := os.MkdirTemp("", "nemcustody-exchange-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		cfg.dir = d
	}
	if *node != "" {
		if err := nis.CheckURL(*node); err != nil {
			return err
		}
		cfg.client = &nis.Client{BaseURL: *node}
		return runWith(cfg)
	}
	if *dir != "" {
		return errors.New("--dir needs --node: an in-memory node forgets its chain when the example ends, so a later run could not tell what was paid")
	}
	now, err := transaction.TimestampOf(time.Now())
	if err != nil {
		return err
	}
	mem := nistest.New(sign.Testnet, now)
	srv := httptest.NewServer(mem)
	defer srv.Close()
	cfg.client = &nis.Client{BaseURL: srv.URL}
	cfg.prepare = func(k *keys) {
		mem.Fund(k.account.PublicKey(), 10_000*transaction.XEM)
		mem.SetMultisig(k.account.PublicKey(), k.plan.Keys(), 2)
	}
	cfg.mine = func() {
		mem.Harvest()
		for range 9 {
			_ = mem.AddBlock()
		}
	}
	return runWith(cfg)
}

// config is one run of the backend.
type config struct {
	dir    string
	out    io.Writer
	client *nis.Client
	wait   time.Duration
	// prepare, when set, is called once, when the keys are made: the test
	// node makes the account multisig and funds it.
	prepare func(*keys)
	// mine, when set, puts the node's pool in a block and adds nine more
	// (the in-memory node); a real node harvests on its own.
	mine func()
	// stopAfter, when set, ends the run after that step, as a crash
	// would (the test restarts the backend from there).
	stopAfter string
}

// The exchange's pending withdrawals, as its database would hand them over.
var pending = []struct {
	id       string
	customer int
	amount   string
}{{"W-1000", 0, "12.5"}, {"W-1001", 1, "250"}, {"W-1002", 2, "0.000001"}, {"W-1003", 0, "7"}}

func runWith(cfg config) error {
	ctx := context.Background()
	out := cfg.out
	k, created, err := loadKeys(cfg.dir)
	if err != nil {
		return err
	}
	defer k.destroy()
	if created && cfg.prepare != nil {
		cfg.prepare(k)
	}

	// The store: made on the first run, opened on every later one (a
	// mistyped path is refused rather than starting an empty queue).
	path := filepath.Join(cfg.dir, "payouts.sqlite")
	st, err := payout.OpenSQLite(ctx, path, false)
	if errors.Is(err, fs.ErrNotExist) {
		st, err = payout.OpenSQLite(ctx, path, true)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	q := &payout.Queue{Store: st, Plan: k.plan, Node: cfg.client, Initiator: k.hot,
		Cosigners: []sign.PublicKey{k.vaultA.PublicKey()}, Poll: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	stop := func(step string) bool {
		if cfg.stopAfter == step {
			fmt.Fprintf(out, "stopped after %s (a crash); run again to carry on\n", step)
			return true
		}
		return false
	}

	// 1. Submit: the exchange's ID is the idempotency key, so submitting
	// everything pending again after a restart is safe.
	for _, w := range pending {
		amount, err := transaction.ParseXEM(w.amount)
		if err != nil {
			return err
		}
		r, err := q.Submit(ctx, payout.Withdrawal{ID: w.id, To: k.customers[w.customer], Amount: amount, Message: w.id})
		if err != nil {
			return fmt.Errorf("%s: %w", w.id, err)
		}
		fmt.Fprintf(out, "%s: %s XEM to %s: %s\n", r.ID, r.Amount, r.To, r.State)
	}
	if stop("submit") {
		return nil
	}

	// 2. Follow what an earlier run left (confirmations, expiries), then
	// build the next batch. A batch that awaits the vault is carried
	// again instead.
	if _, err := q.Refresh(ctx); err != nil {
		return err
	}
	b, err := q.Build(ctx, 0)
	if err != nil && !errors.Is(err, payout.ErrAwaiting) {
		return err
	}
	if b != nil {
		fmt.Fprintf(out, "batch %s: %d withdrawals for vault A, deadline %d\n", b.ID, len(b.Withdrawals), b.Deadline)
	}
	if stop("build") {
		return nil
	}

	// 3. The air gap: each request awaiting signatures goes to the vault
	// (here, in-process), and its response comes back.
	batches, err := q.Pending(ctx)
	if err != nil {
		return err
	}
	for _, b := range batches {
		resp, err := offlineVault(cfg.dir, k, b.Request)
		if err != nil {
			return err
		}
		rs, err := q.Receive(ctx, resp)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "batch %s: signed by vault A, %d payouts ready\n", b.ID, len(rs))
	}
	if stop("receive") {
		return nil
	}

	// 4. Announce, each wrapper before its cosignature; announcing again
	// after a restart is harmless.
	if _, err := q.Announce(ctx); err != nil {
		fmt.Fprintf(out, "announce: %v (the next run tries again)\n", err)
	}
	if stop("announce") {
		return nil
	}

	// 5. Follow every payout to its confirmation (or failure).
	if cfg.mine != nil {
		cfg.mine()
	}
	wctx, cancel := context.WithTimeout(ctx, cfg.wait)
	defer cancel()
	for _, w := range pending {
		r, err := q.Wait(wctx, w.id)
		if err != nil {
			return fmt.Errorf("%s: %w", w.id, err)
		}
		fmt.Fprintf(out, "%s: %s (%d confirmations, build %d, wrapper %s)\n", r.ID, r.State, r.Confirmations, r.Attempt, r.WrapperHash)
	}
	return nil
}

// keys are the example's: the account, its online key, the two vaults,
// three customers; derived from a seed kept in the state directory.
type keys struct {
	account, hot, vaultA, vaultB *sign.PrivateKey
	plan                         *multisig.Plan
	customers                    []sign.Address
}

func (k *keys) destroy() {
	for _, p := range []*sign.PrivateKey{k.account, k.hot, k.vaultA, k.vaultB} {
		if p != nil {
			p.Destroy()
		}
	}
}

// loadKeys reads the seed in dir, or makes it (created), and derives the
// keys and the plan from it.
func loadKeys(dir string) (k *keys, created bool, err error) {
	path := filepath.Join(dir, "example-seed")
	seed, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		seed = make([]byte, 32)
		if _, err := rand.Read(seed); err != nil {
			return nil, false, err
		}
		if err := os.WriteFile(path, seed, 0o600); err != nil {
			return nil, false, err
		}
		created = true
	} else if err != nil {
		return nil, false, err
	}
	if len(seed) != 32 {
		return nil, false, fmt.Errorf("%s: not a 32-byte seed", path)
	}
	derive := func(label string) (*sign.PrivateKey, error) {
		s := sha256.Sum256(append(append([]byte{}, seed...), label...))
		return sign.NewPrivateKeyFromSeed(s[:])
	}
	k = &keys{}
	for _, d := range []struct {
		to    **sign.PrivateKey
		label string
	}{{&k.account, "account"}, {&k.hot, "hot"}, {&k.vaultA, "vault A"}, {&k.vaultB, "vault B"}} {
		if *d.to, err = derive(d.label); err != nil {
			k.destroy()
			return nil, false, err
		}
	}
	for i := range 3 {
		c, err := derive(fmt.Sprintf("customer %d", i))
		if err != nil {
			k.destroy()
			return nil, false, err
		}
		k.customers = append(k.customers, c.Address(sign.Testnet))
		c.Destroy()
	}
	k.plan, err = multisig.NewPlan(k.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: k.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: k.vaultA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: k.vaultB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		k.destroy()
		return nil, false, err
	}
	return k, created, nil
}

// offlineVault stands for the air-gapped machine of vault A: its signing
// journal (in dir, made on first use) and its policy, which allows the
// example's customers only.
func offlineVault(dir string, k *keys, envelope []byte) ([]byte, error) {
	path := filepath.Join(dir, "vault-a.journal")
	j, err := journal.Open(path, journal.Options{})
	if errors.Is(err, journal.ErrMissing) {
		if j, err = journal.Create(path, "", nil, journal.Options{}); err == nil {
			_, err = coldwallet.Register(j, k.plan, nil, "")
		}
	}
	if err != nil {
		return nil, err
	}
	defer j.Close()
	policy := &coldwallet.Policy{Version: coldwallet.PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"transfer"},
		MaxAmountPerTransaction: "1001", Window: &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "10000", MaxCount: 100},
		Recipients: k.customers, MaxDeadline: "6h"}
	s := &coldwallet.OfflineSigner{Key: k.vaultA, Plan: k.plan, Policy: policy, Journal: j,
		Confirm: func(*coldwallet.Review) (bool, error) { return true, nil }}
	res, err := s.Sign(envelope)
	if err != nil {
		return nil, err
	}
	return res.Response, nil
}
