package strictjson

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// color is a test type with a text form: "red" or "blue", any case in.
type color int

var errColor = errors.New("not a color")

func (c color) MarshalText() ([]byte, error) {
	switch c {
	case 1:
		return []byte("red"), nil
	case 2:
		return []byte("blue"), nil
	}
	return nil, errColor
}

func (c *color) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "red":
		*c = 1
	case "blue":
		*c = 2
	default:
		return errColor
	}
	return nil
}

type role string

type item struct {
	Label string `json:"label"`
	Role  role   `json:"role,omitempty"`
}

type doc struct {
	Version   int             `json:"version"`
	Threshold uint8           `json:"threshold"`
	Kill      bool            `json:"killSwitch,omitempty"`
	Color     color           `json:"color"`
	Items     []item          `json:"items"`
	Window    *item           `json:"window,omitempty"`
	Weight    float64         `json:"weight,omitempty"`
	Tags      map[string]int  `json:"tags,omitempty"`
	Pair      [2]int32        `json:"pair"`
	Raw       json.RawMessage `json:"raw,omitempty"`
	Skipped   string          `json:"-"`
	hidden    string          //nolint:unused // an unexported field is not a member
}

var _ = doc{}.hidden

func TestDecode(t *testing.T) {
	in := `{"version":1,"threshold":255,"killSwitch":true,"color":"Blue","items":[{"label":"a \"b\"","role":"x"},{"label":""}],
	        "window":null,"weight":-1.5e2,"tags":{"b":2,"a":1},"pair":[-2147483648,2147483647],"raw":{"any": [1, "x"]}}`
	var d doc
	require.NoError(t, Decode([]byte(in), &d, Limits{}))
	require.Equal(t, doc{Version: 1, Threshold: 255, Kill: true, Color: 2, Items: []item{{`a "b"`, "x"}, {"", ""}},
		Weight: -150, Tags: map[string]int{"a": 1, "b": 2}, Pair: [2]int32{math.MinInt32, math.MaxInt32},
		Raw: json.RawMessage(`{"any": [1, "x"]}`)}, d)

	var raw json.RawMessage
	require.NoError(t, Decode([]byte(" null "), &raw, Limits{}))
	require.Equal(t, json.RawMessage("null"), raw)
	var p *item
	require.NoError(t, Decode([]byte("null"), &p, Limits{}))
	require.Nil(t, p)
	var empty []int
	require.NoError(t, Decode([]byte("[]"), &empty, Limits{}))
	require.NotNil(t, empty)
}

// TestDecodeRefuses: the decoding rules, each with its sentinel and the
// path of the offending value.
func TestDecodeRefuses(t *testing.T) {
	cases := []struct {
		name string
		in   string
		rule error
		msg  string
	}{
		{"unknown field", `{"version":1,"extra":1}`, ErrUnknown, "extra: unknown field"},
		{"field name in another case", `{"THRESHOLD":3}`, ErrUnknown, "THRESHOLD: unknown field: names are case-sensitive: did you mean threshold?"},
		{"unknown field in an item", `{"items":[{"label":"a"},{"label":"b","Role":"x"}]}`, ErrUnknown, "items[1].Role: unknown field: names are case-sensitive: did you mean role?"},
		{"unknown secret-looking key", `{"` + strings.Repeat("5a", 32) + `":1}`, ErrUnknown, "(key not shown): unknown field"},
		{"a skipped field is unknown", `{"Skipped":"x"}`, ErrUnknown, "Skipped: unknown field"},
		{"an unexported field is unknown", `{"hidden":"x"}`, ErrUnknown, "hidden: unknown field"},
		{"duplicate key in another case", `{"threshold":2,"THRESHOLD":3}`, ErrDuplicate, "THRESHOLD: duplicate key"},
		{"null for an int", `{"version":null}`, ErrNull, "version: null is not allowed"},
		{"null for a bool", `{"killSwitch":null}`, ErrNull, "killSwitch: null is not allowed"},
		{"null for a slice", `{"items":null}`, ErrNull, "items: null is not allowed"},
		{"null for a map", `{"tags":null}`, ErrNull, "tags: null is not allowed"},
		{"null for a text type", `{"color":null}`, ErrNull, "color: null is not allowed"},
		{"null for an item", `{"items":[null]}`, ErrNull, "items[0]: null is not allowed"},
		{"null document", `null`, ErrNull, "null is not allowed"},
		{"fraction for an int", `{"version":1.0}`, ErrNumber, "version: number does not fit: want an integer, without a fraction or an exponent"},
		{"exponent for an int", `{"version":1e3}`, ErrNumber, "version: number does not fit: want an integer, without a fraction or an exponent"},
		{"int out of range", `{"pair":[2147483648,0]}`, ErrNumber, "pair[0]: number does not fit: out of range for a 32-bit integer"},
		{"uint8 out of range", `{"threshold":256}`, ErrNumber, "threshold: number does not fit: out of range for a 8-bit integer of 0 or more"},
		{"negative uint", `{"threshold":-1}`, ErrNumber, "threshold: number does not fit: out of range for a 8-bit integer of 0 or more"},
		{"minus zero uint", `{"threshold":-0}`, ErrNumber, "threshold: number does not fit"},
		{"float out of range", `{"weight":1e400}`, ErrNumber, "weight: number does not fit: out of range for a 64-bit float"},
		{"string for an int", `{"version":"1"}`, ErrType, "version: wrong type: want an integer, got a string"},
		{"number for a string", `{"items":[{"label":1}]}`, ErrType, "items[0].label: wrong type: want a string, got a number"},
		{"string for a bool", `{"killSwitch":"true"}`, ErrType, "killSwitch: wrong type: want a boolean, got a string"},
		{"object for a slice", `{"items":{}}`, ErrType, "items: wrong type: want an array, got an object"},
		{"array for a struct", `[]`, ErrType, "wrong type: want an object, got an array"},
		{"number for a text type", `{"color":1}`, ErrType, "color: wrong type: want a string, got a number"},
		{"short array", `{"pair":[1]}`, ErrType, "pair: wrong type: want 2 items, got 1"},
		{"invalid text value", `{"color":"green"}`, ErrValue, "color: invalid value: not a valid strictjson.color"},
		{"syntax error first", `{"version":1,"threshold":2,}`, ErrSyntax, "invalid JSON: want a key (a string) (byte 27)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var d doc
			err := Decode([]byte(c.in), &d, Limits{})
			require.ErrorIs(t, err, c.rule)
			require.ErrorContains(t, err, c.msg)
		})
	}
	t.Run("the type's own error is wrapped", func(t *testing.T) {
		var d doc
		err := Decode([]byte(`{"color":"green"}`), &d, Limits{})
		require.ErrorIs(t, err, errColor)
	})
}

