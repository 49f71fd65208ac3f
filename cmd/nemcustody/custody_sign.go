package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/coldwallet/qr"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

var reviewGroup = &group{
	name:    "review",
	summary: "show what a request asks to sign",
	single:  reviewCmd,
}

var signGroup = &group{
	name:    "sign",
	summary: "sign a request offline (policy, confirmation, journal)",
	single:  signCmd,
}

var reviewCmd = &command{
	name:     "review",
	synopsis: "review REQUEST [--plan FILE [--next-plan FILE]] [--json]",
	run:      runReview,
	usage: `Usage: nemcustody review REQUEST [--plan FILE [--next-plan FILE]] [--json]
                         [--presigned WRAPPER]... [--response RESPONSE]...

Reads a request envelope strictly (checksum, canonical form, every
transaction parsed; a cosignature's inner hash and account recomputed from
the inner transaction it carries) and prints the review: what each item
approves, computed from the transactions' bytes alone, the request's note
marked UNTRUSTED, and loud WARNING lines (a conversion, a cosigner removed,
a threshold lowered, a plan weakened). A cosignatory modification is shown
as NIS will apply it: the cosigners afterwards and the minimum NIS will
store, from each state the chain may hold for the plan. It is the text
'nemcustody sign' shows before it asks for confirmation.

Items are numbered as in the request ("ITEM 2 of 3"); the offline signer
shows only its key's items, numbered for it with the request's number
beside ("ITEM 1 of 1 for this key (request item 2 of 3)"). For a
cosignature the review says how many signatures NIS requires for the
transaction (the wrapper's initiator counts as one) and who is asked.
On the online side, with the signed wrappers (--presigned) and the
responses received so far (--response), it says exactly which signatures
the wrapper has and who is still needed: a dashboard of a withdrawal in
progress. Nothing is recorded (combine records the journal heads).

Readable text, or with --json the same content as one JSON object:
requestId, network, nodeTime, nodeTimeUtc, note (UNTRUSTED), totalItems,
warnings, and items (number, position, kind, signer, signerPublicKey,
signerLabel, approves: type, title, hash, lines, warnings, inner;
cosignature; signatures: required, present, stillNeeded, exact, signed,
asked, missing; after; warnings).

Example:
  nemcustody review request.txt --plan plan.json
  nemcustody review request.txt --plan plan.json --presigned wrapper.json \
    --response response-a.txt --json

Flags:
  --plan FILE        the custody plan of the multisig account the request
                     acts for: needed for wrappers and cosignatures (labels,
                     plan changes), not for a conversion
  --next-plan FILE   the plan's next version, which describes the keys a
                     modification adds
  --json             print JSON instead of text
  --presigned WRAPPER
                     a signed wrapper (as 'request transfer --wrapper-out'
                     writes it); repeatable; needs --plan
  --response RESPONSE
                     a response received for this request; repeatable;
                     needs --plan (signatures are verified as combine
                     verifies them)
`,
}

