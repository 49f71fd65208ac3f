package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type encDoc struct {
	Version int               `json:"version"`
	Kill    bool              `json:"killSwitch,omitempty"`
	Color   color             `json:"color"`
	Items   []item            `json:"items"`
	Window  *item             `json:"window,omitempty"`
	Tags    map[string]uint64 `json:"tags,omitempty"`
	Zero    zeroable          `json:"zero,omitzero"`
	Note    string            `json:"note,omitempty"`
}

type zeroable struct{ N int }

func (z zeroable) IsZero() bool { return z.N <= 0 }

func TestEncode(t *testing.T) {
	d := encDoc{Version: 1, Color: 1, Tags: map[string]uint64{"b": 18446744073709551615, "a": 0, "A": 1},
		Note: "quote \" backslash \\ slash / tab \t nl \n bell \a del \x7f é \u2028 <&> \U0001F600"}
	want := `{"version":1,"color":"red","items":[],"tags":{"A":1,"a":0,"b":18446744073709551615},` +
		`"note":"quote \" backslash \\ slash / tab \t nl \n bell \u0007 del ` + "\x7f é \u2028 <&> \U0001F600" + `"}`
	b, err := Encode(d)
	require.NoError(t, err)
	require.Equal(t, want, string(b))
	b, err = Encode(&d)
	require.NoError(t, err)
	require.Equal(t, want, string(b))

	d.Kill, d.Window, d.Zero, d.Tags, d.Note = true, &item{Label: "w"}, zeroable{N: 2}, nil, ""
	d.Items = []item{{Label: "a", Role: "x"}, {Label: "b"}}
	b, err = EncodeIndent(d)
	require.NoError(t, err)
	require.Equal(t, `{
  "version": 1,
  "killSwitch": true,
  "color": "red",
  "items": [
    {
      "label": "a",
      "role": "x"
    },
    {
      "label": "b"
    }
  ],
  "window": {
    "label": "w"
  },
  "zero": {
    "N": 2
  }
}
`, string(b))
	// The indented form is encoding/json's MarshalIndent, plus a newline.
	std, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	require.Equal(t, string(std)+"\n", string(b))

	b, err = EncodeIndent(struct {
		A []int             `json:"a"`
		M map[string]string `json:"m"`
	}{})
	require.NoError(t, err)
	require.Equal(t, "{\n  \"a\": [],\n  \"m\": {}\n}\n", string(b))
	b, err = EncodeIndent(struct{}{})
	require.NoError(t, err)
	require.Equal(t, "{}\n", string(b))
}

// TestEncodeControlCharacters: every control character is escaped, with
// the short escapes where JSON has them, and read back as itself.
func TestEncodeControlCharacters(t *testing.T) {
	var s strings.Builder
	for c := range 0x20 {
		s.WriteByte(byte(c))
	}
	b, err := Encode(s.String())
	require.NoError(t, err)
	require.Equal(t, `"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f`+
		`\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"`, string(b))
	var back string
	require.NoError(t, Decode(b, &back, Limits{}))
	require.Equal(t, s.String(), back)
}

func TestEncodeRefuses(t *testing.T) {
	for name, c := range map[string]struct {
		v    any
		rule error
	}{
		"a float":              {struct{ F float64 }{1}, ErrUnsupported},
		"invalid UTF-8":        {struct{ S string }{"\xff"}, ErrUTF8},
		"invalid UTF-8 key":    {map[string]int{"\xff": 1}, ErrUTF8},
		"a value without text": {struct{ C color }{7}, ErrValue},
		"a raw message":        {json.RawMessage(`{}`), ErrUnsupported},
		"an interface":         {struct{ A any }{1}, ErrUnsupported},
		"bytes":                {[]byte("x"), ErrUnsupported},
		"own MarshalJSON":      {struct{ T marshaler }{}, ErrUnsupported},
		"nil":                  {nil, ErrUnsupported},
		"an embedded struct":   {struct{ item }{}, ErrUnsupported},
		"a field with string tag": {struct {
			A int `json:"a,string"`
		}{}, ErrUnsupported},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Encode(c.v)
			require.ErrorIs(t, err, c.rule)
		})
	}
}

type marshaler struct{}

func (marshaler) MarshalJSON() ([]byte, error) { return []byte("{}"), nil }

func TestFingerprint(t *testing.T) {
	d := encDoc{Version: 1, Color: 2}
	fp, err := Fingerprint(d)
	require.NoError(t, err)
	// sha256sum of the compact form, computed outside Go:
	// printf '%s' '{"version":1,"color":"blue","items":[]}' | sha256sum
	require.Equal(t, "8adb190bed615e6203733db57a8ba03890e354b73967aec84ede12a7e4603f1f", fp)
}
