package transaction

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseXEM: one spelling per amount, never rounded, never above a
// Java long.
func TestParseXEM(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Amount
	}{
		{"0", 0},
		{"12", 12 * XEM},
		{"12.5", 12*XEM + 500_000},
		{"0.000001", 1},
		{"9223372036854.775807", MaxAmount},
	} {
		got, err := ParseXEM(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, c := range []struct{ in, reason string }{
		{"", "is not a decimal number of XEM"},
		{"1.", "is not a decimal number of XEM"},
		{".5", "is not a decimal number of XEM"},
		{"-1", "is not a decimal number of XEM"},
		{"+1", "is not a decimal number of XEM"},
		{"1e6", "is not a decimal number of XEM"},
		{"1,000", "is not a decimal number of XEM"},
		{"1 000", "is not a decimal number of XEM"},
		{"١٢", "is not a decimal number of XEM"},
		{"0.0000001", "has more than 6 decimals"},
		{"05000", "has a leading zero"},
		{"00.5", "has a leading zero"},
		{"9223372036854.775808", "is too large"},
		{"99999999999999999999", "is too large"},
	} {
		_, err := ParseXEM(c.in)
		require.ErrorIs(t, err, ErrInvalidField, c.in)
		require.ErrorContains(t, err, c.reason, c.in)
	}
	// String's spelling parses back, and so does the shortest one.
	r := rand.New(rand.NewPCG(7, 7))
	for range 1000 {
		a := Amount(r.Int64N(int64(MaxAmount)))
		got, err := ParseXEM(a.String())
		require.NoError(t, err)
		require.Equal(t, a, got)
		short := strings.TrimSuffix(strings.TrimRight(a.String(), "0"), ".")
		got, err = ParseXEM(short)
		require.NoError(t, err, short)
		require.Equal(t, a, got)
	}
}
