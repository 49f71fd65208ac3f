package coldwallet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// strictPolicyDoc is a canonical policy document, indented as people
// write it, with the kill switch on.
const strictPolicyDoc = `{
  "version": 1,
  "killSwitch": true,
  "networks": [
    "testnet"
  ],
  "types": [
    "transfer"
  ],
  "maxAmountPerTransaction": "1000",
  "window": {
    "period": "24h",
    "maxAmount": "5000",
    "maxCount": 20
  },
  "recipients": [
    "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"
  ],
  "maxDeadline": "6h"
}
`

// TestDecodePolicyStrict plays an insider with write access to the
// offline disk: a policy that a person and encoding/json (or another JSON
// tool) would read differently is refused, with the path and the rule,
// and what is accepted is exactly the canonical document (issue 12, class
// 6).
func TestDecodePolicyStrict(t *testing.T) {
	p, err := DecodePolicy([]byte(strictPolicyDoc))
	require.NoError(t, err)
	require.True(t, p.KillSwitch)
	require.Equal(t, []sign.Network{sign.Testnet}, p.Networks)
	edit := func(from, to string) string {
		require.Contains(t, strictPolicyDoc, from)
		return strings.Replace(strictPolicyDoc, from, to, 1)
	}
	cases := []struct {
		name string
		doc  string
		want string
	}{
		// encoding/json keeps the last of two equal keys: the auditor sees
		// the kill switch on, the signer runs with it off.
		{"a second killSwitch false", edit(`"killSwitch": true,`, `"killSwitch": true, "killSwitch": false,`),
			"coldwallet: policy: killSwitch: duplicate key"},
		{"killSwitch false in another case", edit(`"killSwitch": true,`, `"killSwitch": true, "KILLSWITCH": false,`),
			"coldwallet: policy: KILLSWITCH: duplicate key: the same key as an earlier one in another letter case"},
		{"KillSwitch alone", edit(`"killSwitch": true`, `"KillSwitch": true`),
			"coldwallet: policy: KillSwitch: unknown field: names are case-sensitive: did you mean killSwitch?"},
		{"a second allowlist", edit(`"maxDeadline"`, `"recipients": [], "maxDeadline"`), "coldwallet: policy: recipients: duplicate key"},
		{"a second cap", edit(`"maxAmountPerTransaction": "1000",`, `"maxAmountPerTransaction": "1000", "maxAmountPerTransaction": "9000000",`),
			"coldwallet: policy: maxAmountPerTransaction: duplicate key"},
		{"a second window count", edit(`"maxCount": 20`, `"maxCount": 20, "MaxCount": 2000`),
			"coldwallet: policy: window.MaxCount: duplicate key: the same key as an earlier one in another letter case"},
		{"invalid UTF-8", edit(`"transfer"`, "\"transfer\xff\""), "coldwallet: policy: types[0]: not valid UTF-8"},
		{"trailing data", strictPolicyDoc + "}", "coldwallet: policy: data after the JSON value"},
		{"deep nesting", edit(`"transfer"`, strings.Repeat("[", 40)+`"transfer"`+strings.Repeat("]", 40)),
			"coldwallet: policy: types[0][0][0][0][0][0][0]: nested too deeply: more than 8 levels"},
		{"a reordered member", edit(`"version": 1,
  "killSwitch": true,`, `"killSwitch": true, "version": 1,`),
			"coldwallet: policy: killSwitch: not in canonical form: members are out of order: version comes first"},
		{"the allowlist left out", edit(`"recipients": [
    "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"
  ],`, ``), "coldwallet: policy: recipients: not in canonical form: the member is missing"},
		{"a null allowlist", edit(`"recipients": [
    "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"
  ]`, `"recipients": null`), "coldwallet: policy: recipients: null is not allowed"},
		{"a null window", edit(`"window": {
    "period": "24h",
    "maxAmount": "5000",
    "maxCount": 20
  }`, `"window": null`), "coldwallet: policy: window: not in canonical form: the member holds its default value and must be left out"},
		{"a default written out", edit(`"maxDeadline": "6h"`, `"maxDeadline": "6h", "allowModifications": false`),
			"coldwallet: policy: allowModifications: not in canonical form: the member holds its default value and must be left out"},
		{"a recipient in lower case", edit(`"TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"`, `"tbngf6ep4txgvm7prihccj4xzm2v3e3dnldzhmqz"`),
			"coldwallet: policy: recipients[0]: not in canonical form: the value is not spelled in its canonical form"},
		{"the network in capitals", edit(`"testnet"`, `"Testnet"`), "coldwallet: policy: networks[0]: not in canonical form"},
		{"maxCount 20.0", edit(`"maxCount": 20`, `"maxCount": 20.0`), "coldwallet: policy: window.maxCount: number does not fit: want an integer"},
		{"an escaped string", edit(`"6h"`, `"\u0036h"`), "coldwallet: policy: maxDeadline: not in canonical form: the string is escaped where it need not be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodePolicy([]byte(c.doc))
			require.Nil(t, got)
			require.ErrorContains(t, err, c.want)
		})
	}
}

