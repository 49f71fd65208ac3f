package payout

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAnnounceAfterACrashMidway: a process announced every wrapper of a
// 40-withdrawal batch and died before the cosignatures. Announcing again,
// the node answers NEUTRAL to each wrapper and lists only 25 of them (all
// NIS lists of an account's pool), so package nis cannot confirm the
// others and does not send their cosignatures: the queue sends them itself
// (SUCCESS proves the wrapper is in the pool), and every withdrawal is
// announced and confirmed, none expired or built again.
func TestAnnounceAfterACrashMidway(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	vault := c.newVault(t, c.vaultA)
	for _, w := range withdrawals(t, 40) {
		_, err := q.Submit(ctx, w)
		require.NoError(t, err)
	}
	b, err := q.Build(ctx, 0)
	require.NoError(t, err)
	require.Len(t, b.Withdrawals, 40)
	_, err = q.Receive(ctx, vault.sign(b.Request))
	require.NoError(t, err)
	signed, err := s.list(ctx, []State{Signed})
	require.NoError(t, err)
	for _, x := range signed {
		p, err := payloadsOf(x.ID, x.payloads)
		require.NoError(t, err)
		_, err = c.client.Announce(ctx, p[0]) // the wrapper only
		require.NoError(t, err)
	}

	changed, err := q.Announce(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Announced: 40}, states(changed))
	c.confirm(10)
	changed, err = q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Confirmed: 40}, states(changed))
	for _, r := range changed {
		require.Equal(t, 1, r.Attempt)
		require.Equal(t, r.Amount, c.node.Balance(r.To))
	}
}