// TestDecodeUnsupported: types this package does not read are reported,
// not panicked on.
func TestDecodeUnsupported(t *testing.T) {
	var anyValue any
	var bytesValue []byte
	var ch chan int
	var unmarshaler struct {
		T json.Number `json:"t"` // a string type: supported
		U *jsonThing  `json:"u"`
	}
	var embedded struct{ item }
	var badTag struct {
		A int `json:"a,string"`
	}
	twice := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: reflect.TypeFor[int](), Tag: `json:"a"`},
		{Name: "B", Type: reflect.TypeFor[int](), Tag: `json:"a"`},
	})).Interface()
	for name, c := range map[string]struct {
		in string
		v  any
	}{
		"interface":         {`1`, &anyValue},
		"byte slice":        {`"AA=="`, &bytesValue},
		"channel":           {`1`, &ch},
		"own UnmarshalJSON": {`{"u":{}}`, &unmarshaler},
		"embedded struct":   {`{}`, &embedded},
		"string option":     {`{"a":"1"}`, &badTag},
		"two fields a":      {`{}`, twice},
		"not a pointer":     {`1`, 1},
		"nil pointer":       {`1`, (*int)(nil)},
		"map with int keys": {`{}`, &map[int]int{}},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, Decode([]byte(c.in), c.v, Limits{}), ErrUnsupported)
		})
	}
}

type jsonThing struct{}

func (*jsonThing) UnmarshalJSON([]byte) error { return nil }

// TestErrorsNeverEchoValues: no error shows a value of the input, wherever
// the value sits and whatever rule it breaks.
func TestErrorsNeverEchoValues(t *testing.T) {
	secret := "SECRETSECRET0123456789abcdef"
	hexKey := strings.Repeat("0123456789abcdef", 4)
	for _, in := range []string{
		`{"version":"` + secret + `"}`,
		`{"color":"` + secret + `"}`,
		`{"items":[{"label":"` + secret + `","x":1}]}`,
		`{"` + hexKey + `":1}`,
		`{"` + hexKey + `":1,"` + strings.ToUpper(hexKey) + `":2}`,
		`{"items":[{"` + hexKey + `":1}]}`,
		`{"label ` + secret + `":1}`,
		`{"items":[{"label":"` + secret + "\xff" + `"}]}`,
		`{"items":[{"label":"` + secret + `\ud800"}]}`,
		`{"version":` + "1" + strings.Repeat("0", 40) + `}`,
		`{"weight":"` + secret + `"} ` + secret,
		`{"a":"` + secret + `"` + secret + `}`,
	} {
		// Keys are shown in paths only when they look like field names
		// (at most 32 letters, digits, '_', '-', '$'): a 64-hex private
		// key or an address pasted as a key is not.
		var d doc
		err := Decode([]byte(in), &d, Limits{})
		require.Error(t, err, in)
		require.NotContains(t, err.Error(), secret, in)
		require.NotContains(t, strings.ToLower(err.Error()), strings.ToLower(secret), in)
		require.NotContains(t, err.Error(), strings.Repeat("0", 20), in)
		require.NotContains(t, strings.ToLower(err.Error()), hexKey, in)
	}
}

// netByte is a byte-sized type with a text form, like sign.Network: a
// slice of it is an array of strings, not base64.
type netByte byte

func (n netByte) MarshalText() ([]byte, error) { return []byte{'n', '0' + byte(n)}, nil }

func (n *netByte) UnmarshalText(b []byte) error {
	if len(b) != 2 || b[0] != 'n' || b[1] < '0' || b[1] > '9' {
		return errColor
	}
	*n = netByte(b[1] - '0')
	return nil
}

func TestByteSizedTextTypes(t *testing.T) {
	var v struct {
		Nets []netByte `json:"nets"`
	}
	require.NoError(t, DecodeCanonical([]byte(`{"nets":["n1","n9"]}`), &v, Limits{}))
	require.Equal(t, []netByte{1, 9}, v.Nets)
	b, err := Encode(v)
	require.NoError(t, err)
	require.Equal(t, `{"nets":["n1","n9"]}`, string(b))
	require.ErrorIs(t, Decode([]byte(`{"nets":"AQk="}`), &v, Limits{}), ErrType)
}
