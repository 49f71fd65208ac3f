package coldwallet

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// pinnedPolicyDoc is a canonical policy pinning two mosaics: one with an
// absolute XEM levy, one without a levy.
const pinnedPolicyDoc = `{
  "version": 1,
  "networks": ["testnet"],
  "types": ["transfer"],
  "maxAmountPerTransaction": "1000",
  "window": {"period": "24h", "maxAmount": "5000", "maxCount": 20},
  "recipients": ["TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"],
  "mosaics": [
    {"id": "alice:coin", "levy": {"type": "absolute", "recipient": "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ", "mosaic": "nem:xem", "fee": "1000000"}, "maxQuantity": "5000"},
    {"id": "alice:gold", "levy": null, "maxQuantity": "20"}
  ],
  "maxDeadline": "6h"
}
`

// TestPolicyPinsDocument: pins are a canonical member: "levy" is always
// written (null for none), numbers are decimal strings in one spelling,
// and a pin that could not bound anything is refused when the policy is
// read, with the member named.
func TestPolicyPinsDocument(t *testing.T) {
	p, err := DecodePolicy([]byte(pinnedPolicyDoc))
	require.NoError(t, err)
	require.Len(t, p.Mosaics, 2)
	require.Nil(t, p.Mosaics[1].Levy)
	c, err := p.compile()
	require.NoError(t, err)
	collector, err := sign.ParseAddress("TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ")
	require.NoError(t, err)
	require.Equal(t, compiledMosaic{levy: &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: collector, MosaicID: transaction.XEMMosaic, Fee: 1_000_000}, max: 5000}, c.mosaics[levyCoin])
	out, err := p.MarshalJSON()
	require.NoError(t, err)
	again, err := DecodePolicy(out)
	require.NoError(t, err)
	require.Equal(t, p, again)

	edit := func(from, to string) string {
		require.Contains(t, pinnedPolicyDoc, from)
		return strings.Replace(pinnedPolicyDoc, from, to, 1)
	}
	for _, c := range []struct {
		name, doc, want string
	}{
		{"the levy member left out (no levy must be said)", edit(`"levy": null, `, ``), "mosaics[1].levy: not in canonical form: the member is missing"},
		{"a levy type in capitals", edit(`"absolute"`, `"Absolute"`), "mosaics[0].levy.type: want \"absolute\" or \"percentile\""},
		{"maxQuantity with a leading zero", edit(`"maxQuantity": "5000"`, `"maxQuantity": "05000"`), "mosaics[0].maxQuantity"},
		{"maxQuantity 0", edit(`"maxQuantity": "20"`, `"maxQuantity": "0"`), "mosaics[1].maxQuantity"},
		{"maxQuantity as a number", edit(`"maxQuantity": "20"`, `"maxQuantity": 20`), "mosaics[1].maxQuantity"},
		{"a levy fee above a Java long", edit(`"1000000"`, `"9223372036854775808"`), "mosaics[0].levy.fee"},
		{"a negative levy fee", edit(`"1000000"`, `"-1"`), "mosaics[0].levy.fee"},
		{"nem:xem pinned", edit(`"alice:gold"`, `"nem:xem"`), "mosaics[1].id: nem:xem is XEM"},
		{"a mosaic pinned twice", edit(`"alice:gold"`, `"alice:coin"`), "alice:coin is pinned twice"},
		{"a mosaic id in capitals", edit(`"alice:gold"`, `"alice:GOLD"`), "mosaics[1].id"},
		{"a bad levy recipient", edit(`"recipient": "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQZ"`, `"recipient": "TBNGF6EP4TXGVM7PRIHCCJ4XZM2V3E3DNLDZHMQA"`), "mosaics[0].levy.recipient"},
		{"allowMosaics true", edit(`"mosaics": [`, `"allowMosaics": true, "mosaics": [`), "allowMosaics is no longer accepted"},
		{"an unknown pin member", edit(`"maxQuantity": "20"`, `"maxQuantity": "20", "maxAmount": "1"`), "mosaics[1].maxAmount: unknown field"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodePolicy([]byte(c.doc))
			require.ErrorContains(t, err, c.want)
		})
	}
}

