package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// TestColdWithdrawal runs the example and checks its output as NIS would:
// three announce payloads whose signatures verify, a conversion, a
// wrapper of a 250 XEM transfer, and a cosignature naming that wrapper's
// inner hash.
func TestColdWithdrawal(t *testing.T) {
	var out, log bytes.Buffer
	oldOut, oldErr := stdout, stderr
	t.Cleanup(func() { stdout, stderr = oldOut, oldErr })
	stdout, stderr = &out, &log

	require.NoError(t, run())
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 3, out.String())
	var txs []*transaction.Signed
	for _, l := range lines {
		s, err := nisjson.DecodeAnnouncement([]byte(l))
		require.NoError(t, err)
		require.NoError(t, transaction.VerifySigned(s))
		txs = append(txs, s)
	}
	conv, ok := txs[0].Tx.(*transaction.MultisigAggregateModification)
	require.True(t, ok)
	require.Len(t, conv.Modifications, 3)
	ms, ok := txs[1].Tx.(*transaction.Multisig)
	require.True(t, ok)
	require.Equal(t, 250*transaction.XEM, ms.Inner.(*transaction.Transfer).Amount)
	cs, ok := txs[2].Tx.(*transaction.MultisigSignature)
	require.True(t, ok)
	ih, err := transaction.InnerHash(ms)
	require.NoError(t, err)
	require.Equal(t, ih, cs.OtherHash)
	// NIS (the oracle's transliteration of its validators and observers)
	// accepts the conversion, then the wrapper with its one cosignature,
	// and would refuse the wrapper alone.
	chain := nisoracle.New(conv.Network)
	require.Equal(t, nisoracle.Success, chain.ValidateModification(conv))
	chain.ApplyModification(conv)
	require.Equal(t, nisoracle.Success, chain.ValidateWrapper(ms.Inner, ms.Signer, []sign.PublicKey{cs.Signer}))
	require.Equal(t, nisoracle.InvalidCosigners, chain.ValidateWrapper(ms.Inner, ms.Signer, nil))
	require.Contains(t, log.String(), "SIGNING REQUEST ")
}