var signCmd = &command{
	name:     "sign",
	synopsis: "sign REQUEST --keystore FILE --policy FILE --journal FILE [flags]",
	run:      runSign,
	usage: `Usage: nemcustody sign REQUEST --keystore FILE --policy FILE --journal FILE
                       [--plan FILE] [--yes] [--accept-node-time]
                       [--operator NAME] [--out RESPONSE] [--dry-run]
                       [--passphrase-file FILE | --passphrase-fd N]

The offline signer. Reads the request strictly, opens the keystore, the
policy and the signing journal (refusing a journal that does not verify,
and one that does not exist: a journal is created only by 'nemcustody
journal init'), then for the items this key signs: checks them against
the custody plan registered in the journal ('nemcustody plan register': no
registered plan, no multisig signature; a conversion must be exactly the
plan, a cosignatory modification must lead to the registered next plan
and never leave a state in which online keys alone or one custodian alone
satisfy NIS), builds the review, applies the policy
(with the rolling window counted from the journal), prints the review on
stderr and asks on the terminal "Type YES to sign" (anything else declines;
with no terminal and no --yes the request is declined). The decision is
appended to the journal and synced before any response exists.

Signed: the response envelope goes to --out (a new file), or without --out
to stdout as envelope text; with --out, JSON is printed: requestId, signer,
signatures, journalId, journalSeq, journalHash, repeatOf (for a repeat),
out. Carry the response back to the online side for 'nemcustody combine'.

Outputs are checked before anything is journaled: the --out file is
created first as a temporary file beside its name (placed only once it is
complete, never replacing a file), and --qr-png's directory must take new
files; otherwise the request is refused with no journal entry.

A lost response (a crash, a full disk, a file deleted): sign the same
request again. When the journal already holds a "signed" entry of this
request by this key, the review starts with "REPEAT of journal entry N:
already counted", the operator confirms as usual, every policy rule but the
rolling window applies, and the same signatures are released with a new
"signed" entry that names the first (repeatOf) and counts nothing: the
window counts the request once.

Refused (policy, operator, a transaction NIS would refuse at the request's
node time): exit status 1, and the last line on stderr is the one error
line, naming the policy rule and the journal entry that records the
refusal.

Time: the request's node time is what NIS's rules are checked against,
but a node time more than 24 hours away from this machine's clock (Unix
seconds given as NEM seconds, which lie in 2072; a stale request; a wrong
clock) is refused unless --accept-node-time is given: then the review
shows a WARNING with both times and asks as usual. --yes alone never
accepts it. An item whose deadline is before the latest node time the
journal already records for a signing is refused as expired (node times
accepted with --accept-node-time do not count).

The policy is a JSON file kept on the offline machine; its zero value
refuses everything:

  {"version": 1, "networks": ["testnet"], "types": ["transfer"],
   "maxAmountPerTransaction": "1001", "maxFee": "1",
   "window": {"period": "24h", "maxAmount": "5000", "maxCount": 20},
   "recipients": ["TA4..."], "maxDeadline": "6h"}

It is read strictly and must be in canonical form, so that what an
auditor reads is what the signer runs: members in the order above
(version, killSwitch, networks, types, maxAmountPerTransaction, maxFee,
window, recipients, anyRecipient, mosaics, maxDeadline,
allowModifications, modifications; in a mosaic pin: id, levy,
maxQuantity; in a levy: type, recipient, mosaic, fee),
networks, types and recipients always present (even as []), every other
member left out when false or empty, no key twice in any letter case, no
unknown field, no null, addresses in capitals. White space is free.

"anyRecipient": true (with "recipients": []) allows every recipient on
purpose; the review then warns on every transfer. 'nemcustody policy init'
writes a starting policy, and the README explains every member.

Types are transfer, importance-transfer, aggregate-modification,
provision-namespace, mosaic-definition, mosaic-supply-change; a conversion
or cosignatory change also needs "allowModifications": true.
maxAmountPerTransaction (needed for every type) and the window count what
an item takes out of the account: the amount moved plus every fee it
signs (inner, wrapper or cosignature; NIS charges them all to the
multisig account). maxFee, optional, caps each single fee. maxDeadline
also refuses transactions stamped more than that before the node time;
the window counts each signing over the network times at which NIS could
execute it (from 10 s before its timestamp to its deadline), so that at
most window.maxAmount and window.maxCount can take effect within any
window.period, whatever node times the requests claim.

A transfer of a mosaic other than nem:xem needs the mosaic pinned, with
the levy NIS charges on it ("levy": null for none) and the most units one
item may take out; the request must carry the mosaic's definition with
exactly that levy:

  "mosaics": [{"id": "alice:coin", "levy": {"type": "absolute",
    "recipient": "TB...", "mosaic": "nem:xem", "fee": "1000000"},
    "maxQuantity": "5000"}]

XEM levies count in maxAmountPerTransaction and the window, levies in a
mosaic against that mosaic's maxQuantity, and every levy recipient must
be on the recipient allowlist. allowMosaics is refused.

Example:
  nemcustody sign request.txt --keystore vault-a.age --policy policy.json \
    --journal journal.jsonl --plan plan.json --operator alice --out response.txt

Flags:
  --keystore FILE   the signing key (required)
  --policy FILE     the signing policy (required)
  --journal FILE    the signing journal (required; see 'journal init')
  --plan FILE       the custody plan you expect: refused unless it is the
                    plan registered in the journal
  --yes             confirm without asking (a scripted ceremony); the review
                    is still printed on stderr and journaled
  --accept-node-time
                    sign although the request's node time is more than 24 h
                    away from this machine's clock (after checking both
                    clocks); the review says so in a WARNING
  --operator NAME   who approves, recorded in the journal
  --out FILE        write the response to this new file
  --qr-terminal     also draw the response as QR codes on stdout, to carry it
                    back by camera (see 'nemcustody qr encode'); needs --out
  --qr-png DIR      also write the response as QR code PNGs into DIR; needs
                    --out
  --dry-run         show the review and every policy verdict (not only the
                    first refusal) without signing and without a journal
                    entry: for writing a policy against real requests.
                    Prints JSON: dryRun, requestId, signer, wouldSign,
                    refusal, verdicts (item, rule, allowed, detail or
                    reason); exit status 0 whatever the verdicts
` + passphraseHelp,
}

