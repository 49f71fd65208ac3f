package qr

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strconv"
)

// Format constants; the format is described in the package documentation.
const (
	// magic starts every part: the format name and version.
	magic = "NC1"
	// maxParts is the most parts a payload may be split into.
	maxParts = 999
	// MaxPayloadSize is the largest payload, in bytes, that Split accepts and
	// an Assembler will collect.
	MaxPayloadSize = 256 << 10
)

// Field layout: "NC1/" III "/" NNN "/" LLLLLL "/" ID "/" DATA "/" CRC.
const (
	indexDigits = 3
	totalDigits = 3
	sizeDigits  = 6
	idChars     = 16 // base32 of PayloadID's 10 bytes
	crcChars    = 7  // base32 of 4 bytes, 3 spare zero bits

	indexAt = len(magic) + 1
	totalAt = indexAt + indexDigits + 1
	sizeAt  = totalAt + totalDigits + 1
	idAt    = sizeAt + sizeDigits + 1
	dataAt  = idAt + idChars + 1 // header length: 36

	// partOverhead is the length of a part minus the length of its data.
	partOverhead = dataAt + 1 + crcChars
)

// b32 is RFC 4648 base32 (A-Z, 2-7) without padding.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// A PayloadID names a payload: the first 10 bytes (80 bits) of the SHA-256
// of its bytes. Every part carries it, so parts of different payloads never
// mix, and the reassembled payload is checked against it. It guards against
// accidents, not against an attacker: what the payload says must be
// authenticated by the payload itself (signatures, envelope checksums).
type PayloadID [10]byte

// NewPayloadID returns the PayloadID of payload.
func NewPayloadID(payload []byte) PayloadID {
	h := sha256.Sum256(payload)
	return PayloadID(h[:10])
}

// String returns the 16 base32 characters of id, as in a part.
func (id PayloadID) String() string { return b32.EncodeToString(id[:]) }

// A Part is one decoded part: where it sits in its payload, and its bytes.
type Part struct {
	// Index is the part number, 1 to Total.
	Index int
	// Total is the number of parts of the payload, 1 to 999.
	Total int
	// PayloadSize is the length of the whole payload in bytes, 1 to
	// MaxPayloadSize, and at least Total.
	PayloadSize int
	// PayloadID names the whole payload.
	PayloadID PayloadID
	// Data is this part's slice of the payload: the bytes at
	// partBounds(PayloadSize, Total, Index).
	Data []byte
}

// partBounds returns where part index (1 to total) of a payload of size
// bytes starts, and its length. The payload is cut into total runs whose
// lengths differ by at most one byte, the longer ones first: with q =
// size/total and r = size%total, parts 1 to r hold q+1 bytes and the others
// q. So the cut depends only on (size, total), and a part's data length is
// known from its header alone.
func partBounds(size, total, index int) (offset, length int) {
	q, r := size/total, size%total
	offset = (index-1)*q + min(index-1, r)
	length = q
	if index <= r {
		length++
	}
	return offset, length
}

// String returns the text of p. For a Part returned by ParsePart it is
// exactly the text that was parsed.
func (p Part) String() string {
	b := make([]byte, 0, partOverhead+b32.EncodedLen(len(p.Data)))
	b = append(b, magic...)
	b = append(b, '/')
	b = appendDecimal(b, p.Index, indexDigits)
	b = append(b, '/')
	b = appendDecimal(b, p.Total, totalDigits)
	b = append(b, '/')
	b = appendDecimal(b, p.PayloadSize, sizeDigits)
	b = append(b, '/')
	b = b32.AppendEncode(b, p.PayloadID[:])
	b = append(b, '/')
	b = b32.AppendEncode(b, p.Data)
	b = append(b, '/')
	b = b32.AppendEncode(b, binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(b)))
	return string(b)
}

