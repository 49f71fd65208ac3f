package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// The online side's questions to a NIS node: its time, an account, and
// announcing payloads. Every answer is read strictly by package nis.

var nodeGroup = &group{
	name:     "node",
	summary:  "ask a NIS node (online)",
	commands: []*command{nodeTimeCmd},
}

var announceGroup = &group{
	name:    "announce",
	summary: "announce payloads to a NIS node in the order it accepts them (online)",
	single:  announceCmd,
}

var accountGroup = &group{
	name:    "account",
	summary: "an account's balance and multisig state; with a plan, the differences (online)",
	single:  accountCmd,
}

// nodeFlagHelp documents --node for the commands that ask a node.
const nodeFlagHelp = `  --node URL          the NIS node: https://HOST:7891 (TLS, recommended) or
                      http://HOST:7890; no credentials in the URL
`

var nodeTimeCmd = &command{
	name:    "time",
	summary: "the node's network time, as --node-time takes it",
	run:     runNodeTime,
	usage: `Usage: nemcustody node time --node URL

Asks the node for its network time (GET /time-sync/network-time) and
prints JSON: node, nodeTime (seconds since the NEM epoch, rounded as NIS
rounds it: the value 'request --node-time' takes), and utc (the same time
for people). Stamp transactions with the node's time, never with this
machine's clock: NIS refuses a timestamp more than 10 s ahead of its own.
The request commands can also ask the node themselves (--node).

Example:
  nemcustody node time --node https://node.example:7891

Flags:
` + nodeFlagHelp,
}

var announceCmd = &command{
	name:     "announce",
	synopsis: "announce --node URL FILE...",
	run:      runAnnounce,
	usage: `Usage: nemcustody announce --node URL [--wait D] FILE...

Reads announce payloads, one JSON object {"data","signature"} per line, from
each FILE ("-" for stdin): what 'combine' prints, or a wrapper file of
'request transfer'. Every payload is parsed strictly and its signature
verified before anything is sent; then they go to POST
/transaction/announce in the order a node accepts them: every payload
that is not a cosignature (wrappers, conversions) first, in the order
given, then each cosignature once its wrapper is accepted or in the
node's pool. A cosignature the node refuses with
FAILURE_MULTISIG_NO_MATCHING_MULTISIG (73: its wrapper not yet there) is
retried with backoff for up to --wait. Running it again with the same
payloads is safe: the node answers NEUTRAL or FAILURE_HASH_EXISTS for what
it already has, and both count as accepted (NEUTRAL only once the pool or
the chain shows the transaction).

Prints JSON: node, and announced, one object per payload in input order:
payload (its number), type, hash, innerHash (a wrapper's, or the one a
cosignature names), code and result (NIS's answer), attempts, and note
when there is something to add. When a payload was not accepted, nothing
is printed on stdout and the one error line names each such payload and
NIS's answer.

Example:
  nemcustody combine request.txt response.txt --plan plan.json \
    --heads heads.json --presigned wrapper.json > announce.jsonl
  nemcustody announce --node https://node.example:7891 announce.jsonl

Flags:
` + nodeFlagHelp + `  --wait D            how long cosignatures wait for their wrapper and are
                      retried on 73 (default 12m: longer than the ten
                      minutes NIS repeats its first answer to a hash)
`,
}

var accountCmd = &command{
	name:     "account",
	synopsis: "account --node URL (ADDRESS | --plan FILE)",
	run:      runAccount,
	usage: `Usage: nemcustody account --node URL ADDRESS
       nemcustody account --node URL --plan FILE

Asks the node about an account (GET /account/get) and prints JSON:
address, publicKey (when the node knows it), balance (XEM), and for a
multisig account multisig: cosignatories (address, and the plan's label
with --plan), minCosignatories (the value NIS STORES: 0 means all must
sign) and required (the signatures NIS requires for anything but a
removal).

With --plan (ADDRESS is then the plan's account, and may be left out),
also reconciles the chain with the plan: differences lists each way the
chain differs from it (not-multisig, missing-cosigner, unknown-cosigner,
threshold, stored-min-zero: the chain stores 0, so a later relative
change is added to 0), and enforced says whether there are none. The
differences do not make the command fail: they are what it reports.

Example:
  nemcustody account --node https://node.example:7891 --plan plan.json

Flags:
` + nodeFlagHelp + `  --plan FILE         the custody plan to reconcile with
`,
}

