//go:build race

package keystore

// raceEnabled: the race detector makes scrypt 5 to 20 times slower; under
// it the truncation test cuts at a fixed part of the lengths, and CI cuts
// at every length without it (.ci/run).
const raceEnabled = true
