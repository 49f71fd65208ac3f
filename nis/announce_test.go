package nis

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestAnnounceResults: each kind of answer of /transaction/announce, as
// the fake node gives it by NIS's rules, and how Announce reports it.
func TestAnnounceResults(t *testing.T) {
	ctx := context.Background()
	signed := func(t *testing.T, tx transaction.Transaction, k *sign.PrivateKey) *transaction.Signed {
		s, err := transaction.Sign(tx, k)
		require.NoError(t, err)
		return s
	}
	transfer := func(c *custody, signer *sign.PrivateKey, ts, deadline transaction.Timestamp, fee transaction.Amount) *transaction.Transfer {
		return &transaction.Transfer{
			Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: ts, Deadline: deadline, Signer: signer.PublicKey(), Fee: fee},
			Recipient: testKey(t, "alice").Address(sign.Testnet), Amount: transaction.XEM,
		}
	}
	for _, tc := range []struct {
		name  string
		setup func(c *custody) *transaction.Signed
		want  Result
	}{
		{"success: a funded ordinary account", func(c *custody) *transaction.Signed {
			k := testKey(t, "hot-wallet")
			c.node.Fund(k.PublicKey(), 10*transaction.XEM)
			return signed(t, transfer(c, k, t0, t0+3600, transaction.FeeUnit), k)
		}, Success},
		{"success: a wrapper by a cosignatory", func(c *custody) *transaction.Signed {
			return c.withdraw(5*transaction.XEM, "alice", t0).wrapper
		}, Success},
		{"insufficient balance", func(c *custody) *transaction.Signed {
			k := testKey(t, "empty")
			return signed(t, transfer(c, k, t0, t0+3600, transaction.FeeUnit), k)
		}, failureInsufficientBalance},
		{"past deadline", func(c *custody) *transaction.Signed {
			k := testKey(t, "late")
			c.node.Fund(k.PublicKey(), 10*transaction.XEM)
			return signed(t, transfer(c, k, t0-7200, t0-3600, transaction.FeeUnit), k)
		}, FailurePastDeadline},
		{"timestamp too far in the future (local clock ahead)", func(c *custody) *transaction.Signed {
			k := testKey(t, "early")
			c.node.Fund(k.PublicKey(), 10*transaction.XEM)
			return signed(t, transfer(c, k, t0+11, t0+3600, transaction.FeeUnit), k)
		}, failureTimestampTooFarInFuture},
		{"insufficient fee", func(c *custody) *transaction.Signed {
			k := testKey(t, "cheap")
			c.node.Fund(k.PublicKey(), 10*transaction.XEM)
			return signed(t, transfer(c, k, t0, t0+3600, 1), k)
		}, failureInsufficientFee},
		{"wrong network", func(c *custody) *transaction.Signed {
			k := testKey(t, "mainnet")
			tr := transfer(c, k, t0, t0+3600, transaction.FeeUnit)
			tr.Network, tr.Recipient = sign.Mainnet, testKey(t, "alice").Address(sign.Mainnet)
			return signed(t, tr, k)
		}, failureWrongNetwork},
		{"the multisig account signs itself", func(c *custody) *transaction.Signed {
			return signed(t, transfer(c, c.account, t0, t0+3600, transaction.FeeUnit), c.account)
		}, failureTransactionNotAllowedForMultisig},
		{"a wrapper by a non-cosignatory", func(c *custody) *transaction.Signed {
			p := c.withdraw(5*transaction.XEM, "alice", t0)
			ms := *p.wrapper.Tx.(*transaction.Multisig)
			k := testKey(t, "intruder")
			ms.Signer = k.PublicKey()
			return signed(t, &ms, k)
		}, failureMultisigNotACosigner},
		{"a cosignature without its wrapper", func(c *custody) *transaction.Signed {
			return c.withdraw(5*transaction.XEM, "alice", t0).coldA
		}, FailureMultisigNoMatchingMultisig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustody(t)
			s := tc.setup(c)
			res, err := c.client.Announce(ctx, ann(t, s))
			require.NotNil(t, res)
			require.Equal(t, tc.want, res.Code, "%s", res.Code)
			require.Equal(t, tc.want.String(), res.Message, "NIS sends the name")
			require.Equal(t, hashOf(t, s), res.Hash)
			require.Equal(t, 1, c.node.Announces(res.Hash))
			if tc.want.Accepted() {
				require.NoError(t, err)
				return
			}
			var ne *NodeError
			require.ErrorAs(t, err, &ne)
			require.ErrorIs(t, err, ErrRejected)
			require.Equal(t, tc.want, ne.Code)
			require.Equal(t, tc.want.String(), ne.Name)
			require.Equal(t, "nis: rejected by the node: "+tc.want.String()+" ("+strconv.Itoa(int(tc.want))+")", err.Error())
		})
	}
}

