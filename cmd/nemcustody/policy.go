package main

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/transaction"
)

var policyGroup = &group{
	name:     "policy",
	summary:  "offline signing policies: start one, check what it allows",
	commands: []*command{policyInitCmd, policyCheckCmd},
}

var policyCheckCmd = &command{
	name:    "check",
	summary: "read a policy strictly, say what it allows, check vaults against the plan's limits",
	run:     runPolicyCheck,
	usage: `Usage: nemcustody policy check POLICY [POLICY...] [--plan FILE]
       nemcustody policy check --canonical POLICY

Reads a signing policy exactly as 'nemcustody sign' does (strict JSON, in
canonical form: members in order, defaults left out, white space free) and
prints what it lets the offline signer sign, as JSON: policy (the file),
fingerprint (the SHA-256 of its canonical form, which the journal and an
auditor can name it by), and allows (one plain line per rule). A policy
the signer would refuse fails with the reason.

With --plan, the policies are those of the plan's offline cosigners, one
per offline cosigner in the plan's order, or one they all use, and they
are checked against the plan's account limits: each offline signer counts
only its own journal, so the limits hold only if all their windows
together cannot exceed them. The output adds account: period, maxAmount
and maxCount (the most that can leave within any period of the plan's
limits), signatures (how many offline signatures every transfer needs).
Vault policies that together exceed the limits fail with the arithmetic.

--canonical prints the canonical document of a policy that breaks only
the canonical-form rule.

Example:
  nemcustody policy check vault-a.json vault-b.json --plan plan.json

Flags:
  --plan FILE     the custody plan whose limits the policies must hold
  --canonical     print the canonical form of one policy
`,
}

type policySummary struct {
	Policy      string   `json:"policy"`
	Fingerprint string   `json:"fingerprint"`
	Allows      []string `json:"allows"`
}

type accountSummary struct {
	Period     string `json:"period"`
	MaxAmount  string `json:"maxAmount"`
	MaxCount   int    `json:"maxCount"`
	Signatures int    `json:"signatures"`
	Limits     string `json:"limits"`
}

func runPolicyCheck(e *env, args []string) error {
	flags := newFlagSet("policy check")
	planPath := flags.String("plan", "", "")
	canonical := flags.Bool("canonical", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("missing POLICY: the policy file to check")
	case *canonical && (len(pos) > 1 || *planPath != ""):
		return usagef("--canonical takes one POLICY and no --plan")
	case *planPath == "" && len(pos) > 1:
		return usagef("several policies are checked together against a plan's limits: give --plan")
	}
	if *canonical {
		b, err := readFileLimit(pos[0], "policy", 1<<20)
		if err != nil {
			return err
		}
		doc, err := coldwallet.CanonicalPolicy(b)
		if err != nil {
			return fmt.Errorf("policy %s: %w", pos[0], err)
		}
		e.out.Write(doc)
		return nil
	}
	var policies []*coldwallet.Policy
	var out struct {
		Policies []policySummary `json:"policies"`
		Account  *accountSummary `json:"account,omitempty"`
	}
	for _, path := range pos {
		p, err := loadPolicy(path)
		if err != nil {
			return err
		}
		allows, err := p.Describe()
		if err != nil {
			return fmt.Errorf("policy %s: %w", path, err)
		}
		policies = append(policies, p)
		out.Policies = append(out.Policies, policySummary{Policy: path, Fingerprint: p.Fingerprint(), Allows: allows})
	}
	if *planPath != "" {
		plan, err := loadPlan(*planPath)
		if err != nil {
			return err
		}
		b, err := coldwallet.CheckAccountLimits(plan, policies)
		if err != nil {
			if errors.Is(err, coldwallet.ErrAccountLimits) && plan.Limits == nil {
				return fmt.Errorf("%w (plan create --limit-period and --limit-amount set them)", err)
			}
			return err
		}
		out.Account = &accountSummary{Period: b.Period.String(), MaxAmount: b.MaxAmount.String(), MaxCount: b.MaxCount,
			Signatures: b.Signatures, Limits: plan.Limits.String()}
	}
	if len(out.Policies) == 1 && out.Account == nil {
		return writeJSON(e, out.Policies[0])
	}
	return writeJSON(e, out)
}

// loadPolicy reads a policy file as the signer does.
func loadPolicy(path string) (*coldwallet.Policy, error) {
	b, err := readFileLimit(path, "policy", 1<<20)
	if err != nil {
		return nil, err
	}
	p, err := coldwallet.DecodePolicy(b)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return p, nil
}

// limitsFlags are plan create's account limits.
type limitsFlags struct {
	period, amount, count *string
}

func addLimitsFlags(flags interface {
	String(name, value, usage string) *string
}) limitsFlags {
	return limitsFlags{flags.String("limit-period", "", ""), flags.String("limit-amount", "", ""), flags.String("limit-count", "", "")}
}

// limits returns the account limits the flags give, or nil.
func (l limitsFlags) limits() (*multisig.AccountLimits, error) {
	if *l.period == "" && *l.amount == "" && *l.count == "" {
		return nil, nil
	}
	if *l.period == "" || *l.amount == "" {
		return nil, usagef("--limit-period and --limit-amount go together (--limit-count is optional)")
	}
	period, err := durationFlag(*l.period, "--limit-period")
	if err != nil {
		return nil, err
	}
	amount, err := xemFlag(*l.amount, "--limit-amount")
	if err != nil {
		return nil, err
	}
	var count int
	if *l.count != "" {
		if count, err = countFlag(*l.count, "--limit-count"); err != nil {
			return nil, err
		}
	}
	return &multisig.AccountLimits{Period: period, MaxAmount: amount, MaxCount: count}, nil
}

// durationFlag parses a positive duration in whole seconds.
func durationFlag(s, name string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Second || d%time.Second != 0 {
		return 0, usagef("%s: want a duration in whole seconds such as 24h", name)
	}
	return d, nil
}

// xemFlag parses a positive decimal XEM amount.
func xemFlag(s, name string) (transaction.Amount, error) {
	a, err := transaction.ParseXEM(s)
	if err != nil || a == 0 {
		return 0, usagef("%s: want a positive amount of XEM such as 5000 or 0.5", name)
	}
	return a, nil
}

// countFlag parses a count, 0 or more.
func countFlag(s, name string) (int, error) {
	n, err := strconv.ParseUint(s, 10, 31)
	if err != nil {
		return 0, usagef("%s: want a whole number, 0 or more", name)
	}
	return int(n), nil
}
