package payout

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestSubmitIsIdempotent: the exchange's ID is the key. The same
// withdrawal submitted again, before or after it was built, is the stored
// one, unchanged; the same ID with another recipient, amount or message
// is refused and changes nothing.
func TestSubmitIsIdempotent(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		s, _ := k.open(t)
		q := c.queue(s)
		w := withdrawals(t, 1)[0]
		first, err := q.Submit(ctx, w)
		require.NoError(t, err)
		c.node.Advance(90)
		again, err := q.Submit(ctx, w)
		require.NoError(t, err)
		require.Equal(t, first, again, "the stored withdrawal, not a new one")

		_, err = q.Build(ctx, 0)
		require.NoError(t, err)
		built, err := q.Submit(ctx, w)
		require.NoError(t, err)
		require.Equal(t, Built, built.State, "submitted again after the build: the build stands")
		require.Equal(t, 1, built.Attempt)

		for _, tc := range []struct {
			name   string
			change func(*Withdrawal)
		}{
			{"another recipient", func(w *Withdrawal) { w.To = customer(t, 99) }},
			{"another amount", func(w *Withdrawal) { w.Amount++ }},
			{"another message", func(w *Withdrawal) { w.Message += "!" }},
			{"no message", func(w *Withdrawal) { w.Message = "" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				other := w
				tc.change(&other)
				_, err := q.Submit(ctx, other)
				require.ErrorIs(t, err, ErrConflict)
				require.Contains(t, err.Error(), "payout: withdrawal W-0001: withdrawal ID already used for another withdrawal (submitted ")
				r, err := q.Status(ctx, w.ID)
				require.NoError(t, err)
				require.Equal(t, built, r, "nothing changed")
			})
		}
		all, err := q.List(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
	})
}

// TestSubmitRefusesBadWithdrawals: what cannot be paid is refused with
// one line naming what is wrong, before anything is stored.
func TestSubmitRefusesBadWithdrawals(t *testing.T) {
	ctx := context.Background()
	c := newCustody(t)
	s, _ := sqliteKind.open(t)
	q := c.queue(s)
	good := withdrawals(t, 1)[0]
	mainnet := testKey(t, "customer 1").Address(sign.Mainnet)
	for _, tc := range []struct {
		name   string
		change func(*Withdrawal)
		want   string
	}{
		{"no ID", func(w *Withdrawal) { w.ID = "" }, "payout: withdrawal ID: 1 to 64 characters, got 0"},
		{"an ID of 65 characters", func(w *Withdrawal) { w.ID = strings.Repeat("a", 65) }, "payout: withdrawal ID: 1 to 64 characters, got 65"},
		{"a space in the ID", func(w *Withdrawal) { w.ID = "W 1" }, "payout: withdrawal ID: byte 2 (0x20) is not an ASCII letter, digit or one of . _ : -"},
		{"a newline in the ID", func(w *Withdrawal) { w.ID = "W-1\nW-2" }, "payout: withdrawal ID: byte 4 (0x0a) is not an ASCII letter, digit or one of . _ : -"},
		{"a Cyrillic letter in the ID", func(w *Withdrawal) { w.ID = "W-\u04251" }, "payout: withdrawal ID: byte 3 (0xd0) is not an ASCII letter, digit or one of . _ : -"},
		{"no recipient", func(w *Withdrawal) { w.To = sign.Address{} }, "payout: withdrawal W-0001: recipient: "},
		{"a mainnet recipient", func(w *Withdrawal) { w.To = mainnet }, "payout: withdrawal W-0001: recipient: "},
		{"no amount", func(w *Withdrawal) { w.Amount = 0 }, "payout: withdrawal W-0001: amount: 0.000001 to "},
		{"more than NIS can hold", func(w *Withdrawal) { w.Amount = transaction.MaxAmount + 1 }, "payout: withdrawal W-0001: amount: 0.000001 to "},
		{"a message of 1025 bytes", func(w *Withdrawal) { w.Message = strings.Repeat("m", 1025) }, "payout: withdrawal W-0001: message: at most 1024 bytes of UTF-8"},
		{"invalid UTF-8", func(w *Withdrawal) { w.Message = "\xff" }, "payout: withdrawal W-0001: message: at most 1024 bytes of UTF-8"},
		{"a control character", func(w *Withdrawal) { w.Message = "pay\x1b[2Jnow" }, "payout: withdrawal W-0001: message: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := good
			tc.change(&w)
			_, err := q.Submit(ctx, w)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tc.want), err.Error())
			require.NotContains(t, err.Error(), "\n")
		})
	}
	all, err := q.List(ctx)
	require.NoError(t, err)
	require.Empty(t, all, "nothing stored")
	_, err = q.Status(ctx, "W-0001")
	require.ErrorIs(t, err, ErrNotFound)
}
