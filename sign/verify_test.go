package sign

import (
	"encoding/hex"
	"math/big"
	"testing"

	"filippo.io/edwards25519"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// groupOrder is L = 2^252 + 27742317777372353535851937790883648493.
var groupOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

func leToInt(b []byte) *big.Int {
	be := make([]byte, len(b))
	for i := range b {
		be[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(be)
}

func intToLE32(t *testing.T, v *big.Int) [32]byte {
	t.Helper()
	be := v.Bytes()
	require.LessOrEqual(t, len(be), 32)
	var out [32]byte
	for i := range be {
		out[i] = be[len(be)-1-i]
	}
	return out
}

func withS(t *testing.T, sig Signature, s *big.Int) Signature {
	le := intToLE32(t, s)
	copy(sig[32:], le[:])
	return sig
}

// notOnCurve returns an encoding whose y has no matching x.
func notOnCurve(t *testing.T) PublicKey {
	for i := 2; i < 256; i++ {
		var p PublicKey
		p[0] = byte(i)
		if _, err := new(edwards25519.Point).SetBytes(p[:]); err != nil {
			return p
		}
	}
	t.Fatal("no invalid encoding found")
	return PublicKey{}
}

func TestVerifyRejects(t *testing.T) {
	k, err := ParsePrivateKeyNIS(kat.nisHex)
	require.NoError(t, err)
	other, err := GenerateKey(nil)
	require.NoError(t, err)
	data := []byte("withdraw 1000 XEM to TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J")
	sig, err := k.Sign(data)
	require.NoError(t, err)
	pub := k.PublicKey()
	S := leToInt(sig[32:])
	require.Equal(t, -1, S.Cmp(groupOrder))

	otherSig, err := other.Sign(data)
	require.NoError(t, err)
	otherR := sig
	copy(otherR[:32], otherSig[:32])

	// The identity key with R = the identity and S = 0: S*B - k*A is the
	// identity whatever k is, so the equation holds and only the S = 0
	// rule refuses it.
	identity := PublicKey{1}
	var zeroS Signature
	zeroS[0] = 1
	requireEquationHolds(t, identity, data, zeroS)

	// The rule each case breaks, as Verify names it.
	const (
		notBelowL  = "sign: invalid signature: S is not below the group order (non-canonical or malleated)"
		sZero      = "sign: invalid signature: S is zero"
		zeroKey    = "sign: invalid signature: invalid public key: all-zero public key"
		notOnPoint = "sign: invalid signature: invalid public key: not a curve point"
		noEquation = "sign: invalid signature: equation does not hold (wrong key, data or signature)"
	)
	cases := []struct {
		name string
		pub  PublicKey
		data []byte
		sig  Signature
		want string // the whole error; "" verifies
	}{
		{"valid signature (control)", pub, data, sig, ""},
		{"S equal to L", pub, data, withS(t, sig, groupOrder), notBelowL},
		{"S plus L (malleated, same equation)", pub, data, withS(t, sig, new(big.Int).Add(S, groupOrder)), notBelowL},
		{"S all ones (2^256-1)", pub, data, withS(t, sig, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))), notBelowL},
		{"S zero", pub, data, withS(t, sig, big.NewInt(0)), sZero},
		{"S zero with the identity key (equation holds)", identity, data, zeroS, sZero},
		{"all-zero public key", PublicKey{}, data, sig, zeroKey},
		{"public key not on the curve", notOnCurve(t), data, sig, notOnPoint},
		{"signature by another key", pub, data, otherSig, noEquation},
		{"valid signature checked against another key", other.PublicKey(), data, sig, noEquation},
		{"R from another signature", pub, data, otherR, noEquation},
		{"other data", pub, []byte("withdraw 9000 XEM"), sig, noEquation},
		{"empty data", pub, nil, sig, noEquation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(c.pub, c.data, c.sig)
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, c.want)
			require.ErrorIs(t, err, ErrInvalidSignature)
			if c.want == zeroKey || c.want == notOnPoint {
				require.ErrorIs(t, err, ErrInvalidPublicKey)
			} else {
				require.NotErrorIs(t, err, ErrInvalidPublicKey)
			}
		})
	}
}

