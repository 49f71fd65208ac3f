package payout

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestExpiryAndRebuild: a batch the vault never signs expires only once
// its deadline is ExpiryGrace past by the node's time and this machine's
// clock, and is then built again, stamped after the old deadline; the
// vault's late signature of the old batch is refused; the customers are
// paid once.
func TestExpiryAndRebuild(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		s, _ := k.open(t)
		q := c.queue(s)
		vault := c.newVault(t, c.vaultA)
		ws := withdrawals(t, 3)
		for _, w := range ws {
			_, err := q.Submit(ctx, w)
			require.NoError(t, err)
		}
		first, err := q.Build(ctx, 0)
		require.NoError(t, err)
		old, err := q.List(ctx)
		require.NoError(t, err)

		// One second short of the deadline plus the grace: nothing expires,
		// and nothing is built again.
		c.node.SetTime(first.Deadline + 600 - 1)
		changed, err := q.Refresh(ctx)
		require.NoError(t, err)
		require.Empty(t, changed)
		_, err = q.Build(ctx, 0)
		require.ErrorIs(t, err, ErrAwaiting)

		c.node.Advance(time.Second)
		changed, err = q.Refresh(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Expired: 3}, states(changed))
		pending, err := q.Pending(ctx)
		require.NoError(t, err)
		require.Empty(t, pending)

		late := vault.sign(first.Request) // the vault signs the old batch after all
		second, err := q.Build(ctx, 0)
		require.NoError(t, err)
		require.Equal(t, first.Withdrawals, second.Withdrawals)
		require.Greater(t, second.NodeTime, first.Deadline+10, "never valid at the same time as the first build")
		for i, r := range mustList(t, q) {
			require.Equal(t, Built, r.State)
			require.Equal(t, 2, r.Attempt)
			require.Equal(t, second.ID, r.Batch)
			require.NotEqual(t, old[i].InnerHash, r.InnerHash)
		}

		_, err = q.Receive(ctx, late)
		require.ErrorContains(t, err, "every withdrawal it holds expired and was built again since")
		signed, err := q.Receive(ctx, vault.sign(second.Request))
		require.NoError(t, err)
		require.Len(t, signed, 3)
		_, err = q.Announce(ctx)
		require.NoError(t, err)
		c.confirm(10)
		changed, err = q.Refresh(ctx)
		require.NoError(t, err)
		require.Equal(t, map[State]int{Confirmed: 3}, states(changed))
		for i, w := range ws {
			require.Equal(t, w.Amount, c.node.Balance(w.To), "paid once")
			require.False(t, c.node.Confirmed(old[i].WrapperHash))
			require.False(t, c.node.Confirmed(old[i].InnerHash))
		}
	})
}

// TestSignedButNeverAnnouncedExpires: signatures that arrive but are never
// announced in time expire like the rest; the old payloads, announced
// later by anyone, are refused by NIS (past their deadline), so the
// rebuild pays once.
func TestSignedButNeverAnnouncedExpires(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	vault := c.newVault(t, c.vaultA)
	w := withdrawals(t, 1)[0]
	_, err := q.Submit(ctx, w)
	require.NoError(t, err)
	first, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, vault.sign(first.Request))
	require.NoError(t, err)
	x, err := s.get(ctx, w.ID)
	require.NoError(t, err)
	oldPayloads, err := payloadsOf(w.ID, x.payloads)
	require.NoError(t, err)

	c.node.SetTime(first.Deadline + 601)
	changed, err := q.Announce(ctx)
	require.NoError(t, err)
	require.Empty(t, changed, "past its deadline: not announced")
	changed, err = q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Expired: 1}, states(changed))
	second, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, vault.sign(second.Request))
	require.NoError(t, err)
	_, err = q.Announce(ctx)
	require.NoError(t, err)

	res, err := c.client.AnnounceInOrder(ctx, oldPayloads, nis.AnnounceOptions{Wait: time.Second, Poll: time.Millisecond})
	require.ErrorIs(t, err, nis.ErrRejected)
	require.Equal(t, nis.FailurePastDeadline, res[0].Result.Code)
	c.confirm(10)
	_, err = q.Refresh(ctx)
	require.NoError(t, err)
	r, err := q.Status(ctx, w.ID)
	require.NoError(t, err)
	require.Equal(t, Confirmed, r.State)
	require.Equal(t, 2, r.Attempt)
	require.Equal(t, w.Amount, c.node.Balance(w.To))
	require.Equal(t, transaction.Amount(1_000_000)*transaction.XEM-w.Amount-2*transaction.FeeUnit-2*transaction.FlatFee, c.node.Balance(c.plan.Address()))
}

func mustList(t *testing.T, q *Queue) []Record {
	rs, err := q.List(context.Background())
	require.NoError(t, err)
	return rs
}
