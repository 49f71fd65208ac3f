package strictjson

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Decode parses b (see Parse) and stores the value in the struct, slice,
// map or scalar that v points to. Beyond Parse's rules:
//
//   - an object member must match a struct field's json name exactly,
//     letter case included; any other member is an unknown field;
//   - every value must have the kind of its target: a string for a string
//     or a type with UnmarshalText, a boolean for a bool, an array for a
//     slice or array (an array of exactly its length), an object for a
//     struct or a map with string keys;
//   - a number must fit its target exactly: integer targets take only
//     integer literals ("1", not "1.0" or "1e3") within their range,
//     unsigned ones no minus sign; float targets take any number within
//     range;
//   - null is accepted only for a pointer (which becomes nil) and a
//     json.RawMessage (which keeps "null"); anywhere else it is refused,
//     so a document cannot hide a member behind null;
//   - a json.RawMessage receives the value's bytes as written, checked by
//     Parse but not decoded.
//
// Members left out keep the value they had. Interfaces, []byte, channels,
// functions and types with their own UnmarshalJSON (other than
// json.RawMessage) are unsupported. On error, what v points to may be
// partly written; callers decode into a fresh value.
func Decode(b []byte, v any, lim Limits) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &Error{Offset: -1, Err: ErrUnsupported, Detail: fmt.Sprintf("decoding needs a non-nil pointer, not %T", v)}
	}
	tree, err := Parse(b, lim)
	if err != nil {
		return err
	}
	return bind(b, tree, rv.Elem(), nil)
}

// bind stores the parsed value x (of input in) into the settable rv.
func bind(in []byte, x *Value, rv reflect.Value, at *path) error {
	t := rv.Type()
	if t == rawMessageType {
		rv.SetBytes(append([]byte{}, in[x.Start:x.End]...))
		return nil
	}
	if t.Kind() == reflect.Pointer {
		if x.Kind == Null {
			rv.SetZero()
			return nil
		}
		if rv.IsNil() {
			rv.Set(reflect.New(t.Elem()))
		}
		return bind(in, x, rv.Elem(), at)
	}
	if x.Kind == Null {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrNull}
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		if x.Kind != String {
			return wrongKind(at, "a string", x.Kind)
		}
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(x.Text)); err != nil {
			return &Error{Path: pathString(at), Offset: -1, Err: ErrValue, Detail: "not a valid " + t.String(), Cause: err}
		}
		return nil
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshalerType) {
		return unsupported(at, t)
	}
	switch t.Kind() {
	case reflect.Slice:
		return bindSlice(in, x, rv, at)
	case reflect.Array:
		return bindArray(in, x, rv, at)
	case reflect.Map:
		return bindMap(in, x, rv, at)
	case reflect.Struct:
		return bindStruct(in, x, rv, at)
	}
	return bindScalar(x, rv, at)
}

// bindScalar stores a boolean, string or number.
func bindScalar(x *Value, rv reflect.Value, at *path) error {
	t := rv.Type()
	switch t.Kind() {
	case reflect.Bool:
		if x.Kind != Bool {
			return wrongKind(at, "a boolean", x.Kind)
		}
		rv.SetBool(x.Text == "true")
	case reflect.String:
		if x.Kind != String {
			return wrongKind(at, "a string", x.Kind)
		}
		rv.SetString(x.Text)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := integer(x, at)
		if err != nil {
			return err
		}
		i, perr := strconv.ParseInt(n, 10, t.Bits())
		if perr != nil {
			return &Error{Path: pathString(at), Offset: -1, Err: ErrNumber, Detail: fmt.Sprintf("out of range for a %d-bit integer", t.Bits())}
		}
		rv.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := integer(x, at)
		if err != nil {
			return err
		}
		u, perr := strconv.ParseUint(n, 10, t.Bits())
		if perr != nil {
			return &Error{Path: pathString(at), Offset: -1, Err: ErrNumber, Detail: fmt.Sprintf("out of range for a %d-bit integer of 0 or more", t.Bits())}
		}
		rv.SetUint(u)
	case reflect.Float32, reflect.Float64:
		if x.Kind != Number {
			return wrongKind(at, "a number", x.Kind)
		}
		f, err := strconv.ParseFloat(x.Text, t.Bits())
		if err != nil {
			return &Error{Path: pathString(at), Offset: -1, Err: ErrNumber, Detail: fmt.Sprintf("out of range for a %d-bit float", t.Bits())}
		}
		rv.SetFloat(f)
	default:
		return unsupported(at, t)
	}
	return nil
}

