package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var requestGroup = &group{
	name:     "request",
	summary:  "build signing requests for the offline keys (online)",
	commands: []*command{requestTransferCmd, requestModificationCmd, requestConversionCmd},
}

// nodeTimeHelp documents --node-time and --deadline for every request
// command.
const nodeTimeHelp = `  --node-time T       the NIS node's network time, in seconds since the
                      NEM epoch (required). Ask the node that will announce:
                      GET /time-sync/network-time, then receiveTimeStamp
                      divided by 1000. Every timestamp is this time, and the
                      offline signer checks deadlines against it (it has no
                      trusted clock). "now" uses this machine's clock
                      instead, with a warning: local clocks drift, and NIS
                      refuses a timestamp more than 10 s ahead of its own.
  --deadline D        how long the transactions stay valid, from 1s to 24h
                      (default 2h): the whole round trip to the offline
                      machines and back must fit in it
  --note TEXT         a note shown to the offline operator, marked
                      UNTRUSTED (printable text, at most 256 bytes)
`

// requestOutFlagsHelp documents --out and --wrapper-out.
const requestOutFlagsHelp = `  --out FILE          the request file to create (required; 0644, never
                      overwritten)
  --wrapper-out FILE  the file to create for the signed wrapper, as the
                      announce object {"data","signature"} that 'combine
                      --presigned' reads (required)
  --cosigner PUBKEY   ask this cosigner to cosign; repeat for each. Default:
                      every offline cosigner of the plan except the
                      initiator.
  --initiator-keystore FILE
                      the keystore of the cosigner that initiates (signs the
                      wrapper), usually the online key (required)
`

var requestTransferCmd = &command{
	name:    "transfer",
	summary: "transfer from the multisig account: wrapper, request",
	run:     runRequestTransfer,
	usage: `Usage: nemcustody request transfer --plan PLAN --initiator-keystore FILE
                                --to ADDRESS --amount XEM [--message TEXT]
                                --node-time T [--deadline D] [--note TEXT]
                                [--cosigner PUBKEY]... [passphrase flags]
                                --out REQUEST --wrapper-out WRAPPER

Builds a transfer of XEM from the plan's multisig account, wraps it in a
multisig transaction initiated by the cosigner whose keystore is given
(usually the online key; NIS counts its wrapper as its signature), and
signs the wrapper with that key. Fees are NIS's minimums. Then:

  - WRAPPER gets the signed wrapper as an announce object;
  - REQUEST gets a request asking each cosigner to cosign: one cosign item
    per cosigner, carrying the full inner transaction, so the offline side
    recomputes what it approves and never signs a bare hash.

The initiator and the cosigners asked must be able to reach the plan's
threshold. Carry REQUEST to the offline machines ('nemcustody sign'), keep
WRAPPER on the online side for 'nemcustody combine --presigned'.

Prints JSON: requestId (the request's checksum), items, out, wrapperOut,
nodeTime, deadline, innerHash, wrapperHash, required (signatures NIS needs,
the wrapper's included) and signers (the cosigners asked).

Example:
  nemcustody request transfer --plan plan.json --initiator-keystore hot.age \
    --to TCFGSLITSWMRROU2GO7FPMIUUDELUPSZUNJABUMH --amount 250 \
    --message "withdrawal 1042" --node-time 367856452 \
    --out request.txt --wrapper-out wrapper.json

Flags:
  --plan FILE         the custody plan (required)
  --to ADDRESS        the recipient (required)
  --amount XEM        decimal XEM, at most 6 decimals (required)
  --message TEXT      a plain (unencrypted, public) message, at most 1024
                      bytes of UTF-8
` + requestOutFlagsHelp + nodeTimeHelp + passphraseHelp,
}

