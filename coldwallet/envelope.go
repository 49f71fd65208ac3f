package coldwallet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/internal/printable"
)

// The envelope text format shared by requests and responses:
//
//	<format> v<version>\n          first line: what this is
//	<key>: <value>\n               headers, in a fixed order, each key known
//	...
//	checksum: <sha256 hex>\n       SHA-256 of every byte before this line
//
// Lines end in a single LF. Values never have leading or trailing spaces.
// A reader refuses an unknown format or version, an unknown, missing,
// repeated or misplaced key, a wrong checksum, and anything it would not
// write back byte for byte: an envelope that parses re-serializes to the
// same bytes. An auditor can recompute the checksum with
// `head -n -1 FILE | sha256sum`.

// MaxEnvelopeSize caps what a reader accepts.
const MaxEnvelopeSize = 256 << 10

// ErrEnvelope is wrapped by every envelope reading error.
var ErrEnvelope = errors.New("invalid envelope")

// envelopeErr names the line of a failure; the reason may wrap an
// underlying error with %w.
func envelopeErr(line int, format string, args ...any) error {
	if line > 0 {
		return fmt.Errorf("coldwallet: %w: line %d: %w", ErrEnvelope, line, fmt.Errorf(format, args...))
	}
	return fmt.Errorf("coldwallet: %w: %w", ErrEnvelope, fmt.Errorf(format, args...))
}

// envelopeWriter builds envelope text.
type envelopeWriter struct{ b bytes.Buffer }

func newEnvelopeWriter(format string, version int) *envelopeWriter {
	w := &envelopeWriter{}
	fmt.Fprintf(&w.b, "%s v%d\n", format, version)
	return w
}

func (w *envelopeWriter) header(key, value string) {
	w.b.WriteString(key)
	w.b.WriteString(": ")
	w.b.WriteString(value)
	w.b.WriteByte('\n')
}

// finish appends the checksum line and returns the text.
func (w *envelopeWriter) finish() []byte {
	sum := sha256.Sum256(w.b.Bytes())
	w.header("checksum", hex.EncodeToString(sum[:]))
	return w.b.Bytes()
}

// envelopeLine is one header line.
type envelopeLine struct {
	num        int
	key, value string
}

// readEnvelope checks the size, the first line (a version from oldest to
// version), the line structure and the checksum, and returns the header
// lines in order (without the checksum). Which of the versions the lines
// must be written in is the caller's to check (a reader re-encodes what it
// read and compares).
func readEnvelope(b []byte, format string, oldest, version int) ([]envelopeLine, error) {
	if len(b) > MaxEnvelopeSize {
		return nil, envelopeErr(0, "%d bytes, more than %d", len(b), MaxEnvelopeSize)
	}
	if len(b) == 0 {
		return nil, envelopeErr(0, "empty")
	}
	if !utf8.Valid(b) {
		return nil, envelopeErr(0, "not UTF-8 text")
	}
	if b[len(b)-1] != '\n' {
		return nil, envelopeErr(0, "does not end with a newline (truncated?)")
	}
	text := string(b[:len(b)-1])
	raw := strings.Split(text, "\n")
	first := fmt.Sprintf("%s v%d", format, version)
	known := false
	for v := oldest; v <= version; v++ {
		known = known || raw[0] == fmt.Sprintf("%s v%d", format, v)
	}
	if !known {
		// Never quote the line: a key file given by mistake would be
		// echoed.
		name, v, _ := strings.Cut(raw[0], " ")
		if name == format && shortVersion(v) {
			return nil, envelopeErr(1, "version %s is not supported (this reader knows v%d)", v, version)
		}
		return nil, envelopeErr(1, "not a %s (the first line must be %q)", format, first)
	}
	if len(raw) < 2 {
		return nil, envelopeErr(0, "no checksum line")
	}
	var lines []envelopeLine
	for i, l := range raw[1:] {
		num := i + 2
		if strings.ContainsRune(l, '\r') {
			return nil, envelopeErr(num, "carriage return (lines must end in LF only)")
		}
		key, value, ok := strings.Cut(l, ": ")
		if !ok || key == "" || value == "" || value != strings.TrimSpace(value) {
			return nil, envelopeErr(num, "not a \"key: value\" line")
		}
		for _, r := range key {
			if !(r >= 'a' && r <= 'z' || r == '-') {
				return nil, envelopeErr(num, "bad key")
			}
		}
		lines = append(lines, envelopeLine{num, key, value})
	}
	last := lines[len(lines)-1]
	if last.key != "checksum" {
		return nil, envelopeErr(last.num, "the last line must be the checksum (truncated?)")
	}
	body := b[:len(b)-len("checksum: ")-len(last.value)-1]
	sum := sha256.Sum256(body)
	if last.value != hex.EncodeToString(sum[:]) {
		return nil, envelopeErr(last.num, "checksum mismatch: the envelope was changed or damaged")
	}
	return lines[:len(lines)-1], nil
}

// headerReader walks header lines in order.
type headerReader struct {
	lines []envelopeLine
	pos   int
	end   int // line number of the checksum, for errors at the end
}

func (h *headerReader) next() (envelopeLine, bool) {
	if h.pos >= len(h.lines) {
		return envelopeLine{}, false
	}
	return h.lines[h.pos], true
}

// one reads the single header key, which must come next.
func (h *headerReader) one(key string) (envelopeLine, error) {
	l, ok := h.next()
	if !ok {
		return l, envelopeErr(h.end, "missing %q", key)
	}
	if l.key != key {
		return l, envelopeErr(l.num, "expected %q, found %q", key, l.key)
	}
	h.pos++
	return l, nil
}

// optional reads key if it comes next.
func (h *headerReader) optional(key string) (envelopeLine, bool) {
	l, ok := h.next()
	if !ok || l.key != key {
		return envelopeLine{}, false
	}
	h.pos++
	return l, true
}

// done refuses leftover lines.
func (h *headerReader) done() error {
	if l, ok := h.next(); ok {
		return envelopeErr(l.num, "unexpected %q here", l.key)
	}
	return nil
}

// validNote reports whether a note is acceptable: printable text without
// control or format characters (no terminal escapes, no bidi overrides),
// at most MaxNoteLength bytes.
func validNote(s string) bool { return printable.Problem(s, MaxNoteLength) == "" }

// MaxNoteLength caps a request's note.
const MaxNoteLength = 256

// shortVersion reports whether v looks like a version, "v" and 1 to 3
// digits, which is safe to repeat in an error.
func shortVersion(v string) bool {
	if len(v) < 2 || len(v) > 4 || v[0] != 'v' {
		return false
	}
	for _, c := range v[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
