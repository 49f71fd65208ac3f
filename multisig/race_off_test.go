//go:build !race

package multisig

const raceEnabled = false
