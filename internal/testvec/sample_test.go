package testvec

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSampleYieldsAllRowsOrTheFixedRaceSlice(t *testing.T) {
	for _, n := range []int{0, 1, 2, 20, 21, 41, 10000} {
		rows := make([]int, n)
		for i := range rows {
			rows[i] = 100 + i
		}
		var got []int
		for i, r := range Sample(rows) {
			require.Equal(t, 100+i, r, "n=%d: index and row agree", n)
			got = append(got, i)
		}
		require.Len(t, got, SampleLen(n), "n=%d", n)
		if !Race {
			require.Len(t, got, n, "n=%d: every row without the race detector", n)
			continue
		}
		for _, i := range got {
			require.True(t, i%RaceStride == 0 || i == n-1, "n=%d: row %d is not in the race slice", n, i)
		}
		if n > 0 {
			require.Equal(t, 0, got[0], "n=%d: the first row", n)
			require.Equal(t, n-1, got[len(got)-1], "n=%d: the last row", n)
		}
	}
}

func TestSampleStopsWhenTheLoopBreaks(t *testing.T) {
	n := 0
	for range Sample(make([]int, 100)) {
		n++
		break
	}
	require.Equal(t, 1, n)
}
