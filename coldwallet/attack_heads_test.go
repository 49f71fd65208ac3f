package coldwallet

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestAttackJournalRestorePaddedPastHead: an insider with write access to
// the offline disk keeps a copy of the vault's journal from before a busy
// day, lets the vault sign up to its window cap (the online side records
// the journal head of each response: combine --heads), then restores the
// old copy. The restored journal has the same identity (the "opened"
// entry is the same line) and a lower head, so its next response would be
// refused as a rollback. The insider therefore first feeds the vault
// requests it refuses (any request off the allowlist will do; every
// refusal is an entry) until the restored journal is longer than the head
// the online side knows, and only then brings the next real request.
// Heads.Check compares the hash only when the entry number is the same
// and refuses only an earlier one, so the response passes, and the vault,
// having forgotten its day, signs past its cap. (The insider could as
// well write the padding entries by hand: the chain is plain SHA-256.)
// The same works for a journal copied to a second machine.
//
// NIS plays no part: the window is this library's own rule, and it is
// the online side's heads that are meant to stop a rolled-back journal.
//
// Breaks: "the online side refuses responses from a replaced or
// rolled-back journal (combine --heads)" (README, What the limits
// guarantee; SECURITY.md, A journal rolled back, restored or replaced),
// and with it the window of that vault and the account limits.
//
// The fix: a request carries, per signer, the head the online side
// recorded (journal-head lines, Heads.Of), the signer refuses unless its
// journal holds exactly that entry (every entry is chained to the one
// before, so the restored copy cannot), and the online side accepts a
// response only to a request that carried its recorded head (Heads.Check).
func TestAttackJournalRestorePaddedPastHead(t *testing.T) {
	f := newFixture(t)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t)) // 1001 XEM per item, 2501 XEM per 24 h
	oldCopy, err := os.ReadFile(path)
	require.NoError(t, err, "the insider's copy, before any signing")

	var heads Heads
	withdrawal := func(n int, amount transaction.Amount, to sign.Address) *Request {
		req := f.cosignRequest(t, f.withdrawal(t, amount, to))
		req.Note = fmt.Sprintf("batch %d", n)
		req.Heads = heads.Of(req.Signers) // what the online side knows
		return req
	}
	var signed transaction.Amount
	signFor := func(req *Request) error {
		env, err := req.MarshalText()
		require.NoError(t, err)
		res, err := s.Sign(env)
		if err != nil {
			return err
		}
		resp, err := ParseResponse(res.Response)
		require.NoError(t, err)
		if err := heads.Check(req, resp); err != nil {
			return err
		}
		require.NoError(t, heads.Accept(req, resp))
		signed += res.Entry.XEM
		return nil
	}
	require.NoError(t, signFor(withdrawal(1, 1000*transaction.XEM, f.customer(t))))
	require.NoError(t, signFor(withdrawal(2, 999*transaction.XEM, f.customer(t))))
	require.ErrorIs(t, signFor(withdrawal(3, 998*transaction.XEM, f.customer(t))), ErrPolicy, "the window is full")
	head, _ := heads.Head(f.coldA.PublicKey())

	// The insider restores the old copy, and pads it with refusals.
	require.NoError(t, s.Journal.Close())
	require.NoError(t, os.WriteFile(path, oldCopy, 0o600))
	s.Journal, err = journal.Open(path, journal.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Journal.Close() })
	stranger := fixtureKey(t, "not on the allowlist").Address(sign.Testnet)
	for n := 0; ; n++ {
		if seq, _ := s.Journal.Head(); seq >= head.Seq {
			break
		}
		pad := withdrawal(100+n, 1*transaction.XEM, stranger)
		pad.Heads = nil // the insider's own requests
		env, err := pad.MarshalText()
		require.NoError(t, err)
		_, err = s.Sign(env)
		require.ErrorIs(t, err, ErrPolicy)
	}

	err = signFor(withdrawal(3, 998*transaction.XEM, f.customer(t)))
	require.ErrorIs(t, err, journal.ErrRollback,
		"the restored journal's response passed the heads; the vault has now signed %s XEM within 24 h, its window allows 2501", signed)
}
