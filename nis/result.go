package nis

import "strconv"

// Result is a NIS ValidationResult: the code /transaction/announce answers
// with (NemAnnounceResult.code) and the failures NIS logs. The names and
// numbers are NIS's own (core/.../model/ValidationResult.java).
type Result int

// The results this package branches on or that a custody flow meets most;
// Result.String knows every name NIS defines.
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
	// FailureFutureDeadline: the deadline is more than 24 hours after the
	// timestamp.
	FailureFutureDeadline Result = 4
	// FailureInsufficientBalance: the debtor (for multisig transactions
	// the multisig account) cannot pay.
	FailureInsufficientBalance Result = 5
	// FailureHashExists: the hash, or the hash of a child (an inner
	// transaction, a cosignature), is already in the chain.
	FailureHashExists Result = 7
	// FailureSignatureNotVerifiable: the signature does not verify over
	// the bytes NIS re-serializes.
	FailureSignatureNotVerifiable Result = 8
	// FailureTimestampTooFarInFuture: the timestamp is more than 10
	// seconds ahead of the node's time.
	FailureTimestampTooFarInFuture Result = 10
	// FailureInsufficientFee: the fee is below the minimum (or a
	// cosignature's fee above 1000 XEM).
	FailureInsufficientFee Result = 17
	// FailureWrongNetwork: the transaction is for another network.
	FailureWrongNetwork Result = 20
	// FailureMultisigNotACosigner: the wrapper's signer is not a
	// cosignatory of the multisig account.
	FailureMultisigNotACosigner Result = 71
	// FailureMultisigNoMatchingMultisig: a cosignature whose wrapper is
	// not (yet) in the node's unconfirmed pool, or that its wrapper's
	// initiator or a non-cosignatory signed.
	FailureMultisigNoMatchingMultisig Result = 73
	// FailureTransactionNotAllowedForMultisig: a multisig account signed
	// a transaction itself instead of through a wrapper.
	FailureTransactionNotAllowedForMultisig Result = 74
)

