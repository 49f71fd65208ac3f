package payout

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisresult"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/transaction"
)

// nistestCache is how long to wait before NIS answers a hash anew: it
// repeats its first answer for ten minutes (PushService's cache).
const nistestCache = nistest.PushCacheTTL + time.Second

// lied is a withdrawal announced through a lying node: its wrapper sits in
// the honest node's pool, not yet in a block.
type lied struct {
	c     *custody
	liar  *liar
	q     *Queue
	vault *vault
	w     Withdrawal
	r     Record // after the announce
	log   *bytes.Buffer
}

func announceThroughLiar(t *testing.T) *lied {
	ctx := context.Background()
	c := newCustody(t)
	l := newLiar(c.node)
	c.serve(l)
	s, _ := sqliteKind.open(t)
	var log bytes.Buffer
	q := c.queue(s)
	q.Logger = slog.New(slog.NewTextHandler(&log, nil))
	x := &lied{c: c, liar: l, q: q, vault: c.newVault(t, c.vaultA), w: withdrawals(t, 1)[0], log: &log}
	_, err := q.Submit(ctx, x.w)
	require.NoError(t, err)
	b, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, x.vault.sign(b.Request))
	require.NoError(t, err)
	changed, err := q.Announce(ctx)
	require.NoError(t, err)
	require.Len(t, changed, 1)
	x.r = changed[0]
	require.Equal(t, Announced, x.r.State)
	require.True(t, c.node.InPool(x.r.WrapperHash))
	return x
}

// requireNotRebuilt checks that the withdrawal is still on its first build
// and that Build builds nothing.
func (x *lied) requireNotRebuilt(t *testing.T) {
	b, err := x.q.Build(context.Background(), 0)
	require.NoError(t, err)
	require.Nil(t, b, "nothing is built again")
	r, err := x.q.Status(context.Background(), x.w.ID)
	require.NoError(t, err)
	require.Equal(t, 1, r.Attempt)
	require.NotEqual(t, Expired, r.State)
}

// TestLyingNodeHidesThePool: a node that hides the payout from its pool
// cannot make it expire while it can still be executed: up to the deadline
// plus the grace nothing expires and nothing is built again; the payout
// is then harvested (before its deadline) and confirms once.
func TestLyingNodeHidesThePool(t *testing.T) {
	ctx := context.Background()
	x := announceThroughLiar(t)
	x.liar.set(func(l *liar) { l.hidePool[x.r.InnerHash] = true })
	for _, at := range []transaction.Timestamp{t0 + 60, x.r.Deadline - 1, x.r.Deadline, x.r.Deadline + 10, x.r.Deadline + 599} {
		if at == x.r.Deadline-1 {
			// The honest node harvests it in its last second.
			x.c.node.SetTime(at)
			require.Equal(t, 1, x.c.node.Harvest())
			x.liar.set(func(l *liar) { l.hideChain[x.r.InnerHash] = true })
		}
		x.c.node.SetTime(at)
		changed, err := x.q.Refresh(ctx)
		require.NoError(t, err, "at %d", at)
		require.Empty(t, changed, "at deadline%+d", int64(at)-int64(x.r.Deadline))
		x.requireNotRebuilt(t)
	}
	// The node stops hiding it: confirmed, paid once.
	x.liar.set(func(l *liar) { l.hideChain = map[transaction.Hash]bool{} })
	x.c.confirm(10)
	changed, err := x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Confirmed: 1}, states(changed))
	require.Equal(t, x.w.Amount, x.c.node.Balance(x.w.To))
}

// TestLyingNodeTime: a node that reports a time a day ahead cannot make a
// withdrawal expire while this machine's clock says its deadline has not
// passed (and the other way round).
func TestLyingNodeTime(t *testing.T) {
	ctx := context.Background()
	x := announceThroughLiar(t)
	x.liar.set(func(l *liar) {
		l.hidePool[x.r.InnerHash] = true
		l.timeShift = 24 * time.Hour
	})
	changed, err := x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, changed, "the node says a day passed; this machine's clock does not")
	x.requireNotRebuilt(t)

	// This machine's clock says the deadline passed long ago; the node's
	// time (told honestly now) says it has not.
	x.liar.set(func(l *liar) { l.timeShift = 0 })
	x.q.Now = func() time.Time { return x.c.node.Time().Time().Add(48 * time.Hour) }
	changed, err = x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, changed)
	x.requireNotRebuilt(t)

	// Both agree, and the grace has passed: it can no longer be executed
	// (the honest node drops it at its next block), so it expires.
	x.q.Now = nil
	x.q.Now = func() time.Time { return x.c.node.Time().Time() }
	x.c.node.SetTime(x.r.Deadline + 600)
	require.Zero(t, x.c.node.Harvest(), "expired: never executed")
	changed, err = x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Expired: 1}, states(changed))
}

