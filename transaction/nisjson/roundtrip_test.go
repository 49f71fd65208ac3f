package nisjson

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestRandomRoundTrips builds 6000 random valid transactions of every type
// and version on the three networks (randomTransaction) and checks, for
// each: Canonicalize then Check accept it; Encode → Decode gives
// the same value and re-encodes to the same JSON; MarshalBinary → Parse
// gives the same value; with a random signature (and, for a wrapper,
// random cosignatures of its inner transaction) EncodeSigned →
// DecodeSigned and AppendVerifiable → ParseVerifiable give the same
// value; and both JSON forms describe the same transaction.
func TestRandomRoundTrips(t *testing.T) {
	n := 6000
	if raceEnabled { // CI runs all 6,000 without the race detector
		n = 1500
	}
	r := rand.New(rand.NewPCG(20240601, 1))
	counts := map[string]int{}
	for i := range n {
		net := sign.Networks[r.IntN(len(sign.Networks))]
		tx := testfix.RandomTransaction(r, net)
		require.NoError(t, transaction.Canonicalize(tx), "case %d", i)
		require.NoError(t, transaction.Check(tx), "case %d", i)
		count(counts, "", tx)
		if ms, ok := tx.(*transaction.Multisig); ok {
			count(counts, "inner ", ms.Inner)
		}

		js, err := Encode(tx)
		require.NoError(t, err, "case %d", i)
		back, err := Decode(js)
		require.NoError(t, err, "case %d: %s", i, js)
		require.Equal(t, tx, back, "case %d: JSON round trip", i)
		again, err := Encode(back)
		require.NoError(t, err)
		require.Equal(t, string(js), string(again), "case %d: deterministic JSON", i)

		bin, err := tx.MarshalBinary()
		require.NoError(t, err)
		parsed, err := transaction.Parse(bin)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, tx, parsed, "case %d: binary round trip", i)

		s := testfix.RandomSigned(r, tx)
		sjs, err := EncodeSigned(s)
		require.NoError(t, err)
		sback, err := DecodeSigned(sjs)
		require.NoError(t, err, "case %d: %s", i, sjs)
		require.Equal(t, s, sback, "case %d: signed JSON round trip", i)
		vbin, err := transaction.AppendVerifiable(nil, s)
		require.NoError(t, err)
		vparsed, err := transaction.ParseVerifiable(vbin)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, s, vparsed, "case %d: verifiable binary round trip", i)

		unsigned, err := Decode(sjs)
		require.NoError(t, err, "case %d: Decode ignores the signatures", i)
		require.Equal(t, tx, unsigned)
		if ms, ok := s.Tx.(*transaction.Multisig); ok {
			counts[fmt.Sprintf("cosignatures %d", len(ms.Cosignatures))]++
		}
	}
	t.Log(counts)
	for _, typ := range []transaction.Type{transaction.TypeTransfer, transaction.TypeImportanceTransfer, transaction.TypeMultisigAggregateModification,
		transaction.TypeMultisigSignature, transaction.TypeMultisig, transaction.TypeProvisionNamespace, transaction.TypeMosaicDefinitionCreation, transaction.TypeMosaicSupplyChange} {
		for v := uint32(1); v <= nisform.MaxVersion(uint32(typ)); v++ {
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
func count(counts map[string]int, prefix string, tx transaction.Transaction) {
	if prefix == "" {
		counts["total"]++
	}
	counts[fmt.Sprintf("%s%s v%d", prefix, tx.Type(), tx.Common().Version)]++
	switch t := tx.(type) {
	case *transaction.Transfer:
		if t.Message != nil {
			counts["message"]++
		} else {
			counts["no message"]++
		}
		if len(t.Mosaics) > 0 {
			counts["mosaics"]++
		}
	case *transaction.MultisigAggregateModification:
		if t.Version == 2 && t.MinCosignatories != nil {
			counts["min cosignatories"]++
		} else if t.Version == 2 {
			counts["min cosignatories nil"]++
		}
	case *transaction.MosaicDefinitionCreation:
		if t.Definition.Levy != nil {
			counts["levy"]++
		} else {
			counts["no levy"]++
		}
	case *transaction.ProvisionNamespace:
		if t.Parent == "" {
			counts["root namespace"]++
		} else {
			counts["sub-namespace"]++
		}
	}
}
