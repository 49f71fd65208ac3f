package multisig

import "errors"

// ErrPlan is wrapped by every plan invariant error, so callers can test
// for "the plan is unsafe or impossible" with one errors.Is.
var ErrPlan = errors.New("invalid custody plan")

// Plan invariants. Each error a plan check returns wraps exactly one of
// these (and ErrPlan).
var (
	// ErrOnlineReachesThreshold: the online cosigners alone could sign; a
	// compromise of the online servers would move funds.
	ErrOnlineReachesThreshold = errors.New("online cosigners alone reach the threshold")
	// ErrCustodianReachesThreshold: the cosigners of one custodian or site
	// alone could sign.
	ErrCustodianReachesThreshold = errors.New("one custodian or site alone reaches the threshold")
	// ErrThreshold: M is outside 1..N.
	ErrThreshold = errors.New("threshold out of range")
	// ErrCosignerCount: no cosigners, or more than NIS's 32.
	ErrCosignerCount = errors.New("cosigner count out of range")
	// ErrDuplicateCosigner: the same key twice.
	ErrDuplicateCosigner = errors.New("duplicate cosigner")
	// ErrAccountIsCosigner: the multisig account listed as its own
	// cosigner, which NIS refuses.
	ErrAccountIsCosigner = errors.New("the multisig account cannot cosign for itself")
	// ErrCosignerKey: a cosigner key no one can hold a private key for
	// (zero, not a curve point, non-canonical or small order).
	ErrCosignerKey = errors.New("unusable cosigner key")
	// ErrRole: a role other than online or offline.
	ErrRole = errors.New("unknown cosigner role")
	// ErrLimits: account limits that no policy could hold (see
	// AccountLimits).
	ErrLimits = errors.New("invalid account limits")
	// ErrCosignerName: a label or custodian that breaks the name rules
	// (see NameProblem for labels, CustodianProblem for custodians).
	ErrCosignerName = errors.New("unusable cosigner label or custodian")
)

// Errors of changes, wrapping, cosigning and status.
var (
	// ErrNotCosigner: a key that is not a cosigner of the plan.
	ErrNotCosigner = errors.New("not a cosigner of the plan")
	// ErrWrongAccount: a transaction of another multisig account.
	ErrWrongAccount = errors.New("transaction of another multisig account")
	// ErrWrongHash: a cosignature of another inner transaction.
	ErrWrongHash = errors.New("cosignature of another inner transaction")
	// ErrDuplicateSignature: the same cosigner twice.
	ErrDuplicateSignature = errors.New("duplicate signature")
	// ErrBadSignature: a signature that does not verify.
	ErrBadSignature = errors.New("signature does not verify")
	// ErrChange: a change that is not possible in one NIS transaction.
	ErrChange = errors.New("invalid change")
	// ErrMissing: a nil plan, transaction, signature or signer where one
	// is needed.
	ErrMissing = errors.New("missing input")
	// ErrState: a multisig state NIS cannot hold, or a chain state that
	// is not the plan's (see Plan.CheckState).
	ErrState = errors.New("invalid multisig state")
)
