package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

var combineGroup = &group{
	name:    "combine",
	summary: "verify responses, print the announce payloads (online)",
	single:  combineCmd,
}

var combineCmd = &command{
	name:     "combine",
	synopsis: "combine REQUEST RESPONSE... --plan FILE --heads FILE [--presigned WRAPPER]...",
	run:      runCombine,
	usage: `Usage: nemcustody combine REQUEST [RESPONSE...] --plan FILE --heads FILE
                          [--presigned WRAPPER]...

Back on the online side: reads the request and the responses the offline
signers returned, and the wrappers signed when the request was built
(--presigned, as 'request transfer --wrapper-out' writes them). Every
signature is verified over the request's own bytes, never over anything a
response brings; a response to another request is refused; every wrapper
is checked against the plan with NIS's signature counting.

Each response names its signer's journal and entry. --heads is a small
file on the online side that records, per offline signer, the journal its
responses come from and the latest entry seen (created on first use,
replaced atomically afterwards). Requests made with the same file
('request ... --heads') carry each signer's recorded head, and the signer
signs only if its journal holds that entry. A response from another
journal than before, or naming an earlier entry, or to a request that did
not carry the signer's recorded head, is refused: that offline signer's
journal was replaced, truncated or restored from an old copy, and its
limits no longer count what it signed. Nothing is recorded from responses
whose signatures do not verify.

Prints what to POST to /transaction/announce, in order, one JSON object
{"data","signature"} per line: each signed transaction that is not part of
a wrapper (a conversion), then each wrapper followed by its cosignatures.
'nemcustody tx decode' reads each line back.

Fails (exit status 1, nothing on stdout) with one line naming what is
missing when the result is incomplete: an unsigned item, a wrapper whose
signatures do not reach the threshold, or a cosigned transaction without
its wrapper. A cosignature that is still unanswered but not needed (the
threshold is met without it) is reported as a note on stderr.

Example:
  nemcustody combine request.txt response-a.txt --plan plan.json \
    --presigned wrapper.json > announce.jsonl

Flags:
  --plan FILE          the custody plan (required)
  --heads FILE         the journal heads of the offline signers (required)
  --presigned WRAPPER  a signed wrapper as an announce object; repeatable
`,
}

func runCombine(e *env, args []string) error {
	flags := newFlagSet("combine")
	planPath := flags.String("plan", "", "")
	headsPath := flags.String("heads", "", "")
	var presignedPaths stringList
	flags.Var(&presignedPaths, "presigned", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("missing REQUEST and RESPONSE files")
	}
	if *planPath == "" {
		return usagef("--plan is required: the custody plan")
	}
	if *headsPath == "" {
		return usagef("--heads is required: the record of the offline signers' journals (created on first use)")
	}
	heads, err := loadHeads(e, *headsPath)
	if err != nil {
		return err
	}
	p, err := loadPlan(*planPath)
	if err != nil {
		return err
	}
	req, id, _, err := readRequest(pos[0])
	if err != nil {
		return err
	}
	responses, err := readResponses(pos[1:], pos[0], id)
	if err != nil {
		return err
	}
	for i, r := range responses {
		if err := heads.Check(req, r); err != nil {
			return fmt.Errorf("response %s: %w", pos[1+i], err)
		}
	}
	presigned, err := readPresigned(presignedPaths)
	if err != nil {
		return err
	}
	if err := missingWrappers(req, presigned); err != nil {
		return err
	}
	c, err := coldwallet.Combine(p, req, id, responses, presigned)
	if err != nil {
		return err
	}
	// The signatures verified: record the journals the responses name.
	for i, r := range responses {
		if err := heads.Accept(req, r); err != nil {
			return fmt.Errorf("response %s: %w", pos[1+i], err)
		}
	}
	if err := saveHeads(*headsPath, heads); err != nil {
		return err
	}
	if err := checkComplete(e, p, req, c); err != nil {
		return err
	}
	for _, a := range c.Announce {
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		e.out.Write(line)
		e.out.WriteByte('\n')
	}
	return nil
}

