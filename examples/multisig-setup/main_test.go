package main

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// TestMultisigSetup runs the example: the plan it prints decodes and
// validates, and the conversion it prints is what NIS accepts and makes
// the account a 2-of-3 of the plan's cosigners.
func TestMultisigSetup(t *testing.T) {
	var out bytes.Buffer
	oldOut, oldErr := stdout, stderr
	t.Cleanup(func() { stdout, stderr = oldOut, oldErr })
	stdout, stderr = &out, &out

	require.NoError(t, run())
	s := out.String()
	start := strings.Index(s, "{\n")
	end := strings.Index(s, "\n}\n") + 3
	plan, err := multisig.DecodePlan([]byte(s[start:end]))
	require.NoError(t, err)
	require.Contains(t, s, "# its fingerprint: "+plan.Fingerprint())
	var data string
	for _, line := range strings.Split(s, "\n") {
		if a, ok := strings.CutPrefix(line, "announce: "); ok {
			ann, err := nisjson.DecodeAnnouncement([]byte(a))
			require.NoError(t, err)
			require.NoError(t, transaction.VerifySigned(ann))
			b, err := ann.Tx.MarshalBinary()
			require.NoError(t, err)
			data = hex.EncodeToString(b)
			conv, ok := ann.Tx.(*transaction.MultisigAggregateModification)
			require.True(t, ok)
			require.Equal(t, plan.Account, conv.Signer)
			chain := nisoracle.New(plan.Network)
			require.Equal(t, nisoracle.Success, chain.ValidateModification(conv))
			chain.ApplyModification(conv)
			cos, min := chain.Cosignatories(plan.Account)
			require.Len(t, cos, 3)
			require.Equal(t, 2, min)
		}
	}
	require.NotEmpty(t, data, "the conversion's announce line")
}
