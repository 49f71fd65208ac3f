package qr

import (
	"bytes"
	"fmt"
)

// An Assembler collects the parts of one payload, in any order, with
// duplicates, and returns the payload when every part is in. The zero value
// is ready to use. The first part added fixes which payload it collects;
// use a new Assembler for another payload.
//
// An Assembler holds at most MaxPayloadSize bytes. It is not safe for
// concurrent use.
type Assembler struct {
	first  Part     // the first part added; Data unused
	chunks [][]byte // chunks[i-1] is part i's data, nil until added
	have   int
}

// Add checks part (the exact text of one part; see ParseScannerText) and
// keeps its data. Adding a part already added is not an error.
//
// The error wraps ErrMalformedPart or ErrCorruptPart for text that is not a
// valid part, and ErrForeignPart for a valid part of another payload (or of
// the same payload split with other options). A refused part changes
// nothing.
func (a *Assembler) Add(part string) error {
	if err := a.add(part); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	return nil
}

// add is Add with errors that do not start with "qr: ".
func (a *Assembler) add(s string) error {
	p, err := parsePart(s)
	if err != nil {
		return err
	}
	if a.chunks == nil {
		a.first = p
		a.first.Data = nil
		a.chunks = make([][]byte, p.Total)
	}
	f := a.first
	switch {
	case p.PayloadID != f.PayloadID:
		return fmt.Errorf("%w: part %d of payload %s, not of payload %s", ErrForeignPart, p.Index, p.PayloadID, f.PayloadID)
	case p.Total != f.Total || p.PayloadSize != f.PayloadSize:
		return fmt.Errorf("%w: part %d of %d of a %d-byte payload, not of %d of a %d-byte payload (split with other options?)",
			ErrForeignPart, p.Index, p.Total, p.PayloadSize, f.Total, f.PayloadSize)
	}
	switch old := a.chunks[p.Index-1]; {
	case old == nil:
		a.chunks[p.Index-1] = p.Data
		a.have++
	case !bytes.Equal(old, p.Data):
		return fmt.Errorf("%w: part %d differs from the part %d already added", ErrForeignPart, p.Index, p.Index)
	}
	return nil
}

// Total returns the number of parts of the payload, 0 before the first part
// is added.
func (a *Assembler) Total() int { return len(a.chunks) }

// Received returns how many different parts have been added.
func (a *Assembler) Received() int { return a.have }

// Complete reports whether every part has been added.
func (a *Assembler) Complete() bool { return a.chunks != nil && a.have == len(a.chunks) }

// Missing returns the numbers of the parts not yet added, in increasing
// order; nil before the first part (the count is not known yet) and once
// complete.
func (a *Assembler) Missing() []int {
	var m []int
	for i, c := range a.chunks {
		if c == nil {
			m = append(m, i+1)
		}
	}
	return m
}

// Payload returns the reassembled payload once every part is in, after
// checking it against the payload id that every part carries.
//
// The error is an *IncompleteError (wrapping ErrIncomplete) naming the
// missing parts, or wraps ErrCorruptPart if the bytes do not match the
// payload id. The latter cannot happen by accident, since every part's own
// checksum matched; it means parts were made to collide.
func (a *Assembler) Payload() ([]byte, error) {
	if !a.Complete() {
		return nil, &IncompleteError{Total: a.Total(), Missing: a.Missing()}
	}
	payload := bytes.Join(a.chunks, nil)
	if len(payload) != a.first.PayloadSize || NewPayloadID(payload) != a.first.PayloadID {
		return nil, fmt.Errorf("qr: %w: the reassembled payload does not match its payload id", ErrCorruptPart)
	}
	return payload, nil
}

// join reassembles a payload from the text of its parts, in any order, with
// duplicates. It stops at the first part it refuses; the error names its
// position in parts (counted from 1) and wraps the sentinel Add returned.
// With parts missing, the error is an *IncompleteError naming them.
func join(parts []string) ([]byte, error) {
	var a Assembler
	for i, p := range parts {
		if err := a.add(p); err != nil {
			return nil, fmt.Errorf("qr: input %d of %d: %w", i+1, len(parts), err)
		}
	}
	return a.Payload()
}
