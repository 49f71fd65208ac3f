package qr

import (
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// withCRC appends "/" and the checksum field to body (which must end in
// "/"), making a part whose checksum matches whatever the body says.
func withCRC(body string) string {
	return body + b32.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE([]byte(body))))
}

// randomPayload returns n bytes from r: random bytes or, half the time,
// envelope-like ASCII text.
func randomPayload(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	text := r.IntN(2) == 0
	for i := range b {
		if text {
			b[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:\n "[r.IntN(68)]
		} else {
			b[i] = byte(r.Uint32())
		}
	}
	return b
}

func mustSplit(t testing.TB, payload []byte, opts Options) []string {
	t.Helper()
	parts, err := Split(payload, opts)
	require.NoError(t, err)
	return parts
}

// newRand returns a generator with a fixed seed, so failures reproduce.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6e656d637573746f)) }
