package strictjson

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Defaults of Limits.
const (
	// DefaultMaxSize is the size limit when Limits.MaxSize is 0.
	DefaultMaxSize = 1 << 20
	// DefaultMaxDepth is the nesting limit when Limits.MaxDepth is 0.
	DefaultMaxDepth = 32
)

// Limits bound what is read. The zero value reads at most DefaultMaxSize
// bytes nested at most DefaultMaxDepth levels.
type Limits struct {
	// MaxSize is the largest input accepted, in bytes.
	MaxSize int
	// MaxDepth is how many arrays and objects may nest: 1 allows an
	// object of scalars, 2 an object holding arrays of scalars.
	MaxDepth int
}

func (l Limits) withDefaults() Limits {
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxSize
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Parse reads exactly one JSON value under the syntax rules (see the
// package documentation): RFC 8259 JSON, valid UTF-8, no lone surrogate
// escapes, no key twice in an object in any letter case, nesting and size
// within lim, nothing but white space after the value.
func Parse(b []byte, lim Limits) (*Value, error) {
	lim = lim.withDefaults()
	if len(b) > lim.MaxSize {
		return nil, &Error{Offset: -1, Err: ErrSize, Detail: fmt.Sprintf("%d bytes, more than %d", len(b), lim.MaxSize)}
	}
	p := &parser{b: b, maxDepth: lim.MaxDepth}
	if strings.HasPrefix(string(b), "\uFEFF") {
		return nil, p.fail(nil, ErrSyntax, "the input starts with a byte order mark")
	}
	v := &Value{}
	p.space()
	if err := p.value(v, nil, 0); err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(b) {
		return nil, p.fail(nil, ErrTrailing, "")
	}
	return v, nil
}

// Check is Parse for callers that only need to know the input is valid.
func Check(b []byte, lim Limits) error {
	_, err := Parse(b, lim)
	return err
}

type parser struct {
	b        []byte
	pos      int
	maxDepth int
}

// fail returns a parse error at the current position.
func (p *parser) fail(at *path, rule error, detail string) error {
	e := &Error{Offset: p.pos, Err: rule, Detail: detail}
	if at != nil {
		e.Path = at.String()
	}
	return e
}

// unexpected reports the byte at pos (or the end of input) where want was
// expected. A byte that starts invalid UTF-8 is reported as such; the byte
// itself is never shown.
func (p *parser) unexpected(at *path, want string) error {
	if p.pos >= len(p.b) {
		return p.fail(at, ErrTruncated, "")
	}
	if c := p.b[p.pos]; c >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRune(p.b[p.pos:]); r == utf8.RuneError {
			return p.fail(at, ErrUTF8, "")
		}
	}
	return p.fail(at, ErrSyntax, "want "+want)
}

// space skips the four white space characters of JSON.
func (p *parser) space() {
	for p.pos < len(p.b) {
		switch p.b[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at pos into v; depth counts the arrays and
// objects around it.
func (p *parser) value(v *Value, at *path, depth int) error {
	if p.pos >= len(p.b) {
		return p.fail(at, ErrTruncated, "")
	}
	v.Start = p.pos
	var err error
	switch c := p.b[p.pos]; {
	case c == '{':
		err = p.object(v, at, depth)
	case c == '[':
		err = p.array(v, at, depth)
	case c == '"':
		v.Kind = String
		v.Text, err = p.string(at)
	case c == '-' || '0' <= c && c <= '9':
		err = p.number(v, at)
	case c == 't':
		err = p.literal(v, at, "true", Bool)
	case c == 'f':
		err = p.literal(v, at, "false", Bool)
	case c == 'n':
		err = p.literal(v, at, "null", Null)
	default:
		return p.unexpected(at, "a value")
	}
	v.End = p.pos
	return err
}

func (p *parser) literal(v *Value, at *path, word string, k Kind) error {
	end := p.pos + len(word)
	if end > len(p.b) {
		if strings.HasPrefix(word, string(p.b[p.pos:])) {
			p.pos = len(p.b)
			return p.fail(at, ErrTruncated, "")
		}
		return p.fail(at, ErrSyntax, "want a value")
	}
	if string(p.b[p.pos:end]) != word {
		return p.fail(at, ErrSyntax, "want a value")
	}
	p.pos = end
	v.Kind = k
	if k == Bool {
		v.Text = word
	}
	return nil
}

// enter checks the nesting limit before an array or object is opened.
func (p *parser) enter(at *path, depth int) error {
	if depth >= p.maxDepth {
		return &Error{Path: pathString(at), Offset: -1, Err: ErrDepth, Detail: fmt.Sprintf("more than %d levels", p.maxDepth)}
	}
	return nil
}

func pathString(at *path) string {
	if at == nil {
		return ""
	}
	return at.String()
}

func (p *parser) object(v *Value, at *path, depth int) error {
	if err := p.enter(at, depth); err != nil {
		return err
	}
	v.Kind = Object
	p.pos++ // '{'
	p.space()
	if p.pos < len(p.b) && p.b[p.pos] == '}' {
		p.pos++
		return nil
	}
	// seen maps each key, folded as encoding/json folds field names, to
	// the key as written.
	seen := map[string]string{}
	for {
		if p.pos >= len(p.b) || p.b[p.pos] != '"' {
			return p.unexpected(at, "a key (a string)")
		}
		m := Member{KeyStart: p.pos}
		key, err := p.string(at)
		if err != nil {
			return err
		}
		m.Key, m.KeyEnd = key, p.pos
		here := at.member(key)
		folded := foldKey(key)
		if first, dup := seen[folded]; dup {
			detail := ""
			if first != key {
				detail = "the same key as an earlier one in another letter case"
			}
			return &Error{Path: here.String(), Offset: -1, Err: ErrDuplicate, Detail: detail}
		}
		seen[folded] = key
		p.space()
		if p.pos >= len(p.b) || p.b[p.pos] != ':' {
			return p.unexpected(here, "':' after the key")
		}
		p.pos++
		p.space()
		if err := p.value(&m.Value, here, depth+1); err != nil {
			return err
		}
		v.Members = append(v.Members, m)
		p.space()
		if p.pos < len(p.b) && p.b[p.pos] == ',' {
			p.pos++
			p.space()
			continue
		}
		if p.pos < len(p.b) && p.b[p.pos] == '}' {
			p.pos++
			return nil
		}
		return p.unexpected(here, "',' or '}' after a member")
	}
}

func (p *parser) array(v *Value, at *path, depth int) error {
	if err := p.enter(at, depth); err != nil {
		return err
	}
	v.Kind = Array
	p.pos++ // '['
	p.space()
	if p.pos < len(p.b) && p.b[p.pos] == ']' {
		p.pos++
		return nil
	}
	for {
		here := at.item(len(v.Items))
		v.Items = append(v.Items, Value{})
		if err := p.value(&v.Items[len(v.Items)-1], here, depth+1); err != nil {
			return err
		}
		p.space()
		if p.pos < len(p.b) && p.b[p.pos] == ',' {
			p.pos++
			p.space()
			continue
		}
		if p.pos < len(p.b) && p.b[p.pos] == ']' {
			p.pos++
			return nil
		}
		return p.unexpected(here, "',' or ']' after an item")
	}
}

// number checks the RFC 8259 number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number(v *Value, at *path) error {
	start := p.pos
	if p.b[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.b) && p.b[p.pos] == '0':
		p.pos++
		if p.pos < len(p.b) && isDigit(p.b[p.pos]) {
			return p.fail(at, ErrSyntax, "a number with a leading zero")
		}
	case !p.digits():
		return p.unexpected(at, "a digit")
	}
	if p.pos < len(p.b) && p.b[p.pos] == '.' {
		p.pos++
		if !p.digits() {
			return p.unexpected(at, "a digit after the decimal point")
		}
	}
	if p.pos < len(p.b) && (p.b[p.pos] == 'e' || p.b[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.b) && (p.b[p.pos] == '+' || p.b[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return p.unexpected(at, "a digit in the exponent")
		}
	}
	v.Kind, v.Text = Number, string(p.b[start:p.pos])
	return nil
}

// digits skips one or more digits; false if there are none.
func (p *parser) digits() bool {
	start := p.pos
	for p.pos < len(p.b) && isDigit(p.b[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
