package nis

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestChainHeight: the node's last block, which grows with every block,
// empty or not, and is 1 on a new node (the nemesis block).
func TestChainHeight(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	h, err := c.client.ChainHeight(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), h)

	p := c.withdraw(5_000_000, "alice", t0)
	_, err = c.client.Announce(ctx, ann(t, p.wrapper))
	require.NoError(t, err)
	_, err = c.client.Announce(ctx, ann(t, p.coldA))
	require.NoError(t, err)
	require.Equal(t, 1, c.node.Harvest())
	require.NoError(t, c.node.AddBlock())
	require.NoError(t, c.node.AddBlock())
	h, err = c.client.ChainHeight(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(4), h, "one block with the payout, two empty ones")
	require.Zero(t, c.node.Harvest(), "nothing to include: no block")
	h, err = c.client.ChainHeight(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(4), h)
}

// TestChainHeightAnswers: what a node may answer instead of BlockHeight.
func TestChainHeightAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       uint64
	}{
		{"ok", `{"height":1234567}`, 1234567},
		{"the largest height", `{"height":9223372036854775807}`, 9223372036854775807},
		{"no height", `{}`, 0},
		{"null", `{"height":null}`, 0},
		{"zero", `{"height":0}`, 0},
		{"negative", `{"height":-5}`, 0},
		{"a string", `{"height":"5"}`, 0},
		{"a fraction", `{"height":5.5}`, 0},
		{"beyond a long", `{"height":9223372036854775808}`, 0},
		{"unknown member", `{"height":5,"x":1}`, 0},
		{"duplicate member", `{"height":5,"HEIGHT":6}`, 0},
		{"not JSON", `<html></html>`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := answer(t, 200, tc.body)
			h, err := c.ChainHeight(context.Background())
			if tc.want == 0 {
				require.ErrorIs(t, err, ErrBadResponse)
				require.Zero(t, h)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, h)
		})
	}
}