// TestRequestMosaicLines: the envelope carries one definition per mosaic
// moved, in order, and is version 2 exactly when it does; every other
// arrangement is refused with the line or the rule named.
func TestRequestMosaicLines(t *testing.T) {
	f := newFixture(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyPercentile, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 3}
	coinDef, goldDef := mosaicDef(t, levyCoin, levy), mosaicDef(t, levyGold, nil)
	req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{coinDef, goldDef},
		transaction.Mosaic{ID: levyCoin, Quantity: 1}, transaction.Mosaic{ID: levyGold, Quantity: 2})
	good, err := req.MarshalText()
	require.NoError(t, err)
	lines := strings.Split(string(good), "\n")
	require.Equal(t, "nemcustody-request v2", lines[0])
	coinB, err := coinDef.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, "mosaic: "+base64.StdEncoding.EncodeToString(coinB), lines[5], "after the note, before the items")
	back, _, err := ParseRequest(good)
	require.NoError(t, err)
	require.Equal(t, req.Mosaics, back.Mosaics)

	rewrite := func(edit func(ls []string) []string) []byte {
		ls := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
		ls = edit(ls[:len(ls)-1])
		ew := &envelopeWriter{}
		ew.b.WriteString(strings.Join(ls, "\n") + "\n")
		return ew.finish()
	}
	mainnetLevy := *levy
	mainnetLevy.Recipient = fixtureKey(t, "fixture customer").Address(sign.Mainnet)
	line := func(d transaction.MosaicDefinition) string {
		b, err := d.MarshalBinary()
		require.NoError(t, err)
		return "mosaic: " + base64.StdEncoding.EncodeToString(b)
	}
	xemDef := mosaicDef(t, transaction.XEMMosaic, nil)
	otherDef := mosaicDef(t, transaction.MosaicID{Namespace: "bob", Name: "points"}, nil)
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"the lines swapped", rewrite(func(ls []string) []string { ls[5], ls[6] = ls[6], ls[5]; return ls }), "mosaic 2: alice:coin must come after alice:gold"},
		{"a line twice", rewrite(func(ls []string) []string { ls[6] = ls[5]; return ls }), "mosaic 2: alice:coin must come after alice:coin"},
		{"one left out", rewrite(func(ls []string) []string { return append(ls[:6], ls[7:]...) }), "no definition of alice:gold"},
		{"a definition for a mosaic nothing moves", rewrite(func(ls []string) []string {
			return append(ls[:7], append([]string{line(otherDef)}, ls[7:]...)...)
		}), "no transfer of the request moves bob:points"},
		{"a definition of nem:xem", rewrite(func(ls []string) []string {
			return append(ls[:7], append([]string{line(xemDef)}, ls[7:]...)...)
		}), "nem:xem needs no definition"},
		{"a levy to a mainnet address", rewrite(func(ls []string) []string {
			d := coinDef
			d.Levy = &mainnetLevy
			ls[5] = line(d)
			return ls
		}), "wrong network"},
		{"not base64", rewrite(func(ls []string) []string { ls[5] = "mosaic: !!"; return ls }), "mosaic: not base64"},
		{"a truncated definition", rewrite(func(ls []string) []string { ls[5] = ls[5][:len(ls[5])-8]; return ls }), "mosaic: transaction"},
		{"version 1 with mosaic lines", rewrite(func(ls []string) []string { ls[0] = "nemcustody-request v1"; return ls }), "one with mosaic lines and no journal-head lines version 2, one with neither version 1"},
		{"a mosaic line after the items", rewrite(func(ls []string) []string {
			return append(append(append([]string{}, ls[:5]...), ls[7:]...), ls[5], ls[6])
		}), "unexpected \"mosaic\" here"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ParseRequest(c.in)
			require.ErrorIs(t, err, ErrEnvelope)
			require.ErrorContains(t, err, c.want)
		})
	}
}

// FuzzRequestMosaicLine: any bytes as the definition of a mosaic line, in
// a request whose transfer moves that mosaic: never a panic; what is
// accepted re-encodes byte for byte, and its definition is one the binary
// reader accepts on its own.
func FuzzRequestMosaicLine(f *testing.F) {
	fx := newFixture(f)
	def := mosaicDef(f, levyCoin, &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: fx.customer(f), MosaicID: transaction.XEMMosaic, Fee: 7})
	req := fx.mosaicRequest(f, transaction.XEM, []transaction.MosaicDefinition{def}, transaction.Mosaic{ID: levyCoin, Quantity: 1})
	good, err := req.MarshalText()
	require.NoError(f, err)
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	seed, err := def.MarshalBinary()
	require.NoError(f, err)
	f.Add(seed)
	f.Add(seed[:len(seed)-1])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		ls := append([]string{}, lines[:len(lines)-1]...)
		ls[5] = "mosaic: " + base64.StdEncoding.EncodeToString(b)
		ew := &envelopeWriter{}
		ew.b.WriteString(strings.Join(ls, "\n") + "\n")
		in := ew.finish()
		r, _, err := ParseRequest(in)
		if err != nil {
			return
		}
		again, err := r.MarshalText()
		require.NoError(t, err)
		require.Equal(t, in, again)
		d, err := transaction.ParseMosaicDefinition(b, sign.Testnet)
		require.NoError(t, err)
		require.Equal(t, r.Mosaics[0], *d)
	})
}

// TestLevyGolden: the request envelope of a mosaic transfer and the review
// of its levy, as files an auditor can read (testdata).
func TestLevyGolden(t *testing.T) {
	f := newFixture(t)
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer(t), MosaicID: transaction.XEMMosaic, Fee: 50_000 * uint64(transaction.XEM)}
	req := f.mosaicRequest(t, transaction.XEM, []transaction.MosaicDefinition{mosaicDef(t, levyCoin, levy)}, transaction.Mosaic{ID: levyCoin, Quantity: 1})
	b, err := req.MarshalText()
	require.NoError(t, err)
	golden(t, "request-mosaic.txt", b)
	_, id, err := ParseRequest(b)
	require.NoError(t, err)
	rv, err := NewReview(req, id, Registration{Plan: f.plan}, summary.Options{})
	require.NoError(t, err)
	golden(t, "review-levy.txt", []byte(rv.String()))
}
