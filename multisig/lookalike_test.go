package multisig

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestLookAlikeCustodians plays an insider who writes the plan: one site
// gets a second key under a custodian name that reads as another site's,
// or a reviewer reads as the same site while the plan counts it apart.
// Every look-alike of "Site A" must either be refused (non-ASCII) or be
// counted as "Site A" (ASCII look-alikes), so that one site never holds
// M keys. The plan is built directly and read from a plan document.
func TestLookAlikeCustodians(t *testing.T) {
	cases := []struct {
		name    string
		variant string
		want    error
		reason  string // for ErrCosignerName: what the error must name
	}{
		{"same name", "Site A", ErrCustodianReachesThreshold, ""},
		{"Cyrillic capital DZE for S", "\u0405ite A", ErrCosignerName, "non-ASCII character U+0405 at byte 0"},
		{"Cyrillic capital A for A", "Site \u0410", ErrCosignerName, "non-ASCII character U+0410 at byte 5"},
		{"Cyrillic small i for i", "S\u0456te A", ErrCosignerName, "non-ASCII character U+0456 at byte 1"},
		{"Greek capital alpha for A", "Site \u0391", ErrCosignerName, "non-ASCII character U+0391 at byte 5"},
		{"fullwidth S", "\uff33ite A", ErrCosignerName, "non-ASCII character U+FF33 at byte 0"},
		{"fullwidth space", "Site\u3000A", ErrCosignerName, "non-ASCII character U+3000 at byte 4"},
		{"combining acute accent", "Site A\u0301", ErrCosignerName, "non-ASCII character U+0301 at byte 6"},
		{"combining dot below", "Si\u0323te A", ErrCosignerName, "non-ASCII character U+0323 at byte 2"},
		{"precomposed A acute", "Site \u00c1", ErrCosignerName, "non-ASCII character U+00C1 at byte 5"},
		{"zero-width joiner", "Si\u200dte A", ErrCosignerName, "non-ASCII character U+200D at byte 2"},
		{"zero-width space", "Site\u200b A", ErrCosignerName, "non-ASCII character U+200B at byte 4"},
		{"no-break space", "Site\u00a0A", ErrCosignerName, "non-ASCII character U+00A0 at byte 4"},
		{"mathematical bold S", "\U0001d412ite A", ErrCosignerName, "non-ASCII character U+1D412 at byte 0"},
		{"digit one for i", "S1te A", ErrCustodianReachesThreshold, ""},
		{"small L for i", "Slte A", ErrCustodianReachesThreshold, ""},
		{"capital I for i", "SIte A", ErrCustodianReachesThreshold, ""},
		{"all capitals", "SITE A", ErrCustodianReachesThreshold, ""},
		{"hyphen for space", "Site-A", ErrCustodianReachesThreshold, ""},
		{"underscore for space", "site_a", ErrCustodianReachesThreshold, ""},
		{"dot for space", "SITE.A", ErrCustodianReachesThreshold, ""},
		{"two spaces", "Site  A", ErrCustodianReachesThreshold, ""},
		{"punctuation run", "Site - A", ErrCustodianReachesThreshold, ""},
		{"trailing full stop", "Site A.", ErrCustodianReachesThreshold, ""},
		{"parentheses", "(Site A)", ErrCustodianReachesThreshold, ""},
		{"vertical line for i", "S|te A", ErrCosignerName, "has the character '|' at byte 1"},
		{"another site", "Site B", nil, ""},
		{"digit five is not S", "5ite A", nil, ""},
		{"no separator", "SiteA", ErrCustodianReachesThreshold, ""},
		{"separators inside a word", "S-i-t-e A", ErrCustodianReachesThreshold, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := []Cosigner{
				{PublicKey: pub(t, "hot"), Label: "withdrawal server", Role: Online, Custodian: "datacenter"},
				{PublicKey: pub(t, "cold-a"), Label: "vault A", Role: Offline, Custodian: "Site A"},
				{PublicKey: pub(t, "cold-b"), Label: "vault B", Role: Offline, Custodian: c.variant},
			}
			check := func(t *testing.T, err error) {
				t.Helper()
				if c.want == nil {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, ErrPlan)
				require.ErrorIs(t, err, c.want)
				require.ErrorContains(t, err, c.reason)
				requirePrintableASCII(t, err.Error())
				if c.want == ErrCosignerName {
					require.ErrorContains(t, err, "cosigner 3: the custodian has")
				}
			}
			_, err := NewPlan(pub(t, "account"), sign.Testnet, cs, 2, Relaxations{})
			check(t, err)

			// The same plan as a document, as an earlier version would
			// have written it.
			good, err := NewPlan(pub(t, "account"), sign.Testnet, []Cosigner{cs[0], cs[1], {PublicKey: cs[2].PublicKey, Label: "vault B", Role: Offline, Custodian: "placeholder"}}, 2, Relaxations{})
			require.NoError(t, err)
			doc, err := good.MarshalJSON()
			require.NoError(t, err)
			quoted, err := json.Marshal(c.variant)
			require.NoError(t, err)
			_, err = DecodePlan([]byte(strings.Replace(string(doc), `"placeholder"`, string(quoted), 1)))
			check(t, err)
		})
	}
}

// TestLookAlikeSiteHoldsThreshold: a 3-of-5 plan in which three keys sit at
// one site under three ASCII spellings that read alike is refused, and
// names every spelling; the relaxation still applies.
func TestLookAlikeSiteHoldsThreshold(t *testing.T) {
	cs := []Cosigner{
		{PublicKey: pub(t, "hot"), Label: "withdrawal server", Role: Online, Custodian: "datacenter"},
		{PublicKey: pub(t, "cold-a"), Label: "vault A", Role: Offline, Custodian: "Site A"},
		{PublicKey: pub(t, "cold-b"), Label: "vault B", Role: Offline, Custodian: "S1te A"},
		{PublicKey: pub(t, "cold-c"), Label: "vault C", Role: Offline, Custodian: "Slte A"},
		{PublicKey: pub(t, "cold-d"), Label: "vault D", Role: Offline, Custodian: "Site B"},
	}
	_, err := NewPlan(pub(t, "account"), sign.Testnet, cs, 3, Relaxations{})
	require.ErrorIs(t, err, ErrCustodianReachesThreshold)
	require.EqualError(t, err, `multisig: invalid custody plan: one custodian or site alone reaches the threshold: custodian "Site A" (also written "S1te A", "Slte A") holds 3 key(s) and 3 are needed`)
	_, err = NewPlan(pub(t, "account"), sign.Testnet, cs, 3, Relaxations{AllowSingleCustodian: true})
	require.NoError(t, err)
	_, err = NewPlan(pub(t, "account"), sign.Testnet, cs, 4, Relaxations{})
	require.NoError(t, err, "three keys at one site are fine when four are needed")
}

// requirePrintableASCII: an error never carries an invisible or non-ASCII
// character from its input.
func requirePrintableASCII(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		require.True(t, s[i] >= ' ' && s[i] < 0x7f, "byte %d of %q is not printable ASCII", i, s)
	}
}