// TestLyingNodeClaimsConfirmed: a node that shows a payout in a block that
// was never harvested makes the queue count it confirmed (the customer is
// not paid: the safe way to be wrong); confirmed is final, so nothing is
// ever built again, whatever the node shows later.
func TestLyingNodeClaimsConfirmed(t *testing.T) {
	ctx := context.Background()
	x := announceThroughLiar(t)
	x.liar.set(func(l *liar) {
		l.confirm[x.r.InnerHash] = x.r.WrapperHash
		l.fakeHeight = 2
		l.heightShift = 20
	})
	changed, err := x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Confirmed: 1}, states(changed))
	require.False(t, x.c.node.Confirmed(x.r.WrapperHash), "it never was")

	x.liar.set(func(l *liar) { l.confirm = map[transaction.Hash]transaction.Hash{}; l.heightShift = 0 })
	x.c.node.SetTime(x.r.Deadline + 3600)
	x.c.node.Harvest()
	changed, err = x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, changed)
	x.requireNotRebuilt(t)
	require.Zero(t, x.c.node.Balance(x.w.To), "not paid: a person has to look")
}

// TestLyingNodeHidesABlock: a payout the node showed in a block (with too
// few confirmations) and then hides is never expired, however long
// after its deadline: a rollback or a lie needs a person; a warning says
// so.
func TestLyingNodeHidesABlock(t *testing.T) {
	ctx := context.Background()
	x := announceThroughLiar(t)
	x.c.confirm(2)
	changed, err := x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Len(t, changed, 1)
	require.Equal(t, Announced, changed[0].State)
	require.Equal(t, uint64(2), changed[0].Height)
	require.Equal(t, uint64(2), changed[0].Confirmations)

	x.liar.set(func(l *liar) {
		l.hideChain[x.r.InnerHash] = true
		l.hideChain[x.r.WrapperHash] = true
	})
	x.c.node.SetTime(x.r.Deadline + 24*3600)
	changed, err = x.q.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, changed)
	x.requireNotRebuilt(t)
	require.Contains(t, x.log.String(), "the node no longer shows a payout it showed in a block; it is not expired: look at the chain")
	require.Equal(t, x.w.Amount, x.c.node.Balance(x.w.To), "paid once")
}

// TestLyingNodeListsWithoutEnd: a node whose list of the account's
// transactions never reaches back to the builds followed makes nothing
// expire; the same history listed honestly does.
func TestLyingNodeListsWithoutEnd(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	l := newLiar(c.node)
	c.serve(l)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	vault := c.newVault(t, c.vaultA)
	ws := withdrawals(t, 2)
	// W-0001 paid and confirmed: the chain has something to list.
	_, err := q.Submit(ctx, ws[0])
	require.NoError(t, err)
	b, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, vault.sign(b.Request))
	require.NoError(t, err)
	_, err = q.Announce(ctx)
	require.NoError(t, err)
	c.confirm(10)
	_, err = q.Refresh(ctx)
	require.NoError(t, err)
	// W-0002 built two hours later and never signed.
	c.node.Advance(2 * time.Hour)
	_, err = q.Submit(ctx, ws[1])
	require.NoError(t, err)
	b, err = q.Build(ctx, 0)
	require.NoError(t, err)
	c.node.SetTime(b.Deadline + 600)

	l.set(func(l *liar) { l.endless = true })
	changed, err := q.Refresh(ctx)
	require.NoError(t, err)
	require.Empty(t, changed, "the chain was never read back past the build")

	l.set(func(l *liar) { l.endless = false })
	changed, err = q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Expired: 1}, states(changed))
}

// TestLyingNodeAnswersGarbage: an answer that is not NIS's JSON is an
// error, and nothing changes.
func TestLyingNodeAnswersGarbage(t *testing.T) {
	ctx := context.Background()
	x := announceThroughLiar(t)
	x.liar.set(func(l *liar) { l.garbage = true })
	x.c.node.SetTime(x.r.Deadline + 3600)
	changed, err := x.q.Refresh(ctx)
	require.ErrorIs(t, err, nis.ErrBadResponse)
	require.Empty(t, changed)
	r, err := x.q.Status(ctx, x.w.ID)
	require.NoError(t, err)
	require.Equal(t, x.r, r)
}

