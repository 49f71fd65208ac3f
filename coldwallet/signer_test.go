package coldwallet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func yes(*Review) (bool, error) { return true, nil }

// newSigner makes an offline signer with a new journal (entry 1,
// "opened") in which the fixture's plan is registered (entry 2): the
// first signing is entry 3.
func newSigner(t *testing.T, f *fixture, key *sign.PrivateKey, p *Policy) (*OfflineSigner, string) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j := newRegisteredJournal(t, path, f.plan, nil)
	return &OfflineSigner{Key: key, Plan: f.plan, Policy: p, Journal: j, Confirm: yes, Operator: "alice", Now: offlineClock}, path
}

// firstSignedSeq is the seq of the first signing entry in a journal made by
// newRegisteredJournal.
const firstSignedSeq = 3

// newRegisteredJournal creates a journal at path, with a fixed clock, and
// registers plan (and next, if not nil) in it.
func newRegisteredJournal(t *testing.T, path string, plan, next *multisig.Plan) *journal.Journal {
	j, err := journal.Create(path, "alice", nil, journal.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	_, err = Register(j, plan, next, "alice")
	require.NoError(t, err)
	return j
}

// offlineClock is the offline machine's clock in tests: an hour after the
// fixture's node time.
func offlineClock() time.Time { return fixtureTime.Time().Add(time.Hour) }

// TestOfflineSignerFlow: request out, review, policy, journal, response,
// combine: the announce payloads verify and come in NIS order.
func TestOfflineSignerFlow(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	env, err := req.MarshalText()
	require.NoError(t, err)

	s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	var shown *Review
	s.Confirm = func(rv *Review) (bool, error) { shown = rv; return true, nil }
	res, err := s.Sign(env)
	require.NoError(t, err)
	require.NotNil(t, shown)
	require.Contains(t, shown.String(), "amount:            1000.000000 XEM")
	require.Equal(t, journal.EventSigned, res.Entry.Event)
	require.Equal(t, firstSignedSeq, res.Entry.Seq)
	require.Equal(t, 1000*transaction.XEM+250_000, res.Entry.XEM, "the amount, the inner fee and the cosignature fee")
	require.Equal(t, 1, res.Entry.Transfers)
	require.Contains(t, res.Entry.Summary, "amount 1000.000000 XEM")
	require.Equal(t, s.Policy.Fingerprint(), res.Entry.Policy, "the journal names the policy in force")
	require.Len(t, res.Entry.Policy, 64)

	// The journal holds the entry the response names.
	resp, err := ParseResponse(res.Response)
	require.NoError(t, err)
	vr, err := verifyJournalFile(path, journal.VerifyOptions{ExpectHeadSeq: resp.JournalSeq, ExpectHeadHash: mustJournalHash(t, resp.JournalHash)})
	require.NoError(t, err)
	require.Equal(t, firstSignedSeq, vr.HeadSeq)
	require.Equal(t, s.Journal.ID(), resp.JournalID)

	c, err := Combine(f.plan, req, res.RequestID, []*Response{resp}, []*transaction.Signed{w})
	require.NoError(t, err)
	require.True(t, c.Complete)
	require.Len(t, c.Announce, 2)
}

func mustJournalHash(t *testing.T, s string) journal.Hash {
	h, err := journal.ParseHash(s)
	require.NoError(t, err)
	return h
}

// TestOfflineSignerRefusals: every refusal is recorded, and nothing is
// released.
func TestOfflineSignerRefusals(t *testing.T) {
	f := newFixture(t)
	env, err := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t))).MarshalText()
	require.NoError(t, err)

	// Declined by the operator.
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	s.Confirm = func(*Review) (bool, error) { return false, nil }
	res, err := s.Sign(env)
	require.ErrorIs(t, err, ErrDeclined)
	require.Nil(t, res.Response)
	require.Equal(t, journal.EventRefused, res.Entry.Event)

	// No Confirm at all refuses too.
	s.Confirm = nil
	_, err = s.Sign(env)
	require.ErrorIs(t, err, ErrDeclined)

	// Refused by policy: recorded with the rule.
	p := basePolicy(f, t)
	p.MaxAmountPerTransaction = "10"
	s.Policy, s.Confirm = p, yes
	res, err = s.Sign(env)
	require.ErrorIs(t, err, ErrPolicy)
	require.Contains(t, res.Entry.Summary, `"maxAmountPerTransaction"`)
	vr, err := verifyJournalFile(path, journal.VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, firstSignedSeq+2, vr.HeadSeq, "three refusals recorded")

	// A key that is not a signer of the request: nothing to record.
	s2, _ := newSigner(t, f, f.coldB, basePolicy(f, t))
	_, err = s2.Sign(env)
	require.ErrorContains(t, err, "not a signer of the request")

	// A damaged request is refused before anything else.
	bad := []byte(strings.Replace(string(env), "batch", "botch", 1))
	_, err = s.Sign(bad)
	require.ErrorIs(t, err, ErrEnvelope)
}

