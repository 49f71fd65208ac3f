package sign

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"filippo.io/edwards25519"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/keccak"
	"github.com/nemcustody/nemcustody/internal/testvec"
)

// TestSharedKeyDatVectors checks every case of NemProject's 3.test-derive.dat:
// the point a·A (column "mul") and the legacy key Keccak-256(mul XOR salt).
func TestSharedKeyDatVectors(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/3.test-derive.dat.gz", 5)
	require.NoError(t, err)
	require.Len(t, rows, 1000)
	for i, r := range testvec.Sample(rows) {
		salt := [32]byte(mustHex(t, r[0]))
		k, err := ParsePrivateKeyNIS(r[1])
		require.NoError(t, err, "row %d", i)
		other, err := ParsePublicKey(r[2])
		require.NoError(t, err, "row %d", i)

		p, err := k.SharedPoint(other)
		require.NoError(t, err, "row %d", i)
		require.Equal(t, r[3], fmt.Sprintf("%x", p), "row %d scalarMulResult", i)
		key, err := k.SharedKeyLegacy(other, salt)
		require.NoError(t, err, "row %d", i)
		require.Equal(t, r[4], fmt.Sprintf("%x", key), "row %d shared key", i)
	}
}

type deriveDeprecatedVector struct {
	Salt            string `json:"salt"`
	PrivateKey      string `json:"privateKey"`
	OtherPublicKey  string `json:"otherPublicKey"`
	ScalarMulResult string `json:"scalarMulResult"`
	SharedKey       string `json:"sharedKey"`
}

type deriveHKDFVector struct {
	PrivateKey      string `json:"privateKey"`
	OtherPublicKey  string `json:"otherPublicKey"`
	ScalarMulResult string `json:"scalarMulResult"`
	SharedKey       string `json:"sharedKey"`
}

// TestSharedKeyDeprecatedVectors checks every case of the Symbol
// repository's NEM 3.test-derive-deprecated.json (legacy salt-XOR key).
func TestSharedKeyDeprecatedVectors(t *testing.T) {
	var vs []deriveDeprecatedVector
	require.NoError(t, testvec.ReadJSON("testdata/3.test-derive-deprecated.json.gz", &vs))
	require.Len(t, vs, 1001)
	for i, v := range testvec.Sample(vs) {
		k, err := ParsePrivateKeyNIS(v.PrivateKey)
		require.NoError(t, err, "case %d", i)
		other, err := ParsePublicKey(v.OtherPublicKey)
		require.NoError(t, err, "case %d", i)
		salt := [32]byte(mustHex(t, v.Salt))

		p, err := k.SharedPoint(other)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, mustHex(t, v.ScalarMulResult), p[:], "case %d scalarMulResult", i)
		key, err := k.SharedKeyLegacy(other, salt)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, mustHex(t, v.SharedKey), key[:], "case %d shared key", i)
	}
}

// TestSharedKeyHKDFVectors checks every case of the Symbol repository's NEM
// 3.test-derive-hkdf.json (HKDF-SHA256, info "nem-nis1").
func TestSharedKeyHKDFVectors(t *testing.T) {
	var vs []deriveHKDFVector
	require.NoError(t, testvec.ReadJSON("testdata/3.test-derive-hkdf.json.gz", &vs))
	require.Len(t, vs, 1001)
	for i, v := range testvec.Sample(vs) {
		k, err := ParsePrivateKeyNIS(v.PrivateKey)
		require.NoError(t, err, "case %d", i)
		other, err := ParsePublicKey(v.OtherPublicKey)
		require.NoError(t, err, "case %d", i)

		p, err := k.SharedPoint(other)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, mustHex(t, v.ScalarMulResult), p[:], "case %d scalarMulResult", i)
		key, err := k.SharedKeyHKDF(other)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, mustHex(t, v.SharedKey), key[:], "case %d shared key", i)
	}
}

