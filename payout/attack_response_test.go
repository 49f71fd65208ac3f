package payout

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// edited returns the response envelope b after change. Its journal
// proof no longer verifies unless change is followed by reproved.
func edited(t *testing.T, b []byte, change func(r *coldwallet.Response)) []byte {
	r, err := coldwallet.ParseResponse(b)
	require.NoError(t, err)
	change(r)
	out, err := r.MarshalText()
	require.NoError(t, err)
	return out
}

// reproved returns change, after which the response's journal proof is
// signed again by key for request: what a response from that key's
// journal in that state would carry.
func reproved(t *testing.T, request []byte, key *sign.PrivateKey, change func(r *coldwallet.Response)) func(r *coldwallet.Response) {
	return func(r *coldwallet.Response) {
		change(r)
		req, _, err := coldwallet.ParseRequest(request)
		require.NoError(t, err)
		var carried *journal.Head
		for _, h := range req.Heads {
			if h.Signer == r.Signer {
				carried = &h
			}
		}
		r.JournalProof, err = sign.SignWith(key, r.ProofMessage(carried))
		require.NoError(t, err)
	}
}

// TestReceiveRefuses: responses a compromised online machine, a swapped
// file or a restored offline journal could bring are refused with the
// reason, and store nothing: the withdrawals stay built, the batch awaits
// its signatures, and the real response is accepted afterwards.
func TestReceiveRefuses(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		s, _ := k.open(t)
		q := c.queue(s)
		vault := c.newVault(t, c.vaultA)
		for _, w := range withdrawals(t, 2) {
			_, err := q.Submit(ctx, w)
			require.NoError(t, err)
		}
		b, err := q.Build(ctx, 0)
		require.NoError(t, err)
		good := vault.sign(b.Request)

		for _, tc := range []struct {
			name     string
			response []byte
			want     error
			text     string
		}{
			{"not a response", []byte("nemcustody-response v2\nhello\n"), coldwallet.ErrEnvelope, ""},
			{"a signature changed in one bit", edited(t, good, func(r *coldwallet.Response) { r.Signatures[1].Signature[7] ^= 1 }), coldwallet.ErrResponse, "item 2"},
			{"two signatures swapped", edited(t, good, func(r *coldwallet.Response) {
				r.Signatures[0].Signature, r.Signatures[1].Signature = r.Signatures[1].Signature, r.Signatures[0].Signature
			}), coldwallet.ErrResponse, ""},
			{"a signature left out", edited(t, good, func(r *coldwallet.Response) { r.Signatures = r.Signatures[:1] }), coldwallet.ErrResponse, "1 signatures, the signer has 2 items"},
			{"a response to a batch never built", edited(t, good, func(r *coldwallet.Response) { r.RequestID = strings.Repeat("ab", 32) }), ErrNotFound, ""},
			{"a journal line changed", edited(t, good, func(r *coldwallet.Response) { r.JournalSeq++ }), coldwallet.ErrResponse, "journal proof does not verify"},
			{"signed by a key the batch did not ask", edited(t, good, reproved(t, b.Request, c.vaultB, func(r *coldwallet.Response) { r.Signer = c.vaultB.PublicKey() })), coldwallet.ErrResponse, "is not a signer of the request"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				recs, err := q.Receive(ctx, tc.response)
				require.ErrorIs(t, err, tc.want)
				require.Contains(t, err.Error(), tc.text)
				require.NotContains(t, err.Error(), "\n")
				require.Empty(t, recs)
				all := mustList(t, q)
				require.Equal(t, map[State]int{Built: 2}, states(all))
				pending, err := q.Pending(ctx)
				require.NoError(t, err)
				require.Len(t, pending, 1)
			})
		}

		signed, err := q.Receive(ctx, good)
		require.NoError(t, err)
		require.Len(t, signed, 2)
		again, err := q.Receive(ctx, good)
		require.NoError(t, err, "the same response again is harmless")
		require.Empty(t, again)
	})
}

// TestReceiveRefusesAReplacedOrRolledBackJournal: once a key's response
// came from one journal, a response from another journal (a new file) or
// naming an older entry of it (a journal restored from a copy) is refused
// (journal.ErrRollback): its rolling window and the withdrawal
// IDs it signed were forgotten.
func TestReceiveRefusesAReplacedOrRolledBackJournal(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	vault := c.newVault(t, c.vaultA)
	ws := withdrawals(t, 2)
	_, err := q.Submit(ctx, ws[0])
	require.NoError(t, err)
	first, err := q.Build(ctx, 0)
	require.NoError(t, err)
	_, err = q.Receive(ctx, vault.sign(first.Request))
	require.NoError(t, err)

	_, err = q.Submit(ctx, ws[1])
	require.NoError(t, err)
	second, err := q.Build(ctx, 0)
	require.NoError(t, err)
	require.Contains(t, string(second.Request), "\njournal-head: "+c.vaultA.PublicKey().String()+" ", "the request carries the head seen")

	// A new journal for the same key: it never signed the first batch.
	fresh := c.newVault(t, c.vaultA)
	fresh.signer.Journal.Close()
	require.NoError(t, os.Remove(fresh.path))
	j, err := journal.Create(fresh.path, "test", nil, journal.Options{Now: func() time.Time { return c.node.Time().Time() }})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	_, err = coldwallet.Register(j, c.plan, nil, "test")
	require.NoError(t, err)
	fresh.signer.Journal = j
	_, err = fresh.signer.Sign(second.Request)
	require.Error(t, err, "the offline signer itself refuses: its journal lacks the head the request carries")

	good := vault.sign(second.Request)
	for _, tc := range []struct {
		name     string
		response []byte
	}{
		{"another journal", edited(t, good, reproved(t, second.Request, c.vaultA, func(r *coldwallet.Response) { r.JournalID = j.ID() }))},
		{"an older entry", edited(t, good, reproved(t, second.Request, c.vaultA, func(r *coldwallet.Response) { r.JournalSeq = 3 }))},
		{"the same entry rewritten", edited(t, good, reproved(t, second.Request, c.vaultA, func(r *coldwallet.Response) { r.JournalSeq, r.JournalHash = 3, strings.Repeat("0", 64) }))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := q.Receive(ctx, tc.response)
			require.ErrorIs(t, err, journal.ErrRollback)
			r, err := q.Status(ctx, ws[1].ID)
			require.NoError(t, err)
			require.Equal(t, Built, r.State)
		})
	}
	signed, err := q.Receive(ctx, good)
	require.NoError(t, err)
	require.Len(t, signed, 1)
	require.Equal(t, transaction.Amount(2)*transaction.XEM, signed[0].Amount)
}