// TestRollingWindowAcrossRuns: the window counts the journal of earlier
// runs, also after the journal is reopened.
func TestRollingWindowAcrossRuns(t *testing.T) {
	f := newFixture(t)
	p := basePolicy(f, t) // 1001 per transaction, 2501 per 24 h, 3 transfers
	s, path := newSigner(t, f, f.coldA, p)
	sign1 := func(amount transaction.Amount) error {
		env, err := f.cosignRequest(t, f.withdrawal(t, amount, f.customer(t))).MarshalText()
		require.NoError(t, err)
		_, err = s.Sign(env)
		return err
	}
	require.NoError(t, sign1(1000*transaction.XEM))
	// Another request: signing the same one again would be a repeat,
	// which the window counts once (TestRepeatSigningCountsOnce).
	require.NoError(t, sign1(999*transaction.XEM))
	err := sign1(600 * transaction.XEM)
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "window.maxAmount", pe.Rule, "2599 XEM and fees within 24 h")

	// Reopen the journal: the window still counts the earlier runs.
	require.NoError(t, s.Journal.Close())
	j, err := journal.Open(path, journal.Options{})
	require.NoError(t, err)
	defer j.Close()
	s.Journal = j
	require.ErrorAs(t, sign1(600*transaction.XEM), &pe)
	require.NoError(t, sign1(500*transaction.XEM), "2499 XEM and 0.75 XEM of fees: 2501 is the limit")
	require.ErrorAs(t, sign1(1*transaction.XEM), &pe)
	require.Equal(t, "window.maxCount", pe.Rule, "a fourth transfer")
}

// TestJournalBeforeResponse: a crash after the journal write and before
// the response leaves the record; a corrupt journal stops the signer.
func TestJournalBeforeResponse(t *testing.T) {
	f := newFixture(t)
	env, err := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t))).MarshalText()
	require.NoError(t, err)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	res, err := s.Sign(env)
	require.NoError(t, err)
	// The response is "lost" (the process dies before writing it): the
	// journal already has the entry with the request's ID.
	res.Response = nil
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), res.RequestID)
	require.Contains(t, string(b), `"event":"signed"`)

	// Corrupt the journal: the signer cannot open it.
	require.NoError(t, s.Journal.Close())
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), "1000.000000", "9000.000000", 1)), 0o600))
	_, err = journal.Open(path, journal.Options{})
	require.ErrorIs(t, err, journal.ErrCorrupt)
}

// TestSignerRecordsWhatItApproves: a cosignature's journal entry names the
// inner transaction under "approves", so a watcher can match the wrapper.
func TestSignerRecordsWhatItApproves(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	env, err := f.cosignRequest(t, w).MarshalText()
	require.NoError(t, err)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	res, err := s.Sign(env)
	require.NoError(t, err)
	ih, err := transaction.InnerHash(w.Tx.(*transaction.Multisig))
	require.NoError(t, err)
	require.Equal(t, []transaction.Hash{ih}, res.Entry.Approves)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), `"approves":["`+ih.String()+`"]`)
}
