package coldwallet

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestAttackForgedResponseJournalLine: the insider of
// TestAttackJournalRestorePaddedPastHead, after its fix. The vault signs
// up to its window cap; the online side records each response's journal
// line (combine --heads). The insider, who can write the offline disk,
// restores an old copy of the journal (same identity, fewer entries).
// The next real request carries the recorded head, and the restored
// journal refuses it, as it should. So the insider removes the
// journal-head line from the request file before the vault reads it (the
// envelope's checksum is a plain SHA-256 anyone recomputes), and the
// vault, having forgotten its day, signs it. The response names the
// stripped request and the restored journal's entry; the insider rewrites
// those two lines to the real request's ID and the head the online side
// recorded (both are in the files it carries), and recomputes the
// checksum. Nothing in a response authenticates its "request:" and
// "journal:" lines: the signatures are over the transactions only, which
// are the same. Heads.Check takes the forged line for the response it
// has "seen before", and Combine verifies the signatures. The vault has
// now released 2997 XEM within 24 h; its window allows 2501.
//
// NIS plays no part: the window is this library's own rule, and the
// heads are what is meant to stop a rolled-back journal.
//
// Breaks: "the online side refuses responses from a replaced or
// rolled-back journal (combine --heads)" (README, What the limits
// guarantee) and "a journal restored from an old copy cannot answer even
// after it was padded past the recorded entry number" (SECURITY.md, A
// journal rolled back, restored or replaced): it cannot answer, but its
// answer can be relabelled.
//
// The fix (response v3): the signer signs, with its key and a domain-separated
// prefix that never parses as a NIS transaction (as keyhealth proofs do),
// a statement binding the request ID, the journal head the request
// carried (or none), its journal's identity and the new entry's seq and
// hash; the response carries it and Heads.Check verifies it under the
// response's signer key before anything else, and accepts "seen before"
// only for the statement it recorded. A restored journal then cannot
// produce a statement naming the recorded head.
func TestAttackForgedResponseJournalLine(t *testing.T) {
	f := newFixture(t)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t)) // 1001 XEM per item, 2501 XEM per 24 h
	oldCopy, err := os.ReadFile(path)
	require.NoError(t, err, "the insider's copy, before any signing")

	var heads Heads
	type built struct {
		req     *Request
		wrapper *transaction.Signed
	}
	withdrawal := func(n int, amount transaction.Amount) built {
		w := f.withdrawal(t, amount, f.customer(t))
		req := f.cosignRequest(t, w)
		req.Note = fmt.Sprintf("batch %d", n)
		req.Heads = heads.Of(req.Signers)
		return built{req, w}
	}
	// online is what combine --heads does with a response.
	var released transaction.Amount
	online := func(b built, response []byte) error {
		resp, err := ParseResponse(response)
		require.NoError(t, err)
		if err := heads.Check(b.req, resp); err != nil {
			return err
		}
		id, err := b.req.ID()
		require.NoError(t, err)
		_, err = Combine(f.plan, b.req, id, []*Response{resp}, []*transaction.Signed{b.wrapper})
		require.NoError(t, err, "the signatures verify against the request's transactions")
		require.NoError(t, heads.Accept(b.req, resp))
		released += b.wrapper.Tx.(*transaction.Multisig).Inner.(*transaction.Transfer).Amount
		return nil
	}
	signed := func(b built) []byte {
		env, err := b.req.MarshalText()
		require.NoError(t, err)
		res, err := s.Sign(env)
		require.NoError(t, err)
		return res.Response
	}
	first := withdrawal(1, 1000*transaction.XEM)
	require.NoError(t, online(first, signed(first)))
	second := withdrawal(2, 999*transaction.XEM)
	require.NoError(t, online(second, signed(second)))
	third := withdrawal(3, 998*transaction.XEM)
	env, err := third.req.MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrPolicy, "the window is full")

	// The insider restores the old copy.
	require.NoError(t, s.Journal.Close())
	require.NoError(t, os.WriteFile(path, oldCopy, 0o600))
	s.Journal, err = journal.Open(path, journal.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Journal.Close() })

	// The online side's next request: the restored journal refuses it.
	fourth := withdrawal(4, 998*transaction.XEM)
	env, err = fourth.req.MarshalText()
	require.NoError(t, err)
	_, err = s.Sign(env)
	require.ErrorIs(t, err, journal.ErrRollback)

	// The insider strips the head line, has the vault sign, and relabels
	// the response.
	stripped := *fourth.req
	stripped.Heads = nil
	env, err = stripped.MarshalText()
	require.NoError(t, err)
	res, err := s.Sign(env)
	require.NoError(t, err, "the restored journal has forgotten the day's signings")
	resp, err := ParseResponse(res.Response)
	require.NoError(t, err)
	head, ok := heads.Head(f.coldA.PublicKey())
	require.True(t, ok)
	resp.RequestID, err = fourth.req.ID()
	require.NoError(t, err)
	resp.JournalID, resp.JournalSeq, resp.JournalHash = head.Journal, head.Seq, head.Hash
	forged, err := resp.MarshalText()
	require.NoError(t, err)

	err = online(fourth, forged)
	require.ErrorIs(t, err, ErrResponse,
		"a response from a restored journal passed the heads; the vault has released %s XEM within 24 h, its window allows 2501", released)
	require.ErrorContains(t, err, "journal proof does not verify")

	// Unforged, the restored journal's answer names the stripped request
	// and a head the online side has passed.
	err = online(built{&stripped, fourth.wrapper}, res.Response)
	require.ErrorIs(t, err, journal.ErrRollback)
	require.Equal(t, 1999*transaction.XEM, released, "nothing more was released")
}
