package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/payout"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The payout commands run package payout's queue on the embedded store: a
// batch of withdrawals from submission to confirmation, each step stored
// before the command prints it.

var payoutGroup = &group{
	name:     "payout",
	summary:  "exchange withdrawals, submitted once, built in batches, followed (online)",
	commands: []*command{payoutInitCmd, payoutSubmitCmd, payoutBuildCmd, payoutAnnounceCmd, payoutStatusCmd},
}

// payoutStoreHelp documents --store and --plan, which every payout
// command takes.
const payoutStoreHelp = `  --store FILE        the payout store, an SQLite file 'payout init' made
                      (required)
  --plan FILE         the custody plan of the paying account (required); a
                      store pays from the one account it was made for
`

var payoutInitCmd = &command{
	name:    "init",
	summary: "create the store the payout commands keep withdrawals in",
	run:     runPayoutInit,
	usage: `Usage: nemcustody payout init --store FILE --plan PLAN

Creates a new payout store: one SQLite file (mode 0600) for the plan's
account. It refuses a file that exists; the other payout commands refuse a
store that does not, so a mistyped path never starts an empty queue that
would forget what was built.

Prints JSON: store, account.

Example:
  nemcustody payout init --store payouts.sqlite --plan plan.json

Flags:
` + payoutStoreHelp,
}

var payoutSubmitCmd = &command{
	name:    "submit",
	summary: "store a customer withdrawal once, under the exchange's ID",
	run:     runPayoutSubmit,
	usage: `Usage: nemcustody payout submit --store FILE --plan PLAN --id ID --to ADDRESS
                             --amount XEM [--message TEXT]

Stores a withdrawal as accepted. The exchange's ID is its idempotency key:
submitting the same ID again prints the stored withdrawal, in whatever
state it is, and the same ID with another recipient, amount or message is
refused. Nothing is built or sent: 'payout build' does that.

Prints JSON: the withdrawal's record (see 'payout status').

Example:
  nemcustody payout submit --store payouts.sqlite --plan plan.json --id W-1042 \
    --to TCFGSLITSWMRROU2GO7FPMIUUDELUPSZUNJABUMH --amount 250 --message "withdrawal 1042"

Flags:
` + payoutStoreHelp + `  --id ID             the exchange's ID of the withdrawal: 1 to 64 ASCII
                      letters, digits and . _ : - (required)
  --to ADDRESS        the recipient, on the plan's network (required)
  --amount XEM        decimal XEM, at most 6 decimals (required)
  --message TEXT      a plain (unencrypted, public) message, at most 1024
                      bytes of printable UTF-8
`,
}

var payoutBuildCmd = &command{
	name:    "build",
	summary: "build the next batch and write its request for the offline keys",
	run:     runPayoutBuild,
	usage: `Usage: nemcustody payout build --store FILE --plan PLAN --initiator-keystore FILE
                            --node URL [--max N] [--deadline D]
                            [--cosigner PUBKEY]... [passphrase flags] --out REQUEST

Takes the oldest withdrawals that may be built (accepted, or expired), at
the node's network time: builds each transfer, wraps it, signs the wrapper
with the initiator's key, stores all of it, and then writes the batch's
request to REQUEST for the offline keys ('nemcustody sign'). The request
carries each key's journal head from its last response.

A key's next batch waits for its response to the previous one (or for
that batch's deadline to pass): while a batch awaits signatures, build
writes that batch's request again to REQUEST, with a warning, and builds
nothing. An expired withdrawal is built again only after its deadline has
passed by the node's time and this machine's clock and the node shows
neither the old wrapper nor its transfer ('payout status --node').

Prints JSON: requestId, out, withdrawals (the IDs, in item order),
nodeTime, deadline, signers, and again (true when the request is that of
a batch built before). With nothing to build it prints withdrawals [] and
writes no file.

Example:
  nemcustody payout build --store payouts.sqlite --plan plan.json \
    --initiator-keystore hot.age --node https://node.example:7891 --out batch-1.txt

Flags:
` + payoutStoreHelp + nodeFlagHelp + `  --max N             at most N withdrawals in the batch (default: as many
                      as one request holds, 64 cosignatures)
  --deadline D        how long the transactions stay valid, from 1s to 24h
                      (default 2h): the round trip to the offline machines
                      must fit in it, and their policy's maxDeadline allow it
  --out FILE          the request file to create (required; 0644, never
                      overwritten)
  --cosigner PUBKEY   ask this cosigner to sign; repeat for each. Default:
                      every offline cosigner of the plan except the
                      initiator.
  --initiator-keystore FILE
                      the keystore of the cosigner that signs the wrappers,
                      usually the online key (required)
` + passphraseHelp,
}

