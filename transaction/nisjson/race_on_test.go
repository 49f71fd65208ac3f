//go:build race

package nisjson

// raceEnabled: the race detector makes the random round trips 5 to 20
// times slower; under it they run a fixed part, and CI runs them all
// without it (.ci/run).
const raceEnabled = true
