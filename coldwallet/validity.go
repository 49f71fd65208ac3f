package coldwallet

import (
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// aheadSeconds is how far a timestamp may lie ahead of the node's time
// (BlockChainConstants.MAX_ALLOWED_SECONDS_AHEAD_OF_TIME).
const aheadSeconds = int64(transaction.MaxAheadOfNodeTime / time.Second)

// reviewTimeLayout is how the review and the signer's errors show a time.
const reviewTimeLayout = "2006-01-02 15:04:05 UTC"

// itemValidity returns the network times at which NIS could execute what
// an item signs: the block timestamps t of a block that can carry it.
//
// From NIS's source, for a block stamped t carrying a transaction T:
//
//   - TransactionNonFutureEntityValidator refuses a timestamp more than
//     BlockChainConstants.MAX_ALLOWED_SECONDS_AHEAD_OF_TIME (10 s) ahead
//     of the validating node's time (NonFutureEntityValidator), and
//     ChildAwareSingleTransactionValidator applies it to T and to each of
//     its children (TransactionExtensions.streamDefault: a multisig
//     wrapper's inner transaction and its cosignatures). A node takes a
//     transaction into its pool, and so a harvester into a block, only
//     once its clock reads timestamp-10 s or later: t ≥ timestamp - 10 for
//     every transaction the item needs.
//   - TransactionDeadlineBlockValidator refuses a block stamped after the
//     deadline of one of its (top-level) transactions: t ≤ T.deadline.
//     DeadlineValidator keeps every deadline within one day after its
//     timestamp.
//   - The deadlines of children (a wrapper's inner transaction and its
//     cosignatures) are checked against time only by the unconfirmed pool:
//     unconfirmed.TransactionDeadlineValidator refuses a transaction any of
//     whose children has expired, DefaultUnconfirmedTransactions.
//     dropExpiredTransactions drops it from the pool before a block is
//     made, and DefaultNewBlockTransactionsProvider takes only pool
//     transactions whose deadline is not before the block's time.
//
// So a "sign" item (the signer signs the top-level transaction: a plain
// transaction, a wrapper, a conversion) is valid from the latest timestamp
// among it and its children, minus 10 s, to its own deadline: block
// validation enforces that deadline, whatever the children's. A "cosign"
// item is valid from the later timestamp of the cosignature and the inner
// transaction, minus 10 s, to the earlier of their deadlines: the wrapper
// is the online side's, and can only narrow it.
//
// Where NIS leaves it open: a cosignature's upper bound holds only for
// blocks made from a NIS pool. NIS's block validation does not check a
// child's deadline against the block's time, so a harvester running
// modified software, with the online key re-wrapping the approved inner
// transaction in a fresh wrapper, could execute a cosignature after its
// deadline. And the lower bound assumes the block is validated by nodes
// whose clocks read about its timestamp (NIS bounds how far a block may
// lie ahead of a node's clock, not how late a block is accepted). The
// function's lower bound, timestamp - 10 s, is the looser of the pool's
// (t ≥ timestamp - 10 s) and the harvester's own (t > timestamp for the
// top-level transaction).
//
// The interval is empty (journal.Validity.Empty) when no block could carry the
// item; an item that passes CheckTimes at some node time is valid at it.
func itemValidity(it Item) journal.Validity {
	if isNilTx(it.Tx) {
		return journal.Validity{From: 1, Until: 0}
	}
	from := int64(0)
	for _, tx := range itemTransactions(it) {
		from = max(from, int64(tx.Common().Timestamp)-aheadSeconds)
	}
	until := it.Tx.Common().Deadline
	if it.Kind == KindCosign && !isNilTx(it.Inner) {
		until = min(until, it.Inner.Common().Deadline)
	}
	if from > int64(transaction.MaxTimestamp) {
		return journal.Validity{From: 1, Until: 0}
	}
	return journal.Validity{From: transaction.Timestamp(from), Until: until}
}

// itemTransactions returns the transactions an item needs NIS to accept:
// its own, the children NIS validates with it (a wrapper's inner
// transaction and cosignatures), and a cosignature's inner transaction.
func itemTransactions(it Item) []transaction.Transaction {
	txs := []transaction.Transaction{it.Tx}
	if ms, ok := it.Tx.(*transaction.Multisig); ok {
		if !isNilTx(ms.Inner) {
			txs = append(txs, ms.Inner)
		}
		for i := range ms.Cosignatures {
			txs = append(txs, &ms.Cosignatures[i].Cosignature)
		}
	}
	if it.Kind == KindCosign && !isNilTx(it.Inner) {
		txs = append(txs, it.Inner)
	}
	return txs
}

// requestValidity returns the hull of the validity of a request's items:
// from the earliest From to the latest Until, over the items that can be
// executed at all. ok is false when none can.
func requestValidity(req *Request) (v journal.Validity, ok bool) {
	for _, it := range req.Items {
		iv := itemValidity(it)
		if iv.Empty() {
			continue
		}
		if !ok {
			v, ok = iv, true
			continue
		}
		v.From, v.Until = min(v.From, iv.From), max(v.Until, iv.Until)
	}
	return v, ok
}
