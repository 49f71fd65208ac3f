package hd

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
)

type hdVector struct {
	Mnemonic      string `json:"mnemonic"`
	Passphrase    string `json:"passphrase"`
	Seed          string `json:"seed"`
	RootPublicKey string `json:"rootPublicKey"`
	ChildAccounts []struct {
		Path      []uint32 `json:"path"`
		PublicKey string   `json:"publicKey"`
	} `json:"childAccounts"`
}

// TestHDVectors checks every child key of the Symbol repository's NEM HD
// vectors: mnemonic to seed, and SLIP-10 ed25519-keccak down each path.
func TestHDVectors(t *testing.T) {
	var f struct {
		PublicNet []hdVector `json:"public_net"`
		TestNet   []hdVector `json:"test_net"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/6.test-hd-derivation.json", &f))
	require.Len(t, f.PublicNet, 48)
	require.Len(t, f.TestNet, 48)
	children := 0
	for _, set := range []struct {
		n  sign.Network
		vs []hdVector
	}{{sign.Mainnet, f.PublicNet}, {sign.Testnet, f.TestNet}} {
		for i, v := range set.vs {
			seed, err := Seed(v.Mnemonic, v.Passphrase)
			require.NoError(t, err, "%s %d", set.n, i)
			require.Equal(t, strings.ToLower(v.Seed), hex.EncodeToString(seed), "%s %d seed", set.n, i)

			// The file's rootPublicKey treats the master key as NIS hex
			// (byte-reversed): a quirk of its generator, kept as a check.
			master, err := Derive(seed, Path{})
			require.NoError(t, err)
			ms, err := master.ExportNISHex()
			require.NoError(t, err)
			reversed, err := sign.NewPrivateKeyFromSeed(mustHex(t, ms))
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(v.RootPublicKey), reversed.PublicKey().String(), "%s %d root", set.n, i)

			require.Len(t, v.ChildAccounts, 3)
			for _, c := range v.ChildAccounts {
				k, err := Derive(seed, Path(c.Path))
				require.NoError(t, err)
				require.Equal(t, strings.ToLower(c.PublicKey), k.PublicKey().String(), "%s %d %v", set.n, i, c.Path)
				want, err := NEMPath(set.n, c.Path[2])
				require.NoError(t, err)
				require.Equal(t, want, Path(c.Path))
				k2, _, err := FromMnemonic(v.Mnemonic, v.Passphrase, set.n, c.Path[2])
				require.NoError(t, err)
				require.True(t, k.Equal(k2))
				children++
			}
		}
	}
	require.Equal(t, 288, children)
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestTrezorAccount derives Trezor's test account (the one whose 17
// device signatures package sign reproduces) from its mnemonic and path.
func TestTrezorAccount(t *testing.T) {
	var f struct {
		Account struct {
			Mnemonic   string `json:"mnemonic"`
			Passphrase string `json:"passphrase"`
			Path       string `json:"path"`
			RawSeedHex string `json:"private_key_raw_seed_hex_computed"`
			NISHex     string `json:"private_key_nis_hex_computed"`
			PublicKey  string `json:"public_key"`
		} `json:"account"`
	}
	readPart(t, "../sign/testdata/nem-sign-tx.json", &f)
	acct := f.Account
	path, err := ParsePath(acct.Path)
	require.NoError(t, err)
	seed, err := Seed(acct.Mnemonic, acct.Passphrase)
	require.NoError(t, err)
	k, err := Derive(seed, path)
	require.NoError(t, err)
	rawSeed, err := k.ExportSeed()
	require.NoError(t, err)
	require.Equal(t, acct.RawSeedHex, hex.EncodeToString(rawSeed[:]))
	nisHex, err := k.ExportNISHex()
	require.NoError(t, err)
	require.Equal(t, acct.NISHex, nisHex)
	require.Equal(t, acct.PublicKey, k.PublicKey().String())

	k2, p2, err := FromMnemonic(acct.Mnemonic, acct.Passphrase, sign.Testnet, 0)
	require.NoError(t, err)
	require.Equal(t, acct.Path, p2.String())
	require.True(t, k.Equal(k2))
}

// TestFacadeBIP32 checks the Symbol SDK's NEM facade BIP-32 child keys
// (24-word mnemonic, with and without the passphrase "TREZOR").
func TestFacadeBIP32(t *testing.T) {
	var f struct {
		BIP32 struct {
			Mnemonic string `json:"mnemonic"`
			Cases    []struct {
				Passphrase string   `json:"passphrase"`
				Children   []string `json:"child_public_keys"`
			} `json:"cases"`
		} `json:"bip32"`
	}
	readPart(t, "../sign/testdata/nem-facade-vectors.json", &f)
	require.Len(t, f.BIP32.Cases, 2)
	children := 0
	for _, c := range f.BIP32.Cases {
		require.Len(t, c.Children, 3)
		for i, want := range c.Children {
			k, path, err := FromMnemonic(f.BIP32.Mnemonic, c.Passphrase, sign.Mainnet, uint32(i))
			require.NoError(t, err)
			require.Equal(t, "m/44'/43'/"+strconv.Itoa(i)+"'/0'/0'", path.String())
			require.Equal(t, strings.ToLower(want), k.PublicKey().String(), "passphrase %q account %d", c.Passphrase, i)
			children++
		}
	}
	require.Equal(t, 6, children)
}

func TestCoinType(t *testing.T) {
	require.Equal(t, uint32(1), coinType(sign.Testnet))
	require.Equal(t, uint32(43), coinType(sign.Mainnet))
	require.Equal(t, uint32(43), coinType(sign.Mijin))
}

// readPart reads the members of a vector file that v names; package sign
// reads the whole file strictly.
func readPart(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}
