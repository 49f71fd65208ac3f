package sign

import (
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