// TestSharedPointSymmetric: both parties compute the same point and keys,
// each from its own private key and the other's public key.
func TestSharedPointSymmetric(t *testing.T) {
	for i := range 50 {
		alice, err := GenerateKey(nil)
		require.NoError(t, err)
		bob, err := GenerateKey(nil)
		require.NoError(t, err)
		ab, err := alice.SharedPoint(bob.PublicKey())
		require.NoError(t, err)
		ba, err := bob.SharedPoint(alice.PublicKey())
		require.NoError(t, err)
		require.Equal(t, ab, ba, "round %d", i)

		salt := [32]byte{byte(i), 1, 2, 3}
		k1, err := alice.SharedKeyLegacy(bob.PublicKey(), salt)
		require.NoError(t, err)
		k2, err := bob.SharedKeyLegacy(alice.PublicKey(), salt)
		require.NoError(t, err)
		require.Equal(t, k1, k2)
		h1, err := alice.SharedKeyHKDF(bob.PublicKey())
		require.NoError(t, err)
		h2, err := bob.SharedKeyHKDF(alice.PublicKey())
		require.NoError(t, err)
		require.Equal(t, h1, h2)
		require.NotEqual(t, k1, h1)
	}
}

// naiveScalarMult computes n·A by double-and-add over the bits of the full
// integer n, with no reduction modulo L: a slow reference that shares
// nothing with SharedPoint's divide-by-8 shortcut.
func naiveScalarMult(n *big.Int, A *edwards25519.Point) *edwards25519.Point {
	R := edwards25519.NewIdentityPoint()
	for i := n.BitLen() - 1; i >= 0; i-- {
		R.Add(R, R)
		if n.Bit(i) == 1 {
			R.Add(R, A)
		}
	}
	return R
}

// TestSharedPointWithTorsion: for a key with a torsion component,
// A' = A + T with T of order 8, NIS multiplies by the full clamped scalar
// (a multiple of 8), which kills T, whereas a scalar reduced mod L does not
// unless (a mod L)·T happens to vanish. Since a mod L = a - q·L with q in
// 4..7 and L = 5 mod 8, a mod L is never a multiple of 8, so every point of
// order 8 exposes the difference (T of order 2 or 4 only sometimes). No
// case of the published vectors has such a key, so this test builds them
// from the 1000 keys of 3.test-derive.dat and checks a slow reference.
func TestSharedPointWithTorsion(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/3.test-derive.dat.gz", 5)
	require.NoError(t, err)
	require.Len(t, rows, 1000)
	T8, err := new(edwards25519.Point).SetBytes(mustHex(t, "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"))
	require.NoError(t, err)
	require.Equal(t, 1, new(edwards25519.Point).MultByCofactor(T8).Equal(edwards25519.NewIdentityPoint()), "T has order dividing 8")

	reducedDiffers := 0
	for i, r := range testvec.Sample(rows) {
		k, err := ParsePrivateKeyNIS(r[1])
		require.NoError(t, err)
		A, err := new(edwards25519.Point).SetBytes(mustHex(t, r[2]))
		require.NoError(t, err)
		T := edwards25519.NewIdentityPoint()
		for range 1 + i%7 { // T8, 2·T8, ..., 7·T8: every non-zero torsion point
			T.Add(T, T8)
		}
		withTorsion := PublicKey(new(edwards25519.Point).Add(A, T).Bytes())
		require.NoError(t, withTorsion.Check(), "row %d: A+T passes Check", i)

		got, err := k.SharedPoint(withTorsion)
		require.NoError(t, err)
		require.Equal(t, r[3], fmt.Sprintf("%x", got), "row %d: the torsion part vanishes, as in NIS", i)

		seed, err := k.ExportSeed()
		require.NoError(t, err)
		h := keccak.Sum512(seed[:])
		h[0] &= 0xf8
		h[31] &= 0x7f
		h[31] |= 0x40
		a := leToInt(h[:32])
		Ap, err := new(edwards25519.Point).SetBytes(withTorsion[:])
		require.NoError(t, err)
		require.Equal(t, naiveScalarMult(a, Ap).Bytes(), got[:], "row %d: slow reference", i)

		reduced := new(edwards25519.Point).ScalarMult(&k.k.secret().scalar, Ap).Bytes()
		if !bytes.Equal(reduced, got[:]) {
			reducedDiffers++
		}
	}
	if !testvec.Race { // the count is of the whole file
		require.Equal(t, 860, reducedDiffers, "cases where a scalar reduced mod L would disagree with NIS")
	}
}

func TestClampedDiv8(t *testing.T) {
	for _, fill := range []byte{0x00, 0xff, 0x5a} {
		var h, got [32]byte
		for i := range h {
			h[i] = fill ^ byte(i)
		}
		clampedDiv8(&got, &h)
		c := h
		c[0] &= 0xf8
		c[31] &= 0x7f
		c[31] |= 0x40
		want := new(big.Int).Rsh(leToInt(c[:]), 3)
		require.Equal(t, want, leToInt(got[:]), "fill %#x", fill)
		require.Equal(t, -1, leToInt(got[:]).Cmp(groupOrder), "below L")
		require.Equal(t, 251, leToInt(got[:]).BitLen()-1, "top bit is bit 251")
	}
}

