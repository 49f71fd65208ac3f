package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestCombineMissingWrapper: cosignatures whose wrapper is neither
// presigned nor an item of the request can never be announced (NIS
// accepts a cosignature only while its wrapper is in the pool): Combine
// says so, naming the inner transaction and the items, instead of
// returning nothing to announce and no missing item.
func TestCombineMissingWrapper(t *testing.T) {
	f := newFixture(t)
	w1 := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	w2 := f.withdrawal(t, 7*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w1, w2)
	id, err := req.ID()
	require.NoError(t, err)
	resp := respond(t, req, f.coldA)
	ih1, err := transaction.InnerHash(w1.Tx.(*transaction.Multisig))
	require.NoError(t, err)
	ih2, err := transaction.InnerHash(w2.Tx.(*transaction.Multisig))
	require.NoError(t, err)

	for _, tc := range []struct {
		name      string
		responses []*Response
		presigned []*transaction.Signed
		want      string
	}{
		{"no wrapper at all, signed", []*Response{resp}, nil,
			"coldwallet: missing input: no signed wrapper of inner transaction " + ih1.String() + " (cosigned by item(s) 1), inner transaction " + ih2.String() + " (cosigned by item(s) 2): pass each wrapper its initiator signed in presigned"},
		{"no wrapper, nothing signed yet", nil, nil,
			"coldwallet: missing input: no signed wrapper of inner transaction " + ih1.String() + " (cosigned by item(s) 1), inner transaction " + ih2.String() + " (cosigned by item(s) 2): pass each wrapper its initiator signed in presigned"},
		{"one of two wrappers", []*Response{resp}, []*transaction.Signed{w2},
			"coldwallet: missing input: no signed wrapper of inner transaction " + ih1.String() + " (cosigned by item(s) 1): pass each wrapper its initiator signed in presigned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Combine(f.plan, req, id, tc.responses, tc.presigned)
			require.ErrorIs(t, err, multisig.ErrMissing)
			require.EqualError(t, err, tc.want)
			require.Nil(t, c)
		})
	}

	c, err := Combine(f.plan, req, id, []*Response{resp}, []*transaction.Signed{w2, w1})
	require.NoError(t, err, "both wrappers, in any order")
	require.True(t, c.Complete)
	require.Len(t, c.Announce, 4)
}
