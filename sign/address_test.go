package sign

import (
	"crypto/pbkdf2"
	"crypto/sha512"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	vecPub     = "c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844"
	vecMainnet = "NDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5JFXJ4R4"
	vecTestnet = "TDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5KZPFMK2"
	vecMijin   = "MDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5LDT7JHT"
)

func TestAddressForms(t *testing.T) {
	pub, err := ParsePublicKey(vecPub)
	require.NoError(t, err)
	a := pub.Address(Mainnet)
	require.Equal(t, vecMainnet, a.String())
	require.Equal(t, "NDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5JFX-J4R4", a.Pretty())
	require.Equal(t, Mainnet, a.Network())
	require.Equal(t, vecTestnet, pub.Address(Testnet).String())
	require.Equal(t, vecMijin, pub.Address(Mijin).String())

	for _, in := range []string{
		vecMainnet,
		strings.ToLower(vecMainnet),
		"NDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5JFX-J4R4",
		"ndd2ct-6lqliy-q56kix-i3entm-6ek3d4-4p5jfx-j4r4",
		"  " + vecMainnet + "\n",
	} {
		got, err := ParseAddress(in)
		require.NoError(t, err, in)
		require.Equal(t, a, got, in)
		require.Equal(t, vecMainnet, got.String(), "canonical upper-case output")
	}

	_, err = ParseCanonicalAddress(strings.ToLower(vecMainnet))
	require.ErrorIs(t, err, ErrInvalidAddress, "codecs need the canonical form")
	_, err = ParseCanonicalAddress(a.Pretty())
	require.ErrorIs(t, err, ErrInvalidAddress)

	b, err := AddressFromBytes(a[:])
	require.NoError(t, err)
	require.Equal(t, a, b)

	txt, err := json.Marshal(struct{ A Address }{a})
	require.NoError(t, err)
	require.JSONEq(t, `{"A":"`+vecMainnet+`"}`, string(txt))
	var back struct{ A Address }
	require.NoError(t, json.Unmarshal(txt, &back))
	require.Equal(t, a, back.A)
}

func TestAddressRejects(t *testing.T) {
	flipLast := vecMainnet[:39] + "5"
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrInvalidAddress},
		{"39 characters", vecMainnet[:39], ErrInvalidAddress},
		{"41 characters", vecMainnet + "A", ErrInvalidAddress},
		{"checksum mismatch (last character changed)", flipLast, ErrInvalidAddress},
		{"one character changed in the hash", vecMainnet[:5] + "X" + vecMainnet[6:], ErrInvalidAddress},
		{"digit outside base32 (0, 1, 8, 9)", vecMainnet[:5] + "1" + vecMainnet[6:], ErrInvalidAddress},
		{"padding character", vecMainnet[:39] + "=", ErrInvalidAddress},
		{"unknown network byte 0x90 (Catapult mijin test)", "SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ErrUnknownNetwork},
		{"garbage", "nope", ErrInvalidAddress},
		{"public key instead of an address", vecPub, ErrInvalidAddress},
		{"inner white space", vecMainnet[:20] + " " + vecMainnet[20:], ErrInvalidAddress},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseAddress(c.in)
			require.ErrorIs(t, err, c.want)
		})
	}

	// Unicode letters that strings.ToUpper folds to base32 letters: 'ı'
	// (U+0131) to 'I', 'ſ' (U+017F) to 'S'. Without them the addresses
	// are valid.
	const sink = "TAMESPACEWH4MKFMBCVFERDPOOP4FK7MTDJEYP35"
	require.Equal(t, "I", vecMainnet[10:11])
	require.Equal(t, "S", sink[4:5])
	for _, in := range []string{
		vecMainnet[:10] + "ı" + vecMainnet[11:],
		strings.ToLower(vecMainnet[:10]) + "ı" + vecMainnet[11:],
		sink[:4] + "ſ" + sink[5:],
		sink[:4] + "ſ" + strings.ToLower(sink[5:]),
		"\u00a0" + vecMainnet[:39] + "\u00e9",
	} {
		_, err := ParseAddress(in)
		require.EqualError(t, err, "sign: invalid address: a character is not ASCII", "%q", in)
	}
	for _, in := range []string{vecMainnet, sink} {
		_, err := ParseAddress(in)
		require.NoError(t, err)
	}

	a, err := ParseAddress(vecMainnet)
	require.NoError(t, err)
	require.NoError(t, a.CheckNetwork(Mainnet))
	require.ErrorIs(t, a.CheckNetwork(Testnet), ErrWrongNetwork)
	require.ErrorContains(t, a.CheckNetwork(Testnet), "mainnet address, want testnet")

	_, err = AddressFromBytes(a[:24])
	require.ErrorIs(t, err, ErrInvalidAddress)
	bad := a
	bad[3] ^= 1
	_, err = AddressFromBytes(bad[:])
	require.ErrorIs(t, err, ErrInvalidAddress)
	require.Error(t, Address{}.Validate())
	require.True(t, Address{}.IsZero())
	_, err = Address{}.MarshalText()
	require.Error(t, err)
}

