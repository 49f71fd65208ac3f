//go:build !race

package testvec

// Race is true when the program is built with the race detector (-race).
const Race = false
