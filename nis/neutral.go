package nis

import (
	"context"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrNotKnown: the node answered NEUTRAL ("already known") to an
// announce, but lists the transaction neither in its unconfirmed pool nor
// among the account's newest confirmed transactions. NIS's PushService
// caches NEUTRAL for a hash before it validates the transaction, so a
// repeated announce of bytes the node refused (or dropped) can be answered
// NEUTRAL: that answer alone is no proof of acceptance. It wraps
// ErrRejected.
var ErrNotKnown = fmt.Errorf("%w: answered NEUTRAL, but the node lists the transaction neither unconfirmed nor confirmed", ErrRejected)

// confirmKnown checks that the node really holds s after a NEUTRAL answer:
// in the unconfirmed pool (a cosignature: attached to its wrapper there),
// else among the newest 100 confirmed outgoing transactions of
// the account that pays for it. The pool is read first, so a transaction
// harvested between the two reads is still found. NIS lists at most 25
// unconfirmed transactions per account; one beyond them is not found and
// gives ErrNotKnown, which errs on the side of a retry.
func (c *Client) confirmKnown(ctx context.Context, s *transaction.Signed, res *AnnounceResult) error {
	account, match := knownMatcher(s, res)
	pending, err := c.Unconfirmed(ctx, account)
	if err != nil {
		return fmt.Errorf("nis: announce: checking a NEUTRAL answer: %w", err)
	}
	for i := range pending {
		if match(&pending[i]) {
			return nil
		}
	}
	done, err := c.Transfers(ctx, account, Outgoing, Page{Size: MaxPageSize})
	if err != nil {
		return fmt.Errorf("nis: announce: checking a NEUTRAL answer: %w", err)
	}
	for i := range done {
		if match(&done[i]) {
			return nil
		}
	}
	return fmt.Errorf("nis: announce %s: %w", res.Hash, ErrNotKnown)
}

// knownMatcher returns the account whose lists hold s (a cosignature's
// and a wrapper's multisig account, else the signer's) and a test for the
// listed transaction that is s or, for a cosignature, carries it.
func knownMatcher(s *transaction.Signed, res *AnnounceResult) (sign.Address, func(*Transaction) bool) {
	h := s.Tx.Common()
	switch t := s.Tx.(type) {
	case *transaction.MultisigSignature:
		return t.MultisigAccount, func(l *Transaction) bool {
			ms, ok := l.Signed.Tx.(*transaction.Multisig)
			if !ok || l.InnerHash != t.OtherHash {
				return false
			}
			for i := range ms.Cosignatures {
				if ch, err := transaction.HashOf(&ms.Cosignatures[i].Cosignature); err == nil && ch == res.Hash {
					return true
				}
			}
			return false
		}
	case *transaction.Multisig:
		inner := t.Inner.Common()
		return inner.Signer.Address(inner.Network), func(l *Transaction) bool { return l.Hash == res.Hash }
	}
	return h.Signer.Address(h.Network), func(l *Transaction) bool { return l.Hash == res.Hash }
}
