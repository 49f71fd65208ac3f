package coldwallet

import (
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/internal/strictjson"
)

// policyLimits bound a policy document: an object holding arrays and the
// window object nests 2 levels.
var policyLimits = strictjson.Limits{MaxSize: 1 << 20, MaxDepth: 8}

// DecodePolicy reads a policy file strictly: strict JSON (valid UTF-8, no
// key twice in any letter case, keys spelled exactly, no unknown or null
// members, integers without a fraction or exponent, nothing after the
// object, at most 1 MiB); an unknown version, type name, amount or
// duration is an error, not ignored. Finally the document must be
// canonical: without its white space, byte for byte the compact form of
// MarshalJSON of the policy it decodes to (members in the order of the
// Policy fields, networks, types and recipients always present, even as
// [], any other member left out when false, empty or zero, addresses in
// capitals), so that what an auditor reads is exactly what the signer
// runs. The error names the first offending member; CanonicalPolicy
// prints the canonical form of a document that breaks only this last
// rule.
func DecodePolicy(b []byte) (*Policy, error) {
	p, err := decodePolicy(b)
	if err != nil {
		return nil, err
	}
	canon, err := strictjson.Encode((*policyDoc)(p))
	if err != nil {
		return nil, fmt.Errorf("coldwallet: policy: %w", err)
	}
	if err := strictjson.CheckCanonical(b, canon, policyLimits); err != nil {
		return nil, fmt.Errorf("coldwallet: policy: %w", err)
	}
	return p, nil
}

// CanonicalPolicy applies every rule of DecodePolicy but the last,
// canonical form, and returns the canonical document of the policy
// (MarshalJSON): the document to review and keep when DecodePolicy refuses
// one only for its form.
func CanonicalPolicy(b []byte) ([]byte, error) {
	p, err := decodePolicy(b)
	if err != nil {
		return nil, err
	}
	return p.MarshalJSON()
}

// decodePolicy is DecodePolicy without the canonical form.
func decodePolicy(b []byte) (*Policy, error) {
	var p Policy
	if err := strictjson.Decode(b, (*policyDoc)(&p), policyLimits); err != nil {
		return nil, fmt.Errorf("coldwallet: policy: %w", err)
	}
	if _, err := p.compile(); err != nil {
		return nil, err
	}
	return &p, nil
}

// policyDoc is Policy without its methods, for the JSON reader and
// writer.
type policyDoc Policy

// MarshalJSON writes the policy's canonical document, the one DecodePolicy
// accepts: members in the order of the Policy fields, each on its own line
// indented by two spaces, a final newline; networks, types and recipients
// always written (as [] when empty), every other member left out when it
// is false, empty or zero. Strings are written as they are, with only the
// escapes JSON requires. A policy that DecodePolicy would refuse (an
// unknown version, type, amount or duration) is refused.
func (p *Policy) MarshalJSON() ([]byte, error) {
	if p == nil {
		return nil, errors.New("coldwallet: policy: no policy")
	}
	if _, err := p.compile(); err != nil {
		return nil, err
	}
	b, err := strictjson.EncodeIndent((*policyDoc)(p))
	if err != nil {
		return nil, fmt.Errorf("coldwallet: policy: %w", err)
	}
	return b, nil
}

// Fingerprint names the policy's content: the lowercase hex SHA-256 of its
// canonical document without white space, so that any two copies of the
// file, however indented, have one fingerprint and any change of a rule
// changes it. It returns "" for a policy DecodePolicy would refuse.
func (p *Policy) Fingerprint() string {
	if p == nil {
		return ""
	}
	if _, err := p.compile(); err != nil {
		return ""
	}
	fp, err := strictjson.Fingerprint((*policyDoc)(p))
	if err != nil {
		return ""
	}
	return fp
}