// nodeFlag checks a --node value.
func nodeFlag(s string) error {
	if s == "" {
		return usagef("--node is required: the NIS node's URL, such as https://node.example:7891")
	}
	if err := nis.CheckURL(s); err != nil {
		return usagef("--node must be the node's http or https URL, without credentials")
	}
	return nil
}

// nodeRetry is the retry policy of the CLI's node clients; tests shorten
// it.
var nodeRetry = nis.RetryPolicy{}

// newNodeClient is the client the CLI asks the node at url with.
func newNodeClient(url string) *nis.Client {
	return &nis.Client{BaseURL: url, Timeout: nodeTimeout, Retry: nodeRetry}
}

// nodeTimeOf asks the node at url for its network time.
func nodeTimeOf(url string) (transaction.Timestamp, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*nodeTimeout)
	defer cancel()
	return newNodeClient(url).NetworkTime(ctx)
}

func runNodeTime(e *env, args []string) error {
	flags := newFlagSet("node time")
	node := flags.String("node", "", "")
	if err := noArgs(flags, args, "node time"); err != nil {
		return err
	}
	if err := nodeFlag(*node); err != nil {
		return err
	}
	ts, err := nodeTimeOf(*node)
	if err != nil {
		return err
	}
	return writeJSON(e, struct {
		Node     string                `json:"node"`
		NodeTime transaction.Timestamp `json:"nodeTime"`
		UTC      string                `json:"utc"`
	}{*node, ts, ts.Time().Format(time.RFC3339)})
}

// announcedOutput is one payload of announce's output.
type announcedOutput struct {
	Payload   int               `json:"payload"`
	Type      string            `json:"type"`
	Hash      transaction.Hash  `json:"hash"`
	InnerHash *transaction.Hash `json:"innerHash,omitempty"`
	Code      int               `json:"code"`
	Result    string            `json:"result"`
	Attempts  int               `json:"attempts"`
	Note      string            `json:"note,omitempty"`
}

func runAnnounce(e *env, args []string) error {
	flags := newFlagSet("announce")
	node := flags.String("node", "", "")
	wait := flags.Duration("wait", nis.DefaultAnnounceWait, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("missing FILE: the announce payloads ('combine' prints them; - for stdin)")
	}
	if err := nodeFlag(*node); err != nil {
		return err
	}
	if *wait <= 0 {
		return usagef("--wait must be a positive duration such as 12m")
	}
	if i := slices.Index(pos, "-"); i >= 0 && slices.Contains(pos[i+1:], "-") {
		return usagef("stdin (-) given more than once")
	}
	var payloads []transaction.Announcement
	for _, name := range pos {
		b, err := readQRInput(e, name, maxScanFileSize)
		if err != nil {
			return err
		}
		what := name
		if name == "-" {
			what = "stdin"
		}
		ps, err := readAnnouncements(b, what)
		if err != nil {
			return err
		}
		payloads = append(payloads, ps...)
	}
	if len(payloads) == 0 {
		return errors.New("no payload to announce: the files hold no announce object")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *wait+5*time.Minute)
	defer cancel()
	res, err := newNodeClient(*node).AnnounceInOrder(ctx, payloads, nis.AnnounceOptions{Wait: *wait})
	if res == nil && err != nil {
		return err
	}
	var failed []string
	out := struct {
		Node      string            `json:"node"`
		Announced []announcedOutput `json:"announced"`
	}{Node: *node}
	for _, a := range res {
		o := announcedOutput{Payload: a.Index + 1, Type: a.Type.String(), Hash: a.Hash, Attempts: a.Attempts, Note: a.Note, Result: "not sent", Code: -1}
		if a.InnerHash != (transaction.Hash{}) {
			h := a.InnerHash
			o.InnerHash = &h
		}
		if a.Result != nil {
			o.Code, o.Result = int(a.Result.Code), a.Result.Code.String()
		}
		if a.Err != nil {
			failed = append(failed, fmt.Sprintf("payload %d (%s %s): %s", o.Payload, o.Type, o.Hash, o.Result))
		}
		out.Announced = append(out.Announced, o)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d payloads not accepted: %s; running again with the same payloads is safe", len(failed), len(res), strings.Join(failed, "; "))
	}
	if err != nil {
		return err
	}
	return writeJSON(e, out)
}

