package coldwallet

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// payingEnvelope is a request built at node time ts asking vault A to
// cosign a transfer of amount to the customer, valid until deadline,
// paying withdrawal id.
func payingEnvelope(t *testing.T, f *fixture, id string, amount transaction.Amount, ts, deadline transaction.Timestamp) []byte {
	t.Helper()
	opts := multisig.TxOptions{Timestamp: ts, Deadline: deadline}
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ts, Deadline: deadline},
		Recipient: f.customer(t), Amount: amount,
		Message: &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(id)},
	}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), opts)
	require.NoError(t, err)
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), opts)
	require.NoError(t, err)
	r := &Request{Network: sign.Testnet, NodeTime: ts, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner, Withdrawal: id}}}
	env, err := r.MarshalText()
	require.NoError(t, err)
	return env
}

// TestWithdrawalSignedOnceUntilItExpires plays a compromised online side
// that asks the vault to sign a second build of a withdrawal (another
// transfer paying the same customer's withdrawal: both could execute). The
// signer refuses every second build of an ID while its earlier signing can
// still be executed at the request's node time, by NIS's rules (no
// execution after the deadline, timestamps accepted up to 10 s ahead),
// journals the refusal, and signs a rebuild once the earlier signing
// expired, saying "REBUILD of" in the review. A lost response signed again
// (the same request) is a repeat, not a rebuild. The journal remembers
// across a restart.
func TestWithdrawalSignedOnceUntilItExpires(t *testing.T) {
	f := newFixture(t)
	p := basePolicy(f, t)
	p.Window.MaxCount = 10
	s, path := newSigner(t, f, f.coldA, p)
	const hour = 3600
	t0, d0 := fixtureTime, fixtureTime+2*hour
	first := payingEnvelope(t, f, "W-1", 10*transaction.XEM, t0, d0)
	res, err := s.Sign(first)
	require.NoError(t, err)
	require.Equal(t, []journal.SignedWithdrawal{{ID: "W-1", Until: d0}}, res.Entry.Withdrawals)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), fmt.Sprintf(`"validUntil":%d,"withdrawals":[{"id":"W-1","until":%d}],"operator"`, d0, d0))

	refusedSecondBuild := func(at transaction.Timestamp, amount transaction.Amount, entry int, until transaction.Timestamp) {
		t.Helper()
		res, err := s.Sign(payingEnvelope(t, f, "W-1", amount, at, at+hour))
		require.ErrorIs(t, err, ErrWithdrawalSigned)
		require.ErrorContains(t, err, fmt.Sprintf("item 1: withdrawal W-1 was signed in journal entry %d, which NIS could execute until network time %d; this request's node time is %d", entry, until, at))
		require.Nil(t, res.Response, "nothing released")
		require.Equal(t, journal.EventRefused, res.Entry.Event)
		require.Nil(t, res.Entry.Withdrawals)
	}
	for _, tc := range []struct {
		name string
		at   transaction.Timestamp
	}{
		{"a minute later", t0 + 60},
		{"at the deadline", d0},
		{"inside NIS's 10 s tolerance after the deadline", d0 + 10},
	} {
		t.Run(tc.name, func(t *testing.T) { refusedSecondBuild(tc.at, 10*transaction.XEM, firstSignedSeq, d0) })
	}
	refusedSecondBuild(t0+60, 11*transaction.XEM, firstSignedSeq, d0) // another amount: still the same withdrawal

	// The first request's response was lost: signing it again releases
	// the same signatures, a repeat, not a rebuild.
	again, err := s.Sign(first)
	require.NoError(t, err)
	require.Equal(t, firstSignedSeq, again.Entry.RepeatOf)
	require.Nil(t, again.Entry.Withdrawals, "the first signing holds them")

	// Another withdrawal is not affected.
	other, err := s.Sign(payingEnvelope(t, f, "W-2", 10*transaction.XEM, t0+60, d0))
	require.NoError(t, err)
	require.Equal(t, []journal.SignedWithdrawal{{ID: "W-2", Until: d0}}, other.Entry.Withdrawals)

	// The first build expired: a rebuild is signed, and shown as one.
	var shown *Review
	s.Confirm = func(rv *Review) (bool, error) { shown = rv; return true, nil }
	t1 := d0 + 11
	rebuilt, err := s.Sign(payingEnvelope(t, f, "W-1", 10*transaction.XEM, t1, t1+hour))
	require.NoError(t, err)
	require.Equal(t, []journal.SignedWithdrawal{{ID: "W-1", Until: t1 + hour}}, rebuilt.Entry.Withdrawals)
	want := fmt.Sprintf("REBUILD of withdrawal W-1 (item 1): journal entry %d signed it before, executable until network time %d, which has passed at this node time", firstSignedSeq, d0)
	require.Equal(t, []string{want}, shown.Rebuilds)
	require.Contains(t, shown.String(), want+"\n")
	j, err := shown.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(j), `"rebuilds":["REBUILD of withdrawal W-1`)

	// The rebuild is now the one that counts: a third build waits for it.
	refusedSecondBuild(t1+60, 10*transaction.XEM, rebuilt.Entry.Seq, t1+hour)

	// Reopened, the journal still knows.
	require.NoError(t, s.Journal.Close())
	s.Journal, err = journal.Open(path, journal.Options{})
	require.NoError(t, err)
	defer s.Journal.Close()
	refusedSecondBuild(t1+120, 10*transaction.XEM, rebuilt.Entry.Seq, t1+hour)
	_, err = s.Sign(payingEnvelope(t, f, "W-1", 10*transaction.XEM, t1+hour+11, t1+2*hour))
	require.NoError(t, err)
}

