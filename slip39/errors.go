package slip39

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can branch with errors.Is. No error ever contains a share word,
// a share value, a master secret or a passphrase: a bad word is named by
// its position, a share by its number in the input.
var (
	// ErrWord: a word that is not in the SLIP-39 word list.
	ErrWord = errors.New("word not in the SLIP-39 word list")
	// ErrLength: a share shorter than 20 words, the shortest a 128-bit
	// master secret gives.
	ErrLength = errors.New("share too short")
	// ErrSecretLength: a share whose word count holds no whole master
	// secret (the padding would be more than 8 bits), or a master secret
	// that is shorter than 128 bits or not a multiple of 16 bits.
	ErrSecretLength = errors.New("invalid master secret length")
	// ErrChecksum: the RS1024 checksum of a share does not match: a word
	// is wrong or out of order.
	ErrChecksum = errors.New("share checksum does not match")
	// ErrPadding: the padding bits in front of a share value are not
	// zero.
	ErrPadding = errors.New("share padding is not zero")
	// ErrGroupThreshold: a share whose group threshold is above its group
	// count.
	ErrGroupThreshold = errors.New("group threshold above group count")
	// ErrMismatch: shares that cannot belong to one backup; the
	// *MismatchError says which field differs.
	ErrMismatch = errors.New("shares do not belong together")
	// ErrDuplicateMember: two shares of one group with the same member
	// index (the same share twice, or a forged one).
	ErrDuplicateMember = errors.New("duplicate member index")
	// ErrNotEnoughGroups: fewer groups than the group threshold.
	ErrNotEnoughGroups = errors.New("not enough groups")
	// ErrNotEnoughMembers: a group with fewer shares than its member
	// threshold.
	ErrNotEnoughMembers = errors.New("not enough shares in a group")
	// ErrTooManyGroups: more groups than the group threshold; SLIP-39
	// combines exactly the threshold.
	ErrTooManyGroups = errors.New("more groups than the group threshold")
	// ErrTooManyMembers: a group with more shares than its member
	// threshold; SLIP-39 combines exactly the threshold.
	ErrTooManyMembers = errors.New("more shares in a group than its member threshold")
	// ErrDigest: the recovered secret does not match the digest the
	// shares carry: a share is damaged or forged.
	ErrDigest = errors.New("shares give an invalid digest")
	// ErrNoShares: nothing to combine.
	ErrNoShares = errors.New("no shares")
	// ErrPassphrase: a passphrase with characters other than printable
	// ASCII (32 to 126), which SLIP-39 requires.
	ErrPassphrase = errors.New("invalid passphrase")
	// ErrLayout: a group layout Split cannot make: thresholds or counts
	// out of 1..16, a threshold above its count, or a 1-of-N group with
	// N > 1 (SLIP-39 forbids it: the shares would be copies).
	ErrLayout = errors.New("invalid group layout")
	// ErrDestroyed: a master secret or share used after Destroy.
	ErrDestroyed = errors.New("secret destroyed")
	// ErrRandom: the random source failed.
	ErrRandom = errors.New("random source failed")
	// ErrKeySpec: a description of what a master secret is that cannot
	// be used (unknown kind, a path for a seed, a secret of the wrong
	// size for its kind).
	ErrKeySpec = errors.New("invalid key description")
)

// MismatchError says which field of a share differs from the shares
// before it. It wraps ErrMismatch.
type MismatchError struct {
	// Share is the 1-based number of the share in the input.
	Share int
	// Field names the field: "identifier", "extendable flag", "iteration
	// exponent", "group threshold", "group count", "member threshold" or
	// "share length".
	Field string
}

// Error returns "slip39: shares do not belong together: share N has
// another FIELD than the shares before it".
func (e *MismatchError) Error() string {
	return fmt.Sprintf("slip39: %v: share %d has another %s than the shares before it", ErrMismatch, e.Share, e.Field)
}

// Unwrap returns ErrMismatch.
func (e *MismatchError) Unwrap() error { return ErrMismatch }

// WordError is a word of a share that is not in the word list. It names
// the word's position, never the word.
type WordError struct {
	// Position is the 1-based position of the word in the share.
	Position int
}

// Error returns "slip39: word N is not in the SLIP-39 word list".
func (e *WordError) Error() string {
	return fmt.Sprintf("slip39: word %d is not in the SLIP-39 word list", e.Position)
}

// Unwrap returns ErrWord.
func (e *WordError) Unwrap() error { return ErrWord }
