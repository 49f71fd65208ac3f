package keyhealth

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The key proof, version 1
//
// A proof is UTF-8 text, six lines, each ending in "\n", nothing else:
//
//	nemcustody-key-proof v1
//	plan: <the plan's fingerprint, 64 lowercase hex>
//	signer: <the cosigner's public key, 64 lowercase hex>
//	date: 2026-05-01
//	challenge: <the challenge, 32 to 2048 lowercase hex>
//	signature: <128 lowercase hex>
//
// The signature is NEM's Ed25519-Keccak over the first five lines,
// exactly as written (Message). Those bytes start with "nemc", which as
// the little-endian type field of a NIS transaction (0x636d656e) is no
// type NIS knows, so no proof is a transaction, a cosignature or any
// other data a node would accept as signed by the key; Prove checks this
// for every message it signs, and refuses a challenge that would itself
// parse as a transaction. date is the offline machine's UTC date.

// ProofMagic is the first line of a version 1 proof.
const ProofMagic = "nemcustody-key-proof v1"

// Challenge sizes, in bytes.
const (
	// challengeSize is the size of the challenges newChallenge makes.
	challengeSize = 32
	// minChallengeSize and maxChallengeSize bound a challenge.
	minChallengeSize = 16
	maxChallengeSize = 1024
)

// dateLayout is the form of a proof's date.
const dateLayout = "2006-01-02"

// Proof is a cosigner's signed statement that it held its key on a date,
// in answer to a challenge, for a plan.
type Proof struct {
	// Plan is the fingerprint of the plan (multisig.Plan.Fingerprint).
	Plan string
	// Signer is the cosigner's public key.
	Signer sign.PublicKey
	// Date is the offline machine's date (UTC midnight).
	Date time.Time
	// Challenge is what the online side asked to be signed.
	Challenge []byte
	// Signature signs Message.
	Signature sign.Signature
}

// Message returns the bytes the signature covers: the first five lines of
// the proof.
func (p *Proof) Message() []byte {
	var b bytes.Buffer
	b.WriteString(ProofMagic + "\n")
	b.WriteString("plan: " + p.Plan + "\n")
	b.WriteString("signer: " + hex.EncodeToString(p.Signer[:]) + "\n")
	b.WriteString("date: " + p.Date.UTC().Format(dateLayout) + "\n")
	b.WriteString("challenge: " + hex.EncodeToString(p.Challenge) + "\n")
	return b.Bytes()
}

// MarshalText returns the proof text.
func (p *Proof) MarshalText() ([]byte, error) {
	b := p.Message()
	b = append(b, "signature: "...)
	b = hex.AppendEncode(b, p.Signature[:])
	return append(b, '\n'), nil
}

// CheckChallenge refuses a challenge the offline side must not sign: one
// shorter than 16 or longer than 1024 bytes, or
// one that a NIS node would read as a transaction in any form (the form
// NIS signs, the form in blocks, or merely its byte layout). The proof
// signs the challenge behind its own prefix, so even such a challenge
// could not be replayed; refusing it keeps the signer from ever holding a
// signature request over transaction bytes, whoever chose them. The
// error wraps ErrChallenge.
func CheckChallenge(c []byte) error {
	if len(c) < minChallengeSize || len(c) > maxChallengeSize {
		return fmt.Errorf("keyhealth: %w: %d bytes, want %d to %d", ErrChallenge, len(c), minChallengeSize, maxChallengeSize)
	}
	if parsesAsTransaction(c) {
		return fmt.Errorf("keyhealth: %w: it reads as a NIS transaction", ErrChallenge)
	}
	return nil
}

// parsesAsTransaction reports whether b reads as a NIS transaction in any
// of the forms package transaction knows.
func parsesAsTransaction(b []byte) bool {
	if _, err := transaction.Parse(b); err == nil {
		return true
	}
	for _, o := range []transaction.ParseOptions{{Verifiable: true}, {LayoutOnly: true}, {Verifiable: true, LayoutOnly: true}} {
		if _, err := transaction.ParseWithOptions(b, o); err == nil {
			return true
		}
	}
	return false
}

// Prove signs a proof that signer holds its key, for plan, on the date of
// now (UTC), answering challenge. The signer must be a cosigner of the
// plan (ErrNotCosigner) and the challenge must pass CheckChallenge. The
// message signed is checked once more not to read as a transaction.
func Prove(signer sign.Signer, plan *multisig.Plan, challenge []byte, now time.Time) (*Proof, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	if _, ok := plan.Cosigner(signer.PublicKey()); !ok {
		return nil, fmt.Errorf("keyhealth: %w: %s", ErrNotCosigner, signer.PublicKey().Address(plan.Network))
	}
	if err := CheckChallenge(challenge); err != nil {
		return nil, err
	}
	y, m, d := now.UTC().Date()
	p := &Proof{Plan: plan.Fingerprint(), Signer: signer.PublicKey(), Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		Challenge: append([]byte(nil), challenge...)}
	msg := p.Message()
	if parsesAsTransaction(msg) {
		return nil, fmt.Errorf("keyhealth: internal error: %w: the proof message reads as a transaction", ErrChallenge)
	}
	sig, err := sign.SignWith(signer, msg)
	if err != nil {
		return nil, fmt.Errorf("keyhealth: signing the proof: %w", err)
	}
	p.Signature = sig
	return p, nil
}

