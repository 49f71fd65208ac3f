package coldwallet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestHeads is class 4 of the custody review on the online side: a
// signer's journal only ever grows, so a response from another journal, or
// naming an earlier entry, or the same entry with another hash, is
// refused; so is a response to a request that did not carry the recorded
// head (the signer then never checked its journal holds it); the same
// response twice is fine.
func TestHeads(t *testing.T) {
	f := newFixture(t)
	a, b := f.coldA.PublicKey(), f.coldB.PublicKey()
	request := func(signer *sign.PrivateKey, heads []journal.Head, note string) *Request {
		inner := f.withdrawal(t, 10*transaction.XEM, f.customer(t)).Tx.(*transaction.Multisig).Inner
		cs, err := f.plan.Cosignature(inner, signer.PublicKey(), f.opts)
		require.NoError(t, err)
		return &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{signer.PublicKey()}, Heads: heads, Note: note,
			Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
	}
	resp := func(req *Request, journal string, seq int, hash string) *Response {
		id, err := req.ID()
		require.NoError(t, err)
		r := &Response{RequestID: id, Signer: req.Signers[0], JournalID: journal, JournalSeq: seq, JournalHash: hash,
			Signatures: []ItemSignature{{Item: 1}}}
		key := f.coldA
		if r.Signer == b {
			key = f.coldB
		}
		require.NoError(t, r.prove(req, key))
		return r
	}
	j1, j2 := strings.Repeat("1a", 16), strings.Repeat("2b", 16)
	h4, h5, h6 := strings.Repeat("44", 32), strings.Repeat("55", 32), strings.Repeat("66", 32)

	var heads Heads
	first := request(f.coldA, nil, "first")
	require.NoError(t, heads.Accept(first, resp(first, j1, 5, h5)), "first meeting")
	require.NoError(t, heads.Accept(first, resp(first, j1, 5, h5)), "the same response again")
	other := request(f.coldB, nil, "other")
	require.NoError(t, heads.Accept(other, resp(other, j2, 3, h6)), "another signer, another journal")
	require.Equal(t, []journal.Head{{Signer: a, Journal: j1, Seq: 5, Hash: h5}}, heads.Of([]sign.PublicKey{a}))
	require.Equal(t, []journal.Head{{Signer: b, Journal: j2, Seq: 3, Hash: h6}, {Signer: a, Journal: j1, Seq: 5, Hash: h5}}, heads.Of([]sign.PublicKey{b, a}))

	next := request(f.coldA, heads.Of([]sign.PublicKey{a}), "next")
	for name, c := range map[string]struct {
		req  *Request
		resp *Response
	}{
		"another journal (a new file)":                  {next, resp(next, j2, 9, h6)},
		"an earlier entry (truncated, or an old copy)":  {next, resp(next, j1, 4, h6)},
		"the same entry, another hash (rewritten)":      {next, resp(next, j1, 5, h6)},
		"a legacy identity instead of the journal's id": {next, resp(next, strings.Repeat("ab", 32), 6, h6)},
		"a request without the recorded head":           {request(f.coldA, nil, "bare"), nil},
		"a request with an older head":                  {request(f.coldA, []journal.Head{{Signer: a, Journal: j1, Seq: 4, Hash: h4}}, "old"), nil},
	} {
		if c.resp == nil {
			c.resp = resp(c.req, j1, 6, h6)
		}
		require.ErrorIs(t, heads.Check(c.req, c.resp), journal.ErrRollback, name)
		require.ErrorIs(t, heads.Accept(c.req, c.resp), journal.ErrRollback, name)
	}
	require.ErrorIs(t, heads.Check(next, resp(first, j1, 6, h6)), ErrResponse, "a response to another request")
	require.NoError(t, heads.Accept(next, resp(next, j1, 6, h6)), "moving forward")
	got, ok := heads.Head(a)
	require.True(t, ok)
	require.Equal(t, journal.Head{Signer: a, Journal: j1, Seq: 6, Hash: h6}, got)

	// The file round-trips, sorted and strict; Forget starts again.
	doc, err := heads.MarshalJSON()
	require.NoError(t, err)
	back, err := DecodeHeads(doc)
	require.NoError(t, err)
	require.Equal(t, &heads, back)
	back.Forget(a)
	require.NoError(t, back.Accept(first, resp(first, j2, 1, h5)), "after Forget, a new journal is a first meeting")

	for name, bad := range map[string]string{
		"unknown member":   strings.Replace(string(doc), `"seq"`, `"sequence"`, 1),
		"another format":   strings.Replace(string(doc), headsFormat, "other", 1),
		"bad hash":         strings.Replace(string(doc), h6, "xyz", 1),
		"trailing data":    string(doc) + "{}",
		"duplicate member": strings.Replace(string(doc), `"seq": 6,`, `"seq": 6, "seq": 7,`, 1),
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

// TestJournalProofStatement: the statement a journal proof signs never
// reads as a NIS transaction, in any form, and binds each of its parts.
func TestJournalProofStatement(t *testing.T) {
	r := &Response{RequestID: strings.Repeat("ab", 32), JournalID: strings.Repeat("1a", 16), JournalSeq: 7, JournalHash: strings.Repeat("cd", 32)}
	carried := &journal.Head{Journal: strings.Repeat("1a", 16), Seq: 6, Hash: strings.Repeat("ef", 32)}
	msgs := map[string][]byte{"none": r.ProofMessage(nil), "carried": r.ProofMessage(carried)}
	for name, m := range msgs {
		_, err := transaction.Parse(m)
		require.Error(t, err, name)
		for _, o := range []transaction.ParseOptions{{Verifiable: true}, {LayoutOnly: true}, {Verifiable: true, LayoutOnly: true}} {
			_, err := transaction.ParseWithOptions(m, o)
			require.Error(t, err, name)
		}
	}
	require.Equal(t, "nemcustody-journal-proof v1\nrequest: "+r.RequestID+"\ncarried: none\njournal: "+r.JournalID+" 7 "+r.JournalHash+"\n", string(msgs["none"]))
	require.NotEqual(t, msgs["none"], msgs["carried"])
	other := *r
	other.JournalSeq = 8
	require.NotEqual(t, msgs["none"], other.ProofMessage(nil))
}