// TestAddressEveryCharacterChecked changes every position of an address to
// every other base32 character: the checksum (or network rule) must catch
// each of the 40 x 31 typos.
func TestAddressEveryCharacterChecked(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	caught := 0
	for i := 0; i < AddressLength; i++ {
		for _, c := range alphabet {
			if byte(c) == vecTestnet[i] {
				continue
			}
			typo := vecTestnet[:i] + string(c) + vecTestnet[i+1:]
			_, err := ParseAddress(typo)
			require.Error(t, err, "position %d -> %c", i, c)
			caught++
		}
	}
	require.Equal(t, 40*31, caught)
}

func TestHDPaths(t *testing.T) {
	p, err := NEMPath(Mainnet, 0)
	require.NoError(t, err)
	require.Equal(t, "m/44'/43'/0'/0'/0'", p.String())
	p, err = NEMPath(Testnet, 7)
	require.NoError(t, err)
	require.Equal(t, "m/44'/1'/7'/0'/0'", p.String())
	p, err = NEMPath(Mijin, 2)
	require.NoError(t, err)
	require.Equal(t, HDPath{44, 43, 2, 0, 0}, p)
	_, err = NEMPath(Mainnet, 1<<31)
	require.ErrorIs(t, err, ErrInvalidPath)
	_, err = NEMPath(Network(0x90), 0)
	require.ErrorIs(t, err, ErrUnknownNetwork)

	for in, want := range map[string]HDPath{
		"m/44'/43'/0'/0'/0'":    {44, 43, 0, 0, 0},
		"m/44h/1h/5h/0h/0h":     {44, 1, 5, 0, 0},
		"m/44H/43H/2147483647H": {44, 43, 2147483647},
		"m/0'":                  {0},
	} {
		got, err := ParseHDPath(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "m", "m/", "44'/43'", "m/44/43'", "m/44'/x'", "m/2147483648'", "m/-1'", "m/01'", "M/44'", "m/44''"} {
		_, err := ParseHDPath(in)
		require.ErrorIs(t, err, ErrInvalidPath, in)
	}
	_, err = DeriveFromSeed(make([]byte, 64), HDPath{44, 1 << 31})
	require.ErrorIs(t, err, ErrInvalidPath)
	_, err = DeriveFromSeed(make([]byte, 15), HDPath{44})
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
	_, err = DeriveFromSeed(make([]byte, 65), HDPath{44})
	require.ErrorIs(t, err, ErrInvalidPrivateKey)
}

func TestMnemonics(t *testing.T) {
	const m12 = "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"
	norm, err := NormalizeMnemonic("  Alcohol WOMAN abuse\tmust during monitor noble actual mixed trade anger aisle\n")
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
			_, err := MnemonicToSeed(c.in, "")
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
		got, err := MnemonicToSeed(m12, c.typed)
		require.NoError(t, err)
		require.Equal(t, want, got, "%q", c.typed)
	}
	for _, bad := range []string{"secret\xff\xfe", "secret\nword", "secret\x00"} {
		_, err = MnemonicToSeed(m12, bad)
		require.ErrorIs(t, err, ErrInvalidPassphrase, "%q", bad)
		require.NotContains(t, err.Error(), "secret")
	}
	a, err := MnemonicToSeed(m12, "")
	require.NoError(t, err)
	b, err := MnemonicToSeed(m12, "TREZOR")
	require.NoError(t, err)
	require.NotEqual(t, a, b, "the passphrase changes the seed")

	for words := range mnemonicWordCounts {
		m, err := NewMnemonic(nil, words)
		require.NoError(t, err)
		require.Len(t, strings.Fields(m), words)
		_, err = NormalizeMnemonic(m)
		require.NoError(t, err)
	}
	_, err = NewMnemonic(nil, 13)
	require.ErrorIs(t, err, ErrInvalidMnemonic)
	_, err = NewMnemonic(strings.NewReader("short"), 24)
	require.ErrorIs(t, err, ErrRandom)
	// BIP-39's first test vector: all-zero entropy.
	m, err := NewMnemonic(strings.NewReader(string(make([]byte, 16))), 12)
	require.NoError(t, err)
	require.Equal(t, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", m)
}
