package keccak

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
)

func TestKnownDigests(t *testing.T) {
	empty256 := Sum256()
	require.Equal(t, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", hex.EncodeToString(empty256[:]),
		"Keccak-256 of the empty string (SHA3-256 would give a7ffc6f8...)")
	empty512 := Sum512()
	require.Equal(t, "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e", hex.EncodeToString(empty512[:]))
}

func TestPartsEqualConcatenation(t *testing.T) {
	a, b := []byte("hello, "), []byte("NEM")
	require.Equal(t, Sum256([]byte("hello, NEM")), Sum256(a, b))
	require.Equal(t, Sum512([]byte("hello, NEM")), Sum512(a, nil, b))
	h := New256()
	h.Write([]byte("hello, NEM"))
	require.Equal(t, Sum256(a, b), [32]byte(h.Sum(nil)))
}

func TestNemProjectVectors(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/0.test-sha3-256.dat.gz", 3)
	require.NoError(t, err)
	require.Len(t, rows, 2000)
	for i, r := range rows {
		data, err := hex.DecodeString(r[2])
		require.NoError(t, err)
		require.Equal(t, r[1], strconv.Itoa(len(data)), "row %d length", i)
		got := Sum256(data)
		require.Equal(t, r[0], hex.EncodeToString(got[:]), "row %d", i)
	}
}

func TestSumDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	var key [32]byte
	msg := make([]byte, 1000)
	allocs := testing.AllocsPerRun(100, func() {
		_ = Sum256(key[:], msg)
		_ = Sum512(key[:21])
	})
	require.Zero(t, allocs)
	// Inputs longer than the internal buffer hash the same.
	long := make([]byte, 3000)
	for i := range long {
		long[i] = byte(i)
	}
	h := New512()
	h.Write(long)
	require.Equal(t, [64]byte(h.Sum(nil)), Sum512(long[:100], long[100:]))
}
