package strictjson

import (
	"strconv"
	"strings"
)

// path is a JSON path being walked, as a list from the leaf up; nil is the
// whole document. It is formatted only when an error needs it.
type path struct {
	parent *path
	key    string
	index  int
	isKey  bool
}

func (p *path) member(key string) *path { return &path{parent: p, key: key, isKey: true} }
func (p *path) item(i int) *path        { return &path{parent: p, index: i} }

// maxShownKey bounds the keys shown in a path.
const maxShownKey = 32

// String formats the path as "cosigners[2].label". A key is shown only if
// it looks like a field name (1 to 32 ASCII letters, digits, '_', '-' or
// '$'); any other key could be a value pasted in the wrong place, even a
// secret, and is written as "(key not shown)".
func (p *path) String() string {
	var segs []*path
	for q := p; q != nil; q = q.parent {
		segs = append(segs, q)
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		if !s.isKey {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if showable(s.key) {
			b.WriteString(s.key)
		} else {
			b.WriteString("(key not shown)")
		}
	}
	return b.String()
}

// showable reports whether a key may appear in an error.
func showable(key string) bool {
	if key == "" || len(key) > maxShownKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '$') {
			return false
		}
	}
	return true
}