// resultNames is ValidationResult.java, every value.
var resultNames = map[Result]string{
	0:   "NEUTRAL",
	1:   "SUCCESS",
	2:   "FAILURE_UNKNOWN",
	3:   "FAILURE_PAST_DEADLINE",
	4:   "FAILURE_FUTURE_DEADLINE",
	5:   "FAILURE_INSUFFICIENT_BALANCE",
	6:   "FAILURE_MESSAGE_TOO_LARGE",
	7:   "FAILURE_HASH_EXISTS",
	8:   "FAILURE_SIGNATURE_NOT_VERIFIABLE",
	9:   "FAILURE_TIMESTAMP_TOO_FAR_IN_PAST",
	10:  "FAILURE_TIMESTAMP_TOO_FAR_IN_FUTURE",
	11:  "FAILURE_INELIGIBLE_BLOCK_SIGNER",
	12:  "FAILURE_ENTITY_UNUSABLE_OUT_OF_SYNC",
	13:  "FAILURE_CHAIN_SCORE_INFERIOR",
	14:  "FAILURE_CHAIN_INVALID",
	15:  "FAILURE_TOO_MANY_TRANSACTIONS",
	16:  "FAILURE_SELF_SIGNED_TRANSACTION",
	17:  "FAILURE_INSUFFICIENT_FEE",
	18:  "FAILURE_NEMESIS_ACCOUNT_TRANSACTION_AFTER_NEMESIS_BLOCK",
	19:  "FAILURE_TRANSACTION_CACHE_TOO_FULL",
	20:  "FAILURE_WRONG_NETWORK",
	21:  "FAILURE_CANNOT_HARVEST_FROM_BLOCKED_ACCOUNT",
	22:  "FAILURE_ENTITY_INVALID_VERSION",
	41:  "FAILURE_MULTISIG_V2_AGGREGATE_MODIFICATION_BEFORE_FORK",
	42:  "FAILURE_TRANSACTION_BEFORE_SECOND_FORK",
	62:  "FAILURE_DESTINATION_ACCOUNT_IN_USE",
	63:  "FAILURE_IMPORTANCE_TRANSFER_IN_PROGRESS",
	64:  "FAILURE_IMPORTANCE_TRANSFER_NEEDS_TO_BE_DEACTIVATED",
	65:  "FAILURE_IMPORTANCE_TRANSFER_IS_NOT_ACTIVE",
	66:  "FAILURE_TRANSACTION_NOT_ALLOWED_FOR_REMOTE",
	71:  "FAILURE_MULTISIG_NOT_A_COSIGNER",
	72:  "FAILURE_MULTISIG_INVALID_COSIGNERS",
	73:  "FAILURE_MULTISIG_NO_MATCHING_MULTISIG",
	74:  "FAILURE_TRANSACTION_NOT_ALLOWED_FOR_MULTISIG",
	75:  "FAILURE_MULTISIG_ALREADY_A_COSIGNER",
	76:  "FAILURE_MULTISIG_MISMATCHED_SIGNATURE",
	77:  "FAILURE_MULTISIG_MODIFICATION_MULTIPLE_DELETES",
	78:  "FAILURE_MULTISIG_MODIFICATION_REDUNDANT_MODIFICATIONS",
	79:  "FAILURE_CONFLICTING_MULTISIG_MODIFICATION",
	80:  "FAILURE_TOO_MANY_MULTISIG_COSIGNERS",
	81:  "FAILURE_MULTISIG_ACCOUNT_CANNOT_BE_COSIGNER",
	82:  "FAILURE_MULTISIG_MIN_COSIGNATORIES_OUT_OF_RANGE",
	101: "FAILURE_MAX_CHAIN_SIZE_EXCEEDED",
	102: "FAILURE_BLOCK_UNEXPECTED_HEIGHT",
	103: "FAILURE_BLOCK_UNVERIFIABLE",
	104: "FAILURE_BLOCK_NOT_HIT",
	105: "FAILURE_TRANSACTION_UNVERIFIABLE",
	106: "FAILURE_TRANSACTION_DUPLICATE_IN_CHAIN",
	121: "FAILURE_NAMESPACE_UNKNOWN",
	122: "FAILURE_NAMESPACE_ALREADY_EXISTS",
	123: "FAILURE_NAMESPACE_EXPIRED",
	124: "FAILURE_NAMESPACE_OWNER_CONFLICT",
	125: "FAILURE_NAMESPACE_INVALID_NAME",
	126: "FAILURE_NAMESPACE_INVALID_RENTAL_FEE_SINK",
	127: "FAILURE_NAMESPACE_INVALID_RENTAL_FEE",
	128: "FAILURE_NAMESPACE_PROVISION_TOO_EARLY",
	129: "FAILURE_NAMESPACE_NOT_CLAIMABLE",
	141: "FAILURE_MOSAIC_UNKNOWN",
	142: "FAILURE_MOSAIC_MODIFICATION_NOT_ALLOWED",
	143: "FAILURE_MOSAIC_CREATOR_CONFLICT",
	144: "FAILURE_MOSAIC_SUPPLY_IMMUTABLE",
	145: "FAILURE_MOSAIC_MAX_SUPPLY_EXCEEDED",
	146: "FAILURE_MOSAIC_SUPPLY_NEGATIVE",
	147: "FAILURE_MOSAIC_NOT_TRANSFERABLE",
	148: "FAILURE_MOSAIC_DIVISIBILITY_VIOLATED",
	149: "FAILURE_CONFLICTING_MOSAIC_CREATION",
	150: "FAILURE_MOSAIC_INVALID_CREATION_FEE_SINK",
	151: "FAILURE_MOSAIC_INVALID_CREATION_FEE",
	152: "FAILURE_TOO_MANY_MOSAIC_TRANSFERS",
	153: "FAILURE_MOSAIC_LEVY_NOT_TRANSFERABLE",
	154: "FAILURE_MOSAIC_LEVY_UNKNOWN",
}

// String returns NIS's name of r ("FAILURE_HASH_EXISTS"), or
// "UNKNOWN_RESULT_<n>" for a code NIS does not define.
func (r Result) String() string {
	if s, ok := resultNames[r]; ok {
		return s
	}
	return "UNKNOWN_RESULT_" + strconv.Itoa(int(r))
}

// Known reports whether r is a code NIS defines.
func (r Result) Known() bool {
	_, ok := resultNames[r]
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
