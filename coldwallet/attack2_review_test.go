package coldwallet

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestAttackAnyRecipientWarningNumbersAnotherItem: a request for two
// vaults, item 1 for vault B (a payout to X) and item 2 for vault A (a
// payout to Y). Vault A's policy has anyRecipient. Its review numbers its
// one item as the request does ("ITEM 2", request item 2 of 2), but the
// anyRecipient warning is built from the signer's part of the request
// and numbers it from 1: "no allowlist checks Y (item 1)". Item 1 of the
// request is vault B's payout to X. An operator who follows the warning
// to the item it names reads the wrong address. The online side chooses
// how items are split among signers, so it chooses which item the
// warning seems to be about.
//
// Breaks: "The review then says, on every transfer, `WARNING: THE POLICY
// ALLOWS ANY RECIPIENT (anyRecipient): no allowlist checks ADDRESS`: the
// operator reads the address" (README, Any recipient, on purpose), and
// issue 14's "the review numbers items per signer correctly".
//
// Suggested fix: Policy.reviewWarnings takes the request numbers of the
// signer's items (as expiredWarnings does), or OfflineSigner.review
// renumbers its warnings like renumber does for refusals.
func TestAttackAnyRecipientWarningNumbersAnotherItem(t *testing.T) {
	f := newFixture(t)
	x := fixtureKey(t, "payee X").Address(sign.Testnet)
	y := fixtureKey(t, "payee Y").Address(sign.Testnet)
	toX, toY := f.withdrawal(t, 10*transaction.XEM, x), f.withdrawal(t, 20*transaction.XEM, y)
	req := &Request{Network: sign.Testnet, NodeTime: fixtureTime, Signers: []sign.PublicKey{f.coldB.PublicKey(), f.coldA.PublicKey()}, Note: "two payouts"}
	for _, c := range []struct {
		w   *transaction.Signed
		key sign.PublicKey
	}{{toX, f.coldB.PublicKey()}, {toY, f.coldA.PublicKey()}} {
		inner := c.w.Tx.(*transaction.Multisig).Inner
		cs, err := f.plan.Cosignature(inner, c.key, f.opts)
		require.NoError(t, err)
		req.Items = append(req.Items, Item{Kind: KindCosign, Tx: cs, Inner: inner})
	}
	env, err := req.MarshalText()
	require.NoError(t, err)

	p := basePolicy(f, t)
	p.Recipients, p.AnyRecipient = []sign.Address{}, true
	s, _ := newSigner(t, f, f.coldA, p)
	res, err := s.Sign(env)
	require.NoError(t, err)
	require.Len(t, res.Review.Items, 1)
	require.Equal(t, 2, res.Review.Items[0].Number, "vault A's item is request item 2")

	var warning string
	for _, w := range res.Review.Warnings {
		if strings.Contains(w, "anyRecipient") {
			warning = w
		}
	}
	require.Contains(t, warning, y.String(), "the warning names vault A's recipient")
	require.Contains(t, warning, fmt.Sprintf("(item %d)", res.Review.Items[0].Number),
		"the warning must name the item it is about: request item 1 is vault B's payout to %s", x)
}
