package qr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Every error of parsing, splitting, encoding and
// reassembling wraps one of them, so callers can branch with errors.Is;
// WritePNGs's file errors wrap the os error instead. Errors may name a part's
// number and payload id, never its data.
var (
	// ErrMalformedPart: text that is not a part of this format: wrong
	// characters, fields or lengths, or another format version.
	ErrMalformedPart = errors.New("malformed part")
	// ErrCorruptPart: a part whose checksum does not match, so it was changed
	// after it was made (a misread, a typo, a truncated scan); or a
	// reassembled payload whose checksum does not match.
	ErrCorruptPart = errors.New("corrupt part")
	// ErrForeignPart: a valid part that does not belong with the parts
	// already added: another payload, the same payload split differently, or
	// a different part under a number already taken.
	ErrForeignPart = errors.New("foreign part")
	// ErrIncomplete: parts are missing. The error is an *IncompleteError
	// naming them.
	ErrIncomplete = errors.New("incomplete")
	// ErrPayloadSize: a payload that is empty, larger than MaxPayloadSize, or
	// that would need more than 999 parts under the options given.
	ErrPayloadSize = errors.New("payload size out of range")
	// ErrOptions: options out of range, or a part too long for them.
	ErrOptions = errors.New("invalid options")
)

// An IncompleteError reports the parts still missing from a payload. It
// wraps ErrIncomplete.
type IncompleteError struct {
	// Total is the number of parts of the payload, 0 if no part was added.
	Total int
	// Missing lists the missing part numbers (1 to Total), in increasing
	// order.
	Missing []int
}

// Error names how many parts are held and which are missing.
func (e *IncompleteError) Error() string {
	if e.Total == 0 {
		return "qr: incomplete: no parts"
	}
	return fmt.Sprintf("qr: incomplete: have %d of %d parts, missing %s",
		e.Total-len(e.Missing), e.Total, formatParts(e.Missing))
}

// Unwrap returns ErrIncomplete.
func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// formatParts writes increasing part numbers compactly, with ranges:
// [1 2 3 5 7 8] is "1-3, 5, 7-8".
func formatParts(parts []int) string {
	var b strings.Builder
	for i := 0; i < len(parts); {
		j := i
		for j+1 < len(parts) && parts[j+1] == parts[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(parts[i]))
		if j > i {
			b.WriteString("-")
			b.WriteString(strconv.Itoa(parts[j]))
		}
		i = j + 1
	}
	return b.String()
}
