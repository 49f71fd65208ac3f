package transaction

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
)

type symbolVector struct {
	SchemaName string          `json:"schema_name"`
	TestName   string          `json:"test_name"`
	Payload    string          `json:"payload"`
	Descriptor json.RawMessage `json:"descriptor"`
}

// TestSymbolLayouts reads all 54 serialization layouts of the Symbol
// repository's NEM vectors (verifiable form) and re-encodes each byte for
// byte. The vectors come from a generator with random field values (fees
// above 2^63, cross-network cosignatures, unsorted lists), so they are read
// in LayoutOnly mode; the strict parser must refuse each one, naming why.
func TestSymbolLayouts(t *testing.T) {
	var vs []symbolVector
	require.NoError(t, testvec.ReadJSON("testdata/symbol-transactions.json", &vs))
	require.Len(t, vs, 54)
	for _, v := range vs {
		t.Run(v.TestName, func(t *testing.T) {
			b, err := hex.DecodeString(v.Payload)
			require.NoError(t, err)
			s, err := ParseWithOptions(b, ParseOptions{Verifiable: true, LayoutOnly: true})
			require.NoError(t, err)
			out, err := AppendVerifiable(nil, s)
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(v.Payload), hex.EncodeToString(out))

			_, err = ParseVerifiable(b)
			require.ErrorIs(t, err, ErrInvalidField, "the strict parser refuses a fee above a Java long")
			require.ErrorContains(t, err, "fee")
		})
	}
}

// TestSymbolLayoutsOtherRules: with the fees set to a valid value, the
// strict checks find exactly the other generator artefacts: mosaic
// definitions whose creator is not the signer, mainnet cosignatures inside
// a testnet wrapper, and empty plain messages; the rest pass.
func TestSymbolLayoutsOtherRules(t *testing.T) {
	var vs []symbolVector
	require.NoError(t, testvec.ReadJSON("testdata/symbol-transactions.json", &vs))
	expect := map[string]error{
		"TransferTransactionV1_transfer_single_2":    ErrNonCanonical,
		"TransferTransactionV1_transfer_aggregate_2": ErrNonCanonical,
		"MultisigTransactionV1_multisig_aggregate_1": sign.ErrWrongNetwork,
	}
	for i := 1; i <= 5; i++ {
		expect["MosaicDefinitionTransactionV1_mosaic_definition_single_"+strconv.Itoa(i)] = ErrInvalidField
		expect["MosaicDefinitionTransactionV1_mosaic_definition_aggregate_"+strconv.Itoa(i)] = ErrInvalidField
	}
	passed := 0
	for _, v := range vs {
		b, err := hex.DecodeString(v.Payload)
		require.NoError(t, err)
		s, err := ParseWithOptions(b, ParseOptions{Verifiable: true, LayoutOnly: true})
		require.NoError(t, err)
		s.Tx.Common().Fee = 1
		if ms, ok := s.Tx.(*Multisig); ok {
			ms.Inner.Common().Fee = 1
			for i := range ms.Cosignatures {
				ms.Cosignatures[i].Cosignature.Fee = 1
			}
		}
		err = Check(s.Tx)
		if want, ok := expect[v.TestName]; ok {
			require.ErrorIs(t, err, want, v.TestName)
			continue
		}
		require.NoError(t, err, v.TestName)
		passed++
	}
	require.Equal(t, 54-13, passed)
}
