package coldwallet

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
)

// The response envelope (offline to online):
//
//	nemcustody-response v3
//	request: <the request's ID, its checksum>
//	signer: <public key hex>
//	journal: <journal identity> <entry number> <entry hash hex>
//	journal-proof: <signature hex>
//	signature: <item number> <signature hex>      one per item of this signer, in order
//	checksum: <sha256 hex of the lines above>
//
// One response carries the signatures of one signer: for every item of the
// request whose signer it is, and no other. journal names the signing
// journal (its identity, see Journal.ID: 32 hex characters, or 64 for a
// journal without an "opened" entry) and the entry the offline machine
// wrote before releasing the response, so the online side can check that
// the signer's journal only moves forward (Heads) and later that the
// journal still holds the entry. journal-proof is the signer's signature
// of a statement binding the request's ID, the journal head the request
// carried for this signer (or none) and the journal line (see
// Response.ProofMessage): the transaction signatures do not cover those
// lines, and without it anyone who carries the files could relabel the
// answer of a restored journal with the head the online side recorded.
// Heads.Check verifies it. Version 1 responses (without the journal
// identity) and version 2 responses (without the proof) are refused.

// Response envelope identification.
const (
	responseFormat  = "nemcustody-response"
	responseVersion = 3
)

// proofMagic starts the statement a journal proof signs. Read as a NIS
// transaction, its first four bytes are type 0x636d656e, which NIS does
// not know: the statement never parses as one.
const proofMagic = "nemcustody-journal-proof v1\n"

// ItemSignature is the signature of one request item (numbered from 1).
type ItemSignature struct {
	Item      int
	Signature sign.Signature
}

// Response returns one signer's signatures for a request.
type Response struct {
	RequestID string
	Signer    sign.PublicKey
	// JournalID is the identity of the signer's journal (Journal.ID).
	JournalID string
	// JournalSeq and JournalHash identify the journal entry recorded for
	// this signing.
	JournalSeq  int
	JournalHash string
	// JournalProof is the signer's signature of ProofMessage.
	JournalProof sign.Signature
	Signatures   []ItemSignature
}

// ProofMessage returns the statement JournalProof signs, for carried, the
// journal head the request carried for the signer (nil for none): the
// lines "request: <ID>", "carried: <journal> <entry number> <hash>" or
// "carried: none", and "journal: <journal> <entry number> <hash>", after
// a first line that keeps it from ever reading as a NIS transaction.
func (r *Response) ProofMessage(carried *journal.Head) []byte {
	b := []byte(proofMagic + "request: " + r.RequestID + "\ncarried: ")
	if carried == nil {
		b = append(b, "none"...)
	} else {
		b = append(b, carried.Journal+" "+strconv.Itoa(carried.Seq)+" "+carried.Hash...)
	}
	return append(b, "\njournal: "+r.JournalID+" "+strconv.Itoa(r.JournalSeq)+" "+r.JournalHash+"\n"...)
}

// prove signs r's journal proof with key for req.
func (r *Response) prove(req *Request, key sign.Signer) error {
	sig, err := sign.SignWith(key, r.ProofMessage(req.carriedHead(r.Signer)))
	if err != nil {
		return fmt.Errorf("coldwallet: signing the journal proof: %w", err)
	}
	r.JournalProof = sig
	return nil
}

// verifyProof checks r's journal proof for req under r's signer key.
func (r *Response) verifyProof(req *Request) error {
	if err := sign.Verify(r.Signer, r.ProofMessage(req.carriedHead(r.Signer)), r.JournalProof); err != nil {
		return fmt.Errorf("coldwallet: %w: its journal proof does not verify for this request (its request, journal line or the head the request carried were changed): %w", ErrResponse, err)
	}
	return nil
}

