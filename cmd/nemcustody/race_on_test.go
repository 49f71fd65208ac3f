//go:build race

package main

// raceEnabled: the race detector makes the long property and crash runs
// 5 to 20 times slower; under it they run a fixed part, and CI runs them
// whole without it (.ci/run).
const raceEnabled = true
