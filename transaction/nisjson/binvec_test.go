package nisjson

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// binaryVectors returns the non-verifiable transaction bytes of the
// Trezor chain vectors (24, plus the 5 inner transactions of the multisig
// cases) and of the nem-php serialization vectors (16), by name.
func binaryVectors(t testing.TB) map[string][]byte {
	t.Helper()
	var chain struct {
		Cases []struct {
			Name  string `json:"name"`
			Data  string `json:"data_hex_computed"`
			Inner string `json:"inner_transaction_data_hex_computed"`
		} `json:"cases"`
	}
	require.NoError(t, readJSONFile("../testdata/nem-chain-tx.json", &chain))
	require.Len(t, chain.Cases, 24)
	var php struct {
		Transactions []struct {
			ID   string `json:"id"`
			Data string `json:"expected_data_hex"`
		} `json:"transactions"`
	}
	require.NoError(t, readJSONFile("../testdata/nem-php-serialize.json", &php))
	require.Len(t, php.Transactions, 16)

	out := map[string][]byte{}
	add := func(name, h string) {
		b, err := hex.DecodeString(h)
		require.NoError(t, err, name)
		out[name] = b
	}
	for _, c := range chain.Cases {
		add("chain/"+c.Name, c.Data)
		if c.Inner != "" {
			add("chain/"+c.Name+"/inner", c.Inner)
		}
	}
	for _, c := range php.Transactions {
		add("php/"+c.ID, c.Data)
	}
	return out
}

// TestJSONOfBinaryVectors: every transaction of the Trezor chain vectors
// and the nem-php vectors (45 in all, every type) parses strictly, and its
// JSON form decodes to the same transaction with the same bytes.
func TestJSONOfBinaryVectors(t *testing.T) {
	vs := binaryVectors(t)
	require.Len(t, vs, 24+5+16)
	types := map[transaction.Type]int{}
	for name, b := range vs {
		tx, err := transaction.Parse(b)
		require.NoError(t, err, name)
		types[tx.Type()]++
		js, err := Encode(tx)
		require.NoError(t, err, name)
		back, err := Decode(js)
		require.NoError(t, err, "%s: %s", name, js)
		require.Equal(t, tx, back, name)
		out, err := back.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, b, out, name)
	}
	for _, typ := range []transaction.Type{transaction.TypeTransfer, transaction.TypeImportanceTransfer, transaction.TypeMultisigAggregateModification,
		transaction.TypeMultisigSignature, transaction.TypeMultisig, transaction.TypeProvisionNamespace, transaction.TypeMosaicDefinitionCreation, transaction.TypeMosaicSupplyChange} {
		require.Positive(t, types[typ], typ.String())
	}
}

// readJSONFile reads a vector file, ignoring the keys the test does not
// use.
func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
