package slip39

// Arithmetic in GF(256) with the Rijndael polynomial x^8 + x^4 + x^3 + x +
// 1, as SLIP-39 requires. Share values are secret, so multiplication and
// inversion run in constant time: no table lookups indexed by a secret
// and no branches on one. (The reference implementation uses log and exp
// tables; the results are the same.) Addition is XOR.

// gfMul returns a·b.
func gfMul(a, b byte) byte {
	var p byte
	for range 8 {
		p ^= -(b & 1) & a
		carry := -(a >> 7)
		a = a<<1 ^ carry&0x1b
		b >>= 1
	}
	return p
}

// gfInv returns a^254, the inverse of a (and 0 for 0), by a fixed chain
// of squarings and multiplications.
func gfInv(a byte) byte {
	// 254 = 0b11111110: a^254 = (a^127)^2.
	r := a
	for range 6 {
		r = gfMul(gfMul(r, r), a) // r = r^2 · a: a^3, a^7, ..., a^127
	}
	return gfMul(r, r)
}

// point is one share of a Shamir split: the x value (public) and the
// polynomials' values there, one per byte of the secret.
type point struct {
	x byte
	y []byte
}

// interpolate returns f(x) for the polynomials through points, whose x
// values must be distinct and whose y values must have one length; the
// callers check both. With x equal to a point's x, the result is that
// point's y.
func interpolate(points []point, x byte) []byte {
	out := make([]byte, len(points[0].y))
	for i, p := range points {
		// The Lagrange basis polynomial of p at x:
		// prod (x - xj) / (xi - xj) over j != i. The x values are public.
		num, den := byte(1), byte(1)
		for j, q := range points {
			if j == i {
				continue
			}
			num = gfMul(num, x^q.x)
			den = gfMul(den, p.x^q.x)
		}
		basis := gfMul(num, gfInv(den))
		for k, v := range p.y {
			out[k] ^= gfMul(v, basis)
		}
	}
	return out
}
