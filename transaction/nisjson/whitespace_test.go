package nisjson

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testfix"
	"github.com/nemcustody/nemcustody/transaction"
)

// jsonEscapeAll writes s as a JSON string with every UTF-16 char escaped.
func jsonEscapeAll(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, `\u%04x`, u)
	}
	b.WriteByte('"')
	return b.String()
}

// TestDescriptionWhitespaceJSON: the JSON reader judges a description as
// package transaction does (its TestDescriptionWhitespace holds what NIS
// does with each), whether the characters come escaped or as UTF-8, and an
// accepted one survives encoding and decoding.
func TestDescriptionWhitespaceJSON(t *testing.T) {
	for _, c := range descriptionCases() {
		raw, err := json.Marshal(c.desc) // UTF-8, escaping only what JSON requires (and U+2028)
		require.NoError(t, err)
		for form, quoted := range map[string]string{"escaped": jsonEscapeAll(c.desc), "as UTF-8": string(raw)} {
			t.Run(c.name+" "+form, func(t *testing.T) {
				in := edit(t, jsonMosaicDefinition, `"a coin"`, quoted)
				tx, err := Decode([]byte(in))
				requireSameVerdict(t, c.desc, err)
				if c.refused {
					require.Nil(t, tx)
					return
				}
				require.Equal(t, c.desc, tx.(*transaction.MosaicDefinitionCreation).Definition.Description)
				out, err := Encode(tx)
				require.NoError(t, err)
				again, err := Decode(out)
				require.NoError(t, err)
				require.Equal(t, tx, again)
			})
		}
	}
}

// descriptionCases are mosaic descriptions of white space and separators
// that NIS and Java judge differently from Unicode (see package
// transaction's descriptionCases), each with whether transaction.Check
// refuses it.
func descriptionCases() []struct {
	name, desc string
	refused    bool
} {
	var cases []struct {
		name, desc string
		refused    bool
	}
	for _, d := range []string{"\u001c", "\u001d", "\u001e", "\u001f", " \u001c\u001d \u001e\u001f ", "\u180e",
		"\u0085", "\u00a0", "\u2007", "\u202f", " \t\u00a0\t ", " ", "\u3000\u2028", "\u001c\u001fa"} {
		tx := testfix.Transactions()[6].(*transaction.MosaicDefinitionCreation)
		tx.Definition.Description = d
		cases = append(cases, struct {
			name, desc string
			refused    bool
		}{strconv.QuoteToASCII(d), d, transaction.Check(tx) != nil})
	}
	return cases
}

// requireSameVerdict: the JSON reader refuses desc exactly when
// transaction.Check does, for the same reason.
func requireSameVerdict(t *testing.T, desc string, err error) {
	t.Helper()
	tx := testfix.Transactions()[6].(*transaction.MosaicDefinitionCreation)
	tx.Definition.Description = desc
	want := transaction.Check(tx)
	if want == nil {
		require.NoError(t, err)
		return
	}
	require.ErrorIs(t, err, transaction.ErrInvalidField)
	require.ErrorContains(t, err, "mosaicDefinition.description: invalid field: empty or only white space")
}
