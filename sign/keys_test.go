package sign

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParsePrivateKeyNISForms(t *testing.T) {
	const canon = "e8bf9bc0f35c12d8c8bf94dd3a8b5b4034f1063948e3cc5304e55e31aa4b95a6"
	want, err := ParsePrivateKeyNIS(canon)
	require.NoError(t, err)
	ok := []struct{ name, in string }{
		{"64 lowercase", canon},
		{"64 uppercase", strings.ToUpper(canon)},
		{"66 with the 00 sign byte", "00" + canon},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			k, err := ParsePrivateKeyNIS(c.in)
			require.NoError(t, err)
			require.True(t, want.Equal(k))
		})
	}

	// 62 characters: BigInteger dropped a leading zero byte.
	k62, err := ParsePrivateKeyNIS("37ac" + strings.Repeat("11", 29))
	require.NoError(t, err)
	k64, err := ParsePrivateKeyNIS("0037ac" + strings.Repeat("11", 29))
	require.NoError(t, err)
	require.True(t, k62.Equal(k64))
	exported, err := k62.ExportNISHex()
	require.NoError(t, err)
	require.Equal(t, "0037ac"+strings.Repeat("11", 29), exported)

	bad := []struct{ name, in string }{
		{"empty", ""},
		{"63 characters", canon[:63]},
		{"65 characters", canon + "0"},
		{"66 not starting with 00", "01" + canon},
		{"non-hex character", canon[:10] + "x" + canon[11:]},
		{"0x prefix", "0x" + canon[2:]},
		{"surrounding space", " " + canon[1:]},
		{"two keys", canon + canon},
		{"60 characters", canon[:60]},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParsePrivateKeyNIS(c.in)
			require.ErrorIs(t, err, ErrInvalidPrivateKey)
		})
	}
}

func TestSeedRoundTrip(t *testing.T) {
	k, err := ParsePrivateKeyNIS(kat.nisHex)
	require.NoError(t, err)
	seed, err := k.ExportSeed()
	require.NoError(t, err)
	k2, err := NewPrivateKeyFromSeed(seed[:])
	require.NoError(t, err)
	require.True(t, k.Equal(k2))
	require.Equal(t, k.PublicKey(), k2.PublicKey())
	// The NIS hex is the seed reversed.
	nis, err := k.ExportNISHex()
	require.NoError(t, err)
	b := mustHex(t, nis)
	for i := range b {
		require.Equal(t, seed[SeedSize-1-i], b[i])
	}
	_, err = NewPrivateKeyFromSeed(seed[:31])
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
}

func TestGenerateKeyUsesReader(t *testing.T) {
	src := bytes.Repeat([]byte{0x42}, 64)
	k1, err := GenerateKey(bytes.NewReader(src))
	require.NoError(t, err)
	k2, err := NewPrivateKeyFromSeed(src[:32])
	require.NoError(t, err)
	require.True(t, k1.Equal(k2), "the reader's 32 bytes are the seed")

	_, err = GenerateKey(bytes.NewReader(src[:31]))
	require.ErrorIs(t, err, ErrRandom)

	a, err := GenerateKey(nil)
	require.NoError(t, err)
	b, err := GenerateKey(nil)
	require.NoError(t, err)
	require.False(t, a.Equal(b))
}

func TestDestroy(t *testing.T) {
	k, err := GenerateKey(nil)
	require.NoError(t, err)
	pub := k.PublicKey()
	k.Destroy()
	_, err = k.Sign([]byte("x"))
	require.ErrorIs(t, err, ErrKeyDestroyed)
	_, err = k.ExportNISHex()
	require.ErrorIs(t, err, ErrKeyDestroyed)
	_, err = k.ExportSeed()
	require.ErrorIs(t, err, ErrKeyDestroyed)
	require.Equal(t, pub, k.PublicKey(), "the public key stays known")
	require.Equal(t, [SeedSize]byte{}, k.k.secret().seed, "seed overwritten")
	require.Equal(t, [32]byte{}, k.k.secret().prefix, "prefix overwritten")
	k.Destroy() // twice is fine

	var zero PrivateKey
	_, err = zero.Sign([]byte("x"))
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
	var nilKey *PrivateKey
	_, err = nilKey.Sign([]byte("x"))
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
	require.False(t, nilKey.Equal(k))
}

func TestSelfTest(t *testing.T) {
	require.NoError(t, SelfTest())

	broken := kat
	broken.sig = "00" + kat.sig[2:]
	require.ErrorIs(t, knownAnswerTest(broken), ErrSelfTest)
	broken = kat
	broken.pub = kat.pub[:62] + "00"
	require.ErrorIs(t, knownAnswerTest(broken), ErrSelfTest)
	broken = kat
	broken.nisHex = "zz"
	require.ErrorIs(t, knownAnswerTest(broken), ErrSelfTest)

	// A failed self-test refuses every signature.
	saved := selfTest
	t.Cleanup(func() { selfTest = saved })
	selfTest = func() error { return knownAnswerTest(broken) }
	k, err := GenerateKey(nil)
	require.NoError(t, err)
	sig, err := k.Sign([]byte("withdrawal"))
	require.ErrorIs(t, err, ErrSelfTest)
	require.Equal(t, Signature{}, sig)
}

// badSigner stands in for a faulty HSM.
type badSigner struct{ k *PrivateKey }

func (b badSigner) PublicKey() PublicKey { return b.k.PublicKey() }
func (b badSigner) Sign(data []byte) (Signature, error) {
	s, err := b.k.Sign(data)
	s[0] ^= 1
	return s, err
}

type failingSigner struct{ badSigner }

func (failingSigner) Sign([]byte) (Signature, error) { return Signature{}, errors.New("hsm offline") }

func TestSignWith(t *testing.T) {
	k, err := GenerateKey(nil)
	require.NoError(t, err)
	data := []byte("cosign")
	sig, err := SignWith(k, data)
	require.NoError(t, err)
	require.NoError(t, Verify(k.PublicKey(), data, sig))

	_, err = SignWith(badSigner{k}, data)
	require.ErrorIs(t, err, ErrInvalidSignature)
	_, err = SignWith(failingSigner{badSigner{k}}, data)
	require.ErrorContains(t, err, "hsm offline")
}

func TestNetworks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Network
	}{{"mainnet", Mainnet}, {"TESTNET", Testnet}, {"mijin", Mijin}, {"mijinnet", Mijin}, {" testnet ", Testnet}} {
		n, err := ParseNetwork(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, n)
		txt, err := n.MarshalText()
		require.NoError(t, err)
		var back Network
		require.NoError(t, back.UnmarshalText(txt))
		require.Equal(t, n, back)
	}
	for _, in := range []string{"", "main", "mijintest", "0x68"} {
		_, err := ParseNetwork(in)
		require.ErrorIs(t, err, ErrUnknownNetwork, in)
	}
	require.Equal(t, "network(0x90)", Network(0x90).String())
	_, err := Network(0x90).MarshalText()
	require.ErrorIs(t, err, ErrUnknownNetwork)
}
