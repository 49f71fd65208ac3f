package payout

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/transaction"
)

// benchN is how many withdrawals each benchmark iteration pays.
const benchN = 1000

// BenchmarkPayout: 1,000 withdrawals submitted, built (in batches of 64,
// each batch's request written, the vault's response received and stored
// before the next build: one request per key is outstanding) on each
// store, against raw signing of the same 1,000 wrappers (build the
// transfer, wrap, validate, sign: what Build does per withdrawal, with
// nothing stored). The vault's signing is not timed. Metrics are per
// 1,000 withdrawals:
//
//	go test -run '^$' -bench BenchmarkPayout -benchtime 3x ./payout
//
// PostgreSQL needs NEMCUSTODY_TEST_POSTGRES (.ci/run starts a server).
func BenchmarkPayout(b *testing.B) {
	for _, k := range storeKinds {
		b.Run(k.name, func(b *testing.B) {
			ctx := context.Background()
			c := newCustody(b)
			ws := withdrawals(b, benchN)
			var submit, build, receive time.Duration
			for b.Loop() {
				b.StopTimer()
				s, _ := k.open(b)
				q := c.queue(s)
				v := c.newVault(b, c.vaultA)
				b.StartTimer()

				t0 := time.Now()
				for _, w := range ws {
					_, err := q.Submit(ctx, w)
					require.NoError(b, err)
				}
				submit += time.Since(t0)
				for {
					t1 := time.Now()
					bt, err := q.Build(ctx, 0)
					require.NoError(b, err)
					build += time.Since(t1)
					if bt == nil {
						break
					}
					b.StopTimer()
					resp := v.sign(bt.Request)
					b.StartTimer()
					t2 := time.Now()
					_, err = q.Receive(ctx, resp)
					require.NoError(b, err)
					receive += time.Since(t2)
				}
				b.StopTimer()
				signed, err := s.list(ctx, []State{Signed})
				require.NoError(b, err)
				require.Len(b, signed, benchN)
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(submit.Seconds()*1e3/n, "submit-ms/1000")
			b.ReportMetric(build.Seconds()*1e3/n, "build-ms/1000")
			b.ReportMetric(receive.Seconds()*1e3/n, "receive-ms/1000")
		})
	}
	b.Run("raw-signing", func(b *testing.B) {
		c := newCustody(b)
		ws := withdrawals(b, benchN)
		nodeTime := c.node.Time()
		deadline, err := transaction.Deadline(nodeTime, 2*time.Hour)
		require.NoError(b, err)
		for b.Loop() {
			for _, w := range ws {
				tr := &transaction.Transfer{
					Header:    transaction.Header{Network: c.plan.Network, Version: 1, Timestamp: nodeTime, Deadline: deadline},
					Recipient: w.To, Amount: w.Amount,
					Message: &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(w.Message)},
				}
				ms, err := c.plan.Wrap(tr, c.hot.PublicKey(), multisig.TxOptions{Timestamp: nodeTime, Deadline: deadline})
				require.NoError(b, err)
				require.NoError(b, transaction.Validate(ms, transaction.ValidateOptions{NodeTime: &nodeTime}))
				_, err = transaction.Sign(ms, c.hot)
				require.NoError(b, err)
			}
		}
	})
}
