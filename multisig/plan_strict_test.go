package multisig

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodePlanStrict plays an insider with write access to the plan
// file, or whoever hands an auditor a plan: every document that could be
// read two ways (by a person, by encoding/json, by another JSON tool) is
// refused, with the path and the rule, and what is accepted is exactly
// the canonical document (issue 12, class 6).
func TestDecodePlanStrict(t *testing.T) {
	p := twoOfThree(t)
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	good := string(doc)
	back, err := DecodePlan(doc)
	require.NoError(t, err)
	require.Equal(t, p, back)
	edit := func(from, to string) string {
		require.Contains(t, good, from)
		return strings.Replace(good, from, to, 1)
	}
	cases := []struct {
		name string
		doc  string
		want string
	}{
		// encoding/json reads the last of two keys that differ only in
		// case: the auditor reads 2, the signer ran 3.
		{"threshold twice, in another case", edit(`"threshold": 2`, `"threshold": 2, "THRESHOLD": 3`),
			"multisig: plan document: THRESHOLD: duplicate key: the same key as an earlier one in another letter case"},
		{"threshold twice", edit(`"threshold": 2`, `"threshold": 2, "threshold": 3`), "multisig: plan document: threshold: duplicate key"},
		{"cosigners twice", edit(`"format"`, `"cosigners": [], "format"`), "multisig: plan document: cosigners: duplicate key"},
		{"a key in another case alone", edit(`"threshold": 2`, `"THRESHOLD": 2`),
			"multisig: plan document: THRESHOLD: unknown field: names are case-sensitive: did you mean threshold?"},
		{"a key spelled with an escape", edit(`"threshold"`, `"thres\u0068old"`), "multisig: plan document: threshold: not in canonical form: the key is escaped where it need not be"},
		// encoding/json reads invalid UTF-8 as U+FFFD, a printable label.
		{"invalid UTF-8 in a label", edit(`"vault A"`, "\"vault A\xff\""), "multisig: plan document: cosigners[1].label: not valid UTF-8"},
		{"invalid UTF-8 outside strings", edit(`"threshold": 2`, "\"threshold\": 2\xff"), "multisig: plan document: threshold: not valid UTF-8"},
		{"a lone surrogate escape", edit(`"vault A"`, `"vault A\udc00"`), "multisig: plan document: cosigners[1].label: not valid UTF-8: an escape of a lone UTF-16 surrogate"},
		{"trailing bracket", good + "]", "multisig: plan document: data after the JSON value"},
		{"a second document", good + good, "multisig: plan document: data after the JSON value"},
		{"deep nesting", edit(`"format"`, `"relaxations": `+strings.Repeat("[", 40)+strings.Repeat("]", 40)+`, "format"`),
			"multisig: plan document: relaxations[0][0][0][0][0][0][0]: nested too deeply: more than 8 levels"},
		// What encoding/json accepts and a canonical document does not.
		{"a reordered member", edit(`"format": "nemcustody-plan",`+"\n  "+`"version": 1,`, `"version": 1, "format": "nemcustody-plan",`),
			"multisig: plan document: version: not in canonical form: members are out of order: format comes first"},
		{"threshold moved last", strings.Replace(edit(`"threshold": 2,`, ``), "\n}", `, "threshold": 2}`, 1),
			"multisig: plan document: cosigners: not in canonical form: members are out of order: threshold comes first"},
		{"relaxations null", edit(`"format"`, `"relaxations": null, "format"`), "multisig: plan document: relaxations: not in canonical form"},
		{"an empty custodian written out", edit(`"role": "online"`, `"role": "online", "custodian": ""`), "multisig: plan document: cosigners[0].custodian: duplicate key"},
		{"relaxations at their default", strings.Replace(good, "\n}", `, "relaxations": {}}`, 1),
			"multisig: plan document: relaxations: not in canonical form: the member holds its default value and must be left out"},
		{"the network in capitals", edit(`"testnet"`, `"TESTNET"`), "multisig: plan document: network: not in canonical form: the value is not spelled in its canonical form"},
		{"an address in lower case", edit(p.Address().String(), strings.ToLower(p.Address().String())), "multisig: plan document: address"},
		{"a null threshold", edit(`"threshold": 2`, `"threshold": null`), "multisig: plan document: threshold: null is not allowed"},
		{"threshold 2.0", edit(`"threshold": 2`, `"threshold": 2.0`), "multisig: plan document: threshold: number does not fit: want an integer"},
		{"threshold 2e0", edit(`"threshold": 2`, `"threshold": 2e0`), "multisig: plan document: threshold: number does not fit: want an integer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodePlan([]byte(c.doc))
			require.Nil(t, got)
			require.ErrorContains(t, err, c.want)
		})
	}
}

