package coldwallet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestHeads is class 4 of the custody review on the online side: a
// signer's journal only ever grows, so a response from another journal, or
// naming an earlier entry, or the same entry with another hash, is
// refused; the same response twice is fine.
func TestHeads(t *testing.T) {
	f := newFixture(t)
	resp := func(signer sign.PublicKey, journal string, seq int, hash string) *Response {
		return &Response{RequestID: strings.Repeat("0", 64), Signer: signer, JournalID: journal, JournalSeq: seq, JournalHash: hash,
			Signatures: []ItemSignature{{Item: 1}}}
	}
	a, b := f.coldA.PublicKey(), f.coldB.PublicKey()
	j1, j2 := strings.Repeat("1a", 16), strings.Repeat("2b", 16)
	h5, h6 := strings.Repeat("55", 32), strings.Repeat("66", 32)

	var heads Heads
	require.NoError(t, heads.Accept(resp(a, j1, 5, h5)), "first meeting")
	require.NoError(t, heads.Accept(resp(a, j1, 5, h5)), "the same response again")
	require.NoError(t, heads.Accept(resp(b, j2, 3, h6)), "another signer, another journal")
	for name, r := range map[string]*Response{
		"another journal (a new file)":                  resp(a, j2, 9, h6),
		"an earlier entry (truncated, or an old copy)":  resp(a, j1, 4, h6),
		"the same entry, another hash (rewritten)":      resp(a, j1, 5, h6),
		"a legacy identity instead of the journal's id": resp(a, strings.Repeat("ab", 32), 6, h6),
	} {
		require.ErrorIs(t, heads.Check(r), ErrJournalRollback, name)
		require.ErrorIs(t, heads.Accept(r), ErrJournalRollback, name)
	}
	require.NoError(t, heads.Accept(resp(a, j1, 6, h6)), "moving forward")
	got, ok := heads.Head(a)
	require.True(t, ok)
	require.Equal(t, Head{Signer: a, Journal: j1, Seq: 6, Hash: h6}, got)

	// The file round-trips, sorted and strict; Forget starts again.
	doc, err := heads.MarshalJSON()
	require.NoError(t, err)
	back, err := DecodeHeads(doc)
	require.NoError(t, err)
	require.Equal(t, &heads, back)
	back.Forget(a)
	require.NoError(t, back.Accept(resp(a, j2, 1, h5)), "after Forget, a new journal is a first meeting")

	for name, bad := range map[string]string{
		"unknown member":   strings.Replace(string(doc), `"seq"`, `"sequence"`, 1),
		"another format":   strings.Replace(string(doc), HeadsFormat, "other", 1),
		"bad hash":         strings.Replace(string(doc), h6, "xyz", 1),
		"trailing data":    string(doc) + "{}",
		"signers unsorted": swapSigners(t, string(doc)),
	} {
		_, err := DecodeHeads([]byte(bad))
		require.Error(t, err, name)
	}
}

// swapSigners reverses the two signer objects of a heads document.
func swapSigners(t *testing.T, doc string) string {
	i := strings.Index(doc, "    {")
	j := strings.LastIndex(doc, "    {")
	k := strings.LastIndex(doc, "    }")
	require.True(t, 0 < i && i < j && j < k)
	first := strings.TrimSuffix(doc[i:j], ",\n")
	second := doc[j : k+5]
	return doc[:i] + second + ",\n" + first + doc[k+5:]
}
