package strictjson

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// field is one struct field as a JSON member.
type field struct {
	name      string // the member's key
	index     int    // the field's index in the struct
	omitEmpty bool   // ",omitempty": left out when empty as encoding/json defines it
	omitZero  bool   // ",omitzero": left out when the zero value (or IsZero)
}

// structFields are a struct type's members, in field order.
type structFields struct {
	list   []field
	byName map[string]int // key -> index in list
	err    error          // why the type is unsupported
}

var fieldCache sync.Map // reflect.Type -> *structFields

// fieldsOf returns the members of struct type t, following the json tags
// as encoding/json reads them: `json:"-"` skips a field, `json:"name"`
// names it (the Go name otherwise), unexported fields are skipped. Options
// other than omitempty and omitzero, embedded structs without a tag, and
// two fields with one name are unsupported.
func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	sf := &structFields{byName: map[string]int{}}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		if f.Anonymous && !hasTag {
			sf.err = fmt.Errorf("%s: embedded field %s needs a json tag", t, f.Name)
			break
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fd := field{name: name, index: i}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "":
			case "omitempty":
				fd.omitEmpty = true
			case "omitzero":
				fd.omitZero = true
			default:
				sf.err = fmt.Errorf("%s: field %s: tag option %q", t, f.Name, o)
			}
		}
		if _, dup := sf.byName[name]; dup {
			sf.err = fmt.Errorf("%s: two fields named %q", t, name)
		}
		sf.byName[name] = len(sf.list)
		sf.list = append(sf.list, fd)
	}
	f, _ := fieldCache.LoadOrStore(t, sf)
	return f.(*structFields)
}

var (
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	jsonMarshalerType   = reflect.TypeFor[json.Marshaler]()
)

// isEmpty is encoding/json's omitempty rule.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZero is encoding/json's omitzero rule: IsZero() when the type has it,
// the zero value otherwise.
func isZero(v reflect.Value) bool {
	type zeroer interface{ IsZero() bool }
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return true
	}
	if z, ok := v.Interface().(zeroer); ok {
		return z.IsZero()
	}
	if v.CanAddr() {
		if z, ok := v.Addr().Interface().(zeroer); ok {
			return z.IsZero()
		}
	}
	return v.IsZero()
}

// isBytes reports whether t is a slice of bytes without a text form
// (encoding/json writes those as base64, which this package does not).
func isBytes(t reflect.Type) bool {
	e := t.Elem()
	return e.Kind() == reflect.Uint8 && !reflect.PointerTo(e).Implements(textUnmarshalerType) &&
		!e.Implements(textMarshalerType)
}
