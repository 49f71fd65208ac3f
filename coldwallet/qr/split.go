package qr

import "fmt"

// Split cuts payload into as few parts as fit in QR codes of version
// opts.MaxVersion at opts.Level, and returns the text of each, in order. A
// payload that fits one code is one part (part 1 of 1). The same payload and
// options always give the same parts.
//
// The error wraps ErrPayloadSize for an empty payload, one larger than
// MaxPayloadSize, or one that would need more than 999 parts (raise
// MaxVersion or lower Level); ErrOptions for options out of range.
func Split(payload []byte, opts Options) ([]string, error) {
	per, err := opts.bytesPerPart()
	if err != nil {
		return nil, err
	}
	size := len(payload)
	if size == 0 {
		return nil, fmt.Errorf("qr: %w: the payload is empty", ErrPayloadSize)
	}
	if size > MaxPayloadSize {
		return nil, fmt.Errorf("qr: %w: %d bytes, more than %d", ErrPayloadSize, size, MaxPayloadSize)
	}
	total := (size + per - 1) / per
	if total > maxParts {
		o, _ := opts.resolved()
		return nil, fmt.Errorf("qr: %w: %d bytes need %d parts of version %d at level %s, more than %d",
			ErrPayloadSize, size, total, o.MaxVersion, o.Level, maxParts)
	}
	id := NewPayloadID(payload)
	parts := make([]string, total)
	for i := range parts {
		off, n := partBounds(size, total, i+1)
		parts[i] = Part{
			Index:       i + 1,
			Total:       total,
			PayloadSize: size,
			PayloadID:   id,
			Data:        payload[off : off+n],
		}.String()
	}
	return parts, nil
}
