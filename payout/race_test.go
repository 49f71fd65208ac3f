package payout

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestTwoServersRace: two online servers, each with its own connection to
// one store, submit the same withdrawals at the same time (one in order,
// one backwards) and then build batches from the same queue as fast as
// they can, each asking its own vault (so that both always have a batch to
// build): every withdrawal is stored once and built exactly once, in one
// batch of one server; then both announce and refresh at the same time,
// and every customer is paid once. 100 withdrawals; 1,000 with
// NEMCUSTODY_LONG_TESTS=1. PostgreSQL when a server is given, and the
// embedded store (two handles on one file, as two processes).
func TestTwoServersRace(t *testing.T) {
	n := 100
	if long() {
		n = 1000
	}
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		_, reopen := k.open(t)
		servers := []*Queue{c.queue(reopen()), c.queue(reopen())}
		servers[1].Cosigners = []sign.PublicKey{c.vaultB.PublicKey()}
		vaults := []*vault{c.newVault(t, c.vaultA), c.newVault(t, c.vaultB)}
		ws := withdrawals(t, n)

		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, q := range servers {
			wg.Go(func() {
				order := slices.Clone(ws)
				if i == 1 {
					slices.Reverse(order)
				}
				for _, w := range order {
					if _, err := q.Submit(ctx, w); err != nil {
						errs[i] = err
						return
					}
				}
			})
		}
		wg.Wait()
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		all := mustList(t, servers[0])
		require.Len(t, all, n, "each withdrawal stored once")

		batches := make([][]*Batch, 2)
		for i, q := range servers {
			wg.Go(func() {
				for {
					b, err := q.Build(ctx, 0)
					if err != nil {
						errs[i] = fmt.Errorf("server %d: build: %w", i+1, err)
						return
					}
					if b == nil {
						return
					}
					batches[i] = append(batches[i], b)
					if _, err := q.Receive(ctx, vaults[i].sign(b.Request)); err != nil {
						errs[i] = fmt.Errorf("server %d: receive: %w", i+1, err)
						return
					}
				}
			})
		}
		wg.Wait()
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])

		built := map[string]int{}
		for i, bs := range batches {
			require.NotEmpty(t, bs, "server %d built batches too", i+1)
			for _, b := range bs {
				req, id, err := coldwallet.ParseRequest(b.Request)
				require.NoError(t, err)
				require.Equal(t, b.ID, id)
				require.Equal(t, []sign.PublicKey{vaults[i].signer.Key.PublicKey()}, req.Signers)
				require.Len(t, req.Items, len(b.Withdrawals))
				for _, id := range b.Withdrawals {
					built[id]++
				}
			}
		}
		require.Len(t, built, n)
		for id, times := range built {
			require.Equal(t, 1, times, "%s built once", id)
		}
		for _, r := range mustList(t, servers[0]) {
			require.Equal(t, Signed, r.State, r.ID)
			require.Equal(t, 1, r.Attempt, r.ID)
		}

		// Both announce, then both refresh, at the same time. A payload
		// the other server announced a moment before is answered NEUTRAL,
		// which is believed only once the node lists it (its pool lists 25):
		// an error that errs on the side of a retry; the state is the
		// other server's.
		for _, phase := range []func(q *Queue) error{
			func(q *Queue) error { _, err := q.Announce(ctx); return err },
			func(q *Queue) error { _, err := q.Refresh(ctx); return err },
		} {
			for i, q := range servers {
				wg.Go(func() { errs[i] = phase(q) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					require.ErrorIs(t, err, nis.ErrNotKnown)
				}
			}
			c.confirm(10)
		}
		var total transaction.Amount
		for _, r := range mustList(t, servers[1]) {
			require.Equal(t, Confirmed, r.State, r.ID)
			require.Equal(t, r.Amount, c.node.Balance(r.To), "%s paid once", r.ID)
			total += r.Amount
		}
		fees := transaction.Amount(n) * (2*transaction.FeeUnit + 2*transaction.FlatFee)
		require.Equal(t, 1_000_000*transaction.XEM-total-fees, c.node.Balance(c.plan.Address()))
	})
}