// TestAnnounceIsIdempotent: the same bytes announced again are Neutral
// while in the pool and FailureHashExists once confirmed; both are
// accepted, so a retry after a lost answer is safe.
func TestAnnounceIsIdempotent(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()
	p := c.withdraw(5*transaction.XEM, "alice", t0)
	for i, want := range []Result{Success, Neutral, Neutral} {
		res, err := c.client.Announce(ctx, ann(t, p.wrapper))
		require.NoError(t, err, "announce %d", i+1)
		require.Equal(t, want, res.Code, "announce %d", i+1)
		ih, _ := transaction.InnerHash(p.wrapper.Tx.(*transaction.Multisig))
		require.Equal(t, ih, res.InnerHash)
	}
	res, err := c.client.Announce(ctx, ann(t, p.coldA))
	require.NoError(t, err)
	require.Equal(t, Success, res.Code)
	require.Equal(t, 1, c.node.Harvest())
	c.node.Advance(nistest.PushCacheTTL + time.Second)
	for _, s := range []*transaction.Signed{p.wrapper, p.coldA} {
		res, err = c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
		require.Equal(t, FailureHashExists, res.Code, "confirmed: the chain has it")
	}
	require.Equal(t, 1_000_000*transaction.XEM-5*transaction.XEM-transaction.FeeUnit-2*transaction.FlatFee, c.node.Balance(c.plan.Address()),
		"paid once: amount, inner fee, wrapper fee, one cosignature fee")
}

// TestAnnounceNeutralIsChecked: NIS can cache NEUTRAL for a hash before
// validating it, so a repeated announce of a refused transaction gets
// NEUTRAL. Announce believes a NEUTRAL answer only when the transaction is
// in the pool (a cosignature: attached to its wrapper) or confirmed.
func TestAnnounceNeutralIsChecked(t *testing.T) {
	c := newCustody(t)
	c.node.NeutralFirst = true
	ctx := context.Background()

	// Refused for want of funds, then "already known".
	poor := testKey(t, "poor")
	c.node.Fund(poor.PublicKey(), transaction.XEM)
	s, err := transaction.Sign(&transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: t0,
		Deadline: t0 + 3600, Signer: poor.PublicKey(), Fee: transaction.FeeUnit}, Recipient: testKey(t, "alice").Address(sign.Testnet),
		Amount: 5 * transaction.XEM}, poor)
	require.NoError(t, err)
	_, err = c.client.Announce(ctx, ann(t, s))
	require.ErrorIs(t, err, ErrRejected)
	require.NotErrorIs(t, err, ErrNotKnown)
	res, err := c.client.Announce(ctx, ann(t, s))
	require.Equal(t, Neutral, res.Code)
	require.ErrorIs(t, err, ErrNotKnown)
	require.ErrorIs(t, err, ErrRejected)
	require.Equal(t, "nis: announce "+hashOf(t, s).String()+": rejected by the node: answered NEUTRAL, but the node lists the transaction neither unconfirmed nor confirmed", err.Error())

	// A cosignature refused before its wrapper arrived, then "already
	// known": not attached to anything.
	p := c.withdraw(5*transaction.XEM, "alice", t0)
	_, err = c.client.Announce(ctx, ann(t, p.coldA))
	require.True(t, isNoMatchingMultisig(err), "%v", err)
	_, err = c.client.Announce(ctx, ann(t, p.wrapper))
	require.NoError(t, err)
	res, err = c.client.Announce(ctx, ann(t, p.coldA))
	require.Equal(t, Neutral, res.Code)
	require.ErrorIs(t, err, ErrNotKnown)

	// Really known: the wrapper in the pool, vault B's cosignature
	// attached to it, and both once confirmed.
	res, err = c.client.Announce(ctx, ann(t, p.coldB))
	require.NoError(t, err)
	require.Equal(t, Success, res.Code)
	for _, s := range []*transaction.Signed{p.wrapper, p.coldB} {
		res, err = c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err)
		require.Equal(t, Neutral, res.Code)
	}
	require.Equal(t, 1, c.node.Harvest())
	for _, s := range []*transaction.Signed{p.wrapper, p.coldB} {
		res, err = c.client.Announce(ctx, ann(t, s))
		require.NoError(t, err, "confirmed")
		require.Equal(t, Neutral, res.Code, "still cached")
	}
}

