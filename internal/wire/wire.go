package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// NullLength is the u32 length NIS writes for a null byte array or string.
const NullLength = 0xFFFFFFFF

// AppendU32 appends v little-endian.
func AppendU32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

// AppendU64 appends v little-endian.
func AppendU64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// AppendBytes appends a byte array: u32 length, then the bytes.
func AppendBytes(b, p []byte) []byte {
	b = AppendU32(b, uint32(len(p)))
	return append(b, p...)
}

// AppendString appends a string as NIS does: u32 byte length, then UTF-8.
func AppendString(b []byte, s string) []byte {
	b = AppendU32(b, uint32(len(s)))
	return append(b, s...)
}

// BeginObject appends a placeholder for an object's u32 length and returns
// the mark EndObject needs.
func BeginObject(b []byte) ([]byte, int) {
	return append(b, 0, 0, 0, 0), len(b)
}

// EndObject writes the length of everything appended since BeginObject
// into the placeholder at mark.
func EndObject(b []byte, mark int) []byte {
	binary.LittleEndian.PutUint32(b[mark:], uint32(len(b)-mark-4))
	return b
}

// Errors recorded by Reader.
var (
	// ErrShort: the input ends before the field does.
	ErrShort = errors.New("input ends early")
	// ErrTrailing: bytes are left after the last field of an object or of
	// the input.
	ErrTrailing = errors.New("trailing bytes")
	// ErrLength: a length prefix is outside what the field allows.
	ErrLength = errors.New("length out of range")
)

// Reader reads NIS binary data. The zero Reader reads nothing; use
// NewReader.
type Reader struct {
	b     []byte
	off   int // offset of b[0] in the whole input, for errors
	pos   int
	err   error
	field string
	at    int
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// MakeReader returns a Reader of b as a value, for callers that keep it
// on the stack.
func MakeReader(b []byte) Reader { return Reader{b: b} }

// Fail records err for field at the current position unless an earlier
// failure is already recorded. It lets callers report semantic failures
// (bad enum value, wrong order) with the same offset bookkeeping.
func (r *Reader) Fail(field string, err error) {
	r.failAt(r.off+r.pos, field, err)
}

// FailAt is Fail with an explicit offset relative to this reader's start,
// for errors about a field read earlier.
func (r *Reader) FailAt(rel int, field string, err error) {
	r.failAt(r.off+rel, field, err)
}

func (r *Reader) failAt(abs int, field string, err error) {
	if r.err == nil {
		r.err, r.field, r.at = err, field, abs
	}
}

// Err returns the first recorded failure, or nil.
func (r *Reader) Err() error { return r.err }

// Failure returns the first recorded failure with the absolute offset and
// the field it concerns. err is nil when nothing failed.
func (r *Reader) Failure() (offset int, field string, err error) { return r.at, r.field, r.err }

// Pos returns the position relative to this reader's start.
func (r *Reader) Pos() int { return r.pos }

// Offset returns the absolute offset of the current position in the input.
func (r *Reader) Offset() int { return r.off + r.pos }

// Len returns how many unread bytes remain.
func (r *Reader) Len() int { return len(r.b) - r.pos }

// Fixed reads n bytes and returns them without copying.
func (r *Reader) Fixed(field string, n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.Len() < n {
		r.Fail(field, ErrShort)
		r.pos = len(r.b)
		return nil
	}
	p := r.b[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return p
}

// Peek returns the next n bytes without consuming them, or nil when fewer
// remain or a failure is recorded.
func (r *Reader) Peek(n int) []byte {
	if r.err != nil || n < 0 || r.Len() < n {
		return nil
	}
	return r.b[r.pos : r.pos+n : r.pos+n]
}

// U32 reads a little-endian u32.
func (r *Reader) U32(field string) uint32 {
	p := r.Fixed(field, 4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

// U64 reads a little-endian u64.
func (r *Reader) U64(field string) uint64 {
	p := r.Fixed(field, 8)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(p)
}

// Bytes reads a byte array of min to max bytes (u32 length, then bytes)
// and returns it without copying. A null array (length 0xFFFFFFFF) fails.
func (r *Reader) Bytes(field string, min, max int) []byte {
	at := r.pos
	n := r.U32(field)
	if r.err != nil {
		return nil
	}
	if n == NullLength || int64(n) < int64(min) || int64(n) > int64(max) {
		r.FailAt(at, field, fmt.Errorf("%w: %d bytes, want %d to %d", ErrLength, int32(n), min, max))
		return nil
	}
	p := r.Fixed(field, int(n))
	if p == nil {
		return nil
	}
	return p
}

// ExactBytes reads a byte array that must be exactly n bytes long.
func (r *Reader) ExactBytes(field string, n int) []byte { return r.Bytes(field, n, n) }

// Object reads a u32 object length and returns a reader over exactly that
// many bytes, advancing past them. The caller reads the object's fields
// from the returned reader and calls Close on it, which propagates its
// failure (or trailing bytes) back to r. A length outside min..max fails.
func (r *Reader) Object(field string, min, max int) Reader {
	p := r.Bytes(field, min, max)
	sub := Reader{b: p, off: r.off + r.pos - len(p)}
	if r.err != nil {
		sub.err, sub.field, sub.at = r.err, r.field, r.at
	}
	return sub
}

// Close ends reading a sub-reader returned by Object: an unread remainder
// is ErrTrailing for field, and the sub-reader's first failure becomes
// parent's failure.
func (sub *Reader) Close(parent *Reader, field string) {
	if sub.err == nil && sub.Len() != 0 {
		sub.Fail(field, ErrTrailing)
	}
	if sub.err != nil {
		parent.failAt(sub.at, sub.field, sub.err)
	}
}

// End reports ErrTrailing if unread bytes remain and returns the first
// failure.
func (r *Reader) End(field string) error {
	if r.err == nil && r.Len() != 0 {
		r.Fail(field, ErrTrailing)
	}
	return r.err
}