var payoutAnnounceCmd = &command{
	name:    "announce",
	summary: "take the offline responses and announce the signed payouts",
	run:     runPayoutAnnounce,
	usage: `Usage: nemcustody payout announce --store FILE --plan PLAN --node URL [RESPONSE]...

Takes each RESPONSE ('nemcustody sign' output) to a batch awaiting
signatures: it must answer the batch's request, come from the journal the
key answered from before and not from an older state of it, and its
signatures must verify; then the payouts it completes are signed. Then
announces every signed payout whose deadline has not passed, each
wrapper before its cosignatures, and stores what the node answered. A
response taken again changes nothing; announcing again is harmless (NIS
knows a transaction by its hash).

Prints JSON: received (the withdrawals each response signed) and
announced (the records announce changed). Fails, after storing what
succeeded, naming each payout the node did not accept.

Example:
  nemcustody payout announce --store payouts.sqlite --plan plan.json \
    --node https://node.example:7891 batch-1-vault-a.txt

Flags:
` + payoutStoreHelp + nodeFlagHelp,
}

var payoutStatusCmd = &command{
	name:    "status",
	summary: "the withdrawals and their states; with --node, follow them first",
	run:     runPayoutStatus,
	usage: `Usage: nemcustody payout status --store FILE --plan PLAN [--node URL] [--id ID]

Prints the stored withdrawals. With --node it first looks at the node for
every payout built, signed or announced and stores what it shows:
confirmed after 10 confirmations; expired once its deadline passed (by
the node's time and this machine's clock, 10 minutes ago) and the node
shows neither its wrapper nor its transfer, to be built again; failed when
the node refused it. A payout the node showed in a block is never expired.

Prints JSON: changed (how many records --node changed) and withdrawals,
each with id, to, amount, message, state (accepted, built, signed,
announced, confirmed, expired, failed), attempt (the builds), batch,
timestamp, deadline, wrapperHash, innerHash, height, confirmations,
reason (NIS's refusal), submitted and updated.

Example:
  nemcustody payout status --store payouts.sqlite --plan plan.json \
    --node https://node.example:7891 --id W-1042

Flags:
` + payoutStoreHelp + `  --node URL          the NIS node to follow the payouts on (optional);
                      https://HOST:7891 or http://HOST:7890
  --id ID             only this withdrawal
`,
}

// payoutFlags are the flags every payout command has.
type payoutFlags struct{ store, plan *string }

func addPayoutFlags(flags *flag.FlagSet) *payoutFlags {
	return &payoutFlags{store: flags.String("store", "", ""), plan: flags.String("plan", "", "")}
}

// parse parses the flags of the command named name, which takes no
// arguments, and checks the common ones.
func (f *payoutFlags) parse(flags *flag.FlagSet, args []string, name string) error {
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments", name)
	}
	return f.check()
}

func (f *payoutFlags) check() error {
	if *f.store == "" {
		return usagef("--store is required: the payout store ('payout init' makes one)")
	}
	if *f.plan == "" {
		return usagef("--plan is required: the custody plan of the paying account")
	}
	return nil
}

// payoutTimeout bounds a payout command's work with the store and the
// node; announcing waits up to 12 minutes for NIS to take a cosignature.
const payoutTimeout = 20 * time.Minute

// openQueue opens the store and the plan; the caller closes the store.
func (f *payoutFlags) openQueue(ctx context.Context, e *env, create bool) (*payout.Queue, error) {
	p, err := loadPlan(*f.plan)
	if err != nil {
		return nil, err
	}
	st, err := payout.OpenSQLite(ctx, *f.store, create)
	if err != nil {
		return nil, err
	}
	return &payout.Queue{Store: st, Plan: p, Now: e.now}, nil
}

func runPayoutInit(e *env, args []string) error {
	flags := newFlagSet("payout init")
	pf := addPayoutFlags(flags)
	if err := pf.parse(flags, args, "payout init"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), payoutTimeout)
	defer cancel()
	q, err := pf.openQueue(ctx, e, true)
	if err != nil {
		return err
	}
	defer q.Store.Close()
	// The first call records the plan's account in the store.
	if _, err := q.List(ctx); err != nil {
		return err
	}
	return writeJSON(e, struct {
		Store   string       `json:"store"`
		Account sign.Address `json:"account"`
	}{*pf.store, q.Plan.Address()})
}

