package nis

import "github.com/nemcustody/nemcustody/internal/nisresult"

// Result is a NIS ValidationResult: the code /transaction/announce answers
// with (NemAnnounceResult.code) and the failures NIS logs. The names and
// numbers are NIS's own (core/.../model/ValidationResult.java).
type Result int

// The results this package branches on; Result.String knows every name
// NIS defines (internal/nisresult, the one copy of NIS's table).
const (
	// Neutral: NIS already knows the transaction's hash (it is in the
	// unconfirmed pool, or its announce was answered in the last ten
	// minutes). Announcing the same bytes again is harmless, but Neutral
	// is no proof of acceptance: PushService caches it for a hash before
	// validating, so a refused transaction announced again can get it.
	// Client.Announce checks the pool and the chain (ErrNotKnown).
	Neutral Result = 0
	// Success: the transaction entered the unconfirmed pool (a
	// cosignature: it was attached to its wrapper there).
	Success Result = 1
	// FailurePastDeadline: the deadline is before the node's time, or not
	// after the timestamp.
	FailurePastDeadline Result = 3
	// failureInsufficientBalance: the debtor (for multisig transactions
	// the multisig account) cannot pay.
	failureInsufficientBalance Result = 5
	// FailureHashExists: the hash, or the hash of a child (an inner
	// transaction, a cosignature), is already in the chain.
	FailureHashExists Result = 7
	// failureTimestampTooFarInFuture: the timestamp is more than 10
	// seconds ahead of the node's time.
	failureTimestampTooFarInFuture Result = 10
	// failureInsufficientFee: the fee is below the minimum (or a
	// cosignature's fee above 1000 XEM).
	failureInsufficientFee Result = 17
	// failureWrongNetwork: the transaction is for another network.
	failureWrongNetwork Result = 20
	// failureMultisigNotACosigner: the wrapper's signer is not a
	// cosignatory of the multisig account.
	failureMultisigNotACosigner Result = 71
	// FailureMultisigNoMatchingMultisig: a cosignature whose wrapper is
	// not (yet) in the node's unconfirmed pool, or that its wrapper's
	// initiator or a non-cosignatory signed.
	FailureMultisigNoMatchingMultisig Result = 73
	// failureTransactionNotAllowedForMultisig: a multisig account signed
	// a transaction itself instead of through a wrapper.
	failureTransactionNotAllowedForMultisig Result = 74
)

// String returns NIS's name of r ("FAILURE_HASH_EXISTS"), or
// "UNKNOWN_RESULT_<n>" for a code NIS does not define.
func (r Result) String() string { return nisresult.String(int(r)) }

// Known reports whether r is a code NIS defines.
func (r Result) Known() bool {
	_, ok := nisresult.Name(int(r))
	return ok
}

// Accepted reports whether an announce answered with r may leave the
// transaction known to the node: Success, Neutral (already in its pool or
// recently announced) or FailureHashExists (already in its chain). Since a
// transaction is identified by its hash, announcing the same bytes again
// can never make it happen twice. Success and FailureHashExists mean
// "done"; Neutral only once the transaction is found in the pool or the
// chain, which Client.Announce checks.
func (r Result) Accepted() bool {
	return r == Success || r == Neutral || r == FailureHashExists
}