var requestModificationCmd = &command{
	name:    "modification",
	summary: "add or remove a cosigner, or change M",
	run:     runRequestModification,
	usage: `Usage: nemcustody request modification --plan PLAN --initiator-keystore FILE
                                    [--add ROLE:PUBKEY:LABEL[:CUSTODIAN] |
                                     --remove PUBKEY] --threshold M
                                    --node-time T [--deadline D] [--note TEXT]
                                    [--cosigner PUBKEY]... [passphrase flags]
                                    --out REQUEST --wrapper-out WRAPPER
                                    --plan-out NEWPLAN

Changes the cosigners of a live multisig account: with --add, adds a
cosigner; with --remove, removes one (NIS allows one removal per
transaction); with neither, changes only the threshold. --threshold is the
threshold afterwards. The resulting plan must satisfy every invariant (see
'nemcustody plan create --help'); it is written to NEWPLAN for review and
becomes the plan once the change is confirmed on chain.

The aggregate modification is wrapped and signed by the initiator, as in
'request transfer', and REQUEST asks the other cosigners to cosign. NIS's
counting applies: a cosigner being removed is neither counted nor asked
(so with M = N all the others must sign), and the initiator may not be the
cosigner being removed. A key being added signs nothing.

Prints JSON as 'request transfer' does, plus planOut, removed (the address
of a cosigner being removed) and warnings about the new plan.

Example:
  nemcustody request modification --plan plan.json \
    --initiator-keystore hot.age --add offline:$VAULT_C:"vault C":"site C" \
    --threshold 2 --node-time 367856452 \
    --out request.txt --wrapper-out wrapper.json --plan-out plan-next.json

Flags:
  --plan FILE         the current custody plan (required)
  --add SPEC          the cosigner to add, ROLE:PUBKEY:LABEL[:CUSTODIAN]
  --remove PUBKEY     the public key of the cosigner to remove
  --threshold M       the threshold afterwards (required)
  --plan-out FILE     the file to create for the resulting plan (required)
` + requestOutFlagsHelp + nodeTimeHelp + passphraseHelp,
}

var requestConversionCmd = &command{
	name:    "conversion",
	summary: "make an account the plan's multisig account",
	run:     runRequestConversion,
	usage: `Usage: nemcustody request conversion --plan PLAN --node-time T [--deadline D]
                                  [--note TEXT] --out REQUEST

Builds the aggregate modification that turns the plan's account into a
multisig account (one add per cosigner, min cosignatories = M) and writes a
request with one sign item for it, to be signed offline with the account's
own key ('nemcustody sign --keystore ACCOUNT.age'). After it is confirmed,
the account's key can sign nothing alone: only the cosigners can move
funds. No key is needed here.

Prints JSON: requestId, items, out, nodeTime, deadline, signers (the
account).

Example:
  nemcustody request conversion --plan plan.json --node-time 367856452 \
    --out conversion-request.txt

Flags:
  --plan FILE         the custody plan (required)
  --out FILE          the request file to create (required; 0644, never
                      overwritten)
` + nodeTimeHelp,
}

// requestOutput is what the request commands print.
type requestOutput struct {
	RequestID   string                `json:"requestId"`
	Items       int                   `json:"items"`
	Out         string                `json:"out"`
	WrapperOut  string                `json:"wrapperOut,omitempty"`
	PlanOut     string                `json:"planOut,omitempty"`
	NodeTime    transaction.Timestamp `json:"nodeTime"`
	Deadline    transaction.Timestamp `json:"deadline"`
	InnerHash   *transaction.Hash     `json:"innerHash,omitempty"`
	WrapperHash *transaction.Hash     `json:"wrapperHash,omitempty"`
	Required    int                   `json:"required,omitempty"`
	Removed     *sign.Address         `json:"removed,omitempty"`
	Signers     []signerOutput        `json:"signers"`
	Warnings    []string              `json:"warnings,omitempty"`
}

type signerOutput struct {
	PublicKey sign.PublicKey `json:"publicKey"`
	Address   sign.Address   `json:"address"`
	Label     string         `json:"label,omitempty"`
}

// requestFlags are the flags every request command has.
type requestFlags struct {
	plan, nodeTime, deadline, note, out *string
}

func addRequestFlags(flags *flag.FlagSet) *requestFlags {
	return &requestFlags{
		plan:     flags.String("plan", "", ""),
		nodeTime: flags.String("node-time", "", ""),
		deadline: flags.String("deadline", "2h", ""),
		note:     flags.String("note", "", ""),
		out:      flags.String("out", "", ""),
	}
}

