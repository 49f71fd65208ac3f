package coldwallet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
)

// ErrJournalRollback: a response from a signing journal that is not the
// one its signer used before, or from an older state of it. An offline
// journal that was truncated, restored from an old copy, or replaced by a
// new file has forgotten what it signed, so its rolling window no longer
// counts it.
var ErrJournalRollback = errors.New("the signer's journal was replaced or rolled back")

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
	HeadsFormat  = "nemcustody-journal-heads"
	HeadsVersion = 1
)

// Head is the latest journal entry seen from one offline signer.
type Head struct {
	Signer  sign.PublicKey `json:"signer"`
	Journal string         `json:"journal"`
	Seq     int            `json:"seq"`
	Hash    string         `json:"hash"`
}

// Heads is the online side's record of the journal each offline signer
// uses and how far it has been seen (the "journal" line of responses). It
// refuses a response whose signer's journal changed or went back: the
// journal of an offline signer only ever grows. Its zero value is empty
// and usable.
type Heads struct {
	heads []Head
}

type headsDoc struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Signers []Head `json:"signers"`
}

// DecodeHeads reads a heads file strictly (see the format above).
func DecodeHeads(b []byte) (*Heads, error) {
	if len(b) > 1<<20 {
		return nil, errors.New("coldwallet: journal heads: larger than 1 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d headsDoc
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("coldwallet: journal heads: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("coldwallet: journal heads: data after the object")
	}
	if d.Format != HeadsFormat || d.Version != HeadsVersion {
		return nil, fmt.Errorf("coldwallet: journal heads: format %q version %d, want %q version %d", d.Format, d.Version, HeadsFormat, HeadsVersion)
	}
	h := &Heads{}
	for i, x := range d.Signers {
		if err := x.check(); err != nil {
			return nil, fmt.Errorf("coldwallet: journal heads: signer %d: %w", i+1, err)
		}
		if i > 0 && bytes.Compare(d.Signers[i-1].Signer[:], x.Signer[:]) >= 0 {
			return nil, fmt.Errorf("coldwallet: journal heads: signer %d: signers must be sorted and listed once", i+1)
		}
		h.heads = append(h.heads, x)
	}
	return h, nil
}

func (x Head) check() error {
	if err := x.Signer.Check(); err != nil {
		return err
	}
	if !isHex(x.Journal, 32) && !isHex(x.Journal, 64) || x.Seq < 1 || !isHex(x.Hash, 64) {
		return errors.New("want a journal identity, an entry number and a 64-character hash")
	}
	return nil
}

// MarshalJSON writes the heads file, indented, signers sorted.
func (h *Heads) MarshalJSON() ([]byte, error) {
	d := headsDoc{Format: HeadsFormat, Version: HeadsVersion, Signers: []Head{}}
	if h != nil {
		d.Signers = append(d.Signers, h.heads...)
	}
	return json.MarshalIndent(d, "", "  ")
}

// Head returns the recorded head of signer's journal.
func (h *Heads) Head(signer sign.PublicKey) (Head, bool) {
	for _, x := range h.heads {
		if x.Signer == signer {
			return x, true
		}
	}
	return Head{}, false
}

// Check refuses r if its signer's journal is known and r names another
// journal (ErrJournalRollback: replaced), an earlier entry
// (ErrJournalRollback: rolled back, or a response released before one
// already seen, which Accept refuses too), or the same entry with another
// hash (ErrJournalRollback: rewritten). The same response seen twice
// passes.
func (h *Heads) Check(r *Response) error {
	if err := r.Check(); err != nil {
		return err
	}
	known, ok := h.Head(r.Signer)
	switch {
	case !ok:
		return nil
	case r.JournalID != known.Journal:
		return fmt.Errorf("coldwallet: %w: signer %s answered from journal %s, its responses came from journal %s until now (a new or restored journal has forgotten what was signed)", ErrJournalRollback, r.Signer, r.JournalID, known.Journal)
	case r.JournalSeq < known.Seq:
		return fmt.Errorf("coldwallet: %w: signer %s's response names journal entry %d, and entry %d was seen already (the journal was truncated or restored from an older copy)", ErrJournalRollback, r.Signer, r.JournalSeq, known.Seq)
	case r.JournalSeq == known.Seq && r.JournalHash != known.Hash:
		return fmt.Errorf("coldwallet: %w: signer %s's journal entry %d has another hash than before (the journal was rewritten)", ErrJournalRollback, r.Signer, r.JournalSeq)
	}
	return nil
}

// Accept checks r (Check) and records its journal entry as the signer's
// head. A signer seen for the first time is trusted as it is.
func (h *Heads) Accept(r *Response) error {
	if err := h.Check(r); err != nil {
		return err
	}
	x := Head{Signer: r.Signer, Journal: r.JournalID, Seq: r.JournalSeq, Hash: r.JournalHash}
	i := slices.IndexFunc(h.heads, func(y Head) bool { return y.Signer == r.Signer })
	if i >= 0 {
		h.heads[i] = x
		return nil
	}
	h.heads = append(h.heads, x)
	slices.SortFunc(h.heads, func(a, b Head) int { return bytes.Compare(a.Signer[:], b.Signer[:]) })
	return nil
}

// Forget drops what is known of signer's journal, so that its next
// response is trusted as from a first meeting: for an offline machine
// whose journal was lost and recreated on purpose. Its rolling window
// starts again; the operator who calls Forget accepts that.
func (h *Heads) Forget(signer sign.PublicKey) {
	h.heads = slices.DeleteFunc(h.heads, func(y Head) bool { return y.Signer == signer })
}
