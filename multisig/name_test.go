package multisig

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestCosignerNames: labels and custodians are printed in the offline
// review, so a name that could fake a line or a colour is refused, by
// NewPlan and by DecodePlan. Labels may be any script; custodians, which
// decide identity, are ASCII (see TestLookAlikeCustodians).
func TestCosignerNames(t *testing.T) {
	cases := []struct {
		name, label, custodian string
		problem                string // NameProblem of the bad one, or "" when accepted
	}{
		{"plain", "vault A", "site A", ""},
		{"unicode label", "Tresor Zürich 東京", "Zurich", ""},
		{"exactly 64 bytes", strings.Repeat("é", 32), strings.Repeat("a", 64), ""},
		{"custodian non-ASCII letters", "vault A", "東京", "has the non-ASCII character U+6771 at byte 0: custodian names are ASCII"},
		{"custodian accented letter", "vault A", "Zürich", "has the non-ASCII character U+00FC at byte 1: custodian names are ASCII"},
		{"label newline", "vault A\nthreshold: 1 of 3", "site A", "has a control or non-printing character"},
		{"label carriage return", "vault\rA", "site A", "has a control or non-printing character"},
		{"label ANSI escape", "\x1b[32mvault A", "site A", "has a control or non-printing character"},
		{"label line separator", "vault A\u2028site: B", "site A", "has a control or non-printing character"},
		{"label paragraph separator", "vault\u2029A", "site A", "has a control or non-printing character"},
		{"label bidi override", "vault \u202eA", "site A", "has a control or non-printing character"},
		{"label tab", "vault\tA", "site A", "has a control or non-printing character"},
		{"label no-break space", "vault\u00a0A", "site A", "has a control or non-printing character"},
		{"label zero-width space", "vault\u200bA", "site A", "has a control or non-printing character"},
		{"label too long", strings.Repeat("a", 65), "site A", "is longer than 64 bytes"},
		{"label invalid UTF-8", "vault \xff", "site A", "is not valid UTF-8"},
		{"label trailing space", "vault A ", "site A", "has leading or trailing white space"},
		{"custodian newline", "vault A", "site A\nsite B", "has the control character U+000A at byte 6"},
		{"custodian ANSI escape", "vault A", "site \x1b[0mA", "has the control character U+001B at byte 5"},
		{"custodian line separator", "vault A", "site A\u2028site: B", "has the non-ASCII character U+2028 at byte 6"},
		{"custodian bidi override", "vault A", "site \u202eA", "has the non-ASCII character U+202E at byte 5"},
		{"custodian leading space", "vault A", " site A", "has leading or trailing white space"},
		{"custodian too long", "vault A", strings.Repeat("a", 65), "is longer than 64 bytes"},
		{"custodian too long non-ASCII", "vault A", strings.Repeat("é", 33), "is longer than 64 bytes"},
		{"custodian invalid UTF-8", "vault A", "site \xff", "is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := []Cosigner{
				{PublicKey: pub(t, "hot"), Label: "server", Role: Online},
				{PublicKey: pub(t, "cold-a"), Label: c.label, Role: Offline, Custodian: c.custodian},
				{PublicKey: pub(t, "cold-b"), Label: "vault B", Role: Offline},
			}
			p, err := NewPlan(pub(t, "account"), sign.Testnet, cs, 2, Relaxations{})
			if c.problem == "" {
				require.NoError(t, err)
				b, err := p.MarshalJSON()
				require.NoError(t, err)
				back, err := DecodePlan(b)
				require.NoError(t, err)
				require.Equal(t, p, back)
				return
			}
			require.Nil(t, p)
			require.ErrorIs(t, err, ErrPlan)
			require.ErrorIs(t, err, ErrCosignerName)
			require.ErrorContains(t, err, "cosigner 2: ")
			require.ErrorContains(t, err, c.problem)
			require.NotContains(t, err.Error(), "\n")
			require.NotContains(t, err.Error(), "\x1b")
			if c.custodian != "site A" {
				requirePrintableASCII(t, err.Error())
			}

			if !utf8.ValidString(c.label + c.custodian) {
				return // encoding/json turns invalid UTF-8 into U+FFFD
			}
			// The same names in a plan document.
			good, err := NewPlan(pub(t, "account"), sign.Testnet, []Cosigner{cs[0], {PublicKey: cs[1].PublicKey, Label: "placeholder", Role: Offline, Custodian: "placeholder site"}, cs[2]}, 2, Relaxations{})
			require.NoError(t, err)
			doc, err := good.MarshalJSON()
			require.NoError(t, err)
			bad := strings.Replace(string(doc), `"placeholder"`, jsonString(t, c.label), 1)
			bad = strings.Replace(bad, `"placeholder site"`, jsonString(t, c.custodian), 1)
			_, err = DecodePlan([]byte(bad))
			require.ErrorIs(t, err, ErrCosignerName)
			require.ErrorContains(t, err, c.problem)
			require.ErrorContains(t, err, "cosigner 2: ")
		})
	}

	require.Equal(t, "is empty", NameProblem(""))
	require.Empty(t, NameProblem("vault A"))
}

func jsonString(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range []byte(s) {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteByte(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestCustodianSpellings: one custodian spelled two ways is still one
// custodian; the single-custodian invariant compares skeletons
// (CustodianKey), and the error names every spelling.
func TestCustodianSpellings(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want error
		msg  string
	}{
		{"same spelling", "Vault A", "Vault A", ErrCustodianReachesThreshold, `custodian "Vault A" holds 2 key(s) and 2 are needed`},
		{"other case", "Vault A", "vault a", ErrCustodianReachesThreshold, `custodian "Vault A" (also written "vault a") holds 2 key(s) and 2 are needed`},
		{"upper case", "site b", "SITE B", ErrCustodianReachesThreshold, `custodian "site b" (also written "SITE B") holds 2 key(s) and 2 are needed`},
		{"double space", "Vault A", "vault  a", ErrCustodianReachesThreshold, `custodian "Vault A" (also written "vault  a") holds 2 key(s) and 2 are needed`},
		{"non-ASCII refused", "Zurich", "ZÜRICH", ErrCosignerName, "cosigner 3: the custodian has the non-ASCII character U+00DC at byte 1"},
		{"trailing space refused", "Vault A", "vault a ", ErrCosignerName, "cosigner 3: the custodian has leading or trailing white space"},
		{"different custodians", "Vault A", "Vault B", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := []Cosigner{
				{PublicKey: pub(t, "hot"), Label: "server", Role: Online, Custodian: "datacenter"},
				{PublicKey: pub(t, "cold-a"), Label: "vault 1", Role: Offline, Custodian: c.a},
				{PublicKey: pub(t, "cold-b"), Label: "vault 2", Role: Offline, Custodian: c.b},
			}
			p, err := NewPlan(pub(t, "account"), sign.Testnet, cs, 2, Relaxations{})
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.Nil(t, p)
			require.ErrorIs(t, err, c.want)
			require.ErrorContains(t, err, c.msg)
			if c.want == ErrCustodianReachesThreshold {
				_, err = NewPlan(pub(t, "account"), sign.Testnet, cs, 2, Relaxations{AllowSingleCustodian: true})
				require.NoError(t, err, "the relaxation still applies")
			}
		})
	}
}
