package main

import (
	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var requestConversionCmd = &command{
	name:    "conversion",
	summary: "make an account the plan's multisig account",
	run:     runRequestConversion,
	usage: `Usage: nemcustody request conversion --plan PLAN (--node URL | --node-time T)
                                  [--deadline D] [--note TEXT] [--heads FILE]
                                  --out REQUEST

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
	if err := checkOutput(*rf.out, "request"); err != nil {
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
	return writeRequest(e, rf, req, out)
}
