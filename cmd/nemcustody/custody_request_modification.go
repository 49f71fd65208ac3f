package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
)

var requestModificationCmd = &command{
	name:    "modification",
	summary: "add or remove a cosigner, or change M",
	run:     runRequestModification,
	usage: `Usage: nemcustody request modification --plan PLAN --initiator-keystore FILE
                                    [--add ROLE:PUBKEY:LABEL[:CUSTODIAN] |
                                     --remove PUBKEY] --threshold M
                                    (--node URL | --stored-min N --node-time T)
                                    [--deadline D] [--note TEXT] [--heads FILE]
                                    [--cosigner PUBKEY]... [passphrase flags]
                                    --out REQUEST --wrapper-out WRAPPER
                                    --plan-out NEWPLAN

Changes the cosigners of a live multisig account: with --add, adds a
cosigner; with --remove, removes one (NIS allows one removal per
transaction); with neither, changes only the threshold. --threshold is the
threshold afterwards. The resulting plan must satisfy every invariant (see
'nemcustody plan create --help'); it is written to NEWPLAN for review and
becomes the plan once the change is confirmed on chain.

The change is computed from the state the chain holds, not from the plan's
arithmetic: NIS adds a min-cosignatories change to the minimum it stores,
and an account converted without one (by another tool) stores 0, meaning
"all must sign". With --node the account's state is read from the node
and must enforce the plan; with --stored-min N you state the stored
minimum yourself (GET /account/get, account.multisigInfo.minCosignatories).
Either is required. With --node and no --node-time, the node's network
time is the node time. The offline signers check the change against their
registered plan and its next version independently.

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
  --stored-min N      the minCosignatories the chain stores (instead of --node)
  --plan-out FILE     the file to create for the resulting plan (required)
` + requestOutFlagsHelp + nodeTimeHelp + passphraseHelp,
}

func runRequestModification(e *env, args []string) error {
	flags := newFlagSet("request modification")
	rf := addRequestFlags(flags)
	wf := addWrappedFlags(flags)
	add := flags.String("add", "", "")
	remove := flags.String("remove", "", "")
	threshold := flags.String("threshold", "", "")
	planOut := flags.String("plan-out", "", "")
	node := rf.node
	storedMin := flags.String("stored-min", "", "")
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
	if (*node == "") == (*storedMin == "") {
		return usagef("give --node URL or --stored-min N: the change is computed from the minimum the chain stores")
	}
	if *add != "" && *remove != "" {
		return usagef("--add and --remove cannot be combined: NIS checks each change on its own; make two requests")
	}
	m, err := thresholdFlag(*threshold)
	if err != nil {
		return err
	}
	added, removed, err := changeFlags(*add, *remove)
	if err != nil {
		return err
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
	chain, err := chainState(p, *node, *storedMin)
	if err != nil {
		return err
	}
	u, err := planChange(p, chain, *add != "", added, *remove != "", removed, m, opts)
	if err != nil {
		return planError(err)
	}
	newPlan, err := u.After.MarshalJSON()
	if err != nil {
		return err
	}
	if err := checkOutputs(newfile.File{Path: *rf.out, What: "request"}, newfile.File{Path: *wf.wrapperOut, What: "wrapper"}, newfile.File{Path: *planOut, What: "new plan"}); err != nil {
		return err
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
		newfile.File{Path: *planOut, What: "new plan", Data: newPlan, Perm: 0o644})
}

// changeFlags reads --add (a cosigner) and --remove (a public key).
func changeFlags(add, remove string) (multisig.Cosigner, sign.PublicKey, error) {
	var added multisig.Cosigner
	var removed sign.PublicKey
	var err error
	if add != "" {
		if added, err = parseCosigner(add, "add", 1); err != nil {
			return added, removed, err
		}
	}
	if remove != "" {
		if removed, err = sign.ParsePublicKey(remove); err != nil {
			return added, removed, usagef("--remove: the public key is not 64 hex characters")
		}
	}
	return added, removed, nil
}

// planChange computes the change from the chain's state: an added or a
// removed cosigner, or the threshold m alone.
func planChange(p *multisig.Plan, chain multisig.State, add bool, added multisig.Cosigner, remove bool, removed sign.PublicKey, m int, opts multisig.TxOptions) (*multisig.Update, error) {
	switch {
	case add:
		return p.AddCosigner(chain, added, m, opts)
	case remove:
		return p.RemoveCosigner(chain, removed, m, opts)
	}
	return p.SetThreshold(chain, m, opts)
}

// nodeTimeout bounds one question to a node.
const nodeTimeout = 30 * time.Second

// chainState returns the multisig state the chain holds for the plan's
// account: read from the node at url, or the plan's cosigners with the
// stored minimum the operator gives. It must enforce the plan.
func chainState(p *multisig.Plan, url, storedMin string) (multisig.State, error) {
	var st multisig.State
	if url != "" {
		ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
		defer cancel()
		a, err := (&nis.Client{BaseURL: url}).Account(ctx, p.Address())
		if err != nil {
			return st, err
		}
		if st, err = a.State(); err != nil {
			return st, err
		}
	} else {
		n, err := strconv.Atoi(storedMin)
		if err != nil || n < 0 || n > len(p.Cosigners) {
			return st, usagef("--stored-min: want 0 to the number of cosigners")
		}
		st = multisig.State{Cosignatories: p.Keys(), MinCosignatories: n}
	}
	if err := p.CheckState(st); err != nil {
		return st, fmt.Errorf("the chain does not enforce the plan (run nis reconciliation first): %w", err)
	}
	return st, nil
}
