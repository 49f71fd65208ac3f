package nisjson

import (
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/transaction"
)

// Limits of the JSON reader.
const (
	// MaxSize caps the input of Decode and DecodeSigned.
	MaxSize = 1 << 20
	// maxJSONDepth bounds nesting. The deepest valid transaction nests 5
	// levels (a wrapper, its inner mosaic definition creation, the
	// definition, its levy, the levy's mosaic id).
	maxJSONDepth = 8
)

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

func (k jsonKind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an object", "an array"}[k]
}

// jsonValue is a parsed JSON value that keeps what encoding/json would
// lose: the literal text of numbers and the order of object members.
type jsonValue struct {
	kind    jsonKind
	text    string // string value, or number literal
	members []jsonMember
	items   []*jsonValue
}

type jsonMember struct {
	key   string
	value *jsonValue
}

// parseJSONTree reads exactly one JSON value with the strict JSON reader
// (internal/strictjson). It refuses input over MaxSize, invalid UTF-8
// (encoding/json would silently replace it), an escape of a lone UTF-16
// surrogate (encoding/json would read U+FFFD while Java keeps the lone
// surrogate and UTF-8 encodes it as '?', so the string shown and the
// string NIS signs would differ), duplicate keys in any letter case (NIS's
// parser keeps the last one, other tools the first), nesting deeper than
// maxJSONDepth and anything after the value.
func parseJSONTree(b []byte) (*jsonValue, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("nisjson: %w: empty JSON input", transaction.ErrMalformed)
	}
	v, err := strictjson.Parse(b, strictjson.Limits{MaxSize: MaxSize, MaxDepth: maxJSONDepth})
	if err != nil {
		var e *strictjson.Error
		if errors.As(err, &e) && e.Path != "" {
			return nil, fieldErr(e.Path, transaction.ErrMalformed, "%s", e.Reason())
		}
		return nil, fmt.Errorf("nisjson: %w: %w", transaction.ErrMalformed, err)
	}
	return treeOf(v), nil
}

// treeOf converts the reader's value to the tree the decoder walks.
func treeOf(v *strictjson.Value) *jsonValue {
	out := &jsonValue{text: v.Text}
	switch v.Kind {
	case strictjson.Null:
		out.kind = jsonNull
	case strictjson.Bool:
		out.kind = jsonBool
	case strictjson.Number:
		out.kind = jsonNumber
	case strictjson.String:
		out.kind = jsonString
	case strictjson.Object:
		out.kind = jsonObject
		out.members = make([]jsonMember, len(v.Members))
		for i := range v.Members {
			out.members[i] = jsonMember{key: v.Members[i].Key, value: treeOf(&v.Members[i].Value)}
		}
	case strictjson.Array:
		out.kind = jsonArray
		out.items = make([]*jsonValue, len(v.Items))
		for i := range v.Items {
			out.items[i] = treeOf(&v.Items[i])
		}
	}
	return out
}

// joinPath appends a key to a JSON path: "otherTrans" + "fee".
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
