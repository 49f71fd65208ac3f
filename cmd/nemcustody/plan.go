package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

var planGroup = &group{
	name:     "plan",
	summary:  "custody plans: who cosigns, where, M of N",
	commands: []*command{planCreateCmd, planCheckCmd, planRegisterCmd, planHealthCmd},
}

// cosignerSpecHelp explains ROLE:PUBKEY:LABEL[:CUSTODIAN].
const cosignerSpecHelp = `A cosigner is ROLE:PUBKEY:LABEL[:CUSTODIAN]: ROLE is online (a key on a
networked machine, such as the withdrawal server) or offline (a key on an
air-gapped machine); PUBKEY is its public key in hex; LABEL names it for
people and may not contain ':'; CUSTODIAN optionally names who holds it or
where. LABEL is 1 to 64 bytes of printable text without leading or trailing
spaces. CUSTODIAN is 1 to 64 bytes of ASCII letters, digits, spaces and
- _ . , ' & ( ) / # : without leading or trailing spaces: cosigners whose
custodians read alike count together against the threshold (letter case,
spaces and punctuation are ignored, and 0 and O, 1, I and l, rn and m, vv
and w are the same), so "Site A", "site-a" and "S1te A" are one custodian.
`

var planCreateCmd = &command{
	name:    "create",
	summary: "make a custody plan (refuses unsafe plans)",
	run:     runPlanCreate,
	usage: `Usage: nemcustody plan create --network NETWORK --account PUBKEY
                              --threshold M
                              --cosigner ROLE:PUBKEY:LABEL[:CUSTODIAN]...
                              [--allow-online-threshold]
                              [--shares LABEL:G:GROUPS]...
                              [--allow-single-custodian]
                              [--limit-period D --limit-amount XEM
                               [--limit-count N]] [--out FILE]

Makes the custody plan of one multisig account: its cosigners, where their
keys live, and how many must sign (M of N). The plan is checked before it
is written, and refused with the invariant it breaks:

  - 1 to 32 cosigners, 1 <= M <= N, every key usable and listed once, the
    account not among its own cosigners;
  - the online cosigners alone hold fewer than M keys (a compromised server
    cannot move funds), unless --allow-online-threshold;
  - no custodian alone holds M keys, unless --allow-single-custodian;
  - no share holder (--shares) can restore a key alone, unless
    --allow-single-custodian, and none is an online cosigner's custodian.

` + cosignerSpecHelp + `
` + sharesSpecHelp + `
Without --out the plan document (JSON, format "nemcustody-plan") is printed
on stdout, and risky but allowed choices (M = N, a relaxation) as warnings
on stderr. With --out it is written to a new file (never overwritten) and
JSON is printed: out, network, account, address, threshold, cosigners,
warnings.

Example:
  nemcustody plan create --network testnet --account $ACCOUNT --threshold 2 \
    --cosigner online:$HOT:"withdrawal server":datacenter \
    --cosigner offline:$VAULT_A:"vault A":"site A" \
    --cosigner offline:$VAULT_B:"vault B":"site B" --out plan.json

Flags:
  --network NETWORK          mainnet, testnet or mijin (required)
  --account PUBKEY           public key of the account that becomes multisig
                             (required)
  --threshold M              how many cosigners must sign (required)
  --cosigner SPEC            a cosigner, repeated for each (required)
  --shares LABEL:G:GROUPS    who holds the shares of a cosigner's key
  --allow-online-threshold   allow the online keys alone to reach M (a hot
                             account; shown in capitals in every review)
  --allow-single-custodian   allow one custodian alone to reach M
  --limit-period D           account limits: the period (e.g. 24h) within
                             which at most --limit-amount XEM and, if given,
                             --limit-count transfers may leave the account
                             across all offline vaults ('nemcustody policy
                             check --plan' checks the vaults' policies)
  --limit-amount XEM         account limits: the amount
  --limit-count N            account limits: the number of transfers
  --out FILE                 write the plan to this new file
`,
}

