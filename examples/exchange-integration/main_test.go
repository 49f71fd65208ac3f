package main

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestWithoutNode: the default run needs no network and pays everything.
func TestWithoutNode(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(nil, &out))
	s := out.String()
	require.Regexp(t, `\nbatch [0-9a-f]+: 4 withdrawals for vault A, deadline \d+\n`, s)
	require.Equal(t, 1, strings.Count(s, "withdrawals for vault A"), s)
	require.Equal(t, 4, strings.Count(s, ": confirmed (10 confirmations, build 1, "), s)
}

// TestDirNeedsNode: a state directory with the in-memory node is refused:
// the node would forget what a previous run paid.
func TestDirNeedsNode(t *testing.T) {
	err := run([]string{"--dir", t.TempDir()}, new(strings.Builder))
	require.ErrorContains(t, err, "--dir needs --node")
}

// TestRestarts: the backend is stopped after each step, as a crash would
// stop it, and started again from its directory, against one node: every
// customer is paid once, each withdrawal built once, and a run after the
// end changes nothing.
func TestRestarts(t *testing.T) {
	for _, stopAt := range []string{"submit", "build", "receive", "announce"} {
		t.Run("stopped after "+stopAt, func(t *testing.T) {
			now, err := transaction.TimestampOf(time.Now())
			require.NoError(t, err)
			node := nistest.New(sign.Testnet, now)
			srv := httptest.NewServer(node)
			defer srv.Close()
			var k *keys
			dir := t.TempDir()
			cfg := func(stop string, out *strings.Builder) config {
				return config{dir: dir, out: out, client: &nis.Client{BaseURL: srv.URL}, wait: time.Minute, stopAfter: stop,
					prepare: func(keys *keys) {
						k = keys
						node.Fund(keys.account.PublicKey(), 10_000*transaction.XEM)
						node.SetMultisig(keys.account.PublicKey(), keys.plan.Keys(), 2)
					},
					mine: func() {
						node.Harvest()
						for range 9 {
							require.NoError(t, node.AddBlock())
						}
					}}
			}
			var first, second, third strings.Builder
			require.NoError(t, runWith(cfg(stopAt, &first)))
			require.Contains(t, first.String(), "stopped after "+stopAt)
			require.NotNil(t, k)
			account := k.plan.Address()
			customers := k.customers
			require.NoError(t, runWith(cfg("", &second)))
			require.Equal(t, 4, strings.Count(second.String(), ": confirmed (10 confirmations, build 1, "), second.String())
			require.Equal(t, 1, strings.Count(first.String()+second.String(), ": 4 withdrawals for vault A"), "one batch, built once")

			// Paid once: 12.5 + 7 to the first customer, 250 and 0.000001
			// to the others; four payouts' fees from the account.
			want := []transaction.Amount{19_500_000, 250_000_000, 1}
			var total transaction.Amount
			for i, c := range customers {
				require.Equal(t, want[i], node.Balance(c), "customer %d", i)
				total += want[i]
			}
			fees := 4 * (2*transaction.FeeUnit + 2*transaction.FlatFee)
			require.Equal(t, 10_000*transaction.XEM-total-fees, node.Balance(account))

			require.NoError(t, runWith(cfg("", &third)))
			require.NotContains(t, third.String(), "batch ", "nothing built again")
			require.Equal(t, 4, strings.Count(third.String(), ": confirmed ("), third.String())
			require.Equal(t, 10_000*transaction.XEM-total-fees, node.Balance(account))
		})
	}
}
