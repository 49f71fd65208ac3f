package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseRefuses: every syntax rule, with the rule's sentinel, the path
// and the message.
func TestParseRefuses(t *testing.T) {
	cases := []struct {
		name string
		in   string
		lim  Limits
		rule error
		msg  string
	}{
		{"empty input", "", Limits{}, ErrTruncated, "JSON input ends early (byte 0)"},
		{"only white space", " \n\t\r", Limits{}, ErrTruncated, "JSON input ends early (byte 4)"},
		{"truncated object", `{"a":1`, Limits{}, ErrTruncated, "a: JSON input ends early (byte 6)"},
		{"truncated string", `{"a":"xy`, Limits{}, ErrTruncated, "a: JSON input ends early (byte 8)"},
		{"truncated literal", `[tru`, Limits{}, ErrTruncated, "[0]: JSON input ends early (byte 4)"},
		{"truncated escape", `"a\`, Limits{}, ErrTruncated, "JSON input ends early (byte 3)"},
		{"truncated unicode escape", `"a\u00`, Limits{}, ErrTruncated, "JSON input ends early (byte 6)"},
		{"trailing comma in object", `{"a":1,}`, Limits{}, ErrSyntax, "invalid JSON: want a key (a string) (byte 7)"},
		{"trailing comma in array", `[1,]`, Limits{}, ErrSyntax, "[1]: invalid JSON: want a value (byte 3)"},
		{"single quotes", `{'a':1}`, Limits{}, ErrSyntax, "invalid JSON: want a key (a string) (byte 1)"},
		{"comment", `{"a":1 /* x */}`, Limits{}, ErrSyntax, "a: invalid JSON: want ',' or '}' after a member (byte 7)"},
		{"missing colon", `{"a" 1}`, Limits{}, ErrSyntax, "a: invalid JSON: want ':' after the key (byte 5)"},
		{"leading zero", `{"a":01}`, Limits{}, ErrSyntax, "a: invalid JSON: a number with a leading zero (byte 6)"},
		{"plus sign", `[+1]`, Limits{}, ErrSyntax, "[0]: invalid JSON: want a value (byte 1)"},
		{"bare decimal point", `[1.]`, Limits{}, ErrSyntax, "[0]: invalid JSON: want a digit after the decimal point (byte 3)"},
		{"empty exponent", `[1e]`, Limits{}, ErrSyntax, "[0]: invalid JSON: want a digit in the exponent (byte 3)"},
		{"NaN", `[NaN]`, Limits{}, ErrSyntax, "[0]: invalid JSON: want a value (byte 1)"},
		{"misspelled literal", `[nul]`, Limits{}, ErrSyntax, "[0]: invalid JSON: want a value (byte 1)"},
		{"raw control character", "[\"a\tb\"]", Limits{}, ErrSyntax, "[0]: invalid JSON: a control character in a string (write it as an escape) (byte 3)"},
		{"invalid escape", `["\x41"]`, Limits{}, ErrSyntax, "[0]: invalid JSON: an invalid escape in a string (byte 3)"},
		{"invalid unicode escape", `["\u00g1"]`, Limits{}, ErrSyntax, "[0]: invalid JSON: an invalid \\u escape (byte 6)"},
		{"byte order mark", "\uFEFF{}", Limits{}, ErrSyntax, "invalid JSON: the input starts with a byte order mark (byte 0)"},
		{"invalid UTF-8 in a string", "{\"label\":\"vault \xff\"}", Limits{}, ErrUTF8, "label: not valid UTF-8 (byte 16)"},
		{"invalid UTF-8 in a key", "{\"lab\xffel\":1}", Limits{}, ErrUTF8, "not valid UTF-8 (byte 5)"},
		{"invalid UTF-8 outside strings", "{\"a\":1\xff}", Limits{}, ErrUTF8, "a: not valid UTF-8 (byte 6)"},
		{"UTF-8 encoded surrogate", "[\"\xed\xa0\x80\"]", Limits{}, ErrUTF8, "[0]: not valid UTF-8 (byte 2)"},
		{"overlong UTF-8", "[\"\xc0\xaf\"]", Limits{}, ErrUTF8, "[0]: not valid UTF-8 (byte 2)"},
		{"lone high surrogate", `["a\ud800"]`, Limits{}, ErrUTF8, "[0]: not valid UTF-8: an escape of a lone UTF-16 surrogate (byte 9)"},
		{"high surrogate before a letter", `["\ud83dx"]`, Limits{}, ErrUTF8, "[0]: not valid UTF-8: an escape of a lone UTF-16 surrogate (byte 8)"},
		{"two high surrogates", `["\ud83d\ud83d\ude00"]`, Limits{}, ErrUTF8, "[0]: not valid UTF-8: an escape of a lone UTF-16 surrogate (byte 8)"},
		{"lone low surrogate", `["\ude00"]`, Limits{}, ErrUTF8, "[0]: not valid UTF-8: an escape of a lone UTF-16 surrogate (byte 8)"},
		{"duplicate key", `{"threshold":2,"threshold":3}`, Limits{}, ErrDuplicate, "threshold: duplicate key"},
		{"duplicate key in another case", `{"threshold":2,"THRESHOLD":3}`, Limits{}, ErrDuplicate, "THRESHOLD: duplicate key: the same key as an earlier one in another letter case"},
		{"duplicate key with the Kelvin sign", `{"k":1,"` + "\u212a" + `":2}`, Limits{}, ErrDuplicate, "(key not shown): duplicate key: the same key as an earlier one in another letter case"},
		{"duplicate key in a nested object", `{"cosigners":[{},{"label":"a","Label":"b"}]}`, Limits{}, ErrDuplicate, "cosigners[1].Label: duplicate key: the same key as an earlier one in another letter case"},
		{"duplicate key spelled with an escape", `{"killSwitch":true,"kill\u0053witch":false}`, Limits{}, ErrDuplicate, "killSwitch: duplicate key"},
		{"duplicate secret-looking key not shown", `{"` + strings.Repeat("ab", 32) + `":1,"` + strings.Repeat("AB", 32) + `":2}`, Limits{}, ErrDuplicate, "(key not shown): duplicate key: the same key as an earlier one in another letter case"},
		{"trailing object", `{} {}`, Limits{}, ErrTrailing, "data after the JSON value (byte 3)"},
		{"trailing garbage", "{}\nx", Limits{}, ErrTrailing, "data after the JSON value (byte 3)"},
		{"trailing NUL", "{}\x00", Limits{}, ErrTrailing, "data after the JSON value (byte 2)"},
		{"too deep", `{"a":[[1]]}`, Limits{MaxDepth: 2}, ErrDepth, "a[0]: nested too deeply: more than 2 levels"},
		{"too deep at the top", `[[]]`, Limits{MaxDepth: 1}, ErrDepth, "[0]: nested too deeply: more than 1 levels"},
		{"deep nesting at the default", strings.Repeat("[", 33) + strings.Repeat("]", 33), Limits{}, ErrDepth, "nested too deeply: more than 32 levels"},
		{"too large", `{"a":"12345"}`, Limits{MaxSize: 12}, ErrSize, "input too large: 13 bytes, more than 12"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := Parse([]byte(c.in), c.lim)
			require.Nil(t, v)
			require.ErrorIs(t, err, c.rule)
			require.ErrorContains(t, err, c.msg)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.True(t, strings.HasSuffix(err.Error(), c.msg), "got %q", err)
		})
	}
}

