package keyhealth

import "errors"

// Sentinel errors. Every error this package returns wraps one of them.
var (
	// ErrProof: text that is not a key proof: wrong first line, fields
	// missing, out of order or not in canonical form.
	ErrProof = errors.New("malformed key proof")
	// ErrChallenge: a challenge that is not 16 to 1024 bytes, or that a
	// NIS node could read as a transaction. The offline side refuses to
	// sign it.
	ErrChallenge = errors.New("unusable challenge")
	// ErrWrongPlan: a proof or record of another plan (another
	// fingerprint).
	ErrWrongPlan = errors.New("proof of another plan")
	// ErrNotCosigner: a key that is not a cosigner of the plan.
	ErrNotCosigner = errors.New("not a cosigner of the plan")
	// ErrForged: a proof whose signature does not verify under its
	// signer's key.
	ErrForged = errors.New("proof signature does not verify")
	// ErrUnknownChallenge: a proof of a challenge the record did not
	// issue.
	ErrUnknownChallenge = errors.New("challenge not issued by this record")
	// ErrDate: a proof dated before its challenge was issued or after it
	// was recorded (more than a day either way): a wrong offline clock, or
	// a proof that does not answer this challenge now.
	ErrDate = errors.New("proof date does not fit its challenge")
	// ErrRecord: a health record that does not read: malformed, another
	// format or version, or holding a proof that does not verify.
	ErrRecord = errors.New("invalid key health record")
)