// check checks the common flags and returns the transaction times.
func (f *requestFlags) check(e *env) (multisig.TxOptions, error) {
	if *f.plan == "" {
		return multisig.TxOptions{}, usagef("--plan is required: the custody plan")
	}
	if *f.out == "" || *f.out == "-" {
		return multisig.TxOptions{}, usagef("--out is required: the request file to create")
	}
	if *f.note != "" && (textProblem(*f.note, coldwallet.MaxNoteLength) != "") {
		return multisig.TxOptions{}, usagef("--note must be printable text of at most %d bytes", coldwallet.MaxNoteLength)
	}
	ts, err := nodeTimeFlag(e, *f.nodeTime)
	if err != nil {
		return multisig.TxOptions{}, err
	}
	d, err := time.ParseDuration(*f.deadline)
	if err != nil {
		return multisig.TxOptions{}, usagef("--deadline must be a duration such as 2h or 30m")
	}
	deadline, err := transaction.Deadline(ts, d)
	if err != nil {
		return multisig.TxOptions{}, usagef("--deadline must be from 1s to 24h (NIS's limit)")
	}
	return multisig.TxOptions{Timestamp: ts, Deadline: deadline}, nil
}

// nodeTimeFlag parses --node-time: seconds since the NEM epoch, or "now".
func nodeTimeFlag(e *env, s string) (transaction.Timestamp, error) {
	switch s {
	case "":
		return 0, usagef("--node-time is required: the node's network time (GET /time-sync/network-time, receiveTimeStamp / 1000), or now")
	case "now":
		ts, err := transaction.TimestampOf(time.Now())
		if err != nil {
			return 0, fmt.Errorf("this machine's clock: %w", err)
		}
		e.warn("--node-time now: using this machine's clock (%d); local clocks drift, and NIS refuses a timestamp more than 10 s ahead of its own time: prefer the node's network time", ts)
		return ts, nil
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n > uint64(transaction.MaxTimestamp) {
		return 0, usagef("--node-time must be seconds since the NEM epoch (0 to %d), or now", transaction.MaxTimestamp)
	}
	return transaction.Timestamp(n), nil
}

// cosignerKeys parses the --cosigner public keys.
func cosignerKeys(specs []string) ([]sign.PublicKey, error) {
	var keys []sign.PublicKey
	for i, s := range specs {
		k, err := sign.ParsePublicKey(s)
		if err != nil {
			return nil, usagef("--cosigner %d: the public key is not 64 hex characters", i+1)
		}
		if slices.Contains(keys, k) {
			return nil, usagef("--cosigner %d: the same cosigner twice", i+1)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// chooseCosigners returns who is asked to cosign: the requested keys, or
// by default every offline cosigner of the plan among eligible (those NIS
// counts) other than the initiator.
func chooseCosigners(p *multisig.Plan, eligible []sign.PublicKey, initiator sign.PublicKey, requested []sign.PublicKey) ([]sign.PublicKey, error) {
	if len(requested) == 0 {
		var keys []sign.PublicKey
		for _, c := range p.Cosigners {
			if c.Role == multisig.Offline && c.PublicKey != initiator && slices.Contains(eligible, c.PublicKey) {
				keys = append(keys, c.PublicKey)
			}
		}
		return keys, nil
	}
	for i, k := range requested {
		switch {
		case k == initiator:
			return nil, fmt.Errorf("--cosigner %d is the initiator: its wrapper already counts as its signature, and NIS refuses a second one", i+1)
		case !slices.Contains(p.Keys(), k):
			return nil, fmt.Errorf("--cosigner %d (%s) is not a cosigner of the plan", i+1, k.Address(p.Network))
		case !slices.Contains(eligible, k):
			return nil, fmt.Errorf("--cosigner %d (%s) is the cosigner being removed: NIS does not count its signature", i+1, k.Address(p.Network))
		}
	}
	return requested, nil
}

// signerList describes keys with their plan labels.
func signerList(p *multisig.Plan, keys []sign.PublicKey) []signerOutput {
	out := []signerOutput{}
	for _, k := range keys {
		s := signerOutput{PublicKey: k, Address: k.Address(p.Network)}
		if c, ok := p.Cosigner(k); ok {
			s.Label = c.Label
		}
		out = append(out, s)
	}
	return out
}

// openInitiator opens the initiator's keystore and checks that its key is
// a cosigner of the plan.
func openInitiator(e *env, path string, pf *passphraseFlags, p *multisig.Plan) (*sign.PrivateKey, error) {
	k, info, err := openKeystore(e, path, pf)
	if err != nil {
		return nil, err
	}
	if info.Network != p.Network {
		k.Destroy()
		return nil, fmt.Errorf("the initiator keystore is for %s, the plan for %s", info.Network, p.Network)
	}
	if _, ok := p.Cosigner(k.PublicKey()); !ok {
		a := k.Address(p.Network)
		k.Destroy()
		return nil, fmt.Errorf("the initiator keystore's key (%s) is not a cosigner of the plan", a)
	}
	return k, nil
}

// wrappedRequest is the common part of request transfer and modification:
// wrap inner with the initiator's key, sign the wrapper, and build the
// cosign request.
type wrappedRequest struct {
	plan      *multisig.Plan
	eligible  []sign.PublicKey // the cosigners NIS counts
	requested []sign.PublicKey // --cosigner
	key       *sign.PrivateKey // the initiator
	opts      multisig.TxOptions
	note      string
}

// build returns the request, the signed wrapper and the output to print.
func (w *wrappedRequest) build(inner transaction.Transaction) (*coldwallet.Request, *transaction.Signed, *requestOutput, error) {
	p, initiator := w.plan, w.key.PublicKey()
	if !slices.Contains(w.eligible, initiator) {
		return nil, nil, nil, fmt.Errorf("the initiator (%s) is the cosigner being removed: NIS does not count its signature; initiate with another cosigner", initiator.Address(p.Network))
	}
	cosigners, err := chooseCosigners(p, w.eligible, initiator, w.requested)
	if err != nil {
		return nil, nil, nil, err
	}
	ms, err := p.Wrap(inner, initiator, w.opts)
	if err != nil {
		return nil, nil, nil, err
	}
	nodeTime := w.opts.Timestamp
	if err := transaction.Validate(ms, transaction.ValidateOptions{NodeTime: &nodeTime}); err != nil {
		return nil, nil, nil, err
	}
	wrapper, err := transaction.Sign(ms, w.key)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := multisig.Status(p, wrapper, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	if have := len(st.Signed) + len(cosigners); have < st.Required {
		if len(cosigners) == 0 {
			return nil, nil, nil, fmt.Errorf("no cosigner to ask: the plan has no offline cosigner besides the initiator; name them with --cosigner (%d signatures are needed)", st.Required)
		}
		return nil, nil, nil, fmt.Errorf("the initiator and %d cosigner(s) asked give %d signature(s), NIS needs %d: ask more cosigners", len(cosigners), have, st.Required)
	}
	if len(cosigners) == 0 {
		return nil, nil, nil, errors.New("the initiator's signature alone meets the threshold (a relaxed plan): there is nothing for the offline keys to sign")
	}
	req := &coldwallet.Request{Network: p.Network, NodeTime: nodeTime, Signers: cosigners, Note: w.note}
	for _, k := range cosigners {
		cs, err := p.Cosignature(ms.Inner, k, w.opts)
		if err != nil {
			return nil, nil, nil, err
		}
		req.Items = append(req.Items, coldwallet.Item{Kind: coldwallet.KindCosign, Tx: cs, Inner: ms.Inner})
	}
	wh, err := transaction.HashOf(ms)
	if err != nil {
		return nil, nil, nil, err
	}
	out := &requestOutput{
		NodeTime: nodeTime, Deadline: w.opts.Deadline, InnerHash: &st.InnerHash, WrapperHash: &wh,
		Required: st.Required, Signers: signerList(p, cosigners),
	}
	return req, wrapper, out, nil
}

// writeRequest writes the request and the other files all or none, and
// prints out.
func writeRequest(e *env, req *coldwallet.Request, out *requestOutput, reqPath string, more ...newFile) error {
	text, err := req.MarshalText()
	if err != nil {
		return err
	}
	id, err := req.ID()
	if err != nil {
		return err
	}
	files := append([]newFile{{path: reqPath, what: "request", data: text, perm: 0o644}}, more...)
	if err := writeNewFiles(files...); err != nil {
		return err
	}
	out.RequestID, out.Items, out.Out = id, len(req.Items), reqPath
	return writeJSON(e, out)
}

// distinctFiles refuses the same output file named twice.
func distinctFiles(paths ...string) error {
	for i, p := range paths {
		for _, q := range paths[:i] {
			if filepath.Clean(p) == filepath.Clean(q) {
				return usagef("--out, --wrapper-out and --plan-out must name different files")
			}
		}
	}
	return nil
}

// announceFile is the content of a wrapper file: the announce object and
// a newline.
func announceFile(s *transaction.Signed) ([]byte, error) {
	a, err := s.Announcement()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// wrappedFlags are the flags of the request commands whose transaction an
// online cosigner wraps and signs: the initiator's keystore and
// passphrase, the file for the signed wrapper, and the cosigners to ask.
type wrappedFlags struct {
	keystore   *string
	pf         *passphraseFlags
	wrapperOut *string
	cosigners  stringList
}

func addWrappedFlags(flags *flag.FlagSet) *wrappedFlags {
	w := &wrappedFlags{keystore: flags.String("initiator-keystore", "", ""), pf: addPassphraseFlags(flags), wrapperOut: flags.String("wrapper-out", "", "")}
	flags.Var(&w.cosigners, "cosigner", "")
	return w
}

// checkRequired refuses missing initiator and wrapper flags.
func (w *wrappedFlags) checkRequired() error {
	if *w.keystore == "" {
		return usagef("--initiator-keystore is required: the keystore of the cosigner that signs the wrapper")
	}
	if *w.wrapperOut == "" || *w.wrapperOut == "-" {
		return usagef("--wrapper-out is required: the file to create for the signed wrapper")
	}
	return nil
}

// checkInputs parses the cosigners asked and checks the passphrase flags.
func (w *wrappedFlags) checkInputs() ([]sign.PublicKey, error) {
	requested, err := cosignerKeys(w.cosigners)
	if err != nil {
		return nil, err
	}
	return requested, w.pf.check()
}

// finish opens the initiator, wraps and signs inner, builds the request for
// the eligible cosigners and writes the request, the wrapper and more.
func (w *wrappedFlags) finish(e *env, rf *requestFlags, p *multisig.Plan, inner transaction.Transaction, eligible, requested []sign.PublicKey,
	opts multisig.TxOptions, set func(*requestOutput), more ...newFile) error {
	k, err := openInitiator(e, *w.keystore, w.pf, p)
	if err != nil {
		return err
	}
	defer k.Destroy()
	wr := &wrappedRequest{plan: p, eligible: eligible, requested: requested, key: k, opts: opts, note: *rf.note}
	req, wrapper, out, err := wr.build(inner)
	if err != nil {
		return err
	}
	wrapperText, err := announceFile(wrapper)
	if err != nil {
		return err
	}
	out.WrapperOut = *w.wrapperOut
	if set != nil {
		set(out)
	}
	files := append([]newFile{{path: *w.wrapperOut, what: "wrapper", data: wrapperText, perm: 0o644}}, more...)
	return writeRequest(e, req, out, *rf.out, files...)
}

func runRequestTransfer(e *env, args []string) error {
	flags := newFlagSet("request transfer")
	rf := addRequestFlags(flags)
	wf := addWrappedFlags(flags)
	to := flags.String("to", "", "")
	amount := flags.String("amount", "", "")
	message := flags.String("message", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("request transfer takes no arguments")
	}
	opts, err := rf.check(e)
	if err != nil {
		return err
	}
	if err := wf.checkRequired(); err != nil {
		return err
	}
	if *to == "" {
		return usagef("--to is required: the recipient's address")
	}
	recipient, err := sign.ParseAddress(*to)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if *amount == "" {
		return usagef("--amount is required: decimal XEM")
	}
	xem, err := transaction.ParseXEM(*amount)
	if err != nil {
		return usagef("--amount must be a decimal number of XEM with at most 6 decimals")
	}
	if len(*message) > transaction.MaxMessageSize || !utf8.ValidString(*message) {
		return usagef("--message must be UTF-8 text of at most %d bytes", transaction.MaxMessageSize)
	}
	requested, err := wf.checkInputs()
	if err != nil {
		return err
	}
	if err := distinctFiles(*rf.out, *wf.wrapperOut); err != nil {
		return err
	}
	p, err := loadPlan(*rf.plan)
	if err != nil {
		return err
	}
	if err := recipient.CheckNetwork(p.Network); err != nil {
		return fmt.Errorf("--to: %w (the plan is for %s)", err, p.Network)
	}
	for _, f := range []newFile{{path: *rf.out, what: "request"}, {path: *wf.wrapperOut, what: "wrapper"}} {
		if err := checkNewPath(f.path, f.what); err != nil {
			return err
		}
	}
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: p.Network, Version: 1, Timestamp: opts.Timestamp, Deadline: opts.Deadline},
		Recipient: recipient,
		Amount:    xem,
	}
	if *message != "" {
		tr.Message = &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(*message)}
	}
	return wf.finish(e, rf, p, tr, p.Keys(), requested, opts, nil)
}

func runRequestModification(e *env, args []string) error {
	flags := newFlagSet("request modification")
	rf := addRequestFlags(flags)
	wf := addWrappedFlags(flags)
	add := flags.String("add", "", "")
	remove := flags.String("remove", "", "")
	threshold := flags.String("threshold", "", "")
	planOut := flags.String("plan-out", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("request modification takes no arguments")
	}
	opts, err := rf.check(e)
	if err != nil {
		return err
	}
	if err := wf.checkRequired(); err != nil {
		return err
	}
	if *planOut == "" || *planOut == "-" {
		return usagef("--plan-out is required: the file to create for the resulting plan")
	}
	if *add != "" && *remove != "" {
		return usagef("--add and --remove cannot be combined: NIS checks each change on its own; make two requests")
	}
	m, err := thresholdFlag(*threshold)
	if err != nil {
		return err
	}
	var added multisig.Cosigner
	if *add != "" {
		if added, err = parseCosigner(*add, "add", 1); err != nil {
			return err
		}
	}
	var removed sign.PublicKey
	if *remove != "" {
		if removed, err = sign.ParsePublicKey(*remove); err != nil {
			return usagef("--remove: the public key is not 64 hex characters")
		}
	}
	requested, err := wf.checkInputs()
	if err != nil {
		return err
	}
	if err := distinctFiles(*rf.out, *wf.wrapperOut, *planOut); err != nil {
		return err
	}
	p, err := loadPlan(*rf.plan)
	if err != nil {
		return err
	}
	var u *multisig.Update
	switch {
	case *add != "":
		u, err = p.AddCosigner(added, m, opts)
	case *remove != "":
		u, err = p.RemoveCosigner(removed, m, opts)
	default:
		u, err = p.SetThreshold(m, opts)
	}
	if err != nil {
		return planError(err)
	}
	newPlan, err := u.After.MarshalJSON()
	if err != nil {
		return err
	}
	newPlan = append(newPlan, '\n')
	for _, f := range []newFile{{path: *rf.out, what: "request"}, {path: *wf.wrapperOut, what: "wrapper"}, {path: *planOut, what: "new plan"}} {
		if err := checkNewPath(f.path, f.what); err != nil {
			return err
		}
	}
	set := func(out *requestOutput) {
		out.PlanOut = *planOut
		if *remove != "" {
			a := removed.Address(p.Network)
			out.Removed = &a
		}
		out.Warnings = u.After.Warnings()
	}
	return wf.finish(e, rf, p, u.Inner, u.Signers, requested, opts, set,
		newFile{path: *planOut, what: "new plan", data: newPlan, perm: 0o644})
}

func runRequestConversion(e *env, args []string) error {
	flags := newFlagSet("request conversion")
	rf := addRequestFlags(flags)
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("request conversion takes no arguments")
	}
	opts, err := rf.check(e)
	if err != nil {
		return err
	}
	p, err := loadPlan(*rf.plan)
	if err != nil {
		return err
	}
	if err := checkNewPath(*rf.out, "request"); err != nil {
		return err
	}
	conv, err := p.Conversion(opts)
	if err != nil {
		return err
	}
	nodeTime := opts.Timestamp
	if err := transaction.Validate(conv, transaction.ValidateOptions{NodeTime: &nodeTime}); err != nil {
		return err
	}
	req := &coldwallet.Request{Network: p.Network, NodeTime: nodeTime, Signers: []sign.PublicKey{p.Account}, Note: *rf.note,
		Items: []coldwallet.Item{{Kind: coldwallet.KindSign, Tx: conv}}}
	out := &requestOutput{NodeTime: nodeTime, Deadline: opts.Deadline, Signers: []signerOutput{{PublicKey: p.Account, Address: p.Address(), Label: "the multisig account"}}}
	return writeRequest(e, req, out, *rf.out)
}