// Verify checks p against plan: it names the plan's fingerprint
// (ErrWrongPlan), its signer is a cosigner (ErrNotCosigner), its
// challenge passes CheckChallenge, and its signature verifies under the
// signer's key as NIS verifies signatures (ErrForged).
func (p *Proof) Verify(plan *multisig.Plan) error {
	fp := plan.Fingerprint()
	if fp == "" {
		return plan.Validate()
	}
	if p.Plan != fp {
		return fmt.Errorf("keyhealth: %w: it names plan %s, this plan is %s", ErrWrongPlan, short(p.Plan), short(fp))
	}
	if _, ok := plan.Cosigner(p.Signer); !ok {
		return fmt.Errorf("keyhealth: %w: %s", ErrNotCosigner, p.Signer.Address(plan.Network))
	}
	if err := CheckChallenge(p.Challenge); err != nil {
		return err
	}
	if err := sign.Verify(p.Signer, p.Message(), p.Signature); err != nil {
		return fmt.Errorf("keyhealth: %w: %w", ErrForged, err)
	}
	return nil
}

// short returns the first 16 characters of a fingerprint.
func short(fp string) string {
	if len(fp) > 16 {
		return fp[:16]
	}
	return fp
}

// proofLines are the field names of lines 2 to 6.
var proofLines = []string{"plan", "signer", "date", "challenge", "signature"}

// ParseProof reads a proof strictly: exactly the six lines above in
// canonical form (lowercase hex, one space after the colon, a final
// newline); what it accepts, MarshalText writes back byte for byte. It
// does not verify the proof (Verify does). Errors name the line, never
// its content.
func ParseProof(b []byte) (*Proof, error) {
	if len(b) > 4096 {
		return nil, fmt.Errorf("keyhealth: %w: %d bytes, more than a proof holds", ErrProof, len(b))
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		return nil, fmt.Errorf("keyhealth: %w: a carriage return: lines end with a line feed alone", ErrProof)
	}
	text, ok := bytes.CutSuffix(b, []byte("\n"))
	if !ok {
		return nil, fmt.Errorf("keyhealth: %w: it does not end with a newline", ErrProof)
	}
	lines := strings.Split(string(text), "\n")
	if lines[0] != ProofMagic {
		if strings.HasPrefix(lines[0], "nemcustody-key-proof ") {
			return nil, fmt.Errorf("keyhealth: %w: unsupported version; this program reads v1", ErrProof)
		}
		return nil, fmt.Errorf("keyhealth: %w: the first line must be %q", ErrProof, ProofMagic)
	}
	if len(lines) != 1+len(proofLines) {
		return nil, fmt.Errorf("keyhealth: %w: %d lines, want %d", ErrProof, len(lines), 1+len(proofLines))
	}
	var v [5]string
	for i, name := range proofLines {
		val, ok := strings.CutPrefix(lines[i+1], name+": ")
		if !ok {
			return nil, fmt.Errorf("keyhealth: %w: line %d must be %q", ErrProof, i+2, name+": ...")
		}
		v[i] = val
	}
	p := &Proof{Plan: v[0]}
	if !isLowerHex(v[0]) || len(v[0]) != 64 {
		return nil, fmt.Errorf("keyhealth: %w: line 2: the plan fingerprint must be 64 lowercase hex characters", ErrProof)
	}
	if !isLowerHex(v[1]) || len(v[1]) != 64 {
		return nil, fmt.Errorf("keyhealth: %w: line 3: the signer must be a public key in 64 lowercase hex characters", ErrProof)
	}
	hex.Decode(p.Signer[:], []byte(v[1]))
	d, err := time.Parse(dateLayout, v[2])
	if err != nil || d.Format(dateLayout) != v[2] {
		return nil, fmt.Errorf("keyhealth: %w: line 4: the date must be YYYY-MM-DD", ErrProof)
	}
	p.Date = d
	if !isLowerHex(v[3]) || len(v[3])%2 != 0 {
		return nil, fmt.Errorf("keyhealth: %w: line 5: the challenge must be lowercase hex", ErrProof)
	}
	p.Challenge, _ = hex.DecodeString(v[3])
	if !isLowerHex(v[4]) || len(v[4]) != 2*len(p.Signature) {
		return nil, fmt.Errorf("keyhealth: %w: line 6: the signature must be 128 lowercase hex characters", ErrProof)
	}
	hex.Decode(p.Signature[:], []byte(v[4]))
	again, _ := p.MarshalText()
	if !bytes.Equal(again, b) {
		return nil, fmt.Errorf("keyhealth: %w: not in canonical form", ErrProof)
	}
	return p, nil
}

// isLowerHex reports whether s is non-empty lowercase hex.
func isLowerHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
