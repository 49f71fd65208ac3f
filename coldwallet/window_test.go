package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// span is a transaction's timestamp and deadline.
type span struct{ ts, dl transaction.Timestamp }

// timedRequest asks vault A, at node time nt, to cosign a withdrawal of
// amount whose inner transaction and cosignature carry the given times.
func (f *fixture) timedRequest(t testing.TB, nt transaction.Timestamp, amount transaction.Amount, inner, cos span) *Request {
	t.Helper()
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: inner.ts, Deadline: inner.dl},
		Recipient: f.customer(t),
		Amount:    amount,
	}
	ms, err := f.plan.Wrap(tr, f.hot.PublicKey(), multisig.TxOptions{Timestamp: inner.ts, Deadline: inner.dl})
	require.NoError(t, err)
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), multisig.TxOptions{Timestamp: cos.ts, Deadline: cos.dl})
	require.NoError(t, err)
	return &Request{Network: sign.Testnet, NodeTime: nt, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindCosign, Tx: cs, Inner: ms.Inner}}}
}

// initiateRequest asks vault A, at node time nt, to sign a wrapper it
// initiates around a withdrawal of amount, with the given times.
func (f *fixture) initiateRequest(t testing.TB, nt transaction.Timestamp, amount transaction.Amount, inner, wrapper span) *Request {
	t.Helper()
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: inner.ts, Deadline: inner.dl},
		Recipient: f.customer(t),
		Amount:    amount,
	}
	ms, err := f.plan.Wrap(tr, f.coldA.PublicKey(), multisig.TxOptions{Timestamp: wrapper.ts, Deadline: wrapper.dl})
	require.NoError(t, err)
	return &Request{Network: sign.Testnet, NodeTime: nt, Signers: []sign.PublicKey{f.coldA.PublicKey()},
		Items: []Item{{Kind: KindSign, Tx: ms}}}
}

// signEnvelope writes req and hands it to s.
func signEnvelope(t testing.TB, s *OfflineSigner, req *Request) (*SignResult, error) {
	t.Helper()
	env, err := req.MarshalText()
	require.NoError(t, err)
	return s.Sign(env)
}

// TestWindowHoldsOnChain is the regression test of issue 12, class 3: two
// withdrawals whose node times lie just over the period apart, at the
// period SECURITY.md called safe (twice maxDeadline), are both valid at
// the same network time by NIS's own rules (CheckTimes: timestamp at most
// 10 s ahead, deadline not passed, for the cosignature and the inner
// transaction), so together they must stay within the window's cap.
func TestWindowHoldsOnChain(t *testing.T) {
	const d = 6 * 3600 // maxDeadline
	const period = 2 * d
	for _, c := range []struct {
		name      string
		maxAmount string
		maxCount  int
		rule      string
	}{
		{"two 1000 XEM withdrawals against a 1500 XEM window", "1500", 3, "window.maxAmount"},
		{"two transfers against a window of one", "2501", 1, "window.maxCount"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			p := basePolicy(f, t)
			p.MaxDeadline = "6h"
			p.Window = &PolicyWindow{Period: "12h", MaxAmount: c.maxAmount, MaxCount: c.maxCount}
			s, _ := newSigner(t, f, f.coldA, p)

			nt1 := fixtureTime
			first := f.timedRequest(t, nt1, 1000*transaction.XEM, span{nt1, nt1 + d}, span{nt1, nt1 + d})
			_, err := signEnvelope(t, s, first)
			require.NoError(t, err)

			// Stamped maxDeadline before a node time one second more
			// than the period later: allowed relative to that node time.
			nt2 := nt1 + period + 1
			second := f.timedRequest(t, nt2, 1000*transaction.XEM, span{nt2 - d, nt2 + d}, span{nt2 - d, nt2 + d})

			// Both can execute in one block stamped at:
			at := nt1 + d - 9
			for _, req := range []*Request{first, second} {
				it := req.Items[0]
				require.NoError(t, transaction.CheckTimes(it.Tx, at))
				require.NoError(t, transaction.CheckTimes(it.Inner, at))
			}

			_, err = signEnvelope(t, s, second)
			var pe *PolicyError
			require.ErrorAs(t, err, &pe, "both withdrawals would be valid at network time %d", at)
			require.Equal(t, c.rule, pe.Rule)
		})
	}
}

