package transaction

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
)

// TestNemesisBlocks parses every transaction of the mainnet, testnet and
// mijin nemesis blocks strictly (verifiable form), re-encodes it byte for
// byte, verifies its signature and checks its hash against the flattened
// copy of the same blocks.
func TestNemesisBlocks(t *testing.T) {
	flat, err := testvec.ReadNemesis("testdata/nemesis-transactions.json.gz")
	require.NoError(t, err)
	want := map[string]struct {
		net                sign.Network
		total, mods, trans int
	}{
		"nemesis.bin":          {sign.Mainnet, 1353, 6, 1347},
		"nemesis-testnet.bin":  {sign.Testnet, 20, 0, 20},
		"nemesis-mijinnet.bin": {sign.Mijin, 10, 0, 10},
	}
	total := 0
	for file, w := range want {
		net, txs := nemesisBlock(t, "testdata/"+file)
		require.Equal(t, w.net, net, file)
		require.Len(t, txs, w.total, file)
		fl := flat.Blocks[file].Transactions
		require.Len(t, fl, w.total)
		counts := map[Type]int{}
		for i, raw := range txs {
			s, err := ParseVerifiable(raw)
			require.NoError(t, err, "%s tx %d", file, i)
			require.Equal(t, net, s.Tx.Common().Network)
			counts[s.Tx.Type()]++
			out, err := AppendVerifiable(nil, s)
			require.NoError(t, err)
			require.Equal(t, raw, out, "%s tx %d re-encodes", file, i)
			require.NoError(t, VerifySigned(s), "%s tx %d signature", file, i)
			h, err := HashOf(s.Tx)
			require.NoError(t, err)
			require.Equal(t, fl[i].Hash, h.String(), "%s tx %d hash", file, i)
			data, err := s.Tx.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, fl[i].DataHex, hex.EncodeToString(data))
			require.Equal(t, fl[i].Signature, s.Signature.String())

			back, err := Parse(data)
			require.NoError(t, err, "non-verifiable form parses too")
			require.Equal(t, s.Tx, back)
			total++
		}
		require.Equal(t, w.mods, counts[TypeMultisigAggregateModification], file)
		require.Equal(t, w.trans, counts[TypeTransfer], file)
	}
	require.Equal(t, 1383, total)
}

// nemesisBlock reads a NIS block file (testvec.ReadBlock).
func nemesisBlock(t *testing.T, path string) (sign.Network, [][]byte) {
	t.Helper()
	net, txs, err := testvec.ReadBlock(path)
	require.NoError(t, err)
	return sign.Network(net), txs
}
