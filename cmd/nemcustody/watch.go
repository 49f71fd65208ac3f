package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// exitAlerts is the exit status of 'watch --once' when it raised alerts.
const exitAlerts = 3

// watchContext is the context a continuous watch runs in: e.interrupted,
// or one that ends on SIGINT or SIGTERM.
func watchContext(e *env) (context.Context, context.CancelFunc) {
	if e.interrupted != nil {
		return e.interrupted()
	}
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

var watchGroup = &group{
	name:    "watch",
	summary: "report outflows of an account that no offline journal approved",
	single:  watchCmd,
}

var watchCmd = &command{
	name:    "watch",
	summary: "report outflows of an account that no offline journal approved",
	run:     runWatch,
	usage: `Usage: nemcustody watch --node URL --account ADDRESS --journal FILE [--journal FILE]...
                        (--signer PUBKEY... | --plan FILE) [--max-fee XEM]
                        [--max-outflow XEM --window DURATION] [--heads FILE]
                        [--health FILE [--stale-after DURATION]]
                        [--interval DURATION] [--webhook URL] [--once]

Polls a NIS node for the transactions that take funds out of ADDRESS (for a
multisig account, the wrappers of its inner transactions) and raises an
alert for:

  - every one that no offline signer approved (unapproved): approved means
    its hash, the hash of one of its cosignatures, or for a multisig
    wrapper its inner transaction's hash (what the offline signer records
    under "approves") is in a "signed" entry of the given journals, written
    by one of the --signer keys, AND that key's signature is on the
    transaction as the node lists it (its signer or one of its
    cosignatures);
  - every approved one for which the account pays more than --max-fee in
    fees: the wrapper's, the inner transaction's and the cosignatures'
    (fee). A journal approves the inner transaction, not the fee that
    whoever initiates the wrapper puts on it;
  - XEM leaving within --window above --max-outflow, approved or not, fees,
    namespace rental and mosaic creation fees included (outflow);
  - with --health (and --plan), every cosigner of the plan that has not
    proved control of its key within --stale-after (default 180 days) in
    the key health record FILE ('nemcustody plan health'), once until a
    newer proof is recorded (stale-key). The record is read and every
    proof in it verified at every poll; staleness is judged by the later
    of this machine's clock and the node's time.

The journals are copies of the offline signers' journals; they hold no
secrets. They are read once at start (a missing or corrupt journal is an
error) and verified (their whole hash chain) at every poll. They are not
signed: whoever can write them can add entries. That is why an entry counts
only for a --signer key that also signed the transaction on chain: a forged
entry cannot approve what no offline key signed, but it can approve what an
offline key did sign outside the journal (a key used with other software).

--signer names an offline key whose journal entries count (repeat it);
--plan FILE takes the plan's offline cosigners instead (or as well). One of
them is required. With --plan and no --max-outflow, the plan's account
limits (plan create --limit-period, --limit-amount) are the outflow limit.

--heads FILE is the record 'nemcustody combine --heads' keeps of the journal
each offline signer's responses came from and the latest entry seen: a
journal copy that is not that signer's journal, or no longer holds that
entry (truncated, rewritten, an older copy), is refused.

An unconfirmed multisig wrapper is reported only after --pending-grace, the
time its cosignatures normally take to follow it; everything else at once.

Run it continuously rather than from cron with --once where you can. Each
--once run is a first poll: it places history in the outflow window by the
transactions' own timestamps, which their signer chooses (NIS takes one up
to a day old), and it cannot tell how long a wrapper has waited in the pool,
so it reports unconfirmed wrappers only once they confirm. A continuous
watch stamps what it sees by the node's time when it first sees it.

Each alert is one line on stderr ("nemcustody: alert: ..."), one JSON object
on a line of stdout, and with --webhook a POST of the same JSON.

Example:
  nemcustody watch --node https://node.example:7891 --account TB... --plan plan.json \
      --journal vault-a.jsonl --journal vault-b.jsonl --max-outflow 5000 --window 1h

Flags:
  --node URL                the node: https://HOST:7891 (TLS, recommended)
                            or http://HOST:7890
  --account ADDRESS         the account to watch
  --journal FILE            an offline signer's journal; repeat for each signer
  --signer PUBKEY           an offline key whose journal entries count; repeat
  --plan FILE               count the entries of the plan's offline cosigners
  --max-fee XEM             fees one approved transaction may cost the account
                            (default 10)
  --max-outflow XEM         alert when more than XEM leave within --window
  --window DURATION         the outflow window (e.g. 1h); needs --max-outflow
  --heads FILE              the journal heads combine records (checked)
  --interval DURATION       time between polls (default 30s)
  --pending-grace DURATION  wait for an unconfirmed wrapper's cosignatures
                            (default 2m)
  --lookback DURATION       history the first poll checks (default 24h)
  --health FILE             the key health record of --plan
  --stale-after DURATION    the health check period: days (180d) or a
                            duration (default 180d)
  --webhook URL             POST each alert as JSON to URL (3 tries when
                            the receiver is down or answers 5xx)
  --once                    poll once and exit

Exit status: 0 no alert, 1 failure, 2 usage error, 3 alerts were raised
(--once). Without --once it runs until interrupted (SIGINT, SIGTERM) and
exits 0; a failed poll is reported on stderr and retried, and after 3 failed
polls in a row a "watch-failing" alert is raised (once per outage).
`,
}

func runWatch(e *env, args []string) error {
	flags := newFlagSet("watch")
	node := flags.String("node", "", "")
	account := flags.String("account", "", "")
	var journals, signerKeys stringList
	flags.Var(&journals, "journal", "")
	flags.Var(&signerKeys, "signer", "")
	planFile := flags.String("plan", "", "")
	maxFee := flags.String("max-fee", "", "")
	maxOutflow := flags.String("max-outflow", "", "")
	window := flags.Duration("window", 0, "")
	headsPath := flags.String("heads", "", "")
	interval := flags.Duration("interval", 30*time.Second, "")
	grace := flags.Duration("pending-grace", nis.DefaultPendingGrace, "")
	lookback := flags.Duration("lookback", nis.DefaultLookback, "")
	webhook := flags.String("webhook", "", "")
	health := flags.String("health", "", "")
	staleAfter := flags.String("stale-after", "", "")
	once := flags.Bool("once", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("watch takes no arguments")
	}
	if *node == "" || nis.CheckURL(*node) != nil {
		return usagef("--node must be the node's http or https URL")
	}
	addr, err := sign.ParseAddress(*account)
	if err != nil {
		return usagef("--account must be a NEM address")
	}
	if len(journals) == 0 {
		return usagef("at least one --journal is required: without one, every outflow is unapproved")
	}
	signers, plan, err := watchSigners(signerKeys, *planFile)
	if err != nil {
		return err
	}
	cfg := nis.WatchConfig{Account: addr, Journals: journals, Signers: signers, Window: *window, PendingGrace: *grace, Lookback: *lookback, Now: e.now}
	if err := watchHealth(&cfg, *health, *staleAfter, *planFile); err != nil {
		return err
	}
	if *headsPath != "" {
		if cfg.Heads, err = watchHeads(*headsPath, signers); err != nil {
			return err
		}
	}
	if err := watchLimits(&cfg, plan, *maxFee, *maxOutflow); err != nil {
		return err
	}
	if *interval <= 0 || *grace <= 0 || *lookback <= 0 || *window < 0 {
		return usagef("durations must be positive")
	}
	var hook *nis.Webhook
	if *webhook != "" {
		if nis.CheckURL(*webhook) != nil {
			return usagef("--webhook must be an http or https URL")
		}
		hook = &nis.Webhook{URL: *webhook}
	}
	w, err := nis.NewWatcher(&nis.Client{BaseURL: *node, HTTP: e.nodeHTTP}, cfg)
	if err != nil {
		return err
	}

	return watchLoop(e, w, hook, *once, *interval)
}

// watchHeads reads the journal heads file and returns the heads of
// signers.
func watchHeads(path string, signers []sign.PublicKey) ([]journal.Head, error) {
	b, err := readFileLimit(path, "journal heads", 1<<20)
	if err != nil {
		return nil, err
	}
	heads, err := coldwallet.DecodeHeads(b)
	if err != nil {
		return nil, fmt.Errorf("journal heads %s: %w", path, err)
	}
	return heads.Of(signers), nil
}

// watchLimits sets the fee cap and the outflow limit of cfg from the
// flags, or the outflow limit from the plan's account limits.
func watchLimits(cfg *nis.WatchConfig, plan *multisig.Plan, maxFee, maxOutflow string) error {
	var err error
	if maxOutflow == "" && cfg.Window == 0 && plan != nil && plan.Limits != nil {
		cfg.MaxOutflow, cfg.Window = plan.Limits.MaxAmount, plan.Limits.Period
	}
	if maxFee != "" {
		if cfg.MaxFee, err = transaction.ParseXEM(maxFee); err != nil || cfg.MaxFee == 0 {
			return usagef("--max-fee must be a positive amount of XEM")
		}
	}
	if maxOutflow != "" {
		if cfg.MaxOutflow, err = transaction.ParseXEM(maxOutflow); err != nil || cfg.MaxOutflow == 0 {
			return usagef("--max-outflow must be a positive amount of XEM")
		}
	}
	if (cfg.MaxOutflow > 0) != (cfg.Window > 0) {
		return usagef("--max-outflow and --window go together")
	}
	return nil
}

// watchLoop polls once (exit status 3 when alerts were raised) or until
// interrupted, printing alerts and sending them to the webhook.
func watchLoop(e *env, w *nis.Watcher, hook *nis.Webhook, once bool, interval time.Duration) error {
	ctx, stop := watchContext(e)
	defer stop()
	raised := 0
	emit := func(a nis.Alert) {
		raised++
		printLine(e.stderr, "alert", a.Message)
		b, err := json.Marshal(a)
		if err == nil {
			fmt.Fprintf(e.stdout, "%s\n", b)
		}
		if hook != nil {
			if err := hook.Send(ctx, a); err != nil {
				printLine(e.stderr, "error", err.Error())
			}
		}
	}
	if once {
		alerts, err := w.Poll(ctx)
		if err != nil {
			return err
		}
		for _, a := range alerts {
			emit(a)
		}
		if raised > 0 {
			return &exitStatus{code: exitAlerts}
		}
		return nil
	}
	return w.Run(ctx, interval, nis.RunHandlers{Alert: emit, PollFailed: func(err error) {
		if err == nil {
			printLine(e.stderr, "info", "polls work again")
			return
		}
		printLine(e.stderr, "error", "poll failed: "+err.Error())
	}})
}

// watchSigners returns the keys of --signer and the offline cosigners of
// --plan, without duplicates.
func watchSigners(keys []string, planFile string) ([]sign.PublicKey, *multisig.Plan, error) {
	var out []sign.PublicKey
	for _, s := range keys {
		k, err := sign.ParsePublicKey(s)
		if err != nil {
			return nil, nil, usagef("--signer must be a public key (64 hex characters)")
		}
		out = append(out, k)
	}
	var p *multisig.Plan
	if planFile != "" {
		var err error
		if p, err = loadPlan(planFile); err != nil {
			return nil, nil, err
		}
		for _, c := range p.Cosigners {
			if c.Role == multisig.Offline {
				out = append(out, c.PublicKey)
			}
		}
	}
	if len(out) == 0 {
		return nil, nil, usagef("--signer or --plan is required: journal entries count only for the offline keys they name")
	}
	slices.SortFunc(out, func(a, b sign.PublicKey) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(out), p, nil
}

// watchHealth sets the health check fields of cfg from --health,
// --stale-after and --plan.
func watchHealth(cfg *nis.WatchConfig, health, staleAfter, planFile string) error {
	if health == "" {
		if staleAfter != "" {
			return usagef("--stale-after goes with --health")
		}
		return nil
	}
	if planFile == "" {
		return usagef("--health needs --plan: the plan whose cosigners must prove control")
	}
	p, err := loadPlan(planFile)
	if err != nil {
		return err
	}
	cfg.Health, cfg.HealthPlan = health, p
	if staleAfter != "" {
		d, err := daysFlag(staleAfter)
		if err != nil {
			return usagef("--stale-after must be a positive number of days (180d) or a duration (4320h)")
		}
		cfg.StaleAfter = d
	}
	return nil
}

// exitStatus ends the program with code and no further message: what
// needed saying was already written.
type exitStatus struct{ code int }

func (e *exitStatus) Error() string { return fmt.Sprintf("exit status %d", e.code) }
