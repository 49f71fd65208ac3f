package coldwallet

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

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
				v := legacyValidity(s.Time)
				if s.Validity != nil {
					v = *s.Validity
				}
				if int64(v.From) <= at+p && int64(v.Until) >= at {
					sum += s.Amount
					n += s.Transfers
				}
			}
			wantAmount, wantTransfers = max(wantAmount, sum), max(wantTransfers, n)
		}
		pk := x.peak(lo, hi, p)
		require.Equal(t, sum128{lo: uint64(wantAmount)}, pk.amount, "seed %d", seed)
		require.Equal(t, wantTransfers, pk.transfers, "seed %d", seed)
		require.True(t, pk.amountAt >= lo && pk.amountAt <= hi && pk.transfersAt >= lo && pk.transfersAt <= hi, "seed %d", seed)
	}
}

// TestWindowIndexReadsOnlyWhatCanMeet: over a long journal, a check
// reads the signings that can still fall in a window with the request,
// and every one of them.
func TestWindowIndexReadsOnlyWhatCanMeet(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	// One signing an hour, each valid for up to a day.
	const n = 50_000
	history := randomHistory(r, n, 3600*n, 86410)
	x := newWindowIndex(history)
	for range 50 {
		lo := r.Int64N(3600 * n)
		hi := lo + r.Int64N(86400)
		got := x.candidates(lo, hi)
		want := 0
		for _, s := range x.spans {
			if s.until >= lo && s.from <= hi {
				want++
			}
		}
		require.Len(t, got, want)
		require.Less(t, len(got), 200, "a few days' worth, not the journal")
	}
}

// TestWindowSumCannotOverflow: amounts add up beyond 64 bits without
// wrapping around.
func TestWindowSumCannotOverflow(t *testing.T) {
	var history []Spent
	for range 3000 {
		history = append(history, Spent{Time: 100_000, Amount: transaction.MaxAmount, Transfers: 1, Validity: &Validity{1, 2}})
	}
	pk := newWindowIndex(history).peak(0, 3, 0)
	require.True(t, pk.amount.exceeds(transaction.MaxAmount))
	require.Equal(t, "more than all the", pk.amount.String())
	require.Equal(t, 3000, pk.transfers)
}

func BenchmarkWindowCheck(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(n, " entries"), func(b *testing.B) {
			x := newWindowIndex(randomHistory(rand.New(rand.NewPCG(1, 1)), n, int64(n)*3600, 86410))
			for b.Loop() {
				x.peak(int64(n)*1800, int64(n)*1800+7200, 86400)
			}
		})
	}
}

// TestWindowCandidatesAtTheEdges: a signing that meets the range at one
// second only is read; one a second away is not.
func TestWindowCandidatesAtTheEdges(t *testing.T) {
	at := func(from, until transaction.Timestamp) Spent {
		return Spent{Time: from, Amount: 1, Transfers: 1, Validity: &Validity{from, until}}
	}
	x := newWindowIndex([]Spent{at(0, 10), at(100, 110), at(50, 55)})
	require.Len(t, x.candidates(10, 100), 3, "until at lo, from at hi")
	require.Equal(t, []windowSpan{{50, 55, 1, 1}}, x.candidates(11, 99))
	require.Empty(t, x.candidates(56, 99))
	require.Empty(t, x.candidates(111, 200))
}