// TestPolicyCanonicalDocument: MarshalJSON writes the canonical document
// people edit, white space is free, and the fingerprint is the SHA-256 of
// the compact form as any JSON tool computes it.
func TestPolicyCanonicalDocument(t *testing.T) {
	p, err := DecodePolicy([]byte(strictPolicyDoc))
	require.NoError(t, err)
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, strictPolicyDoc, string(doc))

	var compact, tabs bytes.Buffer
	require.NoError(t, json.Compact(&compact, doc))
	require.NoError(t, json.Indent(&tabs, compact.Bytes(), "", "\t"))
	sum := sha256.Sum256(compact.Bytes())
	require.Equal(t, hex.EncodeToString(sum[:]), p.Fingerprint())
	for name, b := range map[string][]byte{"compact": compact.Bytes(), "tabs": tabs.Bytes()} {
		got, err := DecodePolicy(b)
		require.NoError(t, err, name)
		require.Equal(t, p, got, name)
		require.Equal(t, p.Fingerprint(), got.Fingerprint(), name)
	}
	off := *p
	off.KillSwitch = false
	require.NotEqual(t, p.Fingerprint(), off.Fingerprint())

	// The zero policy writes its lists as [], and reads back.
	zero, err := (&Policy{Version: PolicyVersion}).MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, "{\n  \"version\": 1,\n  \"networks\": [],\n  \"types\": [],\n  \"recipients\": []\n}\n", string(zero))
	_, err = DecodePolicy(zero)
	require.NoError(t, err)

	_, err = (&Policy{Version: 2}).MarshalJSON()
	require.ErrorContains(t, err, "coldwallet: policy: version 2 is not supported")
	require.Empty(t, (&Policy{Version: 2}).Fingerprint())
	require.Empty(t, (*Policy)(nil).Fingerprint())
	_, err = (*Policy)(nil).MarshalJSON()
	require.Error(t, err)
}

// TestCanonicalPolicy: the canonical form of a document that breaks only
// the canonical rules; anything ambiguous is still refused.
func TestCanonicalPolicy(t *testing.T) {
	messy := `{"maxDeadline":"6h","recipients":["tbngf6ep4txgvm7prihccj4xzm2v3e3dnldzhmqz"],"window":{"maxCount":20,"maxAmount":"5000","period":"24h"},
	  "maxAmountPerTransaction":"1000","types":["transfer"],"networks":["TESTNET"],"killSwitch":true,"version":1,"allowMosaics":false}`
	_, err := DecodePolicy([]byte(messy))
	require.ErrorContains(t, err, "not in canonical form")
	canon, err := CanonicalPolicy([]byte(messy))
	require.NoError(t, err)
	require.Equal(t, strictPolicyDoc, string(canon))

	_, err = CanonicalPolicy([]byte(strings.Replace(messy, `"killSwitch":true`, `"killSwitch":true,"killswitch":false`, 1)))
	require.ErrorContains(t, err, "coldwallet: policy: killswitch: duplicate key")
	_, err = CanonicalPolicy([]byte(strings.Replace(messy, `"transfer"`, `"transfers"`, 1)))
	require.ErrorContains(t, err, `coldwallet: policy: types: unknown type "transfers"`)
}