// readRequest reads and parses a request envelope file.
func readRequest(path string) (*coldwallet.Request, string, []byte, error) {
	text, err := readFileLimit(path, "request", coldwallet.MaxEnvelopeSize)
	if err != nil {
		return nil, "", nil, err
	}
	req, id, err := coldwallet.ParseRequest(text)
	if err != nil {
		return nil, "", nil, fmt.Errorf("request %s: %w", path, err)
	}
	return req, id, text, nil
}

// onePositional returns the single positional argument what names.
func onePositional(pos []string, what string) (string, error) {
	switch {
	case len(pos) == 0:
		return "", usagef("missing %s", what)
	case len(pos) > 1:
		return "", usagef("too many arguments: want one %s", what)
	}
	return pos[0], nil
}

func runReview(e *env, args []string) error {
	flags := newFlagSet("review")
	planPath := flags.String("plan", "", "")
	nextPath := flags.String("next-plan", "", "")
	asJSON := flags.Bool("json", false, "")
	var presignedPaths, responsePaths stringList
	flags.Var(&presignedPaths, "presigned", "")
	flags.Var(&responsePaths, "response", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	path, err := onePositional(pos, "REQUEST: the request file to review")
	if err != nil {
		return err
	}
	req, id, _, err := readRequest(path)
	if err != nil {
		return err
	}
	var reg coldwallet.Registration
	if *planPath != "" {
		if reg.Plan, err = loadPlan(*planPath); err != nil {
			return err
		}
	}
	if *nextPath != "" {
		if reg.Plan == nil {
			return usagef("--next-plan needs --plan")
		}
		if reg.Next, err = loadPlan(*nextPath); err != nil {
			return err
		}
	}
	if (len(presignedPaths) > 0 || len(responsePaths) > 0) && reg.Plan == nil {
		return usagef("--presigned and --response need --plan")
	}
	rv, err := coldwallet.NewReview(req, id, reg, summary.Options{})
	if err != nil {
		return err
	}
	if len(presignedPaths) > 0 {
		presigned, err := readPresigned(presignedPaths)
		if err != nil {
			return err
		}
		responses, err := readResponses(responsePaths, pos[0], id)
		if err != nil {
			return err
		}
		for _, s := range presigned {
			ms, ok := s.Tx.(*transaction.Multisig)
			if !ok {
				continue
			}
			ih, err := transaction.InnerHash(ms)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(req.Items, func(it coldwallet.Item) bool {
				cs, ok := it.Tx.(*transaction.MultisigSignature)
				return ok && cs.OtherHash == ih
			}) {
				return fmt.Errorf("a --presigned wrapper (inner transaction %s) is not one this request cosigns", ih)
			}
		}
		c, err := coldwallet.Combine(reg.Plan, req, id, responses, presigned)
		if err != nil {
			return err
		}
		rv.SetStatus(reg, c.Reports)
	} else if len(responsePaths) > 0 {
		return usagef("--response needs the signed wrapper (--presigned): the signatures are counted on it")
	}
	if *asJSON {
		return writeJSON(e, rv)
	}
	e.out.WriteString(rv.String())
	return nil
}

// verdictOutput is one policy verdict of sign --dry-run.
type verdictOutput struct {
	Item    int    `json:"item"`
	Rule    string `json:"rule"`
	Allowed bool   `json:"allowed"`
	Detail  string `json:"detail,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// signDryRun runs the signer without signing or journaling: the review
// and every policy verdict on stderr, the verdicts as JSON on stdout.
func signDryRun(e *env, s *coldwallet.OfflineSigner, text []byte, signer sign.Address) error {
	res, err := s.DryRun(text)
	if res != nil && res.Review != nil {
		fmt.Fprint(e.stderr, res.Review.String())
	}
	if err != nil {
		if errors.Is(err, coldwallet.ErrNodeTime) {
			err = fmt.Errorf("%w (after checking both clocks, --accept-node-time signs anyway)", err)
		}
		return fmt.Errorf("dry run, nothing signed or journaled: %w", err)
	}
	out := struct {
		DryRun    bool            `json:"dryRun"`
		RequestID string          `json:"requestId"`
		Signer    sign.Address    `json:"signer"`
		WouldSign bool            `json:"wouldSign"`
		Refusal   string          `json:"refusal,omitempty"`
		Verdicts  []verdictOutput `json:"verdicts"`
	}{DryRun: true, RequestID: res.RequestID, Signer: signer, WouldSign: res.Refusal == nil, Verdicts: []verdictOutput{}}
	fmt.Fprintln(e.stderr, "\nPOLICY VERDICTS (dry run: nothing is signed, nothing is journaled):")
	for _, v := range res.Verdicts {
		o := verdictOutput{Item: v.Item, Rule: v.Rule, Allowed: v.Allowed(), Detail: v.Detail}
		where := "request"
		if v.Item > 0 {
			where = fmt.Sprintf("item %d", v.Item)
		}
		if v.Err != nil {
			o.Reason = v.Err.Error()
			fmt.Fprintf(e.stderr, "  REFUSED  %-8s %-24s %s\n", where, v.Rule, o.Reason)
		} else {
			fmt.Fprintf(e.stderr, "  allowed  %-8s %-24s %s\n", where, v.Rule, v.Detail)
		}
		out.Verdicts = append(out.Verdicts, o)
	}
	if res.Refusal != nil {
		out.Refusal = res.Refusal.Error()
		fmt.Fprintln(e.stderr, "A real run would refuse this request and journal the refusal.")
	} else {
		fmt.Fprintln(e.stderr, "A real run would ask \"Type YES to sign\".")
	}
	return writeJSON(e, out)
}

// readPresigned reads signed wrappers, as combine --presigned does.
func readPresigned(paths []string) ([]*transaction.Signed, error) {
	var out []*transaction.Signed
	for _, path := range paths {
		b, err := readFileLimit(path, "wrapper", maxInputSize)
		if err != nil {
			return nil, err
		}
		s, err := parseAnnouncement(b, "wrapper file "+path)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// readResponses reads responses to the request reqPath whose ID is id.
func readResponses(paths []string, reqPath, id string) ([]*coldwallet.Response, error) {
	var out []*coldwallet.Response
	for _, path := range paths {
		b, err := readFileLimit(path, "response", coldwallet.MaxEnvelopeSize)
		if err != nil {
			return nil, err
		}
		r, err := coldwallet.ParseResponse(b)
		if err != nil {
			return nil, fmt.Errorf("response %s: %w", path, err)
		}
		if r.RequestID != id {
			return nil, fmt.Errorf("response %s: %w: it answers request %s, %s is %s", path, coldwallet.ErrForeignResponse, r.RequestID, reqPath, id)
		}
		out = append(out, r)
	}
	return out, nil
}

// signOutput is what sign --out prints.
type signOutput struct {
	RequestID   string       `json:"requestId"`
	Signer      sign.Address `json:"signer"`
	Signatures  int          `json:"signatures"`
	JournalID   string       `json:"journalId"`
	JournalSeq  int          `json:"journalSeq"`
	JournalHash string       `json:"journalHash"`
	RepeatOf    int          `json:"repeatOf,omitempty"`
	Out         string       `json:"out"`
}

func runSign(e *env, args []string) error {
	a, err := parseSignArgs(args)
	if err != nil {
		return err
	}
	// Everything that can be checked without the passphrase is checked
	// first: a damaged request fails before anyone types anything.
	in, err := a.load()
	if err != nil {
		return err
	}
	k, info, err := openKeystore(e, a.keystore, a.pf)
	if err != nil {
		return err
	}
	defer k.Destroy()
	if info.Network != in.req.Network {
		return fmt.Errorf("the keystore is for %s, the request for %s", info.Network, in.req.Network)
	}
	pending, err := a.prepareOutputs(e)
	if err != nil {
		return err
	}
	if pending != nil {
		defer pending.Abort()
	}
	j, err := journal.Open(a.journal, journal.Options{})
	if err != nil {
		return fmt.Errorf("journal %s: %w", a.journal, err)
	}
	defer j.Close()
	if a.dryRun {
		s := &coldwallet.OfflineSigner{Key: k, Plan: in.plan, Policy: in.policy, Journal: j, Now: e.now, AcceptNodeTime: a.acceptNodeTime}
		return signDryRun(e, s, in.text, k.Address(in.req.Network))
	}

	noTerminal := false
	s := &coldwallet.OfflineSigner{
		Key: k, Plan: in.plan, Policy: in.policy, Journal: j, Operator: a.operator,
		Now: e.now, AcceptNodeTime: a.acceptNodeTime,
		Confirm: func(rv *coldwallet.Review) (bool, error) {
			ok, none, err := confirmSigning(e, rv, a.yes)
			noTerminal = none
			return ok, err
		},
	}
	res, err := s.Sign(in.text)
	if err != nil {
		if noTerminal && errors.Is(err, coldwallet.ErrDeclined) {
			err = fmt.Errorf("no terminal to confirm on and no --yes: %w", err)
		}
		if errors.Is(err, coldwallet.ErrNodeTime) {
			err = fmt.Errorf("%w (after checking both clocks, --accept-node-time signs anyway)", err)
		}
		if res != nil && res.Entry.Seq > 0 {
			err = fmt.Errorf("%w (recorded in journal entry %d)", err, res.Entry.Seq)
		}
		return err
	}
	return a.writeOutputs(e, res, pending, k.Address(in.req.Network))
}

// signArgs are the flags and argument of sign.
type signArgs struct {
	request, keystore, policy, journal, plan, operator, out, qrPNG string
	yes, acceptNodeTime, qrTerminal, dryRun                        bool
	pf                                                             *passphraseFlags
}

// parseSignArgs reads and checks sign's flags and argument.
func parseSignArgs(args []string) (*signArgs, error) {
	flags := newFlagSet("sign")
	keystore := flags.String("keystore", "", "")
	policyPath := flags.String("policy", "", "")
	journalPath := flags.String("journal", "", "")
	planPath := flags.String("plan", "", "")
	yes := flags.Bool("yes", false, "")
	acceptNodeTime := flags.Bool("accept-node-time", false, "")
	operator := flags.String("operator", "", "")
	out := flags.String("out", "", "")
	qrTerminal := flags.Bool("qr-terminal", false, "")
	qrPNG := flags.String("qr-png", "", "")
	dryRun := flags.Bool("dry-run", false, "")
	pf := addPassphraseFlags(flags)
	pos, err := parseFlags(flags, args)
	if err != nil {
		return nil, err
	}
	path, err := onePositional(pos, "REQUEST: the request file to sign")
	if err != nil {
		return nil, err
	}
	switch {
	case *keystore == "":
		return nil, usagef("--keystore is required: the signing key")
	case *policyPath == "":
		return nil, usagef("--policy is required: the signing policy")
	case *journalPath == "":
		return nil, usagef("--journal is required: the signing journal (create one with 'nemcustody journal init')")
	case isFlagSet(flags, "out") && (*out == "" || *out == "-"):
		return nil, usagef("--out must name a file; without --out the response is printed on stdout")
	case (*qrTerminal || isFlagSet(flags, "qr-png")) && *out == "":
		return nil, usagef("--qr-terminal and --qr-png need --out: the response file stays the record")
	case *qrTerminal && isFlagSet(flags, "qr-png"):
		return nil, usagef("--qr-terminal and --qr-png exclude each other")
	case isFlagSet(flags, "qr-png") && *qrPNG == "":
		return nil, usagef("--qr-png must name a directory")
	case *dryRun && (isFlagSet(flags, "out") || *qrTerminal || isFlagSet(flags, "qr-png") || *yes || *operator != ""):
		return nil, usagef("--dry-run signs nothing and records nothing: it takes no --out, --qr-terminal, --qr-png, --yes or --operator")
	}
	if *operator != "" {
		if p := printable.Problem(*operator, 128); p != "" {
			return nil, usagef("--operator %s", p)
		}
	}
	if err := pf.check(); err != nil {
		return nil, err
	}
	return &signArgs{request: path, keystore: *keystore, policy: *policyPath, journal: *journalPath, plan: *planPath, operator: *operator,
		out: *out, qrPNG: *qrPNG, yes: *yes, acceptNodeTime: *acceptNodeTime, qrTerminal: *qrTerminal, dryRun: *dryRun, pf: pf}, nil
}

// signInputs are what sign reads before it asks for the passphrase.
type signInputs struct {
	req    *coldwallet.Request
	text   []byte
	plan   *multisig.Plan
	policy *coldwallet.Policy
}

// load reads and checks the request, the output's name, the plan, the
// policy and the journal.
func (a *signArgs) load() (*signInputs, error) {
	in := &signInputs{}
	var err error
	if in.req, _, in.text, err = readRequest(a.request); err != nil {
		return nil, err
	}
	if a.out != "" {
		if err := checkOutput(a.out, "response"); err != nil {
			return nil, err
		}
	}
	if a.plan != "" {
		if in.plan, err = loadPlan(a.plan); err != nil {
			return nil, err
		}
	}
	policyText, err := readFileLimit(a.policy, "policy", 1<<20)
	if err != nil {
		return nil, err
	}
	in.policy, err = coldwallet.DecodePolicy(policyText)
	if errors.Is(err, strictjson.ErrNotCanonical) {
		return nil, fmt.Errorf("policy %s: %w ('nemcustody policy check --canonical' prints the canonical form)", a.policy, err)
	}
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", a.policy, err)
	}
	if _, _, err := verifyJournalFile(a.journal, journal.VerifyOptions{}); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("journal %s does not exist: create it with 'nemcustody journal init' and register the plan with 'nemcustody plan register'", a.journal)
		}
		return nil, fmt.Errorf("journal %s: %w", a.journal, err)
	}
	return in, nil
}

// prepareOutputs makes sure the outputs can be created before anything is
// journaled: the response file is created now (as a temporary file beside
// its name, placed only once it is complete), and the QR directory is
// probed. A name taken, a directory missing or not writable refuses the
// request before the journal is opened: no entry is written.
func (a *signArgs) prepareOutputs(e *env) (*newfile.Pending, error) {
	var pending *newfile.Pending
	if a.out != "" {
		warnStale(e, filepath.Dir(a.out))
		var err error
		if pending, err = newfile.Create(a.out, "response", 0o644); err != nil {
			return nil, err
		}
	}
	if a.qrPNG != "" {
		fail := func(err error) (*newfile.Pending, error) {
			if pending != nil {
				pending.Abort()
			}
			return nil, err
		}
		if err := os.MkdirAll(a.qrPNG, 0o755); err != nil {
			return fail(fmt.Errorf("creating the QR code PNG directory: %w", err))
		}
		warnStale(e, a.qrPNG)
		if err := newfile.CheckDir(a.qrPNG, "QR code PNG"); err != nil {
			return fail(err)
		}
	}
	return pending, nil
}

// confirmSigning shows the review and asks the operator, unless --yes;
// none reports that there was no terminal to ask on.
func confirmSigning(e *env, rv *coldwallet.Review, yes bool) (ok, none bool, err error) {
	fmt.Fprint(e.stderr, rv.String())
	if yes {
		fmt.Fprintln(e.stderr, "\nConfirmed by --yes.")
		return true, false, nil
	}
	line, err := e.term.ReadLine("\nType YES to sign: ")
	if errors.Is(err, errNoTerminal) {
		return false, true, nil
	}
	if err != nil {
		return false, false, err
	}
	return strings.TrimRight(line, "\r\n") == "YES", false, nil
}

// writeOutputs writes the response of a signing: on stdout, or to the
// pending file with its QR codes or a JSON summary.
func (a *signArgs) writeOutputs(e *env, res *coldwallet.SignResult, pending *newfile.Pending, signer sign.Address) error {
	if a.out == "" {
		e.out.Write(res.Response)
		return nil
	}
	if err := pending.Commit(res.Response); err != nil {
		return fmt.Errorf("signed (journal entry %d), but the response was not written: %w; sign the same request again: it releases the same signatures and is not counted again", res.Entry.Seq, err)
	}
	resp, err := coldwallet.ParseResponse(res.Response)
	if err != nil {
		return err
	}
	qrErr := func(err error) error {
		if err == nil {
			return nil
		}
		return fmt.Errorf("signed (journal entry %d) and the response written to %s, but not its QR codes: %w; make them with 'nemcustody qr encode'", res.Entry.Seq, a.out, err)
	}
	switch {
	case a.qrTerminal:
		return qrErr(writeQR(e, res.Response, qrOutput{mode: "terminal", opts: qr.Options{Level: qr.LevelM, MaxVersion: terminalMaxVersion}}))
	case a.qrPNG != "":
		return qrErr(writeQR(e, res.Response, qrOutput{mode: "png", dir: a.qrPNG, opts: qr.Options{Level: qr.LevelM}}))
	}
	return writeJSON(e, signOutput{
		RequestID: res.RequestID, Signer: signer, Signatures: len(resp.Signatures),
		JournalID: resp.JournalID, JournalSeq: res.Entry.Seq, JournalHash: res.Entry.Hash.String(), RepeatOf: res.Entry.RepeatOf, Out: a.out,
	})
}
