package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type canonDoc struct {
	Version   int            `json:"version"`
	Threshold int            `json:"threshold"`
	Kill      bool           `json:"killSwitch,omitempty"`
	Color     color          `json:"color"`
	Items     []item         `json:"items"`
	Window    *item          `json:"window,omitempty"`
	Tags      map[string]int `json:"tags,omitempty"`
}

const canonText = `{"version":1,"threshold":2,"color":"red","items":[{"label":"a","role":"x"},{"label":"b\"c"}],"window":{"label":"w"},"tags":{"a":1,"b":2}}`

func TestDecodeCanonicalAccepts(t *testing.T) {
	var want canonDoc
	require.NoError(t, DecodeCanonical([]byte(canonText), &want, Limits{}))
	indented, err := EncodeIndent(want)
	require.NoError(t, err)
	for name, in := range map[string]string{
		"compact":                         canonText,
		"indented":                        string(indented),
		"any white space outside strings": " \r\n\t" + strings.NewReplacer(",", " ,\n", ":", "\t:  ", "{", "{ ", "]", "\n]").Replace(canonText) + "\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			var d canonDoc
			require.NoError(t, DecodeCanonical([]byte(in), &d, Limits{}))
			require.Equal(t, want, d)
			var c json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(in), &c))
			require.Equal(t, canonText, string(Compact([]byte(in))))
		})
	}
}

// TestDecodeCanonicalRefuses: a valid document that is not its canonical
// form is refused with the first member that differs and how.
func TestDecodeCanonicalRefuses(t *testing.T) {
	edit := func(from, to string) string {
		require.Contains(t, canonText, from)
		return strings.Replace(canonText, from, to, 1)
	}
	cases := []struct {
		name string
		in   string
		msg  string
	}{
		{"members reordered", edit(`"version":1,"threshold":2`, `"threshold":2,"version":1`),
			"threshold: not in canonical form: members are out of order: version comes first"},
		{"nested members reordered", edit(`"label":"a","role":"x"`, `"role":"x","label":"a"`),
			"items[0].role: not in canonical form: members are out of order: label comes first"},
		{"map keys not sorted", edit(`"a":1,"b":2`, `"b":2,"a":1`),
			"tags.b: not in canonical form: members are out of order: a comes first"},
		{"a default written out", edit(`"threshold":2,`, `"threshold":2,"killSwitch":false,`),
			"killSwitch: not in canonical form: the member holds its default value and must be left out"},
		{"an empty string written out", edit(`{"label":"b\"c"}`, `{"label":"b\"c","role":""}`),
			"items[1].role: not in canonical form: the member holds its default value and must be left out"},
		{"a null pointer written out", edit(`"window":{"label":"w"}`, `"window":null`),
			"window: not in canonical form: the member holds its default value and must be left out"},
		{"a required member left out", edit(`"threshold":2,`, ``),
			"threshold: not in canonical form: the member is missing (write it, even when empty)"},
		{"an empty list left out", `{"version":1,"threshold":2,"color":"red"}`,
			"items: not in canonical form: the member is missing (write it, even when empty)"},
		{"a needless escape", edit(`"b\"c"`, `"b\u0022c"`),
			`items[1].label: not in canonical form: the string is escaped where it need not be (only \" \\ and control characters are escaped)`},
		{"an escaped slash", edit(`"label":"a"`, `"label":"\/a"`), "items[0].label: not in canonical form: the string is escaped where it need not be"},
		{"an escaped key", edit(`"threshold"`, `"thres\u0068old"`), "threshold: not in canonical form: the key is escaped where it need not be"},
		{"a text value in another case", edit(`"red"`, `"RED"`),
			"color: not in canonical form: the value is not spelled in its canonical form (letter case, spacing or format)"},
		{"minus zero", edit(`"threshold":2`, `"threshold":-0`), "threshold: not in canonical form: the number is not in its shortest form"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var d canonDoc
			err := DecodeCanonical([]byte(c.in), &d, Limits{})
			require.ErrorIs(t, err, ErrNotCanonical)
			require.ErrorContains(t, err, c.msg)
		})
	}
	t.Run("minus zero where zero is left out", func(t *testing.T) {
		var d struct {
			N int `json:"n,omitempty"`
		}
		err := DecodeCanonical([]byte(`{"n":-0}`), &d, Limits{})
		require.ErrorIs(t, err, ErrNotCanonical)
		require.EqualError(t, err, "n: not in canonical form: the member holds its default value and must be left out")
	})
	t.Run("the other rules come first", func(t *testing.T) {
		var d canonDoc
		err := DecodeCanonical([]byte(edit(`"threshold":2`, `"threshold":2,"THRESHOLD":3`)), &d, Limits{})
		require.ErrorIs(t, err, ErrDuplicate)
	})
}

func TestCompact(t *testing.T) {
	require.Equal(t, `{"a":"x y\t\" \\","b":[1,2]}`, string(Compact([]byte(" {\"a\" :\n \"x y\\t\\\" \\\\\" , \"b\":[ 1 ,2 ] }\r\n"))))
	var buf = []byte(`{"a": "\\\"{ }\""}`)
	require.Equal(t, `{"a":"\\\"{ }\""}`, string(Compact(buf)))
}
