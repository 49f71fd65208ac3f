package multisig

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

const (
	now      transaction.Timestamp = 250_000_000
	deadline transaction.Timestamp = now + 3600
)

var opts = TxOptions{Timestamp: now, Deadline: deadline}

// withdrawal is a 1000 XEM transfer from the plan's account.
func withdrawal(t testing.TB, p *Plan) *transaction.Transfer {
	return &transaction.Transfer{
		Header:    transaction.Header{Network: p.Network, Version: 1, Timestamp: now, Deadline: deadline},
		Recipient: pub(t, "customer").Address(p.Network),
		Amount:    1000 * transaction.XEM,
	}
}

// TestEndToEnd: convert a fresh account to 2-of-3, build a withdrawal, wrap
// it with the online key, cosign it with one offline key: NIS would accept.
// The online key alone, or with a forged or replayed cosignature, is
// refused.
func TestEndToEnd(t *testing.T) {
	p := twoOfThree(t)
	account := testKey(t, "account")
	hot, coldA, coldB := testKey(t, "hot"), testKey(t, "cold-a"), testKey(t, "cold-b")

	// 1. Conversion, signed by the account itself.
	conv, err := p.Conversion(opts)
	require.NoError(t, err)
	require.Equal(t, uint32(2), conv.Version)
	require.Equal(t, transaction.Amount(500_000), conv.Fee, "0.5 XEM, the current minimum")
	require.Equal(t, int32(2), conv.MinCosignatories.RelativeChange)
	require.Len(t, conv.Modifications, 3)
	require.NoError(t, transaction.Validate(conv, transaction.ValidateOptions{}))
	signedConv, err := transaction.Sign(conv, account)
	require.NoError(t, err)
	require.NoError(t, transaction.VerifySigned(signedConv))

	// 2. A withdrawal wrapped by the online key.
	ms, err := p.Wrap(withdrawal(t, p), hot.PublicKey(), opts)
	require.NoError(t, err)
	require.Equal(t, p.Account, ms.Inner.Common().Signer)
	require.Equal(t, transaction.Amount(150_000), ms.Fee, "wrapper fee 0.15 XEM")
	require.Equal(t, transaction.Amount(50_000), ms.Inner.Common().Fee, "1000 XEM is below 10,000 XEM: one 0.05 XEM unit")
	wrapper, err := transaction.Sign(ms, hot)
	require.NoError(t, err)

	// The online key alone: not enough.
	r, err := Status(p, wrapper, nil)
	require.NoError(t, err)
	require.False(t, r.Complete)
	require.Equal(t, 2, r.Required)
	require.Equal(t, []sign.PublicKey{hot.PublicKey()}, r.Signed)
	require.ElementsMatch(t, []sign.PublicKey{coldA.PublicKey(), coldB.PublicKey()}, r.Missing)

	// 3. One offline cosignature, built from the full inner transaction.
	cs, err := p.Cosign(ms.Inner, coldA, opts)
	require.NoError(t, err)
	r, err = Status(p, wrapper, []*transaction.Signed{cs})
	require.NoError(t, err)
	require.True(t, r.Complete, "2 of 3: NIS would accept")
	require.Len(t, r.Announce, 2, "wrapper then cosignature")
	wa, _ := wrapper.Announcement()
	ca, _ := cs.Announcement()
	require.Equal(t, []transaction.Announcement{wa, ca}, r.Announce)
	ih, err := transaction.InnerHash(ms)
	require.NoError(t, err)
	require.Equal(t, ih, cs.Tx.(*transaction.MultisigSignature).OtherHash)

	// 4. Online key plus a forged cosignature (cold B's key claimed, hot's
	// signature): refused.
	forged := *cs
	forgedTx := *cs.Tx.(*transaction.MultisigSignature)
	forgedTx.Signer = coldB.PublicKey()
	forged.Tx = &forgedTx
	_, err = Status(p, wrapper, []*transaction.Signed{&forged})
	require.ErrorIs(t, err, ErrBadSignature)

	// A cosignature signed by the online key itself: refused.
	selfCs, err := p.Cosign(ms.Inner, hot, opts)
	require.NoError(t, err)
	_, err = Status(p, wrapper, []*transaction.Signed{selfCs})
	require.ErrorIs(t, err, ErrDuplicateSignature)

	// A cosignature replayed from another withdrawal: refused.
	other := withdrawal(t, p)
	other.Amount = 5 * transaction.XEM
	otherWrap, err := p.Wrap(other, hot.PublicKey(), opts)
	require.NoError(t, err)
	replayed, err := p.Cosign(otherWrap.Inner, coldA, opts)
	require.NoError(t, err)
	_, err = Status(p, wrapper, []*transaction.Signed{replayed})
	require.ErrorIs(t, err, ErrWrongHash)

	// The same cosignature twice counts once: refused as a duplicate.
	_, err = Status(p, wrapper, []*transaction.Signed{cs, cs})
	require.ErrorIs(t, err, ErrDuplicateSignature)
}
