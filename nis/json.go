package nis

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/transaction"
)

// maxJSONDepth bounds the nesting of a node's answer. The deepest NIS
// shape read here is a page of transactions holding a wrapper holding a
// transfer with mosaics: about 8 levels.
const maxJSONDepth = 16

// answerLimits bound an answer for the strict JSON reader.
var answerLimits = strictjson.Limits{MaxSize: maxResponseSize, MaxDepth: maxJSONDepth}

// decodeStrict reads exactly one JSON value from b into v with the strict
// JSON reader (internal/strictjson); what names it in errors. It refuses
// invalid UTF-8, lone surrogate escapes, duplicate keys in any letter case
// (encoding/json would silently take the last one), keys that are not
// exactly a field of v (a key in another letter case is unknown), null for
// a field that is not a pointer, numbers that do not fit their field
// exactly, nesting deeper than maxJSONDepth and trailing data. Fields NIS
// may leave out or write as null are pointers, and each caller checks the
// ones it needs. Every error wraps ErrBadResponse.
func decodeStrict(what string, b []byte, v any) error {
	if err := strictjson.Decode(b, v, answerLimits); err != nil {
		return badResponse("%s: %v", what, err)
	}
	return nil
}

// checkJSON checks that b is one JSON value under the same syntax rules
// as decodeStrict, for what another strict reader decodes (a transaction).
func checkJSON(b []byte) error {
	return strictjson.Check(b, answerLimits)
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
