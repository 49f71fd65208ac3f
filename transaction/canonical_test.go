package transaction

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

func mustPubKey(t *testing.T, s string) sign.PublicKey {
	p, err := sign.ParsePublicKey(s)
	require.NoError(t, err)
	return p
}

// TestModificationOrderIsAddressString: NIS sorts cosignatory modifications
// by the base32 address string. For these two keys (spec §16 C1) the
// address strings and the raw address bytes disagree: "ND3A..." sorts
// before "NDD2..." as text because '3' < 'D', while the decoded bytes (and
// the RIPEMD-160 hashes the Symbol SDK sorts by) put NDD2 first.
func TestModificationOrderIsAddressString(t *testing.T) {
	a := mustPubKey(t, "c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844") // NDD2CT6L...
	b := mustPubKey(t, "eaf16a4833e59370a04ccd5c63395058de34877b48c17174c71db5ed37b537ed") // ND3AHW4V...
	aa, ab := a.Address(sign.Mainnet), b.Address(sign.Mainnet)
	require.Equal(t, "NDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5JFXJ4R4", aa.String())
	require.Equal(t, "ND3AHW4VTI5R5QE5V44KIGPRU5FBJ5AFUCJXOY5H", ab.String())
	require.Less(t, ab.String(), aa.String(), "as strings ND3A comes first")
	require.Equal(t, -1, bytes.Compare(aa[:], ab[:]), "as bytes NDD2 comes first")

	m := &MultisigAggregateModification{
		Header: Header{Network: sign.Mainnet, Version: 1, Signer: mustPubKey(t, "8a558c728c21c126181e5e654b404a45b4f0137ce88177435a69978cc6bec1f4"), Fee: 500_000, Deadline: 10},
		Modifications: []CosignatoryModification{
			{ModificationAdd, a}, // byte order
			{ModificationAdd, b},
		},
	}
	err := Check(m)
	require.ErrorIs(t, err, ErrNonCanonical, "byte order is not NIS order")
	b1, err := m.MarshalBinary()
	require.NoError(t, err)
	_, err = Parse(b1)
	require.ErrorIs(t, err, ErrNonCanonical)

	require.NoError(t, Canonicalize(m))
	require.Equal(t, b, m.Modifications[0].Cosignatory, "ND3A first")
	require.NoError(t, Check(m))
	b2, err := m.MarshalBinary()
	require.NoError(t, err)
	back, err := Parse(b2)
	require.NoError(t, err)
	require.Equal(t, m, back)

	// Adds before deletes, whatever the addresses.
	m.Version = 2
	m.Modifications = []CosignatoryModification{{ModificationDelete, b}, {ModificationAdd, a}}
	require.NoError(t, Canonicalize(m))
	require.Equal(t, ModificationAdd, m.Modifications[0].Type)

	// The same key twice is refused, not merged.
	m.Modifications = []CosignatoryModification{{ModificationAdd, a}, {ModificationDelete, a}}
	require.ErrorIs(t, Canonicalize(m), ErrNonCanonical)
}

// TestMosaicOrderIsNISString: mosaics sort by "namespace:name : quantity".
// ':' (0x3A) sorts after '.', '-' and digits, so a namespace that is a
// prefix of another followed by one of those comes later.
func TestMosaicOrderIsNISString(t *testing.T) {
	cases := []struct {
		name     string
		in, want []MosaicID
	}{
		{"prefix namespace followed by a dot", []MosaicID{{"ab", "y"}, {"ab.c", "x"}}, []MosaicID{{"ab.c", "x"}, {"ab", "y"}}},
		{"prefix namespace followed by a dash", []MosaicID{{"ab", "y"}, {"ab-c", "x"}}, []MosaicID{{"ab-c", "x"}, {"ab", "y"}}},
		{"prefix namespace followed by a digit", []MosaicID{{"ab", "y"}, {"ab1", "x"}}, []MosaicID{{"ab1", "x"}, {"ab", "y"}}},
		{"prefix namespace followed by a letter", []MosaicID{{"abc", "x"}, {"ab", "y"}}, []MosaicID{{"ab", "y"}, {"abc", "x"}}},
		{"same namespace by name", []MosaicID{{"nem", "xem"}, {"nem", "abc"}}, []MosaicID{{"nem", "abc"}, {"nem", "xem"}}},
		{"a tuple sort would differ", []MosaicID{{"alice", "z"}, {"alice.shop", "a"}}, []MosaicID{{"alice.shop", "a"}, {"alice", "z"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx := benchTransfer()
			tx.Mosaics = nil
			for _, id := range c.in {
				tx.Mosaics = append(tx.Mosaics, Mosaic{ID: id, Quantity: 1})
			}
			require.ErrorIs(t, Check(tx), ErrNonCanonical)
			require.NoError(t, Canonicalize(tx))
			var got []MosaicID
			for _, m := range tx.Mosaics {
				got = append(got, m.ID)
			}
			require.Equal(t, c.want, got)
			require.NoError(t, Check(tx))
		})
	}

	tx := benchTransfer()
	tx.Mosaics = []Mosaic{{ID: XEMMosaic, Quantity: 1}, {ID: XEMMosaic, Quantity: 2}}
	err := Canonicalize(tx)
	require.ErrorIs(t, err, ErrNonCanonical, "NIS would merge the two; we refuse")
	require.ErrorContains(t, err, "nem:xem is listed twice")
}

func TestEmptyMessageIsNoMessage(t *testing.T) {
	tx := benchTransfer()
	tx.Message = &Message{Type: MessagePlain}
	require.ErrorIs(t, Check(tx), ErrNonCanonical)
	require.NoError(t, Canonicalize(tx))
	require.Nil(t, tx.Message)
	b, err := tx.MarshalBinary()
	require.NoError(t, err)
	// recipient (44) and amount (8) follow the 60-byte header; then the
	// message field is a zero length.
	require.Equal(t, []byte{0, 0, 0, 0}, b[60+44+8:60+44+8+4])
}

// TestRelativeChangeEncoding: the min-cosignatories change is a signed
// 32-bit integer (NEM-sdk writes values of 10 and more wrongly), and the
// zero-length field differs from an explicit 0.
func TestRelativeChangeEncoding(t *testing.T) {
	m := &MultisigAggregateModification{
		Header:        Header{Network: sign.Testnet, Version: 2, Signer: sign.PublicKey{1}, Fee: 500_000, Deadline: 10},
		Modifications: []CosignatoryModification{{ModificationAdd, sign.PublicKey{2}}},
	}
	for _, c := range []struct {
		change *MinCosignatoriesChange
		tail   []byte
	}{
		{&MinCosignatoriesChange{10}, []byte{4, 0, 0, 0, 10, 0, 0, 0}},
		{&MinCosignatoriesChange{16}, []byte{4, 0, 0, 0, 16, 0, 0, 0}},
		{&MinCosignatoriesChange{-16}, []byte{4, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff}},
		{&MinCosignatoriesChange{-1}, []byte{4, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}},
		{&MinCosignatoriesChange{0}, []byte{4, 0, 0, 0, 0, 0, 0, 0}},
		{nil, []byte{0, 0, 0, 0}},
	} {
		m.MinCosignatories = c.change
		b, err := m.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, c.tail, b[len(b)-len(c.tail):])
		back, err := Parse(b)
		require.NoError(t, err)
		require.Equal(t, m, back)
	}
}
