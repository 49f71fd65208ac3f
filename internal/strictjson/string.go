package strictjson

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// string reads a string at pos (an opening quote) and returns its decoded
// text. Raw bytes must be valid UTF-8 and not control characters; an
// escape of a UTF-16 surrogate must be half of a pair (encoding/json would
// turn a lone one into U+FFFD, Java would keep it).
func (p *parser) string(at *path) (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		if c == '"' {
			s := string(p.b[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if err := p.raw(at); err != nil {
			return "", err
		}
	}
	buf := []byte(string(p.b[start:p.pos]))
	for {
		if p.pos >= len(p.b) {
			return "", p.fail(at, ErrTruncated, "")
		}
		c := p.b[p.pos]
		switch c {
		case '"':
			p.pos++
			return string(buf), nil
		case '\\':
			r, err := p.escape(at)
			if err != nil {
				return "", err
			}
			buf = utf8.AppendRune(buf, r)
		default:
			from := p.pos
			if err := p.raw(at); err != nil {
				return "", err
			}
			buf = append(buf, p.b[from:p.pos]...)
		}
	}
}

// raw checks and skips one unescaped character of a string.
func (p *parser) raw(at *path) error {
	c := p.b[p.pos]
	if c < 0x20 {
		return p.fail(at, ErrSyntax, "a control character in a string (write it as an escape)")
	}
	if c < utf8.RuneSelf {
		p.pos++
		return nil
	}
	r, n := utf8.DecodeRune(p.b[p.pos:])
	if r == utf8.RuneError && n == 1 {
		return p.fail(at, ErrUTF8, "")
	}
	p.pos += n
	return nil
}

// escape reads one escape at pos (a backslash) and returns its rune; a
// surrogate pair, two \u escapes, gives one rune.
func (p *parser) escape(at *path) (rune, error) {
	if p.pos+1 >= len(p.b) {
		p.pos = len(p.b)
		return 0, p.fail(at, ErrTruncated, "")
	}
	c := p.b[p.pos+1]
	if r, ok := simpleEscape(c); ok {
		p.pos += 2
		return r, nil
	}
	if c != 'u' {
		p.pos++
		return 0, p.fail(at, ErrSyntax, "an invalid escape in a string")
	}
	r, err := p.hex4(at)
	if err != nil {
		return 0, err
	}
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if r >= 0xDC00 { // a low surrogate first
		return 0, p.loneSurrogate(at)
	}
	if p.pos+1 >= len(p.b) || p.b[p.pos] != '\\' || p.b[p.pos+1] != 'u' {
		return 0, p.loneSurrogate(at)
	}
	save := p.pos
	low, err := p.hex4(at)
	if err != nil {
		return 0, err
	}
	if low < 0xDC00 || low > 0xDFFF {
		p.pos = save
		return 0, p.loneSurrogate(at)
	}
	return utf16.DecodeRune(r, low), nil
}

// simpleEscape returns the rune of a two-character escape \c.
func simpleEscape(c byte) (rune, bool) {
	switch c {
	case '"', '\\', '/':
		return rune(c), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

func (p *parser) loneSurrogate(at *path) error {
	return p.fail(at, ErrUTF8, "an escape of a lone UTF-16 surrogate")
}

// hex4 reads \uXXXX at pos.
func (p *parser) hex4(at *path) (rune, error) {
	if p.pos+6 > len(p.b) {
		for i := p.pos + 2; i < len(p.b); i++ {
			if !isHex(p.b[i]) {
				p.pos = i
				return 0, p.fail(at, ErrSyntax, "an invalid \\u escape")
			}
		}
		p.pos = len(p.b)
		return 0, p.fail(at, ErrTruncated, "")
	}
	for i := p.pos + 2; i < p.pos+6; i++ {
		if !isHex(p.b[i]) {
			p.pos = i
			return 0, p.fail(at, ErrSyntax, "an invalid \\u escape")
		}
	}
	v, _ := strconv.ParseUint(string(p.b[p.pos+2:p.pos+6]), 16, 32)
	p.pos += 6
	return rune(v), nil
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
