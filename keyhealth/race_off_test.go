//go:build !race

package keyhealth

const raceEnabled = false
