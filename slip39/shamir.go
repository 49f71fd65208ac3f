package slip39

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
)

// Shamir's secret sharing as SLIP-39 applies it to each byte of a secret
// ("Sharing a secret"): the secret is the polynomials' value at x = 255,
// a digest of it their value at x = 254, and shares take x = 0, 1, ...

// The x values of the secret and of its digest.
const (
	secretIndex = 255
	digestIndex = 254
)

// digestSize is the length of the digest that sits in front of the
// random part of the digest share.
const digestSize = 4

// digest returns the first 4 bytes of HMAC-SHA256(key = random, msg =
// secret).
func digest(random, secret []byte) []byte {
	m := hmac.New(sha256.New, random)
	m.Write(secret)
	return m.Sum(nil)[:digestSize]
}

// splitSecret returns count shares (x = 0 to count - 1) of secret, any
// threshold of which recover it. The caller checked 1 <= threshold <=
// count <= 16 and the secret's size. The shares are secret.
func splitSecret(threshold, count int, secret []byte, random io.Reader) ([]point, error) {
	shares := make([]point, 0, count)
	if threshold == 1 {
		for x := range count {
			shares = append(shares, point{byte(x), append([]byte(nil), secret...)})
		}
		return shares, nil
	}
	n := len(secret)
	for x := range threshold - 2 {
		y := make([]byte, n)
		if _, err := io.ReadFull(random, y); err != nil {
			clear(y)
			clearPoints(shares)
			return nil, fmt.Errorf("slip39: %w: %w", ErrRandom, err)
		}
		shares = append(shares, point{byte(x), y})
	}
	d := make([]byte, n)
	defer clear(d)
	if _, err := io.ReadFull(random, d[digestSize:]); err != nil {
		clearPoints(shares)
		return nil, fmt.Errorf("slip39: %w: %w", ErrRandom, err)
	}
	copy(d, digest(d[digestSize:], secret))
	base := append(append([]point(nil), shares...), point{digestIndex, d}, point{secretIndex, secret})
	for x := threshold - 2; x < count; x++ {
		shares = append(shares, point{byte(x), interpolate(base, byte(x))})
	}
	return shares, nil
}

// recoverSecret returns the secret the shares hold; there are exactly
// threshold of them, with distinct x values and values of one length
// (the caller checked). With a threshold of 2 or more the digest must
// match; false means it does not (ErrDigest).
func recoverSecret(threshold int, shares []point) ([]byte, bool) {
	if threshold == 1 {
		return append([]byte(nil), shares[0].y...), true
	}
	secret := interpolate(shares, secretIndex)
	d := interpolate(shares, digestIndex)
	defer clear(d)
	if !hmac.Equal(d[:digestSize], digest(d[digestSize:], secret)) {
		clear(secret)
		return nil, false
	}
	return secret, true
}

// clearPoints clears the values of points.
func clearPoints(points []point) {
	for _, p := range points {
		clear(p.y)
	}
}