// checkComplete fails, naming what is missing, unless everything the
// request is for can be announced: every wrapper reaches its threshold and
// every item is signed, except cosignatures a complete wrapper does not
// need (noted as surplus).
func checkComplete(e *env, p *multisig.Plan, req *coldwallet.Request, c *coldwallet.Combined) error {
	reports := map[transaction.Hash]*multisig.Report{}
	var problems []string
	for _, r := range c.Reports {
		reports[r.InnerHash] = r
		if !r.Complete {
			problems = append(problems, fmt.Sprintf("the wrapper of inner transaction %s has %d of %d signatures (not yet signed: %s)",
				r.InnerHash, len(r.Signed), r.Required, describeKeys(p, r.Missing)))
		}
	}
	for _, n := range c.Missing {
		it := req.Items[n-1]
		who := describeKeys(p, []sign.PublicKey{it.Signer()})
		if it.Kind != coldwallet.KindCosign {
			problems = append(problems, fmt.Sprintf("item %d (%s) is not signed: no response from %s", n, it.Tx.Type(), who))
			continue
		}
		// A cosignature of an incomplete wrapper is reported with the
		// wrapper, one of a missing wrapper below.
		if r, ok := reports[it.Tx.(*transaction.MultisigSignature).OtherHash]; ok && r.Complete {
			e.note("item %d, the cosignature of %s, was not needed: the threshold is met without it", n, who)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("incomplete, nothing to announce: %s", strings.Join(problems, "; "))
	}
	if !c.Complete && len(c.Announce) == 0 {
		return fmt.Errorf("incomplete, nothing to announce")
	}
	return nil
}

// missingWrappers fails, naming them, when cosign items of the request have
// no signed wrapper among the presigned transactions (or the request's
// own items): coldwallet.Combine refuses them too, in its own words.
func missingWrappers(req *coldwallet.Request, presigned []*transaction.Signed) error {
	have := map[transaction.Hash]bool{}
	for _, s := range presigned {
		if ms, ok := s.Tx.(*transaction.Multisig); ok {
			if ih, err := transaction.InnerHash(ms); err == nil {
				have[ih] = true
			}
		}
	}
	for _, it := range req.Items {
		if ms, ok := it.Tx.(*transaction.Multisig); ok && it.Kind == coldwallet.KindSign {
			if ih, err := transaction.InnerHash(ms); err == nil {
				have[ih] = true
			}
		}
	}
	noWrapper := map[transaction.Hash][]string{}
	var order []transaction.Hash
	for i, it := range req.Items {
		if it.Kind != coldwallet.KindCosign {
			continue
		}
		ih := it.Tx.(*transaction.MultisigSignature).OtherHash
		if have[ih] {
			continue
		}
		if noWrapper[ih] == nil {
			order = append(order, ih)
		}
		noWrapper[ih] = append(noWrapper[ih], fmt.Sprint(i+1))
	}
	var problems []string
	for _, ih := range order {
		problems = append(problems, fmt.Sprintf("no signed wrapper of inner transaction %s, which item(s) %s cosign: pass it with --presigned",
			ih, strings.Join(noWrapper[ih], ", ")))
	}
	if len(problems) > 0 {
		return fmt.Errorf("incomplete, nothing to announce: %s", strings.Join(problems, "; "))
	}
	return nil
}

// describeKeys names keys by plan label and address.
func describeKeys(p *multisig.Plan, keys []sign.PublicKey) string {
	var parts []string
	for _, k := range keys {
		if c, ok := p.Cosigner(k); ok {
			parts = append(parts, fmt.Sprintf("%q (%s)", c.Label, k.Address(p.Network)))
		} else {
			parts = append(parts, k.Address(p.Network).String())
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
