package coldwallet

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// withdrawalEnvelope is the envelope of a request asking vault A to
// cosign a withdrawal of amount XEM to the customer.
func withdrawalEnvelope(t *testing.T, f *fixture, amount transaction.Amount) []byte {
	t.Helper()
	env, err := f.cosignRequest(t, f.withdrawal(t, amount, f.customer(t))).MarshalText()
	require.NoError(t, err)
	return env
}

// TestRepeatSigningCountsOnce: the response of a signing run is lost (the
// machine died before it was written, the disk was full); the operator
// signs the same request again. The same signatures come back (one
// transaction on chain), the journal records the re-release, and the
// rolling window counts the request once: a later legitimate withdrawal
// that fits only if the first counted once is signed.
func TestRepeatSigningCountsOnce(t *testing.T) {
	f := newFixture(t)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t)) // 1001 per item; 2501 and 3 transfers per 24 h
	first := withdrawalEnvelope(t, f, 1000*transaction.XEM)
	res1, err := s.Sign(first)
	require.NoError(t, err)
	require.Zero(t, res1.Entry.RepeatOf)
	resp1, err := ParseResponse(res1.Response)
	require.NoError(t, err)

	var shown *Review
	s.Confirm = func(rv *Review) (bool, error) { shown = rv; return true, nil }
	res2, err := s.Sign(first)
	require.NoError(t, err)
	resp2, err := ParseResponse(res2.Response)
	require.NoError(t, err)
	require.Equal(t, resp1.Signatures, resp2.Signatures, "the same signatures: one transaction on chain")
	require.Equal(t, firstSignedSeq+1, resp2.JournalSeq, "the response names the entry of the re-release")
	require.Equal(t, journal.EventSigned, res2.Entry.Event)
	require.Equal(t, firstSignedSeq, res2.Entry.RepeatOf)
	require.Zero(t, res2.Entry.XEM)
	require.Zero(t, res2.Entry.Transfers)
	require.Equal(t, res1.Entry.Hashes, res2.Entry.Hashes)
	require.Equal(t, res1.Entry.Approves, res2.Entry.Approves)
	require.True(t, strings.HasPrefix(res2.Entry.Summary, fmt.Sprintf("REPEAT of entry %d, not counted again: ", firstSignedSeq)), res2.Entry.Summary)
	require.NotNil(t, shown, "the operator still confirms a repeat")
	require.Equal(t, firstSignedSeq, shown.RepeatOf)
	require.Contains(t, shown.String(), fmt.Sprintf("REPEAT of journal entry %d: already counted", firstSignedSeq))
	require.Len(t, s.Journal.Spent(), 1, "the window counts the request once")

	// 999 + 500 + 1000 XEM and 0.75 XEM of fees fit 2501 XEM and three
	// transfers only if the first request counted once.
	require.NoError(t, sign1(t, s, withdrawalEnvelope(t, f, 999*transaction.XEM)))
	require.NoError(t, sign1(t, s, withdrawalEnvelope(t, f, 500*transaction.XEM)))

	// The window is full now; a further repeat is still released (it adds
	// nothing on chain), and counted nowhere.
	var pe *PolicyError
	require.ErrorAs(t, sign1(t, s, withdrawalEnvelope(t, f, 1*transaction.XEM)), &pe)
	res3, err := s.Sign(first)
	require.NoError(t, err)
	require.Equal(t, firstSignedSeq, res3.Entry.RepeatOf, "a repeat always names the first signing")
	resp3, err := ParseResponse(res3.Response)
	require.NoError(t, err)
	require.Equal(t, resp1.Signatures, resp3.Signatures)

	// The journal verifies, and reopened it keeps counting once and
	// finding the first signing.
	require.NoError(t, s.Journal.Close())
	j, err := journal.Open(path, journal.Options{})
	require.NoError(t, err)
	defer j.Close()
	s.Journal = j
	require.Len(t, j.Spent(), 3)
	res4, err := s.Sign(first)
	require.NoError(t, err)
	require.Equal(t, firstSignedSeq, res4.Entry.RepeatOf)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, 3, strings.Count(string(b), `"repeatOf":3,`))
}

// sign1 signs one envelope and returns the error.
func sign1(t *testing.T, s *OfflineSigner, env []byte) error {
	t.Helper()
	_, err := s.Sign(env)
	return err
}

// TestRepeatSigningStillAppliesThePolicy: only the window is left out of a
// repeat; a kill switch, a type no longer allowed, a recipient taken off
// the allowlist, or an operator who declines still refuse it, and the
// refusal is journaled.
func TestRepeatSigningStillAppliesThePolicy(t *testing.T) {
	f := newFixture(t)
	env := withdrawalEnvelope(t, f, 1000*transaction.XEM)
	for _, tc := range []struct {
		name    string
		edit    func(p *Policy)
		decline bool
		rule    string
	}{
		{"the kill switch is on", func(p *Policy) { p.KillSwitch = true }, false, "killSwitch"},
		{"transfers are no longer allowed", func(p *Policy) { p.Types = []string{"importance-transfer"} }, false, "types"},
		{"the recipient left the allowlist", func(p *Policy) { p.Recipients = nil }, false, "recipients"},
		{"the per-item cap was lowered", func(p *Policy) { p.MaxAmountPerTransaction = "10" }, false, "maxAmountPerTransaction"},
		{"the operator declines", func(*Policy) {}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))
			require.NoError(t, sign1(t, s, env))
			tc.edit(s.Policy)
			if tc.decline {
				s.Confirm = func(*Review) (bool, error) { return false, nil }
			}
			res, err := s.Sign(env)
			require.Error(t, err)
			require.Nil(t, res.Response)
			require.Equal(t, journal.EventRefused, res.Entry.Event)
			require.Zero(t, res.Entry.RepeatOf, "only a signed entry is a re-release")
			if tc.decline {
				require.ErrorIs(t, err, ErrDeclined)
				return
			}
			var pe *PolicyError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, tc.rule, pe.Rule)
		})
	}
}

// TestRepeatIsPerSigner: another key signing the same request is its own
// first signing, not a repeat of vault A's.
func TestRepeatIsPerSigner(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	cs, err := f.plan.Cosignature(w.Tx.(*transaction.Multisig).Inner, f.coldB.PublicKey(), f.opts)
	require.NoError(t, err)
	req.Signers = append(req.Signers, f.coldB.PublicKey())
	req.Items = append(req.Items, Item{Kind: KindCosign, Tx: cs, Inner: w.Tx.(*transaction.Multisig).Inner})
	env, err := req.MarshalText()
	require.NoError(t, err)

	a, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	b := &OfflineSigner{Key: f.coldB, Plan: f.plan, Policy: basePolicy(f, t), Journal: a.Journal, Confirm: yes, Now: offlineClock}
	resA, err := a.Sign(env)
	require.NoError(t, err)
	resB, err := b.Sign(env)
	require.NoError(t, err)
	require.Zero(t, resA.Entry.RepeatOf)
	require.Zero(t, resB.Entry.RepeatOf, "vault B never signed it before")
	require.NotZero(t, resB.Entry.XEM)
	resA2, err := a.Sign(env)
	require.NoError(t, err)
	require.Equal(t, resA.Entry.Seq, resA2.Entry.RepeatOf)
	_, err = verifyJournalFile(path, journal.VerifyOptions{})
	require.NoError(t, err)
}