func bindSlice(in []byte, x *Value, rv reflect.Value, at *path) error {
	t := rv.Type()
	if isBytes(t) {
		return unsupported(at, t)
	}
	if x.Kind != Array {
		return wrongKind(at, "an array", x.Kind)
	}
	s := reflect.MakeSlice(t, len(x.Items), len(x.Items))
	for i := range x.Items {
		if err := bind(in, &x.Items[i], s.Index(i), at.item(i)); err != nil {
			return err
		}
	}
	rv.Set(s)
	return nil
}

func bindArray(in []byte, x *Value, rv reflect.Value, at *path) error {
	if x.Kind != Array {
		return wrongKind(at, "an array", x.Kind)
	}
	if len(x.Items) != rv.Len() {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrType, Detail: fmt.Sprintf("want %d items, got %d", rv.Len(), len(x.Items))}
	}
	for i := range x.Items {
		if err := bind(in, &x.Items[i], rv.Index(i), at.item(i)); err != nil {
			return err
		}
	}
	return nil
}

func bindMap(in []byte, x *Value, rv reflect.Value, at *path) error {
	t := rv.Type()
	if t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
		return unsupported(at, t)
	}
	if x.Kind != Object {
		return wrongKind(at, "an object", x.Kind)
	}
	m := reflect.MakeMapWithSize(t, len(x.Members))
	for i := range x.Members {
		mem := &x.Members[i]
		ev := reflect.New(t.Elem()).Elem()
		if err := bind(in, &mem.Value, ev, at.member(mem.Key)); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(mem.Key).Convert(t.Key()), ev)
	}
	rv.Set(m)
	return nil
}

func bindStruct(in []byte, x *Value, rv reflect.Value, at *path) error {
	fs := fieldsOf(rv.Type())
	if fs.err != nil {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrUnsupported, Detail: fs.err.Error()}
	}
	if x.Kind != Object {
		return wrongKind(at, "an object", x.Kind)
	}
	for i := range x.Members {
		mem := &x.Members[i]
		here := at.member(mem.Key)
		j, ok := fs.byName[mem.Key]
		if !ok {
			detail := ""
			if k := caseVariant(fs, mem.Key); k != "" {
				detail = "names are case-sensitive: did you mean " + k + "?"
			}
			return &Error{Path: here.String(), Offset: -1, Err: ErrUnknown, Detail: detail}
		}
		if err := bind(in, &mem.Value, rv.Field(fs.list[j].index), here); err != nil {
			return err
		}
	}
	return nil
}

// caseVariant returns the field name that key spells in another letter
// case, or "".
func caseVariant(fs *structFields, key string) string {
	for _, f := range fs.list {
		if strings.EqualFold(f.name, key) && showable(key) {
			return f.name
		}
	}
	return ""
}

// integer returns the literal of an integer number, refusing fractions and
// exponents.
func integer(x *Value, at *path) (string, error) {
	if x.Kind != Number {
		return "", wrongKind(at, "an integer", x.Kind)
	}
	if strings.ContainsAny(x.Text, ".eE") {
		return "", &Error{Path: pathString(at), Offset: -1, Err: ErrNumber, Detail: "want an integer, without a fraction or an exponent"}
	}
	return x.Text, nil
}

func wrongKind(at *path, want string, got Kind) error {
	return &Error{Path: pathString(at), Offset: -1, Err: ErrType, Detail: "want " + want + ", got " + got.String()}
}

func unsupported(at *path, t reflect.Type) error {
	return &Error{Path: pathString(at), Offset: -1, Err: ErrUnsupported, Detail: t.String()}
}