// badOtherKeys are public keys SharedPoint must refuse, with the reason.
func badOtherKeys(t *testing.T) map[string]PublicKey {
	small := func(s string) PublicKey { p, err := ParsePublicKey(s); require.NoError(t, err); return p }
	return map[string]PublicKey{
		"all zero":                     {},
		"not a curve point":            notOnCurve(t),
		"identity (order 1)":           {1},
		"order 2":                      small("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"order 4":                      small("0000000000000000000000000000000000000000000000000000000000000080"),
		"order 8":                      small("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
		"order 8, other":               small("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
		"non-canonical identity (p+1)": small("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"non-canonical y = p+3":        small("f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
	}
}

// TestSharedKeyRefusalsLeakNoSecrets: unusable other keys and dead private
// keys give the documented sentinels from all three functions, and the
// errors hold no key material (secret key forms, the shared point or the
// keys that a valid peer would give).
func TestSharedKeyRefusalsLeakNoSecrets(t *testing.T) {
	k, err := ParsePrivateKeyNIS(kat.nisHex)
	require.NoError(t, err)
	forms := secretForms(t, k)
	peer, err := GenerateKey(nil)
	require.NoError(t, err)
	p, err := k.SharedPoint(peer.PublicKey())
	require.NoError(t, err)
	legacy, err := k.SharedKeyLegacy(peer.PublicKey(), [32]byte{})
	require.NoError(t, err)
	hk, err := k.SharedKeyHKDF(peer.PublicKey())
	require.NoError(t, err)
	for _, b := range [][32]byte{p, legacy, hk} {
		forms = append(forms, fmt.Sprintf("%x", b), fmt.Sprintf("%X", b), fmt.Sprintf("%x", b[:8]), strings.Trim(fmt.Sprint(b[:6]), "[]"))
	}

	calls := map[string]func(*PrivateKey, PublicKey) ([32]byte, error){
		"SharedPoint": (*PrivateKey).SharedPoint,
		"SharedKeyLegacy": func(k *PrivateKey, o PublicKey) ([32]byte, error) {
			return k.SharedKeyLegacy(o, [32]byte{9})
		},
		"SharedKeyHKDF": (*PrivateKey).SharedKeyHKDF,
	}
	for name, call := range calls {
		for reason, bad := range badOtherKeys(t) {
			require.Error(t, bad.Check(), reason)
			out, err := call(k, bad)
			require.ErrorIs(t, err, ErrInvalidPublicKey, "%s %s", name, reason)
			require.Equal(t, [32]byte{}, out, "%s %s: no output on error", name, reason)
			require.Contains(t, err.Error(), "other party's key")
			requireNoSecret(t, forms, name+" "+reason, err.Error())
			requireNoSecret(t, forms, name+" "+reason+" %+v", fmt.Sprintf("%+v", err))
		}
		_, err := call(nil, peer.PublicKey())
		require.ErrorIs(t, err, ErrInvalidPrivateKey, "%s nil key", name)
		_, err = call(&PrivateKey{}, peer.PublicKey())
		require.ErrorIs(t, err, ErrInvalidPrivateKey, "%s zero key", name)
	}

	dead, err := ParsePrivateKeyNIS(kat.nisHex)
	require.NoError(t, err)
	dead.Destroy()
	for name, call := range calls {
		out, err := call(dead, peer.PublicKey())
		require.ErrorIs(t, err, ErrKeyDestroyed, name)
		require.Equal(t, [32]byte{}, out)
		requireNoSecret(t, forms, name+" destroyed", err.Error())
	}
}

func BenchmarkSharedPoint(b *testing.B) {
	k, err := ParsePrivateKeyNIS(kat.nisHex)
	require.NoError(b, err)
	other, err := ParsePublicKey(kat.pub)
	require.NoError(b, err)
	b.Run("SharedPoint", func(b *testing.B) {
		for b.Loop() {
			if _, err := k.SharedPoint(other); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Baseline: one constant-time variable-base scalar multiplication.
	A, _ := new(edwards25519.Point).SetBytes(other[:])
	b.Run("baseline-ScalarMult", func(b *testing.B) {
		for b.Loop() {
			new(edwards25519.Point).ScalarMult(&k.k.secret().scalar, A)
		}
	})
}