// appendDecimal appends v in exactly width decimal digits, with leading
// zeros.
func appendDecimal(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// ParsePart parses and checks the text of one part, strictly: exactly the
// upper-case text Split makes, nothing before or after it. Use
// ParseScannerText first on what a scanner returned.
//
// The error wraps ErrCorruptPart when the checksum does not match, and
// ErrMalformedPart for anything else.
func ParsePart(s string) (Part, error) {
	p, err := parsePart(s)
	if err != nil {
		return Part{}, fmt.Errorf("qr: %w", err)
	}
	return p, nil
}

// parsePart is ParsePart with errors that do not start with "qr: ".
func parsePart(s string) (Part, error) {
	var p Part
	// Cheap structural checks first, then the checksum, so that a part
	// changed in transit is reported as corrupt, then every field.
	if len(s) > maxPartLength {
		return p, fmt.Errorf("%w: %d characters, more than a QR code holds (%d)", ErrMalformedPart, len(s), maxPartLength)
	}
	if len(s) < partOverhead+2 {
		return p, fmt.Errorf("%w: %d characters, too short for a part (at least %d)", ErrMalformedPart, len(s), partOverhead+2)
	}
	for i := range len(s) {
		if c := s[i]; !isPartChar(c) {
			if 'a' <= c && c <= 'z' {
				return p, fmt.Errorf("%w: character %d is lower case; parts are upper case", ErrMalformedPart, i+1)
			}
			return p, fmt.Errorf("%w: character %d is not one of 0-9, A-Z and /", ErrMalformedPart, i+1)
		}
	}
	if s[:len(magic)] != magic || s[len(magic)] != '/' {
		return p, fmt.Errorf("%w: does not start with %s/ (not a part, or another format version)", ErrMalformedPart, magic)
	}
	crcAt := len(s) - crcChars
	if s[crcAt-1] != '/' {
		return p, fmt.Errorf("%w: no / before the %d-character checksum at the end", ErrMalformedPart, crcChars)
	}
	crc, ok := decodeCanonical(s[crcAt:], 4)
	if !ok {
		return p, fmt.Errorf("%w: checksum field is not %d base32 characters", ErrMalformedPart, crcChars)
	}
	if binary.BigEndian.Uint32(crc) != crc32.ChecksumIEEE([]byte(s[:crcAt])) {
		if h, ok := readHeader(s); ok {
			return p, fmt.Errorf("%w: checksum mismatch (the header says part %d of %d)", ErrCorruptPart, h.Index, h.Total)
		}
		return p, fmt.Errorf("%w: checksum mismatch", ErrCorruptPart)
	}

	// The checksum matches: the part is as it was made, so a problem from
	// here on is in how it was made.
	for _, at := range []int{totalAt - 1, sizeAt - 1, idAt - 1, dataAt - 1} {
		if s[at] != '/' {
			return p, fmt.Errorf("%w: no / at character %d", ErrMalformedPart, at+1)
		}
	}
	h, ok := readHeader(s)
	if !ok {
		return p, fmt.Errorf("%w: part number, part count or payload size is not %d, %d and %d decimal digits",
			ErrMalformedPart, indexDigits, totalDigits, sizeDigits)
	}
	id, ok := decodeCanonical(s[idAt:dataAt-1], len(PayloadID{}))
	if !ok {
		return p, fmt.Errorf("%w: payload id is not %d base32 characters", ErrMalformedPart, idChars)
	}
	p = h
	p.PayloadID = PayloadID(id)
	switch {
	case p.Total < 1 || p.Total > maxParts:
		return Part{}, fmt.Errorf("%w: part count %d is outside 1 to %d", ErrMalformedPart, p.Total, maxParts)
	case p.Index < 1 || p.Index > p.Total:
		return Part{}, fmt.Errorf("%w: part number %d is outside 1 to %d", ErrMalformedPart, p.Index, p.Total)
	case p.PayloadSize < 1 || p.PayloadSize > MaxPayloadSize:
		return Part{}, fmt.Errorf("%w: payload size %d is outside 1 to %d", ErrMalformedPart, p.PayloadSize, MaxPayloadSize)
	case p.PayloadSize < p.Total:
		return Part{}, fmt.Errorf("%w: %d parts for a %d-byte payload, more than one per byte", ErrMalformedPart, p.Total, p.PayloadSize)
	}
	_, n := partBounds(p.PayloadSize, p.Total, p.Index)
	data := s[dataAt : crcAt-1]
	if len(data) != b32.EncodedLen(n) {
		return Part{}, fmt.Errorf("%w: %d data characters, want %d for part %d of %d of a %d-byte payload",
			ErrMalformedPart, len(data), b32.EncodedLen(n), p.Index, p.Total, p.PayloadSize)
	}
	if p.Data, ok = decodeCanonical(data, n); !ok {
		return Part{}, fmt.Errorf("%w: data is not canonical base32", ErrMalformedPart)
	}
	return p, nil
}

// readHeader reads the part number, part count and payload size fields,
// which must be all decimal digits.
func readHeader(s string) (Part, bool) {
	var p Part
	var ok1, ok2, ok3 bool
	p.Index, ok1 = readDecimal(s[indexAt : indexAt+indexDigits])
	p.Total, ok2 = readDecimal(s[totalAt : totalAt+totalDigits])
	p.PayloadSize, ok3 = readDecimal(s[sizeAt : sizeAt+sizeDigits])
	return p, ok1 && ok2 && ok3
}

func readDecimal(s string) (int, bool) {
	v := 0
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// decodeCanonical decodes s, which must be exactly the unpadded base32 of n
// bytes with its spare low bits zero (so that no other text decodes to the
// same bytes).
func decodeCanonical(s string, n int) ([]byte, bool) {
	if len(s) != b32.EncodedLen(n) {
		return nil, false
	}
	for i := range len(s) {
		if c := s[i]; !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
			return nil, false
		}
	}
	b, err := b32.DecodeString(s)
	if err != nil || len(b) != n || b32.EncodeToString(b) != s {
		return nil, false
	}
	return b, true
}

// isPartChar reports whether c may appear in a part: 0-9, A-Z and /, a
// subset of QR alphanumeric mode.
func isPartChar(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || c == '/'
}
