package coldwallet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/sign"
)

// The journal heads file (online side), version 1:
//
//	{
//	  "format": "nemcustody-journal-heads",
//	  "version": 1,
//	  "signers": [
//	    {"signer": "<public key hex>", "journal": "<journal identity>",
//	     "seq": 7, "hash": "<64 hex>"}
//	  ]
//	}
//
// One object per offline signer key, sorted by key: the identity of the
// journal its responses came from (Journal.ID) and the latest entry a
// response named. It is small, rewritten whole after each change, and
// kept on the online side (a new version replaces the old one
// atomically: write a temporary file, sync, rename). Losing it loses only
// the protection until the next response; editing it is the online side
// trusting itself.

// Heads format identification.
const (
	headsFormat  = "nemcustody-journal-heads"
	headsVersion = 1
)

// Heads is the online side's record of the journal each offline signer
// uses and how far it has been seen (the "journal" line of responses). It
// refuses a response whose signer's journal changed or went back: the
// journal of an offline signer only ever grows. Its zero value is empty
// and usable.
type Heads struct {
	heads []journal.Head
}

type headsDoc struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Signers []journal.Head `json:"signers"`
}

// headsLimits bound a heads file: 1 MiB, the object, its list, a head.
var headsLimits = strictjson.Limits{MaxSize: 1 << 20, MaxDepth: 3}

// DecodeHeads reads a heads file strictly (see the format above).
func DecodeHeads(b []byte) (*Heads, error) {
	var d headsDoc
	if err := strictjson.Decode(b, &d, headsLimits); err != nil {
		return nil, fmt.Errorf("coldwallet: journal heads: %w", err)
	}
	if d.Format != headsFormat || d.Version != headsVersion {
		return nil, fmt.Errorf("coldwallet: journal heads: format %q version %d, want %q version %d", d.Format, d.Version, headsFormat, headsVersion)
	}
	h := &Heads{}
	for i, x := range d.Signers {
		if err := x.Check(); err != nil {
			return nil, fmt.Errorf("coldwallet: journal heads: signer %d: %w", i+1, err)
		}
		if i > 0 && bytes.Compare(d.Signers[i-1].Signer[:], x.Signer[:]) >= 0 {
			return nil, fmt.Errorf("coldwallet: journal heads: signer %d: signers must be sorted and listed once", i+1)
		}
		h.heads = append(h.heads, x)
	}
	return h, nil
}

// MarshalJSON writes the heads file, indented, signers sorted.
func (h *Heads) MarshalJSON() ([]byte, error) {
	d := headsDoc{Format: headsFormat, Version: headsVersion, Signers: []journal.Head{}}
	if h != nil {
		d.Signers = append(d.Signers, h.heads...)
	}
	return json.MarshalIndent(d, "", "  ")
}

// Head returns the recorded head of signer's journal.
func (h *Heads) Head(signer sign.PublicKey) (journal.Head, bool) {
	for _, x := range h.heads {
		if x.Signer == signer {
			return x, true
		}
	}
	return journal.Head{}, false
}

// Of returns the recorded heads of signers, in their order, for a new
// request (Request.Heads): each signer's journal will refuse to sign
// unless it holds that entry.
func (h *Heads) Of(signers []sign.PublicKey) []journal.Head {
	var out []journal.Head
	for _, s := range signers {
		if x, ok := h.Head(s); ok {
			out = append(out, x)
		}
	}
	return out
}

// Check refuses r, the response to req, if its journal proof does not
// verify under its signer's key for req (ErrResponse: its request ID,
// journal line or the head req carried were changed), or if its signer's
// journal is known
// and req did not carry exactly the recorded head for it (Of: the signer
// checked its journal holds that entry), or r names another journal
// (replaced), an earlier entry (rolled back, or a response released
// before one already seen, which Accept refuses too), or the same entry
// with another hash (rewritten): all journal.ErrRollback. The same
// response seen twice passes.
func (h *Heads) Check(req *Request, r *Response) error {
	if err := r.Check(); err != nil {
		return err
	}
	if id, err := req.ID(); err != nil {
		return err
	} else if id != r.RequestID {
		return fmt.Errorf("coldwallet: %w: the response answers request %s, not %s", ErrResponse, r.RequestID, id)
	}
	if err := r.verifyProof(req); err != nil {
		return err
	}
	known, ok := h.Head(r.Signer)
	if !ok {
		return nil
	}
	if r.JournalID == known.Journal && r.JournalSeq == known.Seq && r.JournalHash == known.Hash {
		return nil // seen before
	}
	switch carried, ok := req.headOf(r.Signer); {
	case !ok:
		return fmt.Errorf("coldwallet: %w: the request carries no journal head for signer %s, whose journal was seen at entry %d: make the request again with the recorded heads", journal.ErrRollback, r.Signer, known.Seq)
	case carried != known:
		return fmt.Errorf("coldwallet: %w: the request carries journal entry %d for signer %s, and entry %d was seen since: make the request again with the recorded heads", journal.ErrRollback, carried.Seq, r.Signer, known.Seq)
	case r.JournalID != known.Journal:
		return fmt.Errorf("coldwallet: %w: signer %s answered from journal %s, its responses came from journal %s until now (a new or restored journal has forgotten what was signed)", journal.ErrRollback, r.Signer, r.JournalID, known.Journal)
	case r.JournalSeq <= known.Seq:
		return fmt.Errorf("coldwallet: %w: signer %s's response names journal entry %d, and entry %d was seen already (the journal was truncated, restored from an older copy or rewritten)", journal.ErrRollback, r.Signer, r.JournalSeq, known.Seq)
	}
	return nil
}

// Accept checks r, the response to req (Check), and records its journal
// entry as the signer's head. A signer seen for the first time is trusted
// as it is.
func (h *Heads) Accept(req *Request, r *Response) error {
	if err := h.Check(req, r); err != nil {
		return err
	}
	x := journal.Head{Signer: r.Signer, Journal: r.JournalID, Seq: r.JournalSeq, Hash: r.JournalHash}
	i := slices.IndexFunc(h.heads, func(y journal.Head) bool { return y.Signer == r.Signer })
	if i >= 0 {
		h.heads[i] = x
		return nil
	}
	h.heads = append(h.heads, x)
	slices.SortFunc(h.heads, func(a, b journal.Head) int { return bytes.Compare(a.Signer[:], b.Signer[:]) })
	return nil
}

// Forget drops what is known of signer's journal, so that its next
// response is trusted as from a first meeting: for an offline machine
// whose journal was lost and recreated on purpose. Its rolling window
// starts again; the operator who calls Forget accepts that.
func (h *Heads) Forget(signer sign.PublicKey) {
	h.heads = slices.DeleteFunc(h.heads, func(y journal.Head) bool { return y.Signer == signer })
}
