package hd

import (
	"crypto/pbkdf2"
	"crypto/sha512"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

func TestHDPaths(t *testing.T) {
	p, err := NEMPath(sign.Mainnet, 0)
	require.NoError(t, err)
	require.Equal(t, "m/44'/43'/0'/0'/0'", p.String())
	p, err = NEMPath(sign.Testnet, 7)
	require.NoError(t, err)
	require.Equal(t, "m/44'/1'/7'/0'/0'", p.String())
	p, err = NEMPath(sign.Mijin, 2)
	require.NoError(t, err)
	require.Equal(t, Path{44, 43, 2, 0, 0}, p)
	_, err = NEMPath(sign.Mainnet, 1<<31)
	require.ErrorIs(t, err, ErrInvalidPath)
	_, err = NEMPath(sign.Network(0x90), 0)
	require.ErrorIs(t, err, sign.ErrUnknownNetwork)

	for in, want := range map[string]Path{
		"m/44'/43'/0'/0'/0'":    {44, 43, 0, 0, 0},
		"m/44h/1h/5h/0h/0h":     {44, 1, 5, 0, 0},
		"m/44H/43H/2147483647H": {44, 43, 2147483647},
		"m/0'":                  {0},
	} {
		got, err := ParsePath(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "m", "m/", "44'/43'", "m/44/43'", "m/44'/x'", "m/2147483648'", "m/-1'", "m/01'", "M/44'", "m/44''"} {
		_, err := ParsePath(in)
		require.ErrorIs(t, err, ErrInvalidPath, in)
	}
	_, err = Derive(make([]byte, 64), Path{44, 1 << 31})
	require.ErrorIs(t, err, ErrInvalidPath)
	_, err = Derive(make([]byte, 15), Path{44})
	require.ErrorIs(t, err, sign.ErrInvalidPrivateKey)
	_, err = Derive(make([]byte, 65), Path{44})
	require.ErrorIs(t, err, sign.ErrInvalidPrivateKey)
}

func TestMnemonics(t *testing.T) {
	const m12 = "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"
	norm, err := normalizeMnemonic("  Alcohol WOMAN abuse\tmust during monitor noble actual mixed trade anger aisle\n")
	require.NoError(t, err)
	require.Equal(t, m12, norm)

	swapped := "woman alcohol abuse must during monitor noble actual mixed trade anger aisle"
	cases := []struct {
		name, in, msg string
	}{
		{"empty", "   ", "empty"},
		{"11 words", strings.Join(strings.Fields(m12)[:11], " "), "11 words"},
		{"13 words", m12 + " aisle", "13 words"},
		{"unknown word", strings.Replace(m12, "monitor", "monitr", 1), "word 6"},
		{"bad checksum (words swapped)", swapped, "checksum"},
		{"bad checksum (last word)", strings.Replace(m12, "aisle", "abandon", 1), "checksum"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Seed(c.in, "")
			require.ErrorIs(t, err, ErrInvalidMnemonic)
			require.ErrorContains(t, err, c.msg)
		})
	}
	// BIP-39 hashes the passphrase in Unicode NFKD: checked against
	// PBKDF2-HMAC-SHA512 computed here over the NFKD bytes written out by
	// hand (a with U+0308 COMBINING DIAERESIS; the ligature U+FB01 as "fi").
	for _, c := range []struct{ typed, nfkd string }{
		{"p\u00e4ssword", "pa\u0308ssword"},
		{"pa\u0308ssword", "pa\u0308ssword"},
		{"\ufb01le", "file"},
		{"TREZOR", "TREZOR"},
	} {
		want, err := pbkdf2.Key(sha512.New, m12, []byte("mnemonic"+c.nfkd), 2048, 64)
		require.NoError(t, err)
		got, err := Seed(m12, c.typed)
		require.NoError(t, err)
		require.Equal(t, want, got, "%q", c.typed)
	}
	for _, bad := range []string{"secret\xff\xfe", "secret\nword", "secret\x00"} {
		_, err = Seed(m12, bad)
		require.ErrorIs(t, err, ErrInvalidPassphrase, "%q", bad)
		require.NotContains(t, err.Error(), "secret")
	}
	a, err := Seed(m12, "")
	require.NoError(t, err)
	b, err := Seed(m12, "TREZOR")
	require.NoError(t, err)
	require.NotEqual(t, a, b, "the passphrase changes the seed")

	for words := range mnemonicWordCounts {
		m, err := NewMnemonic(nil, words)
		require.NoError(t, err)
		require.Len(t, strings.Fields(m), words)
		_, err = normalizeMnemonic(m)
		require.NoError(t, err)
	}
	_, err = NewMnemonic(nil, 13)
	require.ErrorIs(t, err, ErrInvalidMnemonic)
	_, err = NewMnemonic(strings.NewReader("short"), 24)
	require.ErrorIs(t, err, sign.ErrRandom)
	// BIP-39's first test vector: all-zero entropy.
	m, err := NewMnemonic(strings.NewReader(string(make([]byte, 16))), 12)
	require.NoError(t, err)
	require.Equal(t, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", m)
}

// TestErrorsNeverEchoMnemonic: a mistyped word is named by its position,
// never repeated, and no other word appears.
func TestErrorsNeverEchoMnemonic(t *testing.T) {
	_, err := Seed("alcohol woman abuse must during monitor noble actual mixed trade anger zzzzz", "")
	require.ErrorIs(t, err, ErrInvalidMnemonic)
	require.NotContains(t, err.Error(), "zzzzz")
	require.NotContains(t, err.Error(), "alcohol")
	require.Contains(t, err.Error(), "word 12")
}