// Check applies the reader's rules.
func (r *Response) Check() error {
	if r == nil {
		return envelopeErr(0, "no response")
	}
	if !isHex(r.RequestID, 64) {
		return envelopeErr(0, "request: not a request ID")
	}
	if err := r.Signer.Check(); err != nil {
		return envelopeErr(0, "signer: %w", err)
	}
	if !isHex(r.JournalID, 32) && !isHex(r.JournalID, 64) || r.JournalSeq < 1 || !isHex(r.JournalHash, 64) {
		return envelopeErr(0, "journal: want a journal identity, an entry number and a 64-character hash")
	}
	if len(r.Signatures) == 0 || len(r.Signatures) > MaxItems {
		return envelopeErr(0, "%d signatures, want 1 to %d", len(r.Signatures), MaxItems)
	}
	for i, s := range r.Signatures {
		if s.Item < 1 || s.Item > MaxItems {
			return envelopeErr(0, "signature %d: item %d out of range", i+1, s.Item)
		}
		if i > 0 && s.Item <= r.Signatures[i-1].Item {
			return envelopeErr(0, "signature %d: items must be in increasing order", i+1)
		}
	}
	return nil
}

// MarshalText writes the response envelope.
func (r *Response) MarshalText() ([]byte, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	w := newEnvelopeWriter(responseFormat, responseVersion)
	w.header("request", r.RequestID)
	w.header("signer", r.Signer.String())
	w.header("journal", r.JournalID+" "+strconv.Itoa(r.JournalSeq)+" "+r.JournalHash)
	w.header("journal-proof", r.JournalProof.String())
	for _, s := range r.Signatures {
		w.header("signature", strconv.Itoa(s.Item)+" "+s.Signature.String())
	}
	return w.finish(), nil
}

// ParseResponse reads a response envelope strictly: it must be exactly what
// MarshalText writes for the result. The signatures are not verified here;
// Combine verifies them against the request's own bytes.
func ParseResponse(b []byte) (*Response, error) {
	lines, err := readEnvelope(b, responseFormat, responseVersion, responseVersion)
	if err != nil {
		return nil, err
	}
	h := &headerReader{lines: lines, end: len(lines) + 2}
	r := &Response{}
	l, err := h.one("request")
	if err != nil {
		return nil, err
	}
	r.RequestID = l.value
	if l, err = h.one("signer"); err != nil {
		return nil, err
	}
	if r.Signer, err = sign.ParsePublicKey(l.value); err != nil {
		return nil, envelopeErr(l.num, "signer: %w", err)
	}
	if l, err = h.one("journal"); err != nil {
		return nil, err
	}
	parts := strings.Split(l.value, " ")
	if len(parts) != 3 {
		return nil, envelopeErr(l.num, "journal: want \"<journal identity> <entry number> <hash>\"")
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil, envelopeErr(l.num, "journal: want \"<journal identity> <entry number> <hash>\"")
	}
	r.JournalID, r.JournalSeq, r.JournalHash = parts[0], n, parts[2]
	if l, err = h.one("journal-proof"); err != nil {
		return nil, err
	}
	if r.JournalProof, err = sign.ParseSignature(l.value); err != nil {
		return nil, envelopeErr(l.num, "journal-proof: %w", err)
	}
	for {
		l, ok := h.optional("signature")
		if !ok {
			break
		}
		if len(r.Signatures) == MaxItems {
			return nil, envelopeErr(l.num, "more than %d signatures", MaxItems)
		}
		item, sigHex, ok := strings.Cut(l.value, " ")
		n, err := strconv.Atoi(item)
		if !ok || err != nil {
			return nil, envelopeErr(l.num, "signature: want \"<item number> <signature>\"")
		}
		sig, err := sign.ParseSignature(sigHex)
		if err != nil {
			return nil, envelopeErr(l.num, "signature: %w", err)
		}
		r.Signatures = append(r.Signatures, ItemSignature{Item: n, Signature: sig})
	}
	if err := h.done(); err != nil {
		return nil, err
	}
	again, err := r.MarshalText()
	if err != nil {
		return nil, err
	}
	if string(again) != string(b) {
		return nil, envelopeErr(0, "not in canonical form")
	}
	return r, nil
}

// isHex reports whether s is n lowercase hex characters.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}