// TestRequestWithdrawalIDs: withdrawal IDs travel on the item lines of a
// version 4 request; a bad ID, an ID twice for one signer, an ID on an
// item that pays no transfer, or a version that does not fit are refused.
func TestRequestWithdrawalIDs(t *testing.T) {
	f := newFixture(t)
	good := payingEnvelope(t, f, "W-1:a_b.c", 10*transaction.XEM, fixtureTime, fixtureDeadline)
	require.True(t, strings.HasPrefix(string(good), "nemcustody-request v4\n"), "%s", good)
	req, _, err := ParseRequest(good)
	require.NoError(t, err)
	require.Equal(t, "W-1:a_b.c", req.Items[0].Withdrawal)
	require.Regexp(t, `\ncosign: [A-Za-z0-9+/=]+ [A-Za-z0-9+/=]+ W-1:a_b\.c\n`, string(good))

	rewrite := func(edit func(string) string) []byte {
		lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
		ew := &envelopeWriter{}
		ew.b.WriteString(edit(strings.Join(lines[:len(lines)-1], "\n") + "\n"))
		return ew.finish()
	}
	for _, tc := range []struct {
		name string
		env  []byte
		want string
	}{
		{"an ID with a space", rewrite(func(s string) string { return strings.Replace(s, " W-1:a_b.c\n", " W-1 x\n", 1) }), "cosign: want"},
		{"an ID with a slash", rewrite(func(s string) string { return strings.Replace(s, " W-1:a_b.c\n", " W/1\n", 1) }), "the withdrawal ID must be"},
		{"an ID of 65 characters", rewrite(func(s string) string { return strings.Replace(s, " W-1:a_b.c\n", " "+strings.Repeat("W", 65)+"\n", 1) }), "the withdrawal ID must be"},
		{"an empty ID", rewrite(func(s string) string { return strings.Replace(s, " W-1:a_b.c\n", " \n", 1) }), `not a "key: value" line`},
		{"version 3 with IDs", rewrite(func(s string) string { return strings.Replace(s, "nemcustody-request v4", "nemcustody-request v3", 1) }), "a request with withdrawal IDs is version 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseRequest(tc.env)
			require.ErrorIs(t, err, ErrEnvelope)
			require.ErrorContains(t, err, tc.want)
		})
	}

	// Built in memory: the same ID twice for one signer, and an ID on an
	// item that approves no transfer.
	req.Items = append(req.Items, req.Items[0])
	_, err = req.MarshalText()
	require.ErrorContains(t, err, "item 2: withdrawal W-1:a_b.c is also item 1 of the same signer")
	req.Items = req.Items[:1]
	mod := &transaction.MultisigAggregateModification{
		Header:        transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: fixtureTime, Deadline: fixtureDeadline, Signer: f.plan.Account},
		Modifications: []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: f.coldA.PublicKey()}},
	}
	conv := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.plan.Account},
		Items: []Item{{Kind: KindSign, Tx: mod, Withdrawal: "W-1"}}}
	_, err = conv.MarshalText()
	require.ErrorContains(t, err, "withdrawal: only an item that approves a transfer pays a withdrawal")
}

// TestJournalWithdrawalsMember: the member is strict: only in a signed
// entry that is not a repeat, never empty, valid IDs once each.
func TestJournalWithdrawalsMember(t *testing.T) {
	f := newFixture(t)
	s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
	_, err := s.Sign(payingEnvelope(t, f, "W-1", 10*transaction.XEM, fixtureTime, fixtureDeadline))
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	signed := lines[firstSignedSeq-1]
	for _, tc := range []struct{ name, from, to, want string }{
		{"empty", `"withdrawals":[{"id":"W-1","until":%d}]`, `"withdrawals":[]`, "withdrawals: left out when empty"},
		{"a bad ID", `"id":"W-1"`, `"id":"W 1"`, "withdrawals: each a valid withdrawal ID"},
		{"an ID twice", `{"id":"W-1","until":%d}`, `{"id":"W-1","until":%d},{"id":"W-1","until":%d}`, "withdrawals: each a valid withdrawal ID, once"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := strings.ReplaceAll(tc.from, "%d", fmt.Sprint(fixtureDeadline))
			to := strings.ReplaceAll(tc.to, "%d", fmt.Sprint(fixtureDeadline))
			require.Contains(t, signed, from)
			edited := strings.Replace(string(b), signed, strings.Replace(signed, from, to, 1), 1)
			_, _, err := journal.Verify(strings.NewReader(edited), journal.VerifyOptions{})
			require.ErrorIs(t, err, journal.ErrCorrupt)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = s.Journal.Append(journal.Entry{Event: journal.EventRefused, RequestID: "r", Summary: "refused", Signer: f.coldA.PublicKey(),
		Withdrawals: []journal.SignedWithdrawal{{ID: "W-1", Until: fixtureDeadline}}})
	require.ErrorContains(t, err, "withdrawals: 1 to 64, only in a signed entry that is not a repeat")
}
