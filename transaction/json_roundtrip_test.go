package transaction

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestRandomRoundTrips builds 6000 random valid transactions of every type
// and version on the three networks (randomTransaction) and checks, for
// each: Canonicalize then Check accept it; EncodeJSON → DecodeJSON gives
// the same value and re-encodes to the same JSON; MarshalBinary → Parse
// gives the same value; with a random signature (and, for a wrapper,
// random cosignatures of its inner transaction) EncodeSignedJSON →
// DecodeSignedJSON and AppendVerifiable → ParseVerifiable give the same
// value; and both JSON forms describe the same transaction.
func TestRandomRoundTrips(t *testing.T) {
	const n = 6000
	r := rand.New(rand.NewPCG(20240601, 1))
	counts := map[string]int{}
	for i := range n {
		net := sign.Networks[r.IntN(len(sign.Networks))]
		tx := randomTransaction(r, net)
		require.NoError(t, Canonicalize(tx), "case %d", i)
		require.NoError(t, Check(tx), "case %d", i)
		count(counts, "", tx)
		if ms, ok := tx.(*Multisig); ok {
			count(counts, "inner ", ms.Inner)
		}

		js, err := EncodeJSON(tx)
		require.NoError(t, err, "case %d", i)
		back, err := DecodeJSON(js)
		require.NoError(t, err, "case %d: %s", i, js)
		require.Equal(t, tx, back, "case %d: JSON round trip", i)
		again, err := EncodeJSON(back)
		require.NoError(t, err)
		require.Equal(t, string(js), string(again), "case %d: deterministic JSON", i)

		bin, err := tx.MarshalBinary()
		require.NoError(t, err)
		parsed, err := Parse(bin)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, tx, parsed, "case %d: binary round trip", i)

		s := randomSigned(r, tx)
		sjs, err := EncodeSignedJSON(s)
		require.NoError(t, err)
		sback, err := DecodeSignedJSON(sjs)
		require.NoError(t, err, "case %d: %s", i, sjs)
		require.Equal(t, s, sback, "case %d: signed JSON round trip", i)
		vbin, err := AppendVerifiable(nil, s)
		require.NoError(t, err)
		vparsed, err := ParseVerifiable(vbin)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, s, vparsed, "case %d: verifiable binary round trip", i)

		unsigned, err := DecodeJSON(sjs)
		require.NoError(t, err, "case %d: DecodeJSON ignores the signatures", i)
		require.Equal(t, tx, unsigned)
		if ms, ok := s.Tx.(*Multisig); ok {
			counts[fmt.Sprintf("cosignatures %d", len(ms.Cosignatures))]++
		}
	}
	t.Log(counts)
	for _, typ := range []Type{TypeTransfer, TypeImportanceTransfer, TypeMultisigAggregateModification,
		TypeMultisigSignature, TypeMultisig, TypeProvisionNamespace, TypeMosaicDefinitionCreation, TypeMosaicSupplyChange} {
		for v := uint32(1); v <= typ.maxVersion(); v++ {
			require.Positive(t, counts[fmt.Sprintf("%s v%d", typ, v)], "%s v%d", typ, v)
			if typ.Wrappable() {
				require.Positive(t, counts[fmt.Sprintf("inner %s v%d", typ, v)], "inner %s v%d", typ, v)
			}
		}
	}
	for _, k := range []string{"message", "no message", "mosaics", "min cosignatories", "min cosignatories nil", "levy", "no levy", "root namespace", "sub-namespace", "cosignatures 0", "cosignatures 3"} {
		require.Positive(t, counts[k], k)
	}
	require.Equal(t, n, counts["total"])
}

// count records the type, version and shape of tx.
func count(counts map[string]int, prefix string, tx Transaction) {
	if prefix == "" {
		counts["total"]++
	}
	counts[fmt.Sprintf("%s%s v%d", prefix, tx.Type(), tx.Common().Version)]++
	switch t := tx.(type) {
	case *Transfer:
		if t.Message != nil {
			counts["message"]++
		} else {
			counts["no message"]++
		}
		if len(t.Mosaics) > 0 {
			counts["mosaics"]++
		}
	case *MultisigAggregateModification:
		if t.Version == 2 && t.MinCosignatories != nil {
			counts["min cosignatories"]++
		} else if t.Version == 2 {
			counts["min cosignatories nil"]++
		}
	case *MosaicDefinitionCreation:
		if t.Definition.Levy != nil {
			counts["levy"]++
		} else {
			counts["no levy"]++
		}
	case *ProvisionNamespace:
		if t.Parent == "" {
			counts["root namespace"]++
		} else {
			counts["sub-namespace"]++
		}
	}
}
