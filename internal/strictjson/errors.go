package strictjson

import (
	"errors"
	"fmt"
)

// The rules a document can break. Every error of this package is an
// *Error wrapping exactly one of them. They carry no package prefix: the
// caller that names the document adds its own ("multisig: plan document:
// ...").
var (
	// ErrSize: the input is longer than Limits.MaxSize.
	ErrSize = errors.New("input too large")
	// ErrSyntax: the input is not JSON (RFC 8259).
	ErrSyntax = errors.New("invalid JSON")
	// ErrTruncated: the input ends inside a value, or holds no value.
	ErrTruncated = errors.New("JSON input ends early")
	// ErrUTF8: invalid UTF-8, inside or outside strings, or an escape of a
	// lone UTF-16 surrogate.
	ErrUTF8 = errors.New("not valid UTF-8")
	// ErrDepth: arrays and objects nested deeper than Limits.MaxDepth.
	ErrDepth = errors.New("nested too deeply")
	// ErrDuplicate: an object repeats a key, in the same or another letter
	// case.
	ErrDuplicate = errors.New("duplicate key")
	// ErrTrailing: something other than white space follows the value.
	ErrTrailing = errors.New("data after the JSON value")
	// ErrUnknown: an object member that the target struct does not have
	// under exactly that name.
	ErrUnknown = errors.New("unknown field")
	// ErrType: a JSON value of the wrong kind (a number for a string...).
	ErrType = errors.New("wrong type")
	// ErrNumber: a number that does not fit the target type exactly.
	ErrNumber = errors.New("number does not fit")
	// ErrNull: null where the target is not a pointer.
	ErrNull = errors.New("null is not allowed")
	// ErrValue: a string that the target type does not accept; the error
	// wraps the type's own error too.
	ErrValue = errors.New("invalid value")
	// ErrNotCanonical: a document that is valid but not byte for byte its
	// canonical form (see DecodeCanonical).
	ErrNotCanonical = errors.New("not in canonical form")
	// ErrUnsupported: the Go type cannot be read or written by this
	// package (a programming error, not bad input).
	ErrUnsupported = errors.New("unsupported Go type")
)

// Error is a refusal: where, which rule, and what exactly. It never holds
// the offending value: a document may hold secrets, and keys are shown in
// Path only when they look like field names.
type Error struct {
	// Path is the JSON path of the offending value or member, such as
	// "cosigners[2].label" (array indexes from 0); "" for the whole input.
	Path string
	// Offset is the byte offset in the input where a syntax, UTF-8 or
	// trailing-data error was found; -1 for the other rules.
	Offset int
	// Err is the rule broken: one of the sentinels above.
	Err error
	// Detail says what exactly is wrong, without the value; may be "".
	Detail string
	// Cause is the target type's own error, for ErrValue; else nil.
	Cause error
}

// Error returns "path: rule: detail", with " (byte N)" for errors found
// while parsing the syntax.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Reason()
	}
	return e.Path + ": " + e.Reason()
}

// Reason is Error without the path, for callers that print the path their
// own way.
func (e *Error) Reason() string {
	s := e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (byte %d)", e.Offset)
	}
	return s
}

// Unwrap returns the rule and, for ErrValue, the target type's error.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}