// TestPlanCanonicalDocument: MarshalJSON writes the canonical document,
// white space is free, and the fingerprint is the SHA-256 of the compact
// form as any JSON tool computes it.
func TestPlanCanonicalDocument(t *testing.T) {
	p := twoOfThree(t)
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(doc), "\n}\n"), "one final newline")
	require.True(t, strings.HasPrefix(string(doc), "{\n  \"format\": \"nemcustody-plan\",\n  \"version\": 1,\n"))

	var compact, tabs bytes.Buffer
	require.NoError(t, json.Compact(&compact, doc))
	require.NoError(t, json.Indent(&tabs, compact.Bytes(), "\t", "\t\t"))
	sum := sha256.Sum256(compact.Bytes())
	require.Equal(t, hex.EncodeToString(sum[:]), p.Fingerprint())
	for name, b := range map[string][]byte{"compact": compact.Bytes(), "tabs": tabs.Bytes(), "CRLF": bytes.ReplaceAll(doc, []byte("\n"), []byte("\r\n"))} {
		got, err := DecodePlan(b)
		require.NoError(t, err, name)
		require.Equal(t, p, got, name)
		require.Equal(t, p.Fingerprint(), got.Fingerprint(), name)
	}

	other, err := NewPlan(p.Account, p.Network, append([]Cosigner{}, p.Cosigners...), 2, Relaxations{})
	require.NoError(t, err)
	other.Cosigners[1].Label = "vault A2"
	require.NotEqual(t, p.Fingerprint(), other.Fingerprint())
	require.Empty(t, (&Plan{}).Fingerprint(), "an invalid plan has no fingerprint")
	require.Empty(t, (*Plan)(nil).Fingerprint())
}

// TestPlanDocumentText: labels are written as they are, with only the
// escapes JSON requires; encoding/json's HTML escapes make a document that
// is not canonical.
func TestPlanDocumentText(t *testing.T) {
	p := twoOfThree(t)
	p.Cosigners[1].Label = `A&B <vault> "one" \ é`
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(doc), `"label": "A&B <vault> \"one\" \\ é"`)
	back, err := DecodePlan(doc)
	require.NoError(t, err)
	require.Equal(t, p, back)

	html, err := json.Marshal(p)
	require.NoError(t, err)
	require.Contains(t, string(html), `\u0026`)
	_, err = DecodePlan(html)
	require.ErrorContains(t, err, "multisig: plan document: cosigners[1].label: not in canonical form: the string is escaped where it need not be")
}

// TestCanonicalPlan: the canonical form of a document that breaks only
// the canonical rules; anything ambiguous is still refused.
func TestCanonicalPlan(t *testing.T) {
	p := twoOfThree(t)
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	reordered := strings.Replace(strings.Replace(string(doc), `"format": "nemcustody-plan",`, ``, 1), "\n}", `, "format": "nemcustody-plan"}`, 1)
	reordered = strings.Replace(reordered, p.Address().String(), strings.ToLower(p.Address().String()), 1)
	_, err = DecodePlan([]byte(reordered))
	require.ErrorContains(t, err, "not in canonical form")
	canon, err := CanonicalPlan([]byte(reordered))
	require.NoError(t, err)
	require.Equal(t, string(doc), string(canon))

	_, err = CanonicalPlan([]byte(strings.Replace(string(doc), `"threshold": 2`, `"threshold": 2, "Threshold": 1`, 1)))
	require.ErrorContains(t, err, "multisig: plan document: Threshold: duplicate key")
	_, err = CanonicalPlan([]byte(strings.Replace(string(doc), `"threshold": 2`, `"threshold": 1`, 1)))
	require.ErrorIs(t, err, ErrOnlineReachesThreshold)
}
