//go:build !race

package coldwallet

const raceEnabled = false