// readAnnouncements reads announce objects, one per line (blank lines
// skipped), each strictly: exactly "data" and "signature".
func readAnnouncements(b []byte, what string) ([]transaction.Announcement, error) {
	var out []transaction.Announcement
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, maxScanFileSize)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		s, err := nisjson.DecodeAnnouncement(line)
		if err == nil {
			err = transaction.VerifySigned(s)
		}
		if err != nil {
			return nil, fmt.Errorf("%s line %d: nothing was sent: %w", what, n, err)
		}
		a, err := s.Announcement()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return out, nil
}

// cosignatoryOutput is one cosignatory in account's output.
type cosignatoryOutput struct {
	Address   sign.Address    `json:"address"`
	PublicKey *sign.PublicKey `json:"publicKey,omitempty"`
	Label     string          `json:"label,omitempty"`
}

// accountOutput is what account prints.
type accountOutput struct {
	Node           string                `json:"node"`
	Address        sign.Address          `json:"address"`
	PublicKey      *sign.PublicKey       `json:"publicKey,omitempty"`
	Balance        string                `json:"balance"`
	Multisig       *multisigOutput       `json:"multisig,omitempty"`
	CosignatoryOf  []sign.Address        `json:"cosignatoryOf,omitempty"`
	Reconciliation *reconciliationOutput `json:"reconciliation,omitempty"`
}

// reconciliationOutput is account --plan's comparison of the chain with
// the plan.
type reconciliationOutput struct {
	Plan        string           `json:"plan"`
	Fingerprint string           `json:"fingerprint"`
	Enforced    bool             `json:"enforced"`
	Differences []nis.Difference `json:"differences"`
}

type multisigOutput struct {
	Cosignatories    []cosignatoryOutput `json:"cosignatories"`
	MinCosignatories int                 `json:"minCosignatories"`
	Required         int                 `json:"required"`
}

func runAccount(e *env, args []string) error {
	flags := newFlagSet("account")
	node := flags.String("node", "", "")
	planPath := flags.String("plan", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("too many arguments: want one ADDRESS")
	}
	if len(pos) == 0 && *planPath == "" {
		return usagef("missing ADDRESS (or --plan)")
	}
	if err := nodeFlag(*node); err != nil {
		return err
	}
	var p *multisig.Plan
	var addr sign.Address
	if *planPath != "" {
		if p, err = loadPlan(*planPath); err != nil {
			return err
		}
		addr = p.Address()
	}
	if len(pos) == 1 {
		a, err := sign.ParseAddress(pos[0])
		if err != nil {
			return usagef("ADDRESS: %v", err)
		}
		if p != nil && a != addr {
			return fmt.Errorf("%s is not the plan's account %s", a, addr)
		}
		addr = a
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*nodeTimeout)
	defer cancel()
	a, err := newNodeClient(*node).Account(ctx, addr)
	if err != nil {
		return err
	}
	out := accountOutput{Node: *node, Address: a.Address, PublicKey: a.PublicKey, Balance: a.Balance.String(), CosignatoryOf: a.CosignatoryOf}
	if a.Multisig != nil {
		m := &multisigOutput{MinCosignatories: a.Multisig.MinCosignatories, Required: a.Required(), Cosignatories: []cosignatoryOutput{}}
		for _, c := range a.Cosignatories {
			co := cosignatoryOutput{Address: c.Address, PublicKey: c.PublicKey}
			if p != nil {
				for _, pc := range p.Cosigners {
					if pc.PublicKey.Address(p.Network) == c.Address {
						co.Label = pc.Label
					}
				}
			}
			m.Cosignatories = append(m.Cosignatories, co)
		}
		out.Multisig = m
	}
	if p != nil {
		diffs := nis.Reconcile(p, a)
		out.Reconciliation = &reconciliationOutput{Plan: *planPath, Fingerprint: p.Fingerprint(), Enforced: len(diffs) == 0, Differences: append([]nis.Difference{}, diffs...)}
	}
	return writeJSON(e, out)
}
