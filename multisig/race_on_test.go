//go:build race

package multisig

// raceEnabled: the race detector makes the random property loops 5 to 20
// times slower; under it they run a fixed part (the first rounds of the
// same seeded sequence), and CI runs them all without it (.ci/run).
const raceEnabled = true
