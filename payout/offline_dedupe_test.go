package payout

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
)

// TestVaultRefusesABuildFromALostStore: the online store is lost (or
// restored from an old backup, or a second queue is started on an empty
// one) and the exchange submits its pending withdrawals again: the new
// queue builds them afresh while the first builds, already signed, can
// still be executed. The request carries each withdrawal's ID, and the
// vault's journal refuses to sign any of them again until the first
// signing has expired (coldwallet.ErrWithdrawalSigned): no customer can be
// paid twice through a forgetful online side.
func TestVaultRefusesABuildFromALostStore(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	vault := c.newVault(t, c.vaultA)
	ws := withdrawals(t, 3)
	build := func() *Batch {
		s, _ := sqliteKind.open(t)
		q := c.queue(s)
		for _, w := range ws {
			_, err := q.Submit(ctx, w)
			require.NoError(t, err)
		}
		b, err := q.Build(ctx, 0)
		require.NoError(t, err)
		return b
	}
	first := build()
	req, _, err := coldwallet.ParseRequest(first.Request)
	require.NoError(t, err)
	for i, it := range req.Items {
		require.Equal(t, ws[i].ID, it.Withdrawal, "each item names its withdrawal")
	}
	vault.sign(first.Request)

	c.node.Advance(60_000_000_000) // a minute later, from a new store
	second := build()
	require.NotEqual(t, first.ID, second.ID)
	_, err = vault.signer.Sign(second.Request)
	require.ErrorIs(t, err, coldwallet.ErrWithdrawalSigned)
	require.ErrorContains(t, err, "withdrawal W-0001 was signed in journal entry 3")
}
