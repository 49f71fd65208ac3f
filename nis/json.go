package nis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/transaction"
)

// maxJSONDepth bounds the nesting of a node's answer. The deepest NIS
// shape read here is a page of transactions holding a wrapper holding a
// transfer with mosaics: about 8 levels.
const maxJSONDepth = 16

// decodeStrict reads exactly one JSON value from b into v; what names it
// in errors. Beyond what
// encoding/json checks it refuses invalid UTF-8, duplicate keys (which
// encoding/json would silently resolve to the last one), nesting deeper
// than maxJSONDepth, trailing data and keys v does not have. Every error
// wraps ErrBadResponse.
func decodeStrict(what string, b []byte, v any) error {
	if err := checkJSON(b); err != nil {
		return badResponse("%s: %v", what, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badResponse("%s: %v", what, err)
	}
	return nil
}

// checkJSON checks b is one JSON value, valid UTF-8, without duplicate
// keys and not nested deeper than maxJSONDepth.
func checkJSON(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("the answer is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	// keys[i] holds the keys seen in the object at depth i; nil for an
	// array. expectKey says the next token of an object is a key.
	var keys []map[string]bool
	expectKey := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not JSON: %w", err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if len(keys) == maxJSONDepth {
					return fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
				}
				var m map[string]bool
				if d == '{' {
					m = map[string]bool{}
				}
				keys = append(keys, m)
				expectKey = d == '{'
			case '}', ']':
				keys = keys[:len(keys)-1]
				expectKey = len(keys) > 0 && keys[len(keys)-1] != nil
			}
			if len(keys) == 0 && dec.More() {
				return errors.New("more than one JSON value")
			}
			continue
		}
		if expectKey {
			k := tok.(string)
			m := keys[len(keys)-1]
			if m[k] {
				return fmt.Errorf("duplicate key %q", clean(k))
			}
			m[k] = true
			expectKey = false
			continue
		}
		if len(keys) == 0 {
			if dec.More() {
				return errors.New("more than one JSON value")
			}
			continue
		}
		expectKey = keys[len(keys)-1] != nil
	}
	if len(keys) != 0 {
		return errors.New("truncated JSON")
	}
	return nil
}

// errorObject is NIS's ErrorResponse, read leniently: it only decorates a
// status code.
type errorObject struct {
	Status  int    `json:"status"`
	Error   string `json:"error"`
	Message string `json:"message"`
}

// statusError makes the error for an HTTP status of 400 or more.
func statusError(status int, body []byte) error {
	e := &StatusError{Status: status}
	var o errorObject
	if json.Unmarshal(body, &o) == nil {
		e.Reason, e.Message = clean(o.Error), clean(o.Message)
	}
	return e
}

// maxText bounds a string from a node kept in an error.
const maxText = 200

// clean makes text from a node safe to print on one terminal line: control
// and format characters become '?', and it is cut to maxText runes.
func clean(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxText {
			b.WriteString("...")
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// hashObject is NIS's Hash as JSON: {"data": "<64 hex>"}. NIS writes a
// missing hash as {} (or, in UnconfirmedTransactionMetaData, as
// {"data": null}); Data is then nil.
type hashObject struct {
	Data *string `json:"data"`
}

// hash parses the object; ok is false for a missing hash.
func (h *hashObject) hash(what string) (transaction.Hash, bool, error) {
	if h == nil || h.Data == nil {
		return transaction.Hash{}, false, nil
	}
	v, err := transaction.ParseHash(*h.Data)
	if err != nil {
		return transaction.Hash{}, false, badResponse("%s is not a hash", what)
	}
	return v, true, nil
}