// TestItemValidity: the network times at which a block can carry what an
// item signs, from NIS's rules (see ItemValidity).
func TestItemValidity(t *testing.T) {
	f := newFixture(t)
	const T = fixtureTime
	transfer := func(ts, dl transaction.Timestamp) *transaction.Transfer {
		return &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ts, Deadline: dl,
			Signer: f.coldA.PublicKey(), Fee: 50_000}, Recipient: f.customer(t), Amount: transaction.XEM}
	}
	wrap := func(inner, wrapper span) *transaction.Multisig {
		ms, err := f.plan.Wrap(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: inner.ts, Deadline: inner.dl},
			Recipient: f.customer(t), Amount: transaction.XEM}, f.coldA.PublicKey(), multisig.TxOptions{Timestamp: wrapper.ts, Deadline: wrapper.dl})
		require.NoError(t, err)
		return ms
	}
	cosign := func(inner, cos span) Item { return f.timedRequest(t, T, transaction.XEM, inner, cos).Items[0] }
	for _, c := range []struct {
		name string
		it   Item
		want journal.Validity
	}{
		{"a plain transfer: 10 s before its timestamp to its deadline", Item{Kind: KindSign, Tx: transfer(T, T+3600)}, journal.Validity{From: T - 10, Until: T + 3600}},
		{"a timestamp under 10 s: from network time 0", Item{Kind: KindSign, Tx: transfer(3, 100)}, journal.Validity{From: 0, Until: 100}},
		{"a wrapper the signer initiates: the later timestamp, the wrapper's deadline (blocks check only it)",
			Item{Kind: KindSign, Tx: wrap(span{T + 5, T + 3600}, span{T, T + 7200})}, journal.Validity{From: T - 5, Until: T + 7200}},
		{"a cosignature: the later timestamp, the earlier deadline", cosign(span{T, T + 7200}, span{T + 60, T + 3600}), journal.Validity{From: T + 50, Until: T + 3600}},
		{"a cosignature of an inner transaction that expires first", cosign(span{T + 60, T + 1800}, span{T, T + 3600}), journal.Validity{From: T + 50, Until: T + 1800}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, itemValidity(c.it))
			// NIS's rules at the ends and just outside them.
			txs := itemTransactions(c.it)
			valid := func(at transaction.Timestamp) bool {
				for _, tx := range txs {
					if tx.Common().Timestamp > at+10 || tx.Common().Deadline < at {
						return false
					}
				}
				return true
			}
			if c.it.Kind == KindCosign {
				require.True(t, valid(c.want.From) && valid(c.want.Until), "valid at both ends")
				require.False(t, valid(c.want.Until+1), "expired after")
			}
			if c.want.From > 0 {
				require.False(t, valid(c.want.From-1), "too early before")
			}
		})
	}
	empty := itemValidity(cosign(span{T, T + 100}, span{T + 200, T + 300}))
	require.True(t, empty.Empty(), "a cosignature stamped after the inner transaction expires is never valid: %+v", empty)
}

// TestWindowOverLongerIntervals: over any interval of Q seconds at most
// floor(Q/(P+1))+1 windows' worth can take effect, and an online side
// that asks for the narrowest possible intervals reaches it exactly.
func TestWindowOverLongerIntervals(t *testing.T) {
	f := newFixture(t)
	const d = 6 * 3600
	const period = 2 * d
	probe := f.timedRequest(t, fixtureTime, 1000*transaction.XEM, span{fixtureTime + 10, fixtureTime + d}, span{fixtureTime - d, fixtureTime})
	it := probe.Items[0]
	debit := 1000*transaction.XEM + it.Inner.Common().Fee + it.Tx.Common().Fee
	p := basePolicy(f, t)
	p.MaxDeadline = "6h"
	p.Window = &PolicyWindow{Period: "12h", MaxAmount: debit.String(), MaxCount: 1}
	s, _ := newSigner(t, f, f.coldA, p)
	s.AcceptNodeTime = true

	// Each request valid at its node time only: [nt, nt].
	at := func(nt transaction.Timestamp) error {
		req := f.timedRequest(t, nt, 1000*transaction.XEM, span{nt + 10, nt + d}, span{nt - d, nt})
		require.Equal(t, journal.Validity{From: nt, Until: nt}, itemValidity(req.Items[0]))
		_, err := signEnvelope(t, s, req)
		return err
	}
	const k = 4
	var items []oracleItem
	for i := range k {
		nt := fixtureTime + transaction.Timestamp(i*(period+1))
		require.NoError(t, at(nt), "request %d", i+1)
		items = append(items, oracleItem{int64(nt), int64(nt), debit})
	}
	last := fixtureTime + transaction.Timestamp((k-1)*(period+1))
	var pe *PolicyError
	require.ErrorAs(t, at(last+period), &pe, "within one period of the last")
	require.Equal(t, "window.maxCount", pe.Rule)

	q := int64((k - 1) * (period + 1))
	got, n, _ := oracleMax(items, q)
	require.Equal(t, transaction.Amount(k)*debit, got, "k windows' worth within (k-1)(P+1) seconds")
	require.Equal(t, k, n)
	require.Equal(t, int64(k), q/(period+1)+1)
	got, _, _ = oracleMax(items, q-1)
	require.Equal(t, transaction.Amount(k-1)*debit, got, "one second less holds one fewer")
	got, _, _ = oracleMax(items, period)
	require.Equal(t, debit, got, "one period holds one")
}

// TestWindowRecheckedWhenJournaled: a second run on the same journal that
// signs while the first run's operator reads the review counts: the first
// run checks the window again, under the journal's lock, before its entry
// is written, and refuses.
func TestWindowRecheckedWhenJournaled(t *testing.T) {
	f := newFixture(t)
	p := basePolicy(f, t)
	p.Window.MaxAmount = "1500"
	s, path := newSigner(t, f, f.coldA, p)
	first, err := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t))).MarshalText()
	require.NoError(t, err)
	second := f.timedRequest(t, fixtureTime, 999*transaction.XEM, span{fixtureTime, fixtureDeadline}, span{fixtureTime, fixtureDeadline})
	var inner error
	s.Confirm = func(*Review) (bool, error) {
		other := *s
		other.Confirm = yes
		_, inner = signEnvelope(t, &other, second)
		return true, nil
	}
	res, err := s.Sign(first)
	require.NoError(t, inner, "the second run signs while the first waits for its operator")
	var pe *PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "window.maxAmount", pe.Rule)
	require.Nil(t, res.Response)
	require.Equal(t, journal.EventRefused, res.Entry.Event)
	entries, _, err := verifyFileEntries(path, journal.VerifyOptions{})
	require.NoError(t, err)
	entries = entries[firstSignedSeq-1:]
	require.Len(t, entries, 2)
	require.Equal(t, []journal.Event{journal.EventSigned, journal.EventRefused}, []journal.Event{entries[0].Event, entries[1].Event})
	require.Nil(t, entries[1].Validity)
	require.Zero(t, entries[1].XEM)
}
