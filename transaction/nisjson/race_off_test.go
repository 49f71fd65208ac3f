//go:build !race

package nisjson

const raceEnabled = false
