package transaction

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Limits of the JSON reader.
const (
	// MaxJSONSize caps the input of DecodeJSON and DecodeSignedJSON.
	MaxJSONSize = 1 << 20
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

// parseJSONTree reads exactly one JSON value. It refuses input over
// MaxJSONSize, invalid UTF-8 (encoding/json would silently replace it),
// duplicate keys (NIS's parser keeps the last one, other tools the first),
// nesting deeper than maxJSONDepth and anything after the value.
func parseJSONTree(b []byte) (*jsonValue, error) {
	switch {
	case len(b) == 0:
		return nil, fmt.Errorf("transaction: %w: empty JSON input", ErrMalformed)
	case len(b) > MaxJSONSize:
		return nil, fmt.Errorf("transaction: %w: JSON input is %d bytes, more than %d", ErrMalformed, len(b), MaxJSONSize)
	case !utf8.Valid(b):
		return nil, fmt.Errorf("transaction: %w: JSON input is not valid UTF-8", ErrMalformed)
	case hasLoneSurrogate(b):
		return nil, fmt.Errorf("transaction: %w: JSON input escapes a lone UTF-16 surrogate", ErrMalformed)
	}
	p := &treeParser{dec: json.NewDecoder(bytes.NewReader(b))}
	p.dec.UseNumber()
	v, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("transaction: %w: data after the JSON value (byte %d)", ErrMalformed, p.dec.InputOffset())
	}
	return v, nil
}

// hasLoneSurrogate reports whether b has a \uD800-\uDFFF escape that is
// not half of a surrogate pair. encoding/json would read it as U+FFFD,
// while Java keeps the lone surrogate and UTF-8 encodes it as '?', so the
// string shown and the string NIS signs would differ. A backslash can only
// appear inside strings in valid JSON, so b is scanned without tracking
// them; anything else invalid is left to the parser.
func hasLoneSurrogate(b []byte) bool {
	u4 := func(i int) (rune, bool) {
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16)
		return rune(v), err == nil
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		r, ok := u4(i)
		if !ok {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		i += 5
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			low, ok := u4(i + 1)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

type treeParser struct {
	dec *json.Decoder
}

func (p *treeParser) syntax(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("transaction: %w: JSON input ends early", ErrMalformed)
	}
	return fmt.Errorf("transaction: %w: invalid JSON near byte %d: %v", ErrMalformed, p.dec.InputOffset(), err)
}

// value reads the value at path (a JSON path for errors) and depth.
func (p *treeParser) value(path string, depth int) (*jsonValue, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	switch t := tok.(type) {
	case nil:
		return &jsonValue{kind: jsonNull}, nil
	case bool:
		return &jsonValue{kind: jsonBool, text: strconv.FormatBool(t)}, nil
	case json.Number:
		return &jsonValue{kind: jsonNumber, text: string(t)}, nil
	case string:
		return &jsonValue{kind: jsonString, text: t}, nil
	case json.Delim:
		if depth >= maxJSONDepth {
			return nil, &FieldError{Field: path, Err: fmt.Errorf("%w: JSON nested more than %d levels", ErrMalformed, maxJSONDepth)}
		}
		if t == '[' {
			return p.array(path, depth)
		}
		return p.object(path, depth)
	}
	return nil, fmt.Errorf("transaction: %w: unexpected JSON token", ErrMalformed)
}

func (p *treeParser) object(path string, depth int) (*jsonValue, error) {
	v := &jsonValue{kind: jsonObject}
	seen := map[string]bool{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.syntax(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("transaction: %w: invalid JSON object key", ErrMalformed)
		}
		field := joinPath(path, key)
		if seen[key] {
			return nil, &FieldError{Field: field, Err: fmt.Errorf("%w: duplicate key", ErrMalformed)}
		}
		seen[key] = true
		val, err := p.value(field, depth+1)
		if err != nil {
			return nil, err
		}
		v.members = append(v.members, jsonMember{key: key, value: val})
	}
	if _, err := p.dec.Token(); err != nil { // the closing '}'
		return nil, p.syntax(err)
	}
	return v, nil
}

func (p *treeParser) array(path string, depth int) (*jsonValue, error) {
	v := &jsonValue{kind: jsonArray}
	for p.dec.More() {
		val, err := p.value(fmt.Sprintf("%s[%d]", path, len(v.items)), depth+1)
		if err != nil {
			return nil, err
		}
		v.items = append(v.items, val)
	}
	if _, err := p.dec.Token(); err != nil { // the closing ']'
		return nil, p.syntax(err)
	}
	return v, nil
}

// joinPath appends a key to a JSON path: "otherTrans" + "fee".
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
