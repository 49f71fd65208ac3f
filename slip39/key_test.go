package slip39

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/sign"
)

type hdVector struct {
	Seed     string `json:"seed"`
	Children []struct {
		Path      []uint32 `json:"path"`
		PublicKey string   `json:"publicKey"`
	} `json:"childAccounts"`
}

func loadHD(t *testing.T) map[string][]hdVector {
	f, err := os.Open("testdata/6.test-hd-derivation.json.gz")
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	b, err := io.ReadAll(z)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	require.Equal(t, "1a56ac7aea2920ac585b806e284a7fa53780ff45d00fa8a18b0221aebaa65066", hex.EncodeToString(sum[:]))
	var v map[string][]hdVector
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// TestSLIP10KeysFromHDVectors: a 512-bit master secret (a BIP-39 seed)
// restores the NEM keys the Symbol SDK's vectors give at every path, and
// for some of them through a 2-of-3 split and its 59-word shares.
func TestSLIP10KeysFromHDVectors(t *testing.T) {
	v := loadHD(t)
	seeds, children, split := 0, 0, 0
	for _, net := range []string{"public_net", "test_net"} {
		for i, c := range v[net] {
			seed, err := hex.DecodeString(c.Seed)
			require.NoError(t, err)
			ms, err := NewMasterSecret(seed)
			require.NoError(t, err)
			seeds++
			if i < 4 {
				shares, err := Split(ms, nil, 1, []Group{{2, 3}}, SplitOptions{})
				require.NoError(t, err)
				m, err := shares[0][2].ExportMnemonic()
				require.NoError(t, err)
				require.Len(t, strings.Fields(m), maxShareWords)
				ms, err = Combine([]*Share{shares[0][2], shares[0][0]}, nil)
				require.NoError(t, err)
				split++
			}
			for _, ch := range c.Children {
				spec := KeySpec{Kind: SLIP10, Path: hd.Path(ch.Path)}
				k, err := spec.Key(ms)
				require.NoError(t, err)
				require.Equal(t, strings.ToLower(ch.PublicKey), k.PublicKey().String(), "%s seed %d %s", net, i, spec)
				children++
			}
		}
	}
	require.Equal(t, 96, seeds)
	require.Equal(t, 288, children)
	require.Equal(t, 8, split)
}

// TestSeedBackupRoundTrip: a key's seed, split and recovered, is the same
// key; the same master secret read as an HD seed is another key.
func TestSeedBackupRoundTrip(t *testing.T) {
	key, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	ms, err := SeedSecret(key)
	require.NoError(t, err)
	shares, err := Split(ms, []byte("pass"), 2, []Group{{1, 1}, {2, 3}, {2, 2}}, SplitOptions{})
	require.NoError(t, err)
	back, err := Combine([]*Share{shares[2][1], shares[0][0], shares[2][0]}, []byte("pass"))
	require.NoError(t, err)
	k2, err := KeySpec{Kind: Seed}.Key(back)
	require.NoError(t, err)
	require.True(t, k2.Equal(key))
	hd, err := KeySpec{Kind: SLIP10, Path: hd.Path{44, 43, 0, 0, 0}}.Key(back)
	require.NoError(t, err)
	require.NotEqual(t, key.PublicKey(), hd.PublicKey(), "the kind decides the key")

	wrong, err := Combine([]*Share{shares[2][1], shares[0][0], shares[2][0]}, []byte("Pass"))
	require.NoError(t, err, "SLIP-39 cannot tell a wrong passphrase")
	k3, err := KeySpec{Kind: Seed}.Key(wrong)
	require.NoError(t, err)
	require.NotEqual(t, key.PublicKey(), k3.PublicKey())
}

func TestKeySpec(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"seed", "seed", true},
		{"slip10 m/44'/43'/0'/0'/0'", "slip10 m/44'/43'/0'/0'/0'", true},
		{"slip10 m/44h/1h/7h/0h/0h", "slip10 m/44'/1'/7'/0'/0'", true},
		{"slip10", "", false},
		{"seed m/44'/43'/0'/0'/0'", "", false},
		{"slip10 m/44/43", "", false},
		{"bip39", "", false},
		{"", "", false},
		{"Seed", "", false},
	} {
		k, err := ParseKeySpec(c.in)
		if !c.ok {
			require.ErrorIs(t, err, ErrKeySpec, "%q", c.in)
			continue
		}
		require.NoError(t, err, "%q", c.in)
		require.Equal(t, c.want, k.String())
	}
	ms, err := NewMasterSecret(bytes.Repeat([]byte{1}, 16))
	require.NoError(t, err)
	_, err = KeySpec{Kind: Seed}.Key(ms)
	require.ErrorIs(t, err, ErrKeySpec, "a 16-byte secret is no seed")
	_, err = KeySpec{Kind: "x"}.Key(ms)
	require.ErrorIs(t, err, ErrKeySpec)
}
