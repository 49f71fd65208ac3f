package testvec

import "iter"

// RaceStride is the stride of Sample under the race detector: rows 0,
// RaceStride, 2*RaceStride, ... and the last row run there (500 and 1 of
// a 10,000-row file). Without the race detector every row runs; CI runs
// the tests both ways, so every row runs there at least once.
const RaceStride = 20

// Sample yields the index and value of the rows a vector loop checks: all
// of them, or under the race detector (see Race) the fixed slice that
// RaceStride describes. The race detector finds unsynchronised memory
// accesses, which the 10,000th row of a sequential loop does not add to,
// and it makes each row 5 to 20 times slower.
func Sample[T any](rows []T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, r := range rows {
			if Race && i%RaceStride != 0 && i != len(rows)-1 {
				continue
			}
			if !yield(i, r) {
				return
			}
		}
	}
}

// SampleLen returns how many rows Sample yields for n rows.
func SampleLen(n int) int {
	if !Race || n == 0 {
		return n
	}
	k := (n-1)/RaceStride + 1
	if (n-1)%RaceStride != 0 {
		k++
	}
	return k
}