var planCheckCmd = &command{
	name:    "check",
	summary: "check a plan document, show its cosigners",
	run:     runPlanCheck,
	usage: `Usage: nemcustody plan check [--canonical] FILE

Reads a plan document strictly and checks every plan invariant (see
'nemcustody plan create --help'). Prints JSON: network, account, address,
threshold, cosigners (publicKey, address, label, role, custodian, shares:
who holds the shares of the key, and a description),
warnings (risky but allowed choices) and fingerprint, the SHA-256 of the
canonical document without white space: the one name of this plan,
whatever the indentation of the copy, which 'nemcustody plan register' on
the offline machine asks for.
A plan that breaks an invariant fails with the invariant's name.

Strictly means: the format and version, valid UTF-8, no key twice (in any
letter case), keys spelled exactly, no unknown field, no null, whole
numbers, every address the address of its key; and the document must be
in canonical form, what 'plan create' writes: members in that order
(a cosigner's shares last: groupThreshold, then groups of memberThreshold
and holders), custodian, shares and relaxations left out when empty,
addresses in capitals, no escapes but \" \\ and control characters.
White space is free. What an auditor reads is then exactly what runs.

With --canonical, a document that breaks only the canonical form is
accepted and its canonical form printed instead of the JSON, to review
and keep in place of the file.

Example:
  nemcustody plan check plan.json
  nemcustody plan check --canonical edited-plan.json > plan.json.new
`,
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// parseCosigner parses ROLE:PUBKEY:LABEL[:CUSTODIAN]. flagName and n name
// it in errors, which never repeat the value.
func parseCosigner(spec, flagName string, n int) (multisig.Cosigner, error) {
	what := fmt.Sprintf("--%s %d", flagName, n)
	parts := strings.SplitN(spec, ":", 4)
	if len(parts) < 3 {
		return multisig.Cosigner{}, usagef("%s: want ROLE:PUBKEY:LABEL[:CUSTODIAN]", what)
	}
	c := multisig.Cosigner{Role: multisig.Role(parts[0]), Label: parts[2]}
	if c.Role != multisig.Online && c.Role != multisig.Offline {
		return c, usagef("%s: the role must be online or offline", what)
	}
	pub, err := sign.ParsePublicKey(parts[1])
	if err != nil {
		return c, usagef("%s: the public key is not 64 hex characters", what)
	}
	c.PublicKey = pub
	if p := multisig.NameProblem(c.Label); p != "" {
		return c, usagef("%s: the label %s", what, p)
	}
	if len(parts) == 4 {
		c.Custodian = parts[3]
		if p := multisig.CustodianProblem(c.Custodian); p != "" {
			return c, usagef("%s: the custodian %s", what, p)
		}
	}
	return c, nil
}

// planError adds the flag that relaxes an invariant, when there is one.
func planError(err error) error {
	switch {
	case errors.Is(err, multisig.ErrOnlineReachesThreshold):
		return fmt.Errorf("%w (--allow-online-threshold relaxes this, for a hot account only)", err)
	case errors.Is(err, multisig.ErrCustodianReachesThreshold), errors.Is(err, multisig.ErrCustodianReconstructs):
		return fmt.Errorf("%w (--allow-single-custodian relaxes this)", err)
	}
	return err
}

// loadPlan reads and checks a plan document.
func loadPlan(path string) (*multisig.Plan, error) {
	b, err := readFileLimit(path, "plan", maxInputSize)
	if err != nil {
		return nil, err
	}
	p, err := multisig.DecodePlan(b)
	if errors.Is(err, strictjson.ErrNotCanonical) {
		return nil, fmt.Errorf("plan %s: %w ('nemcustody plan check --canonical' prints the canonical form)", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", path, err)
	}
	return p, nil
}

// planSummary is what plan check and plan create --out print.
type planSummary struct {
	Out       string            `json:"out,omitempty"`
	Network   sign.Network      `json:"network"`
	Account   sign.PublicKey    `json:"account"`
	Address   sign.Address      `json:"address"`
	Threshold int               `json:"threshold"`
	Cosigners []cosignerSummary `json:"cosigners"`
	Warnings  []string          `json:"warnings"`
	// Fingerprint is Plan.Fingerprint.
	Fingerprint string `json:"fingerprint"`
	// Limits describes the account limits, if the plan has them.
	Limits string `json:"limits,omitempty"`
}

type cosignerSummary struct {
	PublicKey sign.PublicKey `json:"publicKey"`
	Address   sign.Address   `json:"address"`
	Label     string         `json:"label"`
	Role      multisig.Role  `json:"role"`
	Custodian string         `json:"custodian,omitempty"`
	Shares    *sharesSummary `json:"shares,omitempty"`
}

func newPlanSummary(p *multisig.Plan) planSummary {
	s := planSummary{Network: p.Network, Account: p.Account, Address: p.Address(), Threshold: p.Threshold,
		Warnings: p.Warnings(), Fingerprint: p.Fingerprint()}
	if p.Limits != nil {
		s.Limits = p.Limits.String()
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}
	for _, c := range p.Cosigners {
		s.Cosigners = append(s.Cosigners, cosignerSummary{c.PublicKey, c.PublicKey.Address(p.Network), c.Label, c.Role, c.Custodian, newSharesSummary(c.Shares)})
	}
	return s
}

func runPlanCreate(e *env, args []string) error {
	flags := newFlagSet("plan create")
	network := flags.String("network", "", "")
	account := flags.String("account", "", "")
	threshold := flags.String("threshold", "", "")
	var specs stringList
	flags.Var(&specs, "cosigner", "")
	var shareSpecs stringList
	flags.Var(&shareSpecs, "shares", "")
	allowOnline := flags.Bool("allow-online-threshold", false, "")
	allowCustodian := flags.Bool("allow-single-custodian", false, "")
	lf := addLimitsFlags(flags)
	out := flags.String("out", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("plan create takes no arguments")
	}
	n, _, err := networkFlag(*network, true)
	if err != nil {
		return err
	}
	if *account == "" {
		return usagef("--account is required: the public key of the account that becomes multisig")
	}
	acct, err := sign.ParsePublicKey(*account)
	if err != nil {
		return usagef("--account: the public key is not 64 hex characters")
	}
	m, err := thresholdFlag(*threshold)
	if err != nil {
		return err
	}
	if len(specs) == 0 {
		return usagef("--cosigner is required, once for each cosigner")
	}
	if isFlagSet(flags, "out") && (*out == "" || *out == "-") {
		return usagef("--out must name a file; without --out the plan is printed on stdout")
	}
	var cosigners []multisig.Cosigner
	for i, spec := range specs {
		c, err := parseCosigner(spec, "cosigner", i+1)
		if err != nil {
			return err
		}
		cosigners = append(cosigners, c)
	}
	if err := applyShares(cosigners, shareSpecs); err != nil {
		return err
	}
	limits, err := lf.limits()
	if err != nil {
		return err
	}
	p := &multisig.Plan{Account: acct, Network: n, Cosigners: cosigners, Threshold: m,
		Relaxations: multisig.Relaxations{AllowOnlineThreshold: *allowOnline, AllowSingleCustodian: *allowCustodian}, Limits: limits}
	if err := p.Validate(); err != nil {
		return planError(err)
	}
	doc, err := p.MarshalJSON()
	if err != nil {
		return err
	}
	if *out == "" {
		for _, w := range p.Warnings() {
			e.warn("%s", w)
		}
		e.out.Write(doc)
		return nil
	}
	if err := writeOutputs(e, newfile.File{Path: *out, What: "plan", Data: doc, Perm: 0o644}); err != nil {
		return err
	}
	s := newPlanSummary(p)
	s.Out = *out
	return writeJSON(e, s)
}

// thresholdFlag parses --threshold.
func thresholdFlag(s string) (int, error) {
	if s == "" {
		return 0, usagef("--threshold is required: how many cosigners must sign")
	}
	m, err := strconv.ParseUint(s, 10, 8)
	if err != nil || m < 1 || m > 32 {
		return 0, usagef("--threshold must be a number from 1 to 32")
	}
	return int(m), nil
}

func runPlanCheck(e *env, args []string) error {
	flags := newFlagSet("plan check")
	canonical := flags.Bool("canonical", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("missing FILE: the plan document to check")
	case len(pos) > 1:
		return usagef("too many arguments: want one plan FILE")
	}
	if *canonical {
		b, err := readFileLimit(pos[0], "plan", maxInputSize)
		if err != nil {
			return err
		}
		doc, err := multisig.CanonicalPlan(b)
		if err != nil {
			return planError(fmt.Errorf("plan %s: %w", pos[0], err))
		}
		e.out.Write(doc)
		return nil
	}
	p, err := loadPlan(pos[0])
	if err != nil {
		return planError(err)
	}
	return writeJSON(e, newPlanSummary(p))
}
