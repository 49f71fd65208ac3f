package multisig

import (
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// planFormat and planVersion identify the plan document.
const (
	planFormat  = "nemcustody-plan"
	planVersion = 1
	// maxPlanSize caps a plan document.
	maxPlanSize = 64 << 10
)

type planDoc struct {
	Format      string        `json:"format"`
	Version     int           `json:"version"`
	Network     sign.Network  `json:"network"`
	Account     string        `json:"account"`
	Address     string        `json:"address"`
	Threshold   int           `json:"threshold"`
	Cosigners   []cosignerDoc `json:"cosigners"`
	Relaxations *relaxDoc     `json:"relaxations,omitempty"`
	Limits      *limitsDoc    `json:"limits,omitempty"`
}

type limitsDoc struct {
	Period    string `json:"period"`
	MaxAmount string `json:"maxAmount"`
	MaxCount  int    `json:"maxCount,omitempty"`
}

type cosignerDoc struct {
	PublicKey string     `json:"publicKey"`
	Address   string     `json:"address"`
	Label     string     `json:"label"`
	Role      Role       `json:"role"`
	Custodian string     `json:"custodian,omitempty"`
	Shares    *sharesDoc `json:"shares,omitempty"`
}

type sharesDoc struct {
	GroupThreshold int             `json:"groupThreshold"`
	Groups         []shareGroupDoc `json:"groups"`
}

type shareGroupDoc struct {
	MemberThreshold int      `json:"memberThreshold"`
	Holders         []string `json:"holders"`
}

// sharesDocOf returns the document form of b (nil for nil).
func sharesDocOf(b *ShareBackup) *sharesDoc {
	if b == nil {
		return nil
	}
	d := &sharesDoc{GroupThreshold: b.GroupThreshold, Groups: []shareGroupDoc{}}
	for _, g := range b.Groups {
		d.Groups = append(d.Groups, shareGroupDoc{MemberThreshold: g.MemberThreshold, Holders: append([]string{}, g.Holders...)})
	}
	return d
}

// backup returns the ShareBackup of a document (nil for nil).
func (d *sharesDoc) backup() *ShareBackup {
	if d == nil {
		return nil
	}
	b := &ShareBackup{GroupThreshold: d.GroupThreshold}
	for _, g := range d.Groups {
		b.Groups = append(b.Groups, ShareGroup(g))
	}
	return b
}

type relaxDoc struct {
	AllowOnlineThreshold bool `json:"allowOnlineThreshold,omitempty"`
	AllowSingleCustodian bool `json:"allowSingleCustodian,omitempty"`
}

// planLimits bound a plan document: an object of cosigner objects nests 3
// levels.
var planLimits = strictjson.Limits{MaxSize: maxPlanSize, MaxDepth: 8}

// doc returns the document form of a valid plan.
func (p *Plan) doc() planDoc {
	d := planDoc{Format: planFormat, Version: planVersion, Network: p.Network, Account: p.Account.String(),
		Address: p.Address().String(), Threshold: p.Threshold, Cosigners: []cosignerDoc{}}
	for _, c := range p.Cosigners {
		d.Cosigners = append(d.Cosigners, cosignerDoc{PublicKey: c.PublicKey.String(), Address: c.PublicKey.Address(p.Network).String(),
			Label: c.Label, Role: c.Role, Custodian: c.Custodian, Shares: sharesDocOf(c.Shares)})
	}
	if p.Relaxations != (Relaxations{}) {
		d.Relaxations = &relaxDoc{p.Relaxations.AllowOnlineThreshold, p.Relaxations.AllowSingleCustodian}
	}
	if l := p.Limits; l != nil {
		d.Limits = &limitsDoc{Period: l.Period.String(), MaxAmount: l.MaxAmount.String(), MaxCount: l.MaxCount}
	}
	return d
}

// MarshalJSON writes the plan's canonical document, the one DecodePlan
// accepts: members in the order below, each on its own line indented by
// two spaces, a final newline (what 'nemcustody plan create' writes).
// Addresses are included for people; DecodePlan checks that they match
// the keys. Strings are written as they are, with only the escapes JSON
// requires; json.Marshal of a struct holding a plan would escape <, > and
// & and so write a document DecodePlan refuses: write this output as it
// is.
//
//	{
//	  "format": "nemcustody-plan",
//	  "version": 1,
//	  "network": "testnet",
//	  "account": "<64 hex>",
//	  "address": "<the account's address>",
//	  "threshold": 2,
//	  "cosigners": [
//	    {
//	      "publicKey": "<64 hex>",
//	      "address": "<its address>",
//	      "label": "vault A",
//	      "role": "offline",
//	      "custodian": "site A",
//	      "shares": {
//	        "groupThreshold": 2,
//	        "groups": [
//	          {
//	            "memberThreshold": 1,
//	            "holders": [
//	              "site B"
//	            ]
//	          }
//	        ]
//	      }
//	    }
//	  ],
//	  "relaxations": {
//	    "allowOnlineThreshold": true,
//	    "allowSingleCustodian": true
//	  },
//	  "limits": {
//	    "period": "24h0m0s",
//	    "maxAmount": "10000.000000",
//	    "maxCount": 50
//	  }
//	}
//
// custodian is left out when empty, shares when no share backup is
// recorded (the example shows one group of the two or more a group
// threshold of 2 needs), relaxations when nothing is relaxed, and each
// relaxation when false; limits when the plan has none, and maxCount when
// it is 0. A period is written as Go writes a duration ("24h0m0s"), an
// amount as decimal XEM with six decimals.
func (p *Plan) MarshalJSON() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	b, err := strictjson.EncodeIndent(p.doc())
	if err != nil {
		return nil, fmt.Errorf("multisig: plan document: %w", err)
	}
	return b, nil
}

