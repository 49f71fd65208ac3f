package multisig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nemcustody/nemcustody/sign"
)

// PlanFormat and PlanVersion identify the plan document.
const (
	PlanFormat  = "nemcustody-plan"
	PlanVersion = 1
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
}

type cosignerDoc struct {
	PublicKey string `json:"publicKey"`
	Address   string `json:"address"`
	Label     string `json:"label"`
	Role      Role   `json:"role"`
	Custodian string `json:"custodian,omitempty"`
}

type relaxDoc struct {
	AllowOnlineThreshold bool `json:"allowOnlineThreshold,omitempty"`
	AllowSingleCustodian bool `json:"allowSingleCustodian,omitempty"`
}

// MarshalJSON writes the plan as a small versioned document for config
// files and review. Addresses are included for people; DecodePlan checks
// that they match the keys.
func (p *Plan) MarshalJSON() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	d := planDoc{Format: PlanFormat, Version: PlanVersion, Network: p.Network, Account: p.Account.String(),
		Address: p.Address().String(), Threshold: p.Threshold}
	for _, c := range p.Cosigners {
		d.Cosigners = append(d.Cosigners, cosignerDoc{PublicKey: c.PublicKey.String(), Address: c.PublicKey.Address(p.Network).String(),
			Label: c.Label, Role: c.Role, Custodian: c.Custodian})
	}
	if p.Relaxations != (Relaxations{}) {
		d.Relaxations = &relaxDoc{p.Relaxations.AllowOnlineThreshold, p.Relaxations.AllowSingleCustodian}
	}
	return json.MarshalIndent(d, "", "  ")
}

// DecodePlan reads a plan document strictly: the format and version must
// match, unknown fields are refused, every address must be the address of
// its key on the plan's network, and the plan must satisfy Validate.
func DecodePlan(b []byte) (*Plan, error) {
	if len(b) > maxPlanSize {
		return nil, fmt.Errorf("multisig: plan document is %d bytes, more than %d", len(b), maxPlanSize)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d planDoc
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("multisig: plan document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("multisig: plan document: data after the plan object")
	}
	if d.Format != PlanFormat {
		return nil, fmt.Errorf("multisig: plan document: format %q, want %q", d.Format, PlanFormat)
	}
	if d.Version != PlanVersion {
		return nil, fmt.Errorf("multisig: plan document: version %d is not supported (want %d)", d.Version, PlanVersion)
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
		p.Cosigners = append(p.Cosigners, Cosigner{PublicKey: pub, Label: c.Label, Role: c.Role, Custodian: c.Custodian})
	}
	if d.Relaxations != nil {
		p.Relaxations = Relaxations{d.Relaxations.AllowOnlineThreshold, d.Relaxations.AllowSingleCustodian}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkDocAddress(what, text string, pub sign.PublicKey, n sign.Network) error {
	if !n.Valid() {
		return fmt.Errorf("multisig: plan document: %w", ErrNetwork)
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
