package nis

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error of this package that comes from talking to
// a node wraps exactly one of them.
var (
	// ErrRejected: the node understood the request and refused it: a
	// validation result other than success (*NodeError), or NIS's error
	// object with a 4xx status (*StatusError).
	ErrRejected = errors.New("rejected by the node")
	// ErrUnavailable: no usable answer: a network error, a timeout, or a
	// 5xx status (NIS answers 503 while it boots or loads its chain).
	// GET requests and announces are retried on it (see RetryPolicy).
	ErrUnavailable = errors.New("node unavailable")
	// ErrBadResponse: the node answered 200 with something that is not
	// the NIS JSON this package expects: not JSON, the wrong shape,
	// unknown or duplicate keys, out-of-range values, a transaction that
	// does not decode or verify, a hash that does not match what it
	// names, or more than 1 MiB. It is not retried.
	ErrBadResponse = errors.New("bad response from the node")
)

// NodeError is a validation result other than success from
// /transaction/announce. It wraps ErrRejected.
type NodeError struct {
	// Code is NIS's ValidationResult.
	Code Result
	// Name is the name NIS uses for Code ("FAILURE_PAST_DEADLINE").
	Name string
	// Message is the message the node sent (NIS sends Name).
	Message string
}

// Error returns "nis: rejected by the node: FAILURE_PAST_DEADLINE (3)",
// with the node's message when it says more than the name.
func (e *NodeError) Error() string {
	s := fmt.Sprintf("nis: %v: %s (%d)", ErrRejected, e.Name, int(e.Code))
	if e.Message != "" && e.Message != e.Name {
		s += ": " + e.Message
	}
	return s
}

// Unwrap returns ErrRejected.
func (e *NodeError) Unwrap() error { return ErrRejected }

// StatusError is an HTTP status other than 200. NIS maps exceptions to
// statuses (ExceptionControllerAdvice: 400 for an invalid argument such as
// a malformed address, 404 for a missing resource, 503 while it is not
// ready, 500 otherwise) and sends an error object
// {"status", "error", "message", "timeStamp"}; Reason and Message are taken
// from it when the body is one. A 4xx wraps ErrRejected, anything else
// ErrUnavailable.
type StatusError struct {
	// Status is the HTTP status code.
	Status int
	// Reason is NIS's "error" member, the status's reason phrase.
	Reason string
	// Message is NIS's "message" member ("address must be valid").
	Message string
}

// Error returns "rejected by the node: HTTP 400 Bad Request: address must
// be valid". The client's errors wrap it after "nis: GET <path>: ".
func (e *StatusError) Error() string {
	s := fmt.Sprintf("%v: HTTP %d", e.Unwrap(), e.Status)
	if e.Reason != "" {
		s += " " + e.Reason
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap returns ErrRejected for a 4xx status, ErrUnavailable otherwise.
func (e *StatusError) Unwrap() error {
	if e.Status >= 400 && e.Status < 500 {
		return ErrRejected
	}
	return ErrUnavailable
}

// badResponse returns an error wrapping ErrBadResponse.
func badResponse(format string, args ...any) error {
	return fmt.Errorf("nis: %w: %s", ErrBadResponse, fmt.Sprintf(format, args...))
}