// TestAnnounceChecksBeforeSending: a payload that does not parse or
// verify is never sent.
func TestAnnounceChecksBeforeSending(t *testing.T) {
	c := newCustody(t)
	p := c.withdraw(5*transaction.XEM, "alice", t0)
	a := ann(t, p.wrapper)
	bad := a
	bad.Signature = strings.Repeat("0", 128)
	for _, x := range []transaction.Announcement{
		bad,
		{Data: "zz", Signature: a.Signature},
		{Data: a.Data + "00", Signature: a.Signature},
		{Data: a.Data, Signature: "abc"},
	} {
		_, err := c.client.Announce(context.Background(), x)
		require.Error(t, err)
		require.NotErrorIs(t, err, ErrRejected)
	}
	require.Zero(t, c.node.Announces(hashOf(t, p.wrapper)))
	// Upper-case hex (the Symbol SDK's) is fine.
	a.Data, a.Signature = strings.ToUpper(a.Data), strings.ToUpper(a.Signature)
	_, err := c.client.Announce(context.Background(), a)
	require.NoError(t, err)
}

// TestAnnounceAnswerChecked: a node claiming another hash, or garbage.
func TestAnnounceAnswerChecked(t *testing.T) {
	c := newCustody(t)
	p := c.withdraw(5*transaction.XEM, "alice", t0)
	h := hashOf(t, p.wrapper).String()
	for name, edit := range map[string]func(string) string{
		"another transactionHash": func(s string) string { return strings.Replace(s, h, strings.Repeat("ab", 32), 1) },
		"another inner hash": func(s string) string {
			i := strings.Index(s, `"innerTransactionHash":{"data":"`) + len(`"innerTransactionHash":{"data":"`)
			return s[:i] + strings.Repeat("0", 64) + s[i+64:]
		},
		"not a validation result": func(s string) string { return strings.Replace(s, `"type":1`, `"type":2`, 1) },
		"no code":                 func(s string) string { return regexp.MustCompile(`"code":\d+,`).ReplaceAllString(s, "") },
		"not JSON":                func(string) string { return "SUCCESS" },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.rewriting("/transaction/announce", edit).Announce(context.Background(), ann(t, p.wrapper))
			require.ErrorIs(t, err, ErrBadResponse)
		})
	}
	// A NIS without the hash members (NemRequestResult only) is fine.
	res, err := c.rewriting("/transaction/announce", func(string) string {
		return `{"type":1,"code":1,"message":"SUCCESS"}`
	}).Announce(context.Background(), ann(t, p.wrapper))
	require.NoError(t, err)
	require.Equal(t, Success, res.Code)
}