// requireEquationHolds checks, apart from Verify, that the encoding of
// S*B - k*A equals R for sig, so that only Verify's other rules can refuse
// it.
func requireEquationHolds(t *testing.T, pub PublicKey, data []byte, sig Signature) {
	t.Helper()
	A, err := new(edwards25519.Point).SetBytes(pub[:])
	require.NoError(t, err)
	s, err := new(edwards25519.Scalar).SetCanonicalBytes(sig[32:])
	require.NoError(t, err)
	kh := keccak.Sum512(sig[:32], pub[:], data)
	k, err := new(edwards25519.Scalar).SetUniformBytes(kh[:])
	require.NoError(t, err)
	R := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(k, new(edwards25519.Point).Negate(A), s)
	require.Equal(t, sig[:32], R.Bytes())
}

// TestVerifyWrongLengthInput: the API types make a wrong-length key or
// signature impossible; the constructors that take slices or text refuse
// them with a clear error.
func TestVerifyWrongLengthInput(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"public key of 31 bytes", second(PublicKeyFromBytes(make([]byte, 31))), ErrInvalidPublicKey},
		{"public key of 33 bytes", second(PublicKeyFromBytes(make([]byte, 33))), ErrInvalidPublicKey},
		{"public key hex of 63 characters", second(ParsePublicKey(hex.EncodeToString(make([]byte, 32))[:63])), ErrInvalidPublicKey},
		{"public key hex with a non-hex character", second(ParsePublicKey("zz" + hex.EncodeToString(make([]byte, 31)))), ErrInvalidPublicKey},
		{"signature of 63 bytes", second(SignatureFromBytes(make([]byte, 63))), ErrInvalidSignature},
		{"signature of 65 bytes", second(SignatureFromBytes(make([]byte, 65))), ErrInvalidSignature},
		{"signature hex of 127 characters", second(ParseSignature(hex.EncodeToString(make([]byte, 64))[:127])), ErrInvalidSignature},
		{"empty signature", second(ParseSignature("")), ErrInvalidSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, c.err, c.want)
		})
	}
}

func second[T any](_ T, err error) error { return err }

// TestVerifyMatchesNISOnPointEncodings documents two NIS behaviours that a
// stricter verifier would not share: a non-canonical y is reduced, and a
// small-order key is not refused by Verify (PublicKey.Check refuses it).
func TestVerifyMatchesNISOnPointEncodings(t *testing.T) {
	// The identity point: k*A vanishes, so R = S*B verifies for any data.
	identity := PublicKey{1}
	s, err := new(edwards25519.Scalar).SetCanonicalBytes(append([]byte{7}, make([]byte, 31)...))
	require.NoError(t, err)
	var sig Signature
	copy(sig[:32], new(edwards25519.Point).ScalarBaseMult(s).Bytes())
	copy(sig[32:], s.Bytes())
	require.NoError(t, Verify(identity, []byte("anything"), sig), "NIS has no small-order check")
	require.ErrorIs(t, identity.Check(), ErrInvalidPublicKey)

	// y = p + 1 is a non-canonical encoding of y = 1 (the identity again).
	nonCanonical, err := ParsePublicKey("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
	require.NoError(t, err)
	require.NoError(t, Verify(nonCanonical, []byte("anything"), sig), "NIS reduces y modulo p")
	require.ErrorIs(t, nonCanonical.Check(), ErrInvalidPublicKey)

	k, err := GenerateKey(nil)
	require.NoError(t, err)
	require.NoError(t, k.PublicKey().Check())
	require.ErrorIs(t, PublicKey{}.Check(), ErrInvalidPublicKey)
	require.ErrorIs(t, notOnCurve(t).Check(), ErrInvalidPublicKey)
}
