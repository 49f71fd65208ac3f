package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzDepth is the nesting limit of FuzzStrictReader.
const fuzzDepth = 6

// FuzzStrictReader: Parse never panics, and it accepts exactly what an
// independent check accepts. Accepted input is JSON to encoding/json,
// valid UTF-8, without two keys of one object equal ignoring case
// (strings.EqualFold), nested at most fuzzDepth deep, and its Compact form
// is encoding/json's. Input that passes the independent check (and has
// no surrogate escape or byte order mark, which encoding/json does not
// refuse) is accepted. Decoding into a document type never panics, and a
// decoded document re-encodes to a canonical form that DecodeCanonical
// accepts and decodes to the same value.
func FuzzStrictReader(f *testing.F) {
	for _, s := range []string{
		canonText,
		`{"threshold":2,"THRESHOLD":3}`,
		`{"killSwitch":true,"killSwitch":false}`,
		`{"KillSwitch":true}`,
		"{\"label\":\"\xff\"}",
		`{"a":"\ud800"}`,
		`[[[[[[[[]]]]]]]]`,
		`{} {}`,
		`{"sendTimeStamp":1234567,"receiveTimeStamp":1234560}`,
		`{"account":{"address":"TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ","balance":0,"importance":0.5e-3,"label":null,"multisigInfo":{}},"meta":{"cosignatories":[],"cosignatoryOf":[],"status":"LOCKED","remoteStatus":"INACTIVE"}}`,
		`{"v":1,"seq":1,"time":"2026-03-01T09:30:00Z","event":"signed","requestId":"req-42","hashes":[],"summary":"send 100 XEM","prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"00"}`,
	} {
		f.Add([]byte(s))
	}
	// Real documents from the repository: the policies of the edge-case
	// vectors, and NIS JSON.
	for _, name := range []string{"../../sign/testdata/nem-address.json", "../../transaction/testdata/nemesis-mijinnet.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	b, err := os.ReadFile("../../testdata/edgecases/policies.json")
	if err != nil {
		f.Fatal(err)
	}
	var cases struct {
		Tests []struct{ Input map[string]string } `json:"tests"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		f.Fatal(err)
	}
	for _, c := range cases.Tests {
		f.Add([]byte(c.Input["policy"]))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := Parse(b, Limits{MaxDepth: fuzzDepth, MaxSize: 1 << 16})
		independent := independentCheck(b, fuzzDepth)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if independent == nil && !surrogateOrBOM.Match(b) {
				t.Fatalf("refused input the independent check accepts: %v", err)
			}
			return
		}
		if independent != nil {
			t.Fatalf("accepted input the independent check refuses: %v", independent)
		}
		var std bytes.Buffer
		if err := json.Compact(&std, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(std.Bytes(), Compact(b)) {
			t.Fatalf("Compact differs from encoding/json's")
		}
		var d canonDoc
		if Decode(b, &d, Limits{}) != nil {
			return
		}
		enc, err := EncodeIndent(d)
		if err != nil {
			return // a color without a text form cannot come from Decode, but a 0 can
		}
		var back canonDoc
		if err := DecodeCanonical(enc, &back, Limits{}); err != nil {
			t.Fatalf("the canonical form of a decoded document is refused: %v", err)
		}
		again, _ := EncodeIndent(back)
		if !bytes.Equal(enc, again) {
			t.Fatalf("canonical form does not round-trip")
		}
	})
}

// surrogateOrBOM matches what encoding/json accepts and Parse refuses on
// purpose: a \u escape of a surrogate (paired ones too, to keep this
// check simple) and a byte order mark.
var surrogateOrBOM = regexp.MustCompile(`(?i)\\u[d][89a-f]|^\x{FEFF}`)

// independentCheck applies the syntax rules with encoding/json and the
// standard library only.
func independentCheck(b []byte, maxDepth int) error {
	if !utf8.Valid(b) {
		return errors.New("invalid UTF-8")
	}
	if !json.Valid(b) {
		return errors.New("not JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // 1e700 is JSON, though not a float64
	type frame struct {
		object bool
		keys   []string
		key    bool // the next token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
			if len(stack) == maxDepth {
				return errors.New("too deep")
			}
			stack = append(stack, &frame{object: d == '{', key: d == '{'})
			continue
		}
		if _, ok := tok.(json.Delim); ok {
			stack = stack[:len(stack)-1]
		} else if top := stack; len(top) > 0 && top[len(top)-1].object && top[len(top)-1].key {
			f := top[len(top)-1]
			k := tok.(string)
			for _, seen := range f.keys {
				if strings.EqualFold(seen, k) {
					return errors.New("duplicate key")
				}
			}
			f.keys = append(f.keys, k)
			f.key = false
			continue
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].key = true
		}
	}
}
