package window

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

// TestIndexReadsOnlyWhatCanMeet: on a long history, a check of a request
// reads the signings that can still fall in a window with the request,
// and every one of them.
func TestIndexReadsOnlyWhatCanMeet(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	// One signing an hour, each valid for up to a day.
	const n = 50_000
	var spans []Span
	for i := range int64(n) {
		from := i*3600 + r.Int64N(3600)
		spans = append(spans, Span{From: from, Until: from + r.Int64N(86410+1), Amount: transaction.XEM, Transfers: 1})
	}
	x := New(spans)
	for range 50 {
		lo := r.Int64N(3600 * n)
		hi := lo + r.Int64N(86400)
		got := x.candidates(lo, hi)
		want := 0
		for _, s := range x.spans {
			if s.Until >= lo && s.From <= hi {
				want++
			}
		}
		require.Len(t, got, want)
		require.Less(t, len(got), 200, "a few days' worth, not the journal")
	}
}

// TestCandidatesAtTheEdges: a signing that meets the range at one second
// only is read; one a second away is not.
func TestCandidatesAtTheEdges(t *testing.T) {
	at := func(from, until int64) Span { return Span{From: from, Until: until, Amount: 1, Transfers: 1} }
	x := New([]Span{at(0, 10), at(100, 110), at(50, 55)})
	require.Len(t, x.candidates(10, 100), 3, "until at lo, from at hi")
	require.Equal(t, []Span{{50, 55, 1, 1}}, x.candidates(11, 99))
	require.Empty(t, x.candidates(56, 99))
	require.Empty(t, x.candidates(111, 200))
}
