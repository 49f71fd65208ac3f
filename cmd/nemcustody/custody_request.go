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

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/printable"
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
const nodeTimeHelp = `  --node URL          the NIS node that will announce: its network time is
                      the node time, asked when --node-time is not given
                      (https://HOST:7891, or http://HOST:7890)
  --node-time T       the node's network time, in seconds since the NEM
                      epoch, as 'nemcustody node time' prints it (required
                      without --node). Every timestamp is this time, and the
                      offline signer checks deadlines against it (it has no
                      trusted clock). "now" uses this machine's clock
                      instead, with a warning: local clocks drift, and NIS
                      refuses a timestamp more than 10 s ahead of its own.
  --deadline D        how long the transactions stay valid, from 1s to 24h
                      (default 2h): the whole round trip to the offline
                      machines and back must fit in it
  --note TEXT         a note shown to the offline operator, marked
                      UNTRUSTED (printable text, at most 256 bytes)
  --heads FILE        the journal heads file 'combine --heads' keeps: the
                      request carries each signer's recorded journal head,
                      and the signer refuses unless its journal holds that
                      entry (a journal restored from an old copy cannot
                      answer). combine refuses a response to a request
                      without the signer's recorded head. A file that does
                      not exist yet records no signer.
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
	plan, node, nodeTime, deadline, note, out, heads *string
}

func addRequestFlags(flags *flag.FlagSet) *requestFlags {
	return &requestFlags{
		plan:     flags.String("plan", "", ""),
		node:     flags.String("node", "", ""),
		nodeTime: flags.String("node-time", "", ""),
		deadline: flags.String("deadline", "2h", ""),
		note:     flags.String("note", "", ""),
		out:      flags.String("out", "", ""),
		heads:    flags.String("heads", "", ""),
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
	if *f.note != "" && (printable.Problem(*f.note, coldwallet.MaxNoteLength) != "") {
		return multisig.TxOptions{}, usagef("--note must be printable text of at most %d bytes", coldwallet.MaxNoteLength)
	}
	if *f.node != "" {
		if err := nodeFlag(*f.node); err != nil {
			return multisig.TxOptions{}, err
		}
	}
	ts, err := nodeTimeFlag(e, *f.nodeTime, *f.node)
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

// nodeTimeFlag parses --node-time: seconds since the NEM epoch, or "now";
// without it, the network time of the node at url, if given.
func nodeTimeFlag(e *env, s, url string) (transaction.Timestamp, error) {
	switch {
	case s == "" && url != "":
		return nodeTimeOf(url)
	case s == "":
		return 0, usagef("--node-time or --node is required: the node's network time ('nemcustody node time'), or now")
	case s == "now":
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
	mosaics   []transaction.MosaicDefinition // of the mosaics inner moves
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
	if err := transaction.Validate(ms, transaction.ValidateOptions{NodeTime: &nodeTime, Mosaics: w.opts.Mosaics}); err != nil {
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
	req := &coldwallet.Request{Network: p.Network, NodeTime: nodeTime, Signers: cosigners, Note: w.note, Mosaics: w.mosaics}
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

// writeRequest writes the request, with the signers' recorded journal
// heads (--heads), and the other files all or none, and prints out.
func writeRequest(e *env, rf *requestFlags, req *coldwallet.Request, out *requestOutput, more ...newfile.File) error {
	reqPath := *rf.out
	if *rf.heads != "" {
		heads, err := readHeads(*rf.heads)
		if err != nil {
			return err
		}
		req.Heads = heads.Of(req.Signers)
	}
	text, err := req.MarshalText()
	if err != nil {
		return err
	}
	id, err := req.ID()
	if err != nil {
		return err
	}
	files := append([]newfile.File{{Path: reqPath, What: "request", Data: text, Perm: 0o644}}, more...)
	if err := writeOutputs(e, files...); err != nil {
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
	// mosaics are the definitions the request carries (request transfer
	// --mosaic).
	mosaics []transaction.MosaicDefinition
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
	opts multisig.TxOptions, set func(*requestOutput), more ...newfile.File) error {
	k, err := openInitiator(e, *w.keystore, w.pf, p)
	if err != nil {
		return err
	}
	defer k.Destroy()
	wr := &wrappedRequest{plan: p, eligible: eligible, requested: requested, key: k, opts: opts, note: *rf.note, mosaics: w.mosaics}
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
	files := append([]newfile.File{{Path: *w.wrapperOut, What: "wrapper", Data: wrapperText, Perm: 0o644}}, more...)
	return writeRequest(e, rf, req, out, files...)
}
