package strictjson

import (
	"cmp"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Encode returns the compact canonical encoding of the value v holds or
// points to:
//
//   - object members in struct field order, a member with omitempty or
//     omitzero left out as encoding/json leaves it out, map keys sorted by
//     their bytes;
//   - no white space;
//   - strings (and the text of types with MarshalText) as they are, with
//     only the escapes JSON requires: \" and \\, and \b \f \n \r \t or
//     \u00xx (lowercase hex) for the other control characters; no HTML
//     escapes, nothing escaped above U+001F;
//   - integers in decimal without leading zeros or a plus sign;
//   - a nil slice as [], a nil pointer as null.
//
// Floats have no canonical form here and are refused, as are the types
// Decode does not support and strings that are not valid UTF-8. Decoding
// the encoding gives an equal value, and for a value that Decode produced
// from a canonical document the encoding is that document without its
// white space.
func Encode(v any) ([]byte, error) {
	e := &encoder{}
	if err := e.top(v); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// EncodeIndent is Encode for people: each member and item on its own
// line, indented by two spaces per level, ": " after keys, and a final
// newline. Empty arrays and objects stay "[]" and "{}". It differs from
// Encode only in white space.
func EncodeIndent(v any) ([]byte, error) {
	e := &encoder{indent: true}
	if err := e.top(v); err != nil {
		return nil, err
	}
	return append(e.buf, '\n'), nil
}

type encoder struct {
	buf    []byte
	indent bool
	depth  int
}

func (e *encoder) top(v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return &Error{Offset: -1, Err: ErrUnsupported, Detail: "nil"}
	}
	// Work on an addressable copy so that pointer-receiver MarshalText
	// methods are found.
	c := reflect.New(rv.Type()).Elem()
	c.Set(rv)
	return e.value(c, nil)
}

func (e *encoder) newline() {
	if !e.indent {
		return
	}
	e.buf = append(e.buf, '\n')
	for range e.depth {
		e.buf = append(e.buf, ' ', ' ')
	}
}

// value appends rv, which is addressable.
func (e *encoder) value(rv reflect.Value, at *path) error {
	t := rv.Type()
	if t == rawMessageType {
		return unsupported(at, t)
	}
	if t.Kind() == reflect.Pointer {
		if rv.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(rv.Elem(), at)
	}
	if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		text, err := rv.Addr().Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return &Error{Path: pathString(at), Offset: -1, Err: ErrValue, Detail: "cannot be written as text", Cause: err}
		}
		return e.string(string(text), at)
	}
	if t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType) {
		return unsupported(at, t)
	}
	switch t.Kind() {
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, rv.Bool())
	case reflect.String:
		return e.string(rv.String(), at)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.buf = strconv.AppendUint(e.buf, rv.Uint(), 10)
	case reflect.Slice:
		if isBytes(t) {
			return unsupported(at, t)
		}
		return e.array(rv, at)
	case reflect.Array:
		return e.array(rv, at)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
			return unsupported(at, t)
		}
		return e.mapValue(rv, at)
	case reflect.Struct:
		return e.structValue(rv, at)
	default:
		return unsupported(at, t)
	}
	return nil
}

func (e *encoder) array(rv reflect.Value, at *path) error {
	if rv.Len() == 0 {
		e.buf = append(e.buf, '[', ']')
		return nil
	}
	e.buf = append(e.buf, '[')
	e.depth++
	for i := range rv.Len() {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline()
		if err := e.value(rv.Index(i), at.item(i)); err != nil {
			return err
		}
	}
	e.depth--
	e.newline()
	e.buf = append(e.buf, ']')
	return nil
}

// member opens a member: the comma, the line break and the key.
func (e *encoder) member(first bool, key string, at *path) error {
	if !first {
		e.buf = append(e.buf, ',')
	}
	e.newline()
	if err := e.string(key, at); err != nil {
		return err
	}
	e.buf = append(e.buf, ':')
	if e.indent {
		e.buf = append(e.buf, ' ')
	}
	return nil
}

func (e *encoder) mapValue(rv reflect.Value, at *path) error {
	keys := rv.MapKeys()
	if len(keys) == 0 {
		e.buf = append(e.buf, '{', '}')
		return nil
	}
	slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	e.buf = append(e.buf, '{')
	e.depth++
	for i, k := range keys {
		here := at.member(k.String())
		if err := e.member(i == 0, k.String(), here); err != nil {
			return err
		}
		v := reflect.New(rv.Type().Elem()).Elem()
		v.Set(rv.MapIndex(k))
		if err := e.value(v, here); err != nil {
			return err
		}
	}
	e.depth--
	e.newline()
	e.buf = append(e.buf, '}')
	return nil
}

func (e *encoder) structValue(rv reflect.Value, at *path) error {
	fs := fieldsOf(rv.Type())
	if fs.err != nil {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrUnsupported, Detail: fs.err.Error()}
	}
	first := true
	for _, f := range fs.list {
		fv := rv.Field(f.index)
		if f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv) {
			continue
		}
		if first {
			e.buf = append(e.buf, '{')
			e.depth++
		}
		here := at.member(f.name)
		if err := e.member(first, f.name, here); err != nil {
			return err
		}
		first = false
		if err := e.value(fv, here); err != nil {
			return err
		}
	}
	if first {
		e.buf = append(e.buf, '{', '}')
		return nil
	}
	e.depth--
	e.newline()
	e.buf = append(e.buf, '}')
	return nil
}

// string appends s quoted with the minimal escapes.
func (e *encoder) string(s string, at *path) error {
	if !utf8.ValidString(s) {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrUTF8, Detail: "a string to write"}
	}
	e.buf = appendQuoted(e.buf, s)
	return nil
}

// appendQuoted appends the canonical JSON string of valid UTF-8 s.
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Fingerprint returns the lowercase hex SHA-256 of Encode(v): one short
// string that names a document's content, whatever its white space.
func Fingerprint(v any) (string, error) {
	b, err := Encode(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
