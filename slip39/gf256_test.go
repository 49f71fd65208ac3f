package slip39

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// referenceTables builds the exp and log tables of the reference
// implementation (python-shamir-mnemonic): powers of the generator x + 1
// modulo x^8 + x^4 + x^3 + x + 1.
func referenceTables() (exp [255]byte, log [256]int) {
	poly := 1
	for i := range 255 {
		exp[i] = byte(poly)
		log[poly] = i
		poly = poly<<1 ^ poly
		if poly&0x100 != 0 {
			poly ^= 0x11b
		}
	}
	return exp, log
}

// TestGFMulMatchesTables: the constant-time multiplication equals the
// table multiplication for all 65536 pairs, and every non-zero element's
// inverse is its inverse.
func TestGFMulMatchesTables(t *testing.T) {
	exp, log := referenceTables()
	for a := range 256 {
		for b := range 256 {
			want := byte(0)
			if a != 0 && b != 0 {
				want = exp[(log[a]+log[b])%255]
			}
			if got := gfMul(byte(a), byte(b)); got != want {
				t.Fatalf("gfMul(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
	require.Equal(t, byte(0), gfInv(0))
	for a := 1; a < 256; a++ {
		require.Equal(t, byte(1), gfMul(byte(a), gfInv(byte(a))), "inverse of %d", a)
	}
}

// TestInterpolate: a polynomial through known points gives its values
// back, at the points and elsewhere.
func TestInterpolate(t *testing.T) {
	// f(x) = 7 + 3x + 5x^2 over GF(256), two bytes at once (the second
	// polynomial is f + 1).
	f := func(x byte) []byte {
		v := 7 ^ gfMul(3, x) ^ gfMul(5, gfMul(x, x))
		return []byte{v, v ^ 1}
	}
	pts := []point{{1, f(1)}, {200, f(200)}, {17, f(17)}}
	for _, x := range []byte{0, 1, 2, 17, 100, 200, 254, 255} {
		require.Equal(t, f(x), interpolate(pts, x), "f(%d)", x)
	}
}

// TestChecksumDetectsOneWrongWord: every single-word change of a share is
// caught by the checksum, exhaustively for one share of each length.
func TestChecksumDetectsOneWrongWord(t *testing.T) {
	for _, m := range []string{
		"duckling enlarge academic academic agency result length solution fridge kidney coal piece deal husband erode duke ajar critical decision keyboard",
		"theory painting academic academic armed sweater year military elder discuss acne wildlife boring employer fused large satoshi bundle carbon diagnose anatomy hamster leaves tracks paces beyond phantom capital marvel lips brave detect luck",
	} {
		s, err := ParseShare(m)
		require.NoError(t, err)
		idx, err := s.indices()
		require.NoError(t, err)
		require.True(t, rs1024Verify(s.info.Extendable, idx))
		for pos := range idx {
			orig := idx[pos]
			for v := range uint16(radix) {
				if v == orig {
					continue
				}
				idx[pos] = v
				if rs1024Verify(s.info.Extendable, idx) {
					t.Fatalf("word %d changed to %d passes the checksum", pos+1, v)
				}
			}
			idx[pos] = orig
		}
		// The other customization string refuses the same words.
		require.False(t, rs1024Verify(!s.info.Extendable, idx))
	}
}
