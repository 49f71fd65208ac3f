//go:build race

package qr

// raceEnabled is true when the tests run under the race detector, which
// slows QR encoding about fivefold; the slowest checks then do less.
const raceEnabled = true