// TestRefusedThenFunded: NIS refuses a payout the account cannot pay; the
// withdrawal stays signed with NIS's reason, is announced again once the
// account is funded, and confirms. Never funded, it fails once its
// deadline has passed, and is not built again.
func TestRefusedThenFunded(t *testing.T) {
	for _, funded := range []bool{true, false} {
		name := map[bool]string{true: "funded in time", false: "never funded"}[funded]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := newCustody(t)
			c.node.Fund(c.account.PublicKey(), 0)
			s, _ := sqliteKind.open(t)
			q := c.queue(s)
			vault := c.newVault(t, c.vaultA)
			w := withdrawals(t, 1)[0]
			_, err := q.Submit(ctx, w)
			require.NoError(t, err)
			b, err := q.Build(ctx, 0)
			require.NoError(t, err)
			_, err = q.Receive(ctx, vault.sign(b.Request))
			require.NoError(t, err)
			changed, err := q.Announce(ctx)
			require.ErrorIs(t, err, nis.ErrRejected)
			require.Len(t, changed, 1)
			require.Equal(t, Signed, changed[0].State)
			require.Equal(t, "FAILURE_INSUFFICIENT_BALANCE", changed[0].Reason)

			if funded {
				c.node.Fund(c.account.PublicKey(), 1000*transaction.XEM)
				c.node.Advance(nistestCache)
				changed, err = q.Announce(ctx)
				require.NoError(t, err)
				require.Equal(t, Announced, changed[0].State)
				require.Empty(t, changed[0].Reason)
				c.confirm(10)
				_, err = q.Refresh(ctx)
				require.NoError(t, err)
				r, err := q.Status(ctx, w.ID)
				require.NoError(t, err)
				require.Equal(t, Confirmed, r.State)
				require.Equal(t, w.Amount, c.node.Balance(w.To))
				return
			}
			c.node.SetTime(b.Deadline + 600)
			changed, err = q.Refresh(ctx)
			require.NoError(t, err)
			require.Len(t, changed, 1)
			require.Equal(t, Failed, changed[0].State)
			require.Equal(t, "FAILURE_INSUFFICIENT_BALANCE", changed[0].Reason)
			again, err := q.Build(ctx, 0)
			require.NoError(t, err)
			require.Nil(t, again, "failed is final")
			r, err := q.Wait(ctx, w.ID)
			require.NoError(t, err)
			require.Equal(t, Failed, r.State)
		})
	}
}

// TestLyingNodeFakesARefusal: a node that answers a refusal but passes the
// payout on: the withdrawal stays signed with the reason, is followed
// like any other, and confirms when the payout is harvested; it never
// fails while it can be executed.
func TestLyingNodeFakesARefusal(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	l := newLiar(c.node)
	c.serve(l)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	vault := c.newVault(t, c.vaultA)
	w := withdrawals(t, 1)[0]
	_, err := q.Submit(ctx, w)
	require.NoError(t, err)
	b, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, vault.sign(b.Request))
	require.NoError(t, err)
	l.set(func(l *liar) { l.refuse = nisresult.InsufficientBalance })
	changed, err := q.Announce(ctx)
	require.Error(t, err)
	require.Equal(t, Signed, changed[0].State)
	require.Equal(t, "FAILURE_INSUFFICIENT_BALANCE", changed[0].Reason)
	require.True(t, c.node.InPool(changed[0].WrapperHash), "the node took it all the same")

	// The wrapper waits in the pool without the cosignature, which was
	// not sent after the refusal: the node shows it, so it is announced
	// (it can still be executed: it never fails meanwhile).
	c.node.Harvest()
	changed, err = q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Announced: 1}, states(changed))
	require.Equal(t, "FAILURE_INSUFFICIENT_BALANCE", changed[0].Reason)

	// The next Announce sends it again, cosignature included.
	l.set(func(l *liar) { l.refuse = 0 })
	_, err = q.Announce(ctx)
	require.NoError(t, err)
	c.confirm(10)
	changed, err = q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Confirmed: 1}, states(changed))
	require.Equal(t, w.Amount, c.node.Balance(w.To))
}

// TestRebuildNeedsTheNodeTimePastTheOldDeadline: an expired withdrawal is
// built again only at a node time more than NIS's 10 s tolerance after
// its old deadline, so that no node could accept the new build while the
// old one might still be executed, whatever time the node (another one,
// or a liar) reports when the batch is built.
func TestRebuildNeedsTheNodeTimePastTheOldDeadline(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	l := newLiar(c.node)
	c.serve(l)
	s, _ := sqliteKind.open(t)
	var log bytes.Buffer
	q := c.queue(s)
	q.Logger = slog.New(slog.NewTextHandler(&log, nil))
	w := withdrawals(t, 1)[0]
	_, err := q.Submit(ctx, w)
	require.NoError(t, err)
	first, err := q.Build(ctx, 0)
	require.NoError(t, err)
	c.node.SetTime(first.Deadline + 600)
	changed, err := q.Refresh(ctx)
	require.NoError(t, err)
	require.Equal(t, map[State]int{Expired: 1}, states(changed))

	for _, shift := range []time.Duration{-600 * time.Second, -590 * time.Second} { // the old deadline, and 10 s after it
		l.set(func(l *liar) { l.timeShift = shift })
		b, err := q.Build(ctx, 0)
		require.NoError(t, err)
		require.Nil(t, b, "node time deadline%+d", int64((shift+600*time.Second)/time.Second))
		require.Contains(t, log.String(), "payout: not built again yet: the node's time is not past the previous deadline")
	}
	l.set(func(l *liar) { l.timeShift = -589 * time.Second })
	b, err := q.Build(ctx, 0)
	require.NoError(t, err)
	require.NotNil(t, b)
	require.Equal(t, first.Deadline+11, b.NodeTime)
}
