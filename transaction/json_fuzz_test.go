package transaction

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// FuzzDecodeJSON feeds DecodeJSON and DecodeSignedJSON arbitrary input,
// seeded with the nemesis blocks' transaction objects, the Trezor fixtures,
// the binary vectors and random transactions in JSON form. Neither may
// panic, and whatever one accepts must survive the round trips:
// EncodeJSON → DecodeJSON gives the same value, its binary form parses
// back to it, and the same for the signed forms.
func FuzzDecodeJSON(f *testing.F) {
	for _, file := range []string{"testdata/nemesis-testnet.json", "testdata/nemesis-mijinnet.json"} {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		var block struct {
			Transactions []map[string]json.RawMessage `json:"transactions"`
		}
		require.NoError(f, json.Unmarshal(b, &block))
		for _, tx := range block.Transactions {
			delete(tx, "_propertyOrderArray")
			js, err := json.Marshal(tx)
			require.NoError(f, err)
			f.Add(js)
		}
	}
	tz := readTrezorCases(f)
	for _, c := range tz.Cases {
		js, err := json.Marshal(trezorToNIS(f, c.Input, tz.Account.PublicKey))
		require.NoError(f, err)
		f.Add(js)
	}
	for _, b := range binaryVectors(f) {
		tx, err := Parse(b)
		require.NoError(f, err)
		js, err := EncodeJSON(tx)
		require.NoError(f, err)
		f.Add(js)
	}
	for _, s := range []string{jsonTransferV1, jsonTransferV2, jsonModificationV1, jsonModificationV2, jsonWrapper, jsonNamespace, jsonMosaicDefinition} {
		f.Add([]byte(s))
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 40 {
		tx := randomTransaction(r, sign.Networks[r.IntN(3)])
		require.NoError(f, Canonicalize(tx))
		js, err := EncodeSignedJSON(randomSigned(r, tx))
		require.NoError(f, err)
		f.Add(js)
	}

	f.Fuzz(func(t *testing.T, b []byte) {
		if tx, err := DecodeJSON(b); err == nil {
			require.NoError(t, Check(tx))
			js, err := EncodeJSON(tx)
			require.NoError(t, err)
			back, err := DecodeJSON(js)
			require.NoError(t, err, "%s", js)
			require.Equal(t, tx, back)
			bin, err := tx.MarshalBinary()
			require.NoError(t, err)
			parsed, err := Parse(bin)
			require.NoError(t, err)
			require.Equal(t, tx, parsed)
		}
		if s, err := DecodeSignedJSON(b); err == nil {
			js, err := EncodeSignedJSON(s)
			require.NoError(t, err)
			back, err := DecodeSignedJSON(js)
			require.NoError(t, err, "%s", js)
			require.Equal(t, s, back)
			bin, err := AppendVerifiable(nil, s)
			require.NoError(t, err)
			parsed, err := ParseVerifiable(bin)
			require.NoError(t, err)
			require.Equal(t, s, parsed)
		}
	})
}
