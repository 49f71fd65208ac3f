package journal

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/window"
	"github.com/nemcustody/nemcustody/transaction"
)

// randomHistory makes n signings valid for at most maxLen seconds within
// [0, span], some without validity (counted over node time ± 86410 s),
// some that count nothing.
func randomHistory(r *rand.Rand, n int, span, maxLen int64) []Spent {
	var h []Spent
	for range n {
		from := r.Int64N(span)
		until := from + r.Int64N(maxLen+1)
		s := Spent{Time: transaction.Timestamp(from + 86410), Amount: transaction.Amount(r.Int64N(1000)) * transaction.XEM, Transfers: r.IntN(3)}
		switch r.IntN(10) {
		case 0: // written before validity was recorded
		case 1:
			s.Amount, s.Transfers = 0, 0
			fallthrough
		default:
			s.Validity = &Validity{transaction.Timestamp(from), transaction.Timestamp(until)}
		}
		h = append(h, s)
	}
	return h
}

// TestWindowPeakMatchesBruteForce: the sweep over the index gives, for
// every query, the maxima a brute force over every integer t finds.
func TestWindowPeakMatchesBruteForce(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		const span = 400
		history := randomHistory(r, r.IntN(30), span, span/4)
		x := newWindowIndex(history)
		p := r.Int64N(60)
		lo := r.Int64N(span+p) - p
		if r.IntN(4) == 0 {
			lo += 86410 // where only the entries without validity reach
		}
		hi := lo + r.Int64N(span/2)
		var wantAmount transaction.Amount
		wantTransfers := 0
		for at := lo; at <= hi; at++ {
			var sum transaction.Amount
			n := 0
			for _, s := range history {
				// Without a validity: the node time ± 86410 s.
				from, until := max(0, int64(s.Time)-86410), int64(s.Time)+86410
				if s.Validity != nil {
					from, until = int64(s.Validity.From), int64(s.Validity.Until)
				}
				if from <= at+p && until >= at {
					sum += s.Amount
					n += s.Transfers
				}
			}
			wantAmount, wantTransfers = max(wantAmount, sum), max(wantTransfers, n)
		}
		pk := x.Peak(lo, hi, p)
		require.Equal(t, window.Sum{}.Add(wantAmount), pk.Amount, "seed %d", seed)
		require.Equal(t, wantTransfers, pk.Transfers, "seed %d", seed)
		require.True(t, pk.AmountAt >= lo && pk.AmountAt <= hi && pk.TransfersAt >= lo && pk.TransfersAt <= hi, "seed %d", seed)
	}
}

// TestWindowSumCannotOverflow: amounts add up beyond 64 bits without
// wrapping around.
func TestWindowSumCannotOverflow(t *testing.T) {
	var history []Spent
	for range 3000 {
		history = append(history, Spent{Time: 100_000, Amount: transaction.MaxAmount, Transfers: 1, Validity: &Validity{1, 2}})
	}
	pk := newWindowIndex(history).Peak(0, 3, 0)
	require.True(t, pk.Amount.Exceeds(transaction.MaxAmount))
	require.Equal(t, "more than all the", pk.Amount.String())
	require.Equal(t, 3000, pk.Transfers)
}

func BenchmarkWindowCheck(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n, " entries"), func(b *testing.B) {
			x := newWindowIndex(randomHistory(rand.New(rand.NewPCG(1, 1)), n, int64(n)*3600, 86410))
			for b.Loop() {
				x.Peak(int64(n)*1800, int64(n)*1800+7200, 86400)
			}
		})
	}
}

// newWindowIndex indexes a history given as a slice, as Policy.Evaluate
// does: every signing's node time for the expiry
// rule, and its span.
func newWindowIndex(history []Spent) *window.Index {
	var spans []window.Span
	for _, s := range history {
		if sp, ok := spanOf(s); ok {
			spans = append(spans, sp)
		}
	}
	x := window.New(spans)
	for _, s := range history {
		x.NoteNodeTime(s.Time)
	}
	return x
}
