//go:build race

package transaction

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// allocation counts are not meaningful and those tests skip.
const raceEnabled = true
