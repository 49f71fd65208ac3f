package main

import (
	"fmt"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var requestTransferCmd = &command{
	name:    "transfer",
	summary: "transfer from the multisig account: wrapper, request",
	run:     runRequestTransfer,
	usage: `Usage: nemcustody request transfer --plan PLAN --initiator-keystore FILE
                                --to ADDRESS --amount XEM [--message TEXT]
                                [--mosaic NS:NAME:UNITS]...
                                [--mosaic-definition FILE]...
                                (--node URL | --node-time T) [--deadline D]
                                [--note TEXT] [--heads FILE]
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

With --mosaic the transfer (version 2) moves mosaics too: UNITS of each,
in its smallest units, and the --amount of XEM as nem:xem (--amount may
then be left out or 0). The request carries each mosaic's definition,
which the offline signer checks against the levy its policy pins: read
from the node with --node (with the mosaic's current supply, which its fee
depends on), or from --mosaic-definition files, each the JSON that
GET /mosaic/definition?mosaicId=NS:NAME answers (a mosaic whose supply is
mutable then needs --node for its fee). Both are untrusted: the offline
policy decides. A mosaic's levy is printed as a warning.

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
  --mosaic NS:NAME:UNITS
                      also move UNITS smallest units of mosaic NS:NAME;
                      repeat for each (at most 10)
  --mosaic-definition FILE
                      a mosaic's definition as NIS JSON, instead of reading
                      it (and its supply) from --node; repeat for each
                      mosaic
` + requestOutFlagsHelp + nodeTimeHelp + passphraseHelp,
}

func runRequestTransfer(e *env, args []string) error {
	flags := newFlagSet("request transfer")
	rf := addRequestFlags(flags)
	wf := addWrappedFlags(flags)
	to := flags.String("to", "", "")
	amount := flags.String("amount", "", "")
	message := flags.String("message", "", "")
	var mosaicSpecs, defFiles stringList
	flags.Var(&mosaicSpecs, "mosaic", "")
	flags.Var(&defFiles, "mosaic-definition", "")
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
	xem, mosaics, err := transferAmounts(*amount, mosaicSpecs, defFiles, *rf.node)
	if err != nil {
		return err
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
	if err := checkOutputs(newfile.File{Path: *rf.out, What: "request"}, newfile.File{Path: *wf.wrapperOut, What: "wrapper"}); err != nil {
		return err
	}
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: p.Network, Version: 1, Timestamp: opts.Timestamp, Deadline: opts.Deadline},
		Recipient: recipient,
		Amount:    xem,
	}
	var set func(*requestOutput)
	if len(mosaics) > 0 {
		if set, err = transferMosaics(tr, mosaics, *rf.node, defFiles, &opts, wf); err != nil {
			return err
		}
	}
	if *message != "" {
		tr.Message = &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(*message)}
	}
	return wf.finish(e, rf, p, tr, p.Keys(), requested, opts, set)
}

// transferAmounts reads --amount and --mosaic, and checks the mosaic
// definitions' sources.
func transferAmounts(amount string, mosaicSpecs, defFiles []string, node string) (transaction.Amount, []transaction.Mosaic, error) {
	if amount == "" && len(mosaicSpecs) == 0 {
		return 0, nil, usagef("--amount is required: decimal XEM")
	}
	var xem transaction.Amount
	if amount != "" {
		var err error
		if xem, err = transaction.ParseXEM(amount); err != nil {
			return 0, nil, usagef("--amount must be a decimal number of XEM with at most 6 decimals")
		}
	}
	mosaics, err := mosaicFlags(mosaicSpecs)
	if err != nil {
		return 0, nil, err
	}
	if len(mosaics) == 0 && len(defFiles) > 0 {
		return 0, nil, usagef("--mosaic-definition describes the mosaics of --mosaic")
	}
	if node != "" && len(defFiles) > 0 {
		return 0, nil, usagef("give --node or --mosaic-definition files, not both")
	}
	return xem, mosaics, nil
}

// transferMosaics makes tr (whose Amount is the XEM to send) a version 2
// transfer of mosaics and that XEM, with their definitions from the node
// or the files, and returns what adds their warnings to the output.
func transferMosaics(tr *transaction.Transfer, mosaics []transaction.Mosaic, node string, defFiles []string, opts *multisig.TxOptions, wf *wrappedFlags) (func(*requestOutput), error) {
	md, err := mosaicDefinitions(mosaics, node, defFiles, tr.Network)
	if err != nil {
		return nil, err
	}
	xem := tr.Amount
	// The amount multiplies the quantities: 1 XEM makes them literal.
	tr.Version, tr.Amount, tr.Mosaics = 2, transaction.XEM, mosaics
	if xem > 0 {
		tr.Mosaics = append(tr.Mosaics, transaction.Mosaic{ID: transaction.XEMMosaic, Quantity: uint64(xem)})
	}
	if err := transaction.Canonicalize(tr); err != nil {
		return nil, usagef("--mosaic: %v", err)
	}
	opts.Mosaics, wf.mosaics = md.supply, md.defs
	return func(out *requestOutput) { out.Warnings = append(out.Warnings, md.warnings()...) }, nil
}

// checkOutputs checks that each file can be created (checkOutput).
func checkOutputs(files ...newfile.File) error {
	for _, f := range files {
		if err := checkOutput(f.Path, f.What); err != nil {
			return err
		}
	}
	return nil
}
