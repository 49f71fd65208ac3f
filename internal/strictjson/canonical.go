package strictjson

import (
	"bytes"
	"fmt"
	"slices"
)

// DecodeCanonical is Decode for documents that people review, such as
// custody plans and signing policies: what is accepted must be exactly
// what runs. After Decode, the input without its white space (outside
// strings) must be byte for byte Encode of the decoded value. White space
// and indentation are free; member order, a member left out or given
// explicitly at its default, escapes, the spelling of numbers and of
// values with a text form (letter case of a network name...) are not.
//
// The error for a document that is valid but not canonical wraps
// ErrNotCanonical and names the first member or value that differs and
// how (out of order, missing, at its default, written differently),
// never the value itself.
func DecodeCanonical(b []byte, v any, lim Limits) error {
	if err := Decode(b, v, lim); err != nil {
		return err
	}
	canon, err := Encode(v)
	if err != nil {
		return err
	}
	return CheckCanonical(b, canon, lim)
}

// CheckCanonical is the last step of DecodeCanonical, for callers whose
// canonical encoding is not Encode of the decoded value itself (a plan
// document is the encoding of the plan it describes, addresses
// recomputed): it returns nil if b without its white space is canon, and
// otherwise an error wrapping ErrNotCanonical that names the first member
// or value that differs. b must be a document Parse accepts under lim and
// canon a compact encoding.
func CheckCanonical(b, canon []byte, lim Limits) error {
	if bytes.Equal(Compact(b), canon) {
		return nil
	}
	in, err := Parse(b, lim)
	if err != nil {
		return err
	}
	want, err := Parse(canon, Limits{MaxSize: len(canon), MaxDepth: lim.withDefaults().MaxDepth + 1})
	if err != nil {
		return err
	}
	if e := firstDifference(b, in, canon, want, nil); e != nil {
		return e
	}
	return &Error{Offset: -1, Err: ErrNotCanonical}
}

// Compact returns JSON b without white space outside strings. b must be
// valid JSON (Parse accepts it); nothing else is changed.
func Compact(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		out = append(out, c)
	}
	return out
}

// firstDifference compares the input's value x (of in) with the canonical
// value y (of canon) and describes the first difference, or returns nil.
func firstDifference(in []byte, x *Value, canon []byte, y *Value, at *path) *Error {
	notCanonical := func(at *path, detail string) *Error {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrNotCanonical, Detail: detail}
	}
	if x.Kind != y.Kind {
		return notCanonical(at, "the value is written in another form than the canonical one")
	}
	switch x.Kind {
	case Object:
		return objectDifference(in, x, canon, y, at)
	case Array:
		for i := range min(len(x.Items), len(y.Items)) {
			if e := firstDifference(in, &x.Items[i], canon, &y.Items[i], at.item(i)); e != nil {
				return e
			}
		}
		if len(x.Items) != len(y.Items) {
			return notCanonical(at, "the array has another number of items than its canonical form")
		}
		return nil
	}
	if bytes.Equal(in[x.Start:x.End], canon[y.Start:y.End]) {
		return nil
	}
	switch {
	case x.Kind == String && x.Text == y.Text:
		return notCanonical(at, `the string is escaped where it need not be (only \" \\ and control characters are escaped)`)
	case x.Kind == Number:
		return notCanonical(at, "the number is not in its shortest form")
	}
	return notCanonical(at, "the value is not spelled in its canonical form (letter case, spacing or format)")
}

func objectDifference(in []byte, x *Value, canon []byte, y *Value, at *path) *Error {
	keys := func(v *Value) []string {
		k := make([]string, len(v.Members))
		for i, m := range v.Members {
			k[i] = m.Key
		}
		return k
	}
	xk, yk := keys(x), keys(y)
	for i := 0; i < max(len(xk), len(yk)); i++ {
		switch {
		case i < len(xk) && i < len(yk) && xk[i] == yk[i]:
			xm, ym := &x.Members[i], &y.Members[i]
			here := at.member(xm.Key)
			if !bytes.Equal(in[xm.KeyStart:xm.KeyEnd], canon[ym.KeyStart:ym.KeyEnd]) {
				return &Error{Path: here.String(), Offset: -1, Err: ErrNotCanonical, Detail: "the key is escaped where it need not be"}
			}
			if e := firstDifference(in, &xm.Value, canon, &ym.Value, here); e != nil {
				return e
			}
			continue
		case i >= len(xk):
			return missing(at, yk[i])
		case i >= len(yk) || !slices.Contains(yk, xk[i]):
			return atDefault(at, xk[i])
		case !slices.Contains(xk, yk[i]):
			return missing(at, yk[i])
		default:
			return &Error{Path: at.member(xk[i]).String(), Offset: -1, Err: ErrNotCanonical,
				Detail: fmt.Sprintf("members are out of order: %s comes first", shownKey(yk[i]))}
		}
	}
	return nil
}

func missing(at *path, key string) *Error {
	return &Error{Path: at.member(key).String(), Offset: -1, Err: ErrNotCanonical,
		Detail: "the member is missing (write it, even when empty)"}
}

func atDefault(at *path, key string) *Error {
	return &Error{Path: at.member(key).String(), Offset: -1, Err: ErrNotCanonical,
		Detail: "the member holds its default value and must be left out"}
}

// shownKey is a key for a message: a field name, as in paths.
func shownKey(k string) string {
	if showable(k) {
		return k
	}
	return "(key not shown)"
}