func runPayoutSubmit(e *env, args []string) error {
	flags := newFlagSet("payout submit")
	pf := addPayoutFlags(flags)
	id := flags.String("id", "", "")
	to := flags.String("to", "", "")
	amount := flags.String("amount", "", "")
	message := flags.String("message", "", "")
	if err := pf.parse(flags, args, "payout submit"); err != nil {
		return err
	}
	switch {
	case *id == "":
		return usagef("--id is required: the exchange's ID of the withdrawal")
	case *to == "":
		return usagef("--to is required: the recipient's address")
	case *amount == "":
		return usagef("--amount is required: decimal XEM")
	}
	recipient, err := sign.ParseAddress(*to)
	if err != nil {
		return usagef("--to: %v", err)
	}
	xem, err := transaction.ParseXEM(*amount)
	if err != nil {
		return usagef("--amount must be a decimal number of XEM with at most 6 decimals")
	}
	ctx, cancel := context.WithTimeout(context.Background(), payoutTimeout)
	defer cancel()
	q, err := pf.openQueue(ctx, e, false)
	if err != nil {
		return err
	}
	defer q.Store.Close()
	r, err := q.Submit(ctx, payout.Withdrawal{ID: *id, To: recipient, Amount: xem, Message: *message})
	if err != nil {
		return err
	}
	return writeJSON(e, recordOutput(r))
}

// payoutBatchOutput is what 'payout build' prints.
type payoutBatchOutput struct {
	RequestID   string                `json:"requestId,omitempty"`
	Out         string                `json:"out,omitempty"`
	Withdrawals []string              `json:"withdrawals"`
	NodeTime    transaction.Timestamp `json:"nodeTime,omitempty"`
	Deadline    transaction.Timestamp `json:"deadline,omitempty"`
	Signers     []signerOutput        `json:"signers,omitempty"`
	Again       bool                  `json:"again"`
}

func runPayoutBuild(e *env, args []string) error {
	flags := newFlagSet("payout build")
	pf := addPayoutFlags(flags)
	node := flags.String("node", "", "")
	maxItems := flags.Int("max", 0, "")
	deadline := flags.String("deadline", "2h", "")
	out := flags.String("out", "", "")
	keystore := flags.String("initiator-keystore", "", "")
	pass := addPassphraseFlags(flags)
	var cosigners stringList
	flags.Var(&cosigners, "cosigner", "")
	if err := pf.parse(flags, args, "payout build"); err != nil {
		return err
	}
	if err := nodeFlag(*node); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		return usagef("--out is required: the request file to create")
	}
	if *keystore == "" {
		return usagef("--initiator-keystore is required: the keystore of the cosigner that signs the wrappers")
	}
	if *maxItems < 0 {
		return usagef("--max must be a positive number of withdrawals")
	}
	d, err := time.ParseDuration(*deadline)
	if err != nil || d < time.Second || d > 24*time.Hour {
		return usagef("--deadline must be a duration from 1s to 24h, such as 2h")
	}
	asked, err := cosignerKeys(cosigners)
	if err != nil {
		return err
	}
	if err := pass.check(); err != nil {
		return err
	}
	if err := checkOutput(*out, "request"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), payoutTimeout)
	defer cancel()
	q, err := pf.openQueue(ctx, e, false)
	if err != nil {
		return err
	}
	defer q.Store.Close()
	k, err := openInitiator(e, *keystore, pass, q.Plan)
	if err != nil {
		return err
	}
	defer k.Destroy()
	q.Node, q.Initiator, q.Cosigners, q.Deadline = newNodeClient(*node), k, asked, d
	b, again, err := buildOrPending(ctx, e, q, *maxItems)
	if err != nil || b == nil {
		return err
	}
	if err := writeOutputs(e, newfile.File{Path: *out, What: "request", Data: b.Request, Perm: 0o644}); err != nil {
		return err
	}
	return writeJSON(e, payoutBatchOutput{RequestID: b.ID, Out: *out, Withdrawals: b.Withdrawals, NodeTime: b.NodeTime,
		Deadline: b.Deadline, Signers: signersOutput(q.Plan, b.Signers), Again: again})
}

// buildOrPending builds a batch, or, while a batch awaits signatures,
// returns that one again (again: its request may never have been
// written, if a run died after the build). With nothing to build and
// nothing pending it writes an empty output and returns a nil batch.
func buildOrPending(ctx context.Context, e *env, q *payout.Queue, maxItems int) (b *payout.Batch, again bool, err error) {
	b, err = q.Build(ctx, maxItems)
	if !errors.Is(err, payout.ErrAwaiting) && (err != nil || b != nil) {
		return b, false, err
	}
	pending, perr := q.Pending(ctx)
	if perr != nil {
		return nil, false, perr
	}
	if len(pending) == 0 {
		if err != nil {
			return nil, false, err
		}
		return nil, false, writeJSON(e, payoutBatchOutput{Withdrawals: []string{}})
	}
	b = pending[0]
	e.warn("batch %s (%d withdrawals) still awaits the offline signatures: its request is written again, nothing new is built", b.ID, len(b.Withdrawals))
	return b, true, nil
}

