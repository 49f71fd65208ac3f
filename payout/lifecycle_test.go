package payout

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// TestLifecycle: five withdrawals from submission to confirmation, every
// step stored, and the node's chain holding each payout once, to the
// right customer.
func TestLifecycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		s, _ := k.open(t)
		q := c.queue(s)
		vault := c.newVault(t, c.vaultA)
		ws := withdrawals(t, 5)
		for _, w := range ws {
			r, err := q.Submit(ctx, w)
			require.NoError(t, err)
			require.Equal(t, Accepted, r.State)
			require.Equal(t, w, r.Withdrawal)
		}

		b, err := q.Build(ctx, 0)
		require.NoError(t, err)
		require.NotNil(t, b)
		require.Equal(t, []string{"W-0001", "W-0002", "W-0003", "W-0004", "W-0005"}, b.Withdrawals)
		require.Equal(t, t0, b.NodeTime)
		require.Equal(t, t0+2*3600, b.Deadline)
		all, err := q.List(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Built: 5}, states(all))
		again, err := q.Build(ctx, 0)
		require.ErrorIs(t, err, ErrAwaiting, "one batch per key at a time")
		require.Nil(t, again)
		pending, err := q.Pending(ctx)
		require.NoError(t, err)
		require.Len(t, pending, 1)
		require.Equal(t, b.Request, pending[0].Request)

		signed, err := q.Receive(ctx, vault.sign(b.Request))
		require.NoError(t, err)
		require.Len(t, signed, 5)
		require.Equal(t, map[State]int{Signed: 5}, states(signed))
		pending, err = q.Pending(ctx)
		require.NoError(t, err)
		require.Empty(t, pending)
		nothing, err := q.Build(ctx, 0)
		require.NoError(t, err)
		require.Nil(t, nothing, "nothing left to build")

		announced, err := q.Announce(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Announced: 5}, states(announced))

		c.confirm(3)
		changed, err := q.Refresh(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Announced: 5}, states(changed), "3 of 10 confirmations")
		c.confirm(8)
		changed, err = q.Refresh(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Confirmed: 5}, states(changed))
		for _, w := range ws {
			r, err := q.Wait(ctx, w.ID)
			require.NoError(t, err)
			require.Equal(t, Confirmed, r.State)
			require.Equal(t, 1, r.Attempt)
			require.Equal(t, uint64(2), r.Height)
			require.Equal(t, uint64(10), r.Confirmations)
			require.True(t, c.node.Confirmed(r.WrapperHash))
			require.Equal(t, w.Amount, c.node.Balance(w.To), "paid once")
		}
		total := transaction.Amount(1+2+3+4+5) * transaction.XEM
		// NIS's fees per payout: the transfer 0.05 XEM (under 10,000 XEM)
		// and 0.05 for its message (under 32 bytes), the wrapper and the
		// cosignature 0.15 each.
		fees := 5 * (2*transaction.FeeUnit + 2*transaction.FlatFee)
		require.Equal(t, 1_000_000*transaction.XEM-total-fees, c.node.Balance(c.plan.Address()))
	})
}