// Fingerprint names the plan's content: the lowercase hex SHA-256 of its
// canonical document without white space (MarshalJSON's output without
// the white space outside strings), so any two copies of the document,
// however indented, have one fingerprint, and any change of a member
// changes it. It returns "" for a plan that breaks an invariant.
func (p *Plan) Fingerprint() string {
	if p.Validate() != nil {
		return ""
	}
	fp, err := strictjson.Fingerprint(p.doc())
	if err != nil {
		return ""
	}
	return fp
}

// DecodePlan reads a plan document strictly: strict JSON (valid UTF-8, no
// key twice in any letter case, keys spelled exactly, no unknown or null
// members, integers without a fraction or exponent, nothing after the
// object, at most 64 KiB); the format and version must match, every
// address must be the address of its key on the plan's network, and the
// plan must satisfy Validate. Finally the document must be canonical:
// without its white space, byte for byte MarshalJSON of the plan it
// decodes to, so that what an auditor reads is exactly what runs (members
// in order, no member at its default, addresses in capitals). The error
// names the first offending member; CanonicalPlan prints the canonical
// form of a document that breaks only this last rule.
func DecodePlan(b []byte) (*Plan, error) {
	p, err := decodePlan(b)
	if err != nil {
		return nil, err
	}
	canon, err := strictjson.Encode(p.doc())
	if err != nil {
		return nil, fmt.Errorf("multisig: plan document: %w", err)
	}
	if err := strictjson.CheckCanonical(b, canon, planLimits); err != nil {
		return nil, fmt.Errorf("multisig: plan document: %w", err)
	}
	return p, nil
}

// CanonicalPlan applies every rule of DecodePlan but the last, canonical
// form, and returns the canonical document of the plan (MarshalJSON): the
// document to review and keep when DecodePlan refuses one only for its
// form.
func CanonicalPlan(b []byte) ([]byte, error) {
	p, err := decodePlan(b)
	if err != nil {
		return nil, err
	}
	return p.MarshalJSON()
}

// decodePlan is DecodePlan without the canonical form.
func decodePlan(b []byte) (*Plan, error) {
	var d planDoc
	if err := strictjson.Decode(b, &d, planLimits); err != nil {
		return nil, fmt.Errorf("multisig: plan document: %w", err)
	}
	if d.Format != planFormat {
		return nil, fmt.Errorf("multisig: plan document: format %q, want %q", d.Format, planFormat)
	}
	if d.Version != planVersion {
		return nil, fmt.Errorf("multisig: plan document: version %d is not supported (want %d)", d.Version, planVersion)
	}
	account, err := sign.ParsePublicKey(d.Account)
	if err != nil {
		return nil, fmt.Errorf("multisig: plan document: account: %w", err)
	}
	if err := checkDocAddress("account", d.Address, account, d.Network); err != nil {
		return nil, err
	}
	p := &Plan{Account: account, Network: d.Network, Threshold: d.Threshold}
	for i, c := range d.Cosigners {
		pub, err := sign.ParsePublicKey(c.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("multisig: plan document: cosigner %d: %w", i+1, err)
		}
		if err := checkDocAddress(fmt.Sprintf("cosigner %d", i+1), c.Address, pub, d.Network); err != nil {
			return nil, err
		}
		p.Cosigners = append(p.Cosigners, Cosigner{PublicKey: pub, Label: c.Label, Role: c.Role, Custodian: c.Custodian, Shares: c.Shares.backup()})
	}
	if d.Relaxations != nil {
		p.Relaxations = Relaxations{d.Relaxations.AllowOnlineThreshold, d.Relaxations.AllowSingleCustodian}
	}
	if d.Limits != nil {
		period, err := time.ParseDuration(d.Limits.Period)
		if err != nil {
			return nil, fmt.Errorf("multisig: plan document: limits.period: want a duration such as \"24h\"")
		}
		amount, err := transaction.ParseXEM(d.Limits.MaxAmount)
		if err != nil {
			return nil, fmt.Errorf("multisig: plan document: limits.maxAmount: %w", err)
		}
		p.Limits = &AccountLimits{Period: period, MaxAmount: amount, MaxCount: d.Limits.MaxCount}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkDocAddress(what, text string, pub sign.PublicKey, n sign.Network) error {
	if !n.Valid() {
		return fmt.Errorf("multisig: plan document: %w", sign.ErrUnknownNetwork)
	}
	if text == "" {
		return fmt.Errorf("multisig: plan document: %s: missing address", what)
	}
	a, err := sign.ParseAddress(text)
	if err != nil {
		return fmt.Errorf("multisig: plan document: %s: %w", what, err)
	}
	if a != pub.Address(n) {
		return fmt.Errorf("multisig: plan document: %s: address %s is not the %s address of its key (%s)", what, a, n, pub.Address(n))
	}
	return nil
}
