package nistest

import (
	"errors"
	"github.com/nemcustody/nemcustody/internal/nisresult"
	"slices"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// announce handles one announced transaction as NIS's
// TransactionController.transactionAnnounce and PushService do, and
// returns the ValidationResult:
//
//   - a network other than the node's: FAILURE_WRONG_NETWORK (PushService,
//     before its cache);
//   - the same hash announced in the last CacheTTL: the cached answer,
//     SUCCESS repeated as NEUTRAL (PushService.HashCache); with
//     NeutralFirst, NEUTRAL whatever the first answer was;
//   - already in the pool, as a root or a child (an attached cosignature,
//     a wrapper's inner transaction): NEUTRAL (DefaultUnconfirmedState,
//     UnconfirmedTransactionsCache);
//   - the hash or a child's in the chain: FAILURE_HASH_EXISTS
//     (BatchUniqueHashTransactionValidator);
//   - a signature that does not verify: FAILURE_SIGNATURE_NOT_VERIFIABLE;
//   - the time rules (transaction.CheckTimes: DeadlineValidator,
//     TransactionNonFutureEntityValidator, unconfirmed
//     TransactionDeadlineValidator), the rules of transaction.Validate
//     (MinimumFeeValidator, ...) and those of multisig.State.Validate with
//     the acting account's state (MultisigTransactionSignerValidator,
//     MultisigNonOperationalValidator,
//     MultisigCosignatoryModificationValidator, NumCosignatoryRangeValidator):
//     their codes;
//   - a debtor (for multisig, the multisig account) whose balances, less
//     what its pool transactions will spend, do not cover what
//     transaction.Debits says it takes (fees, XEM and mosaics moved,
//     levies): FAILURE_INSUFFICIENT_BALANCE; a mosaic without a definition:
//     FAILURE_MOSAIC_UNKNOWN;
//   - a cosignature without a wrapper in the pool with its inner hash,
//     for its account, that its signer may cosign and did not initiate:
//     FAILURE_MULTISIG_NO_MATCHING_MULTISIG (MultisigSignatureMatchPredicate);
//     otherwise it is attached to that wrapper.
//
// The caller holds n.mu.
func (n *Node) announce(s *transaction.Signed, h transaction.Hash) int {
	n.announces[h]++
	if s.Tx.Common().Network != n.Network {
		return nisresult.WrongNetwork
	}
	nowMS := n.nowMillis
	ttl := PushCacheTTL
	if n.CacheTTL != 0 {
		ttl = n.CacheTTL
	}
	if p, ok := n.push[h]; ok && ttl > 0 && nowMS < p.at+ttl.Milliseconds() {
		return p.result
	}
	if n.NeutralFirst && ttl > 0 {
		n.push[h] = pushed{result: nisresult.Neutral, at: nowMS}
	}
	r := n.addNew(s, h)
	if ttl > 0 && !n.NeutralFirst {
		cached := r
		if r == nisresult.Success {
			cached = nisresult.Neutral
		}
		n.push[h] = pushed{result: cached, at: nowMS}
	}
	if r == nisresult.Success && n.AutoHarvest {
		n.harvest()
	}
	return r
}

// addNew is DefaultUnconfirmedState.addNew.
func (n *Node) addNew(s *transaction.Signed, h transaction.Hash) int {
	e, err := newEntry(s)
	if err != nil {
		return nisresult.Unknown
	}
	if n.inPool(e) {
		return nisresult.Neutral
	}
	if n.chainHash[h] || slices.ContainsFunc(e.children, func(c transaction.Hash) bool { return n.chainHash[c] }) {
		return nisresult.HashExists
	}
	if transaction.VerifySigned(s) != nil {
		return nisresult.SignatureNotVerifiable
	}
	now := n.now()
	if err := transaction.CheckTimes(s.Tx, now); err != nil {
		return ruleCode(err)
	}
	if err := transaction.Validate(s.Tx, transaction.ValidateOptions{NodeTime: &now, Mosaics: n.supplies}); err != nil {
		return ruleCode(err)
	}
	if err := n.actingAccount(s.Tx).state().Validate(s.Tx); err != nil {
		return ruleCode(err)
	}
	if r := n.covered(s.Tx); r != nisresult.Success {
		return r
	}
	if cs, ok := s.Tx.(*transaction.MultisigSignature); ok {
		w := n.matchingWrapper(cs)
		if w == nil {
			return nisresult.MultisigNoMatchingMultisig
		}
		ms := w.signed.Tx.(*transaction.Multisig)
		ms.Cosignatures = append(ms.Cosignatures, transaction.SignedCosignature{Cosignature: *cs, Signature: s.Signature})
		w.children = append(w.children, h)
		return nisresult.Success
	}
	n.learn(s.Tx.Common().Signer)
	n.pool = append(n.pool, e)
	return nisresult.Success
}

// inPool is UnconfirmedTransactionsCache.hasTransactionInCache: e or one
// of its children is a root or a child in the pool.
func (n *Node) inPool(e *entry) bool {
	hashes := append([]transaction.Hash{e.hash}, e.children...)
	for _, p := range n.pool {
		for _, h := range hashes {
			if p.hash == h || slices.Contains(p.children, h) {
				return true
			}
		}
	}
	return false
}

// actingAccount is the account whose multisig state applies to tx: a
// wrapper's inner signer, else the signer.
func (n *Node) actingAccount(tx transaction.Transaction) *account {
	if ms, ok := tx.(*transaction.Multisig); ok {
		return n.acct(ms.Inner.Common().Signer.Address(n.Network))
	}
	return n.acct(tx.Common().Signer.Address(n.Network))
}

// covered is BalanceValidator and MosaicBalanceValidator: the debtor's
// balances, less what its pool transactions will spend, cover what
// transaction.Debits says tx takes, levies included. A mosaic without a
// definition is FAILURE_MOSAIC_UNKNOWN (MosaicBagValidator).
func (n *Node) covered(tx transaction.Transaction) int {
	d, err := transaction.Debits(tx, n.levies)
	switch {
	case errors.Is(err, transaction.ErrLevyUnknown):
		return nisresult.MosaicUnknown
	case err != nil:
		return nisresult.Unknown
	}
	xem, mosaics := n.unconfirmedBalance(d.Debtor)
	if d.XEM > xem {
		return nisresult.InsufficientBalance
	}
	for _, m := range d.Mosaics {
		if m.Quantity > mosaics[m.ID] {
			return nisresult.InsufficientBalance
		}
	}
	return nisresult.Success
}

// unconfirmedBalance is the balances of addr less what its pool
// transactions will spend.
func (n *Node) unconfirmedBalance(addr sign.Address) (transaction.Amount, map[transaction.MosaicID]uint64) {
	a := n.acct(addr)
	b, ms := a.balance, map[transaction.MosaicID]uint64{}
	for id, q := range a.mosaics {
		ms[id] = q
	}
	for _, e := range n.pool {
		d, err := transaction.Debits(e.signed.Tx, n.levies)
		if err != nil || d.Debtor != addr {
			continue
		}
		b -= min(b, d.XEM)
		for _, m := range d.Mosaics {
			ms[m.ID] -= min(ms[m.ID], m.Quantity)
		}
	}
	return b, ms
}

// matchingWrapper is MultisigSignatureMatchPredicate over the pool: a
// wrapper whose inner hash the cosignature names, whose inner signer is
// the cosignature's account, of which the cosignature's signer is a
// cosignatory, and that the signer did not initiate.
func (n *Node) matchingWrapper(cs *transaction.MultisigSignature) *entry {
	for _, e := range n.pool {
		ms, ok := e.signed.Tx.(*transaction.Multisig)
		if !ok || *e.inner != cs.OtherHash || ms.Signer == cs.Signer {
			continue
		}
		multisig := ms.Inner.Common().Signer.Address(n.Network)
		if multisig != cs.MultisigAccount {
			continue
		}
		if slices.Contains(n.acct(multisig).cosignatories, cs.Signer) {
			return e
		}
	}
	return nil
}

// ruleCode maps an error of CheckTimes or Validate to NIS's code.
func ruleCode(err error) int {
	var re *transaction.RuleError
	if errors.As(err, &re) && re.Code() != 0 {
		return re.Code()
	}
	if errors.Is(err, transaction.ErrUnknownMosaic) {
		return nisresult.MosaicUnknown
	}
	return nisresult.Unknown
}