// TestParseAccepts: what RFC 8259 allows is read, with the decoded text
// and input offsets.
func TestParseAccepts(t *testing.T) {
	in := " {\"a\" : [1, -0.5e+10, true, false, null, \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\uD83D\\uDE00\"],\n \"b\":{}, \"\u00e9\":\"\u2028\", \"c\":[]}\t"
	v, err := Parse([]byte(in), Limits{MaxDepth: 2})
	require.NoError(t, err)
	require.Equal(t, Object, v.Kind)
	require.Equal(t, 1, v.Start)
	require.Equal(t, len(in)-1, v.End)
	require.Len(t, v.Members, 4)
	a := v.Members[0]
	require.Equal(t, "a", a.Key)
	require.Equal(t, `"a"`, in[a.KeyStart:a.KeyEnd])
	require.Equal(t, []Kind{Number, Number, Bool, Bool, Null, String}, kinds(a.Value.Items))
	require.Equal(t, "-0.5e+10", a.Value.Items[1].Text)
	require.Equal(t, "true", a.Value.Items[2].Text)
	require.Equal(t, "x\"\\/\b\f\n\r\té\U0001F600\U0001F600", a.Value.Items[5].Text)
	require.Equal(t, `-0.5e+10`, in[a.Value.Items[1].Start:a.Value.Items[1].End])
	require.Equal(t, "é", v.Members[2].Key)
	require.Equal(t, "\u2028", v.Members[2].Value.Text)
	for _, s := range []string{`0`, `-0`, `1E5`, `"\u0000"`, `"\/"`, `[]`, `{}`, `null`, `"` + "\U0010FFFF" + `"`} {
		_, err := Parse([]byte(s), Limits{})
		require.NoError(t, err, s)
	}
}

func kinds(vs []Value) []Kind {
	var k []Kind
	for _, v := range vs {
		k = append(k, v.Kind)
	}
	return k
}

// TestParseAgreesWithEncodingJSON: on inputs without duplicate keys and
// invalid UTF-8, Parse accepts what encoding/json accepts, and reads the
// same strings.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`{"a":"\u00e9\ud83d\ude00","b":[1,2,{"c":null}],"d":-1.5e-3}`,
		`"\"\\\/\b\f\n\r\t"`,
		`[[[[]]]]`, `{"":""}`, `1`, `[1,]`, `{"a":1,}`, `01`, `[.5]`, `["\u12"]`, `{"a"}`, `[1 2]`,
	} {
		_, err := Parse([]byte(s), Limits{})
		require.Equal(t, json.Valid([]byte(s)), err == nil, "%s: %v", s, err)
	}
	var want any
	require.NoError(t, json.Unmarshal([]byte(`"a\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"`), &want))
	v, err := Parse([]byte(`"a\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"`), Limits{})
	require.NoError(t, err)
	require.Equal(t, want, v.Text)
}

func TestFoldKey(t *testing.T) {
	require.Equal(t, foldKey("threshold"), foldKey("THRESHOLD"))
	require.Equal(t, foldKey("threshold"), foldKey("tHrEsHoLd"))
	require.Equal(t, foldKey("k"), foldKey("\u212a"))      // Kelvin sign
	require.Equal(t, foldKey("s"), foldKey("\u017f"))      // long s
	require.Equal(t, foldKey("σ"), foldKey("ς"))           // final sigma
	require.Equal(t, foldKey("Straße"), foldKey("STRAßE")) // ß has no simple fold to "ss"
	require.NotEqual(t, foldKey("Straße"), foldKey("STRASSE"))
	require.NotEqual(t, foldKey("a"), foldKey("b"))
	require.NotEqual(t, foldKey("ab"), foldKey("a"))
}
