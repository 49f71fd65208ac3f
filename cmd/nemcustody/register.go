package main

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/multisig"
)

var journalInitCmd = &command{
	name:    "init",
	summary: "create a new signing journal (the only way one is created)",
	run:     runJournalInit,
	usage: `Usage: nemcustody journal init JOURNAL [--operator NAME]

Creates a new signing journal for an offline signer: a new file (never an
existing one) whose first entry, "opened", holds the journal's identity, 32
random hex characters. Every response the signer releases carries that
identity and the entry number, and the online side refuses a response
whose signer's journal changed or went back ('nemcustody combine --heads'):
a signer whose journal was deleted, truncated or restored from a copy has
forgotten what it signed, and its limits would start again. So 'sign'
never creates a journal; this command does, once per offline machine.
Register the custody plan next ('nemcustody plan register').

Prints JSON: journal (the path), journalId, headSeq.

Example:
  nemcustody journal init journal.jsonl --operator alice

Flags:
  --operator NAME   who creates it, recorded in the journal
`,
}

func runJournalInit(e *env, args []string) error {
	flags := newFlagSet("journal init")
	operator := flags.String("operator", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	path, err := onePositional(pos, "JOURNAL: the journal file to create")
	if err != nil {
		return err
	}
	if err := operatorFlag(*operator); err != nil {
		return err
	}
	j, err := journal.Create(path, *operator, nil, journal.Options{})
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	defer j.Close()
	seq, _ := j.Head()
	return writeJSON(e, struct {
		Journal   string `json:"journal"`
		JournalID string `json:"journalId"`
		HeadSeq   int    `json:"headSeq"`
	}{path, j.ID(), seq})
}

var planRegisterCmd = &command{
	name:    "register",
	summary: "register the custody plan an offline signer enforces (a ceremony)",
	run:     runPlanRegister,
	usage: `Usage: nemcustody plan register --journal JOURNAL --plan FILE
                                [--next-plan FILE] [--fingerprint HEX]
                                [--next-fingerprint HEX] [--operator NAME]
                                [--replace]

Registers, in the offline signer's journal, the custody plan it enforces
(in the spirit of BIP-129 multisig registration). From then on the signer
signs for the plan's account only what the plan allows: wrappers and
cosignatures of its cosigners, a conversion into exactly the plan, and
cosignatory modifications into the registered next version (--next-plan),
never one that leaves online keys alone or one custodian alone able to
satisfy NIS. No registered plan, no multisig signature.

A later registration must follow the registered one: the same plan again
(with another next version, or none), or, once the modification is
confirmed on chain, the registered next version as the plan. A next
version may relabel keys, but never turn an online key offline, move a key
to another custodian, or loosen the plan's account limits. Anything else
is a new plan and takes --replace: the command then shows the registered
plan and every key whose role or custodian changes, in capitals, and the
operator types REPLACE (or gives --replace with --fingerprint in a
scripted ceremony). The journal records the entry it replaces.

The ceremony: the command shows each plan (account, cosigners, threshold)
and its fingerprint on stderr. The operator compares the fingerprint with
the one 'nemcustody plan check' printed on the online machine, and types
its first 16 characters (or gives them, or the whole fingerprint, with
--fingerprint and --next-fingerprint in a scripted ceremony). A mismatch
registers nothing.

Prints JSON: journal, seq (the "registered" entry), fingerprint,
nextFingerprint.

Example:
  nemcustody plan register --journal journal.jsonl --plan plan.json \
    --fingerprint 3f9c0a1b2c3d4e5f --operator alice

Flags:
  --journal FILE            the signer's journal (required; see 'journal init')
  --plan FILE               the custody plan (required)
  --next-plan FILE          its declared next version (for a cosigner change)
  --fingerprint HEX         the plan's fingerprint, or its first 16 or more
                            characters, as shown on the online machine
  --next-fingerprint HEX    the same for --next-plan
  --operator NAME           who registers, recorded in the journal
  --replace                 replace a registration the plan does not follow
`,
}

func runPlanRegister(e *env, args []string) error {
	flags := newFlagSet("plan register")
	journalPath := flags.String("journal", "", "")
	planPath := flags.String("plan", "", "")
	nextPath := flags.String("next-plan", "", "")
	fingerprint := flags.String("fingerprint", "", "")
	nextFingerprint := flags.String("next-fingerprint", "", "")
	operator := flags.String("operator", "", "")
	replace := flags.Bool("replace", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("plan register takes no arguments")
	case *journalPath == "":
		return usagef("--journal is required: the offline signer's journal")
	case *planPath == "":
		return usagef("--plan is required: the custody plan to register")
	case *nextFingerprint != "" && *nextPath == "":
		return usagef("--next-fingerprint needs --next-plan")
	}
	if err := operatorFlag(*operator); err != nil {
		return err
	}
	p, err := loadPlan(*planPath)
	if err != nil {
		return planError(err)
	}
	var next *multisig.Plan
	if *nextPath != "" {
		if next, err = loadPlan(*nextPath); err != nil {
			return planError(err)
		}
		if err := coldwallet.CheckTransition(p, next); err != nil {
			return err
		}
	}
	j, err := journal.Open(*journalPath, journal.Options{})
	if err != nil {
		return fmt.Errorf("journal %s: %w", *journalPath, err)
	}
	defer j.Close()
	fp, err := confirmFingerprint(e, "PLAN", p, *fingerprint)
	if err != nil {
		return err
	}
	var nfp string
	if next != nil {
		if nfp, err = confirmFingerprint(e, "NEXT VERSION OF THE PLAN", next, *nextFingerprint); err != nil {
			return err
		}
	}
	register := coldwallet.Register
	if *replace {
		if err := confirmReplace(e, j, p, next, *fingerprint != ""); err != nil {
			return err
		}
		register = coldwallet.Replace
	}
	entry, err := register(j, p, next, *operator)
	if err != nil {
		return err
	}
	return writeJSON(e, struct {
		Journal         string `json:"journal"`
		Seq             int    `json:"seq"`
		Fingerprint     string `json:"fingerprint"`
		NextFingerprint string `json:"nextFingerprint,omitempty"`
	}{*journalPath, entry.Seq, fp, nfp})
}

// minFingerprint is how many characters of a fingerprint an operator must
// compare.
const minFingerprint = 16

// confirmFingerprint shows a plan and its fingerprint on stderr, and
// checks the fingerprint the operator gives (given, or typed on the
// terminal) against it.
func confirmFingerprint(e *env, title string, p *multisig.Plan, given string) (string, error) {
	fp := p.Fingerprint()
	var b strings.Builder
	fmt.Fprintf(&b, "%s for %s (%s): %d of %d must sign\n", title, p.Address(), p.Network, p.Threshold, len(p.Cosigners))
	for _, c := range p.Cosigners {
		fmt.Fprintf(&b, "  %s %q %s", c.PublicKey.Address(p.Network), c.Label, c.Role)
		if c.Custodian != "" {
			fmt.Fprintf(&b, " at %q", c.Custodian)
		}
		b.WriteString("\n")
		if c.Shares != nil {
			fmt.Fprintf(&b, "    shares of its key: %s\n", c.Shares)
		}
	}
	for _, w := range p.Warnings() {
		fmt.Fprintf(&b, "  WARNING: %s\n", w)
	}
	fmt.Fprintf(&b, "  fingerprint %s\n", fp)
	fmt.Fprint(e.stderr, b.String())
	if given == "" {
		line, err := e.term.ReadLine(fmt.Sprintf("Type the first %d characters of the fingerprint shown on the online machine: ", minFingerprint))
		if err != nil {
			return "", fmt.Errorf("no fingerprint given (--fingerprint) and none typed: %w", err)
		}
		given = strings.TrimSpace(line)
	}
	given = strings.ToLower(given)
	if len(given) < minFingerprint || !strings.HasPrefix(fp, given) {
		return "", fmt.Errorf("the fingerprint given does not match the %s's (or has fewer than %d characters): nothing registered", strings.ToLower(title), minFingerprint)
	}
	return fp, nil
}

// confirmReplace shows the registration a --replace registration
// replaces, and every key whose role or custodian the new plan or next
// version changes from any plan registered since the last replacement,
// and has the operator type REPLACE unless the ceremony is
// scripted.
func confirmReplace(e *env, j *journal.Journal, p, next *multisig.Plan, scripted bool) error {
	prev, err := coldwallet.Registered(j)
	if err != nil {
		return err
	}
	if prev.Plan == nil {
		return usagef("--replace: the journal registers no plan yet; register without it")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "REPLACING THE REGISTRATION OF JOURNAL ENTRY %d: plan %s, %d of %d for %s\n",
		prev.Seq, prev.Plan.Fingerprint(), prev.Plan.Threshold, len(prev.Plan.Cosigners), prev.Plan.Address())
	for _, d := range prev.Differences(p, next) {
		fmt.Fprintf(&b, "  WARNING: THE NEW PLAN %s\n", strings.ToUpper(d))
	}
	if prev.Plan.Account != p.Account {
		fmt.Fprintf(&b, "  WARNING: THE NEW PLAN IS FOR ANOTHER ACCOUNT, %s\n", p.Address())
	}
	fmt.Fprint(e.stderr, b.String())
	if scripted {
		return nil
	}
	line, err := e.term.ReadLine("Type REPLACE to replace the registration: ")
	if err != nil {
		return fmt.Errorf("the replacement was not confirmed: %w", err)
	}
	if strings.TrimSpace(line) != "REPLACE" {
		return fmt.Errorf("the replacement was not confirmed (REPLACE not typed): nothing registered")
	}
	return nil
}

// operatorFlag checks an --operator value.
func operatorFlag(name string) error {
	if name == "" {
		return nil
	}
	if p := printable.Problem(name, 128); p != "" {
		return usagef("--operator %s", p)
	}
	return nil
}