// signersOutput describes keys of plan p.
func signersOutput(p *multisig.Plan, keys []sign.PublicKey) []signerOutput {
	out := make([]signerOutput, 0, len(keys))
	for _, k := range keys {
		s := signerOutput{PublicKey: k, Address: k.Address(p.Network)}
		if c, ok := p.Cosigner(k); ok {
			s.Label = c.Label
		}
		out = append(out, s)
	}
	return out
}

func runPayoutAnnounce(e *env, args []string) error {
	flags := newFlagSet("payout announce")
	pf := addPayoutFlags(flags)
	node := flags.String("node", "", "")
	responses, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	if err := nodeFlag(*node); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), payoutTimeout)
	defer cancel()
	q, err := pf.openQueue(ctx, e, false)
	if err != nil {
		return err
	}
	defer q.Store.Close()
	q.Node = newNodeClient(*node)
	received := map[string][]string{}
	for _, path := range responses {
		b, err := readFileLimit(path, "response", maxResponseSize)
		if err != nil {
			return err
		}
		rs, err := q.Receive(ctx, b)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		ids := make([]string, 0, len(rs))
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		received[path] = ids
	}
	changed, err := q.Announce(ctx)
	if err != nil {
		return err
	}
	return writeJSON(e, struct {
		Received  map[string][]string `json:"received"`
		Announced []payoutRecord      `json:"announced"`
	}{received, recordsOutput(changed)})
}

// maxResponseSize caps a response file: 64 items of a few hundred bytes.
const maxResponseSize = 1 << 20

func runPayoutStatus(e *env, args []string) error {
	flags := newFlagSet("payout status")
	pf := addPayoutFlags(flags)
	node := flags.String("node", "", "")
	id := flags.String("id", "", "")
	if err := pf.parse(flags, args, "payout status"); err != nil {
		return err
	}
	if *node != "" {
		if err := nodeFlag(*node); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), payoutTimeout)
	defer cancel()
	q, err := pf.openQueue(ctx, e, false)
	if err != nil {
		return err
	}
	defer q.Store.Close()
	changed := 0
	if *node != "" {
		q.Node = newNodeClient(*node)
		rs, err := q.Refresh(ctx)
		if err != nil {
			return err
		}
		changed = len(rs)
	}
	var rs []payout.Record
	if *id != "" {
		r, err := q.Status(ctx, *id)
		if err != nil {
			return err
		}
		rs = []payout.Record{r}
	} else if rs, err = q.List(ctx); err != nil {
		return err
	}
	return writeJSON(e, struct {
		Changed     int            `json:"changed"`
		Withdrawals []payoutRecord `json:"withdrawals"`
	}{changed, recordsOutput(rs)})
}

// payoutRecord is a withdrawal's record as the payout commands print it.
type payoutRecord struct {
	ID            string                `json:"id"`
	To            sign.Address          `json:"to"`
	Amount        string                `json:"amount"`
	Message       string                `json:"message,omitempty"`
	State         payout.State          `json:"state"`
	Attempt       int                   `json:"attempt"`
	Batch         string                `json:"batch,omitempty"`
	Timestamp     transaction.Timestamp `json:"timestamp,omitempty"`
	Deadline      transaction.Timestamp `json:"deadline,omitempty"`
	WrapperHash   *transaction.Hash     `json:"wrapperHash,omitempty"`
	InnerHash     *transaction.Hash     `json:"innerHash,omitempty"`
	Height        uint64                `json:"height,omitempty"`
	Confirmations uint64                `json:"confirmations,omitempty"`
	Reason        string                `json:"reason,omitempty"`
	Submitted     time.Time             `json:"submitted"`
	Updated       time.Time             `json:"updated"`
}

func recordOutput(r payout.Record) payoutRecord {
	o := payoutRecord{ID: r.ID, To: r.To, Amount: r.Amount.String(), Message: r.Message, State: r.State, Attempt: r.Attempt,
		Batch: r.Batch, Timestamp: r.Timestamp, Deadline: r.Deadline, Height: r.Height, Confirmations: r.Confirmations,
		Reason: r.Reason, Submitted: r.Submitted.UTC(), Updated: r.Updated.UTC()}
	if r.Attempt > 0 {
		o.WrapperHash, o.InnerHash = &r.WrapperHash, &r.InnerHash
	}
	return o
}

func recordsOutput(rs []payout.Record) []payoutRecord {
	out := make([]payoutRecord, 0, len(rs))
	for _, r := range rs {
		out = append(out, recordOutput(r))
	}
	return out
}
