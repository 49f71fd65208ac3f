package transaction

import (
	"fmt"
	"time"
)

// epoch is the NEM epoch, network time 0: 2015-03-29 00:06:25 UTC
// (NIS SystemTimeProvider).
var epoch = time.Date(2015, time.March, 29, 0, 6, 25, 0, time.UTC)

// epochMillis is the NEM epoch (2015-03-29 00:06:25 UTC) in Unix milliseconds.
const epochMillis = 1_427_587_585_000

// Time limits NIS applies to every transaction and to each of its children.
const (
	// MaxDeadline is the longest a transaction may live: its deadline is
	// at most one day after its timestamp (DeadlineValidator).
	MaxDeadline = 24 * time.Hour
	// MaxAheadOfNodeTime is how far a timestamp may be ahead of the node's
	// network time (BlockChainConstants.MAX_ALLOWED_SECONDS_AHEAD_OF_TIME,
	// TransactionNonFutureEntityValidator).
	MaxAheadOfNodeTime = 10 * time.Second
)

// The time rules. Each wraps ErrRule; see CheckTimes.
var (
	// ErrDeadlineBeforeTimestamp: the deadline is not after the timestamp.
	ErrDeadlineBeforeTimestamp = &RuleError{
		what: "deadline is not after the timestamp", validator: "DeadlineValidator", code: 3,
	}
	// ErrDeadlineTooFar: the deadline is more than MaxDeadline after the
	// timestamp.
	ErrDeadlineTooFar = &RuleError{
		what: "deadline is more than 24 hours after the timestamp", validator: "DeadlineValidator", code: 4,
	}
	// ErrTimestampInFuture: the timestamp is more than MaxAheadOfNodeTime
	// ahead of the node's network time.
	ErrTimestampInFuture = &RuleError{
		what: "timestamp is more than 10 seconds ahead of node time", validator: "TransactionNonFutureEntityValidator", code: 10,
	}
	// ErrExpired: the deadline is before the node's network time, so the
	// node no longer accepts the transaction.
	ErrExpired = &RuleError{
		what: "deadline has passed", validator: "unconfirmed.TransactionDeadlineValidator", code: 3,
	}
)

// TimestampOf returns the network time of t, rounded to the nearest second
// as NIS rounds its own clock (SystemTimeProvider.getTime adds 500 ms
// before it divides). It refuses a t before the NEM epoch (2015-03-29 00:06:25 UTC) or beyond MaxTimestamp.
//
// For the timestamp of a transaction prefer the node's clock
// (NetworkTimeFromMillis): NIS refuses a timestamp more than 10 s ahead of
// its own time, and local clocks drift.
func TimestampOf(t time.Time) (Timestamp, error) {
	if t.Before(epoch) {
		return 0, fmt.Errorf("transaction: %w: %s is before the NEM epoch %s", ErrInvalidField, t.UTC().Format(time.RFC3339), epoch.Format(time.RFC3339))
	}
	// UnixMilli truncates like Java's System.currentTimeMillis. It only
	// overflows for times some 292 million years away, which come out
	// negative here and are refused with the rest beyond MaxTimestamp.
	ms := t.UnixMilli() - epochMillis
	if ms < 0 || ms > int64(MaxTimestamp)*1000+499 {
		return 0, fmt.Errorf("transaction: %w: %s is beyond NIS's largest time (2^31-1 s after the epoch)", ErrInvalidField, t.UTC().Format(time.RFC3339))
	}
	return Timestamp((ms + 500) / 1000), nil
}

// Time returns ts as a UTC time.
func (ts Timestamp) Time() time.Time {
	return epoch.Add(time.Duration(ts) * time.Second)
}

// NetworkTimeFromMillis converts the milliseconds since the NEM epoch that
// a node reports at /time-sync/network-time (sendTimeStamp,
// receiveTimeStamp) to the network time NIS validates against: rounded to
// the nearest second, as SystemTimeProvider.getCurrentTime rounds it.
// Values outside the range of Timestamp are clamped to 0 and MaxTimestamp;
// a node never reports them.
func NetworkTimeFromMillis(ms int64) Timestamp {
	switch {
	case ms < 0:
		return 0
	case ms > int64(MaxTimestamp)*1000:
		return MaxTimestamp
	}
	return Timestamp((ms + 500) / 1000)
}

// Deadline returns ts + d, the deadline of a transaction stamped ts that
// should stay valid for d. d is truncated to whole seconds and must be at
// least one second and at most MaxDeadline: NIS requires
// timestamp < deadline ≤ timestamp + 24 h (DeadlineValidator).
//
// A deadline also bounds how long a signed transaction can wait in
// transit: a node refuses it once the deadline is before its own time
// (ErrExpired). Choose d to fit the whole signing round trip.
func Deadline(ts Timestamp, d time.Duration) (Timestamp, error) {
	secs := int64(d / time.Second)
	switch {
	case secs <= 0:
		return 0, fmt.Errorf("transaction: %w: a lifetime of %s leaves the deadline at the timestamp", ErrDeadlineBeforeTimestamp, d)
	case d > MaxDeadline:
		return 0, fmt.Errorf("transaction: %w: a lifetime of %s is longer than %s", ErrDeadlineTooFar, d, MaxDeadline)
	case ts > MaxTimestamp || int64(ts)+secs > int64(MaxTimestamp):
		return 0, fmt.Errorf("transaction: %w: timestamp %d + %d s is beyond NIS's largest time", ErrInvalidField, ts, secs)
	}
	return ts + Timestamp(secs), nil
}

// CheckTimes applies NIS's time rules to tx and to every child NIS
// validates with it (ChildAwareSingleTransactionValidator): a multisig
// wrapper's inner transaction and each cosignature it carries. For each:
//
//   - timestamp < deadline (DeadlineValidator, ErrDeadlineBeforeTimestamp);
//   - deadline ≤ timestamp + 86400 s (DeadlineValidator, ErrDeadlineTooFar);
//   - timestamp ≤ nodeTime + 10 s (TransactionNonFutureEntityValidator,
//     ErrTimestampInFuture);
//   - deadline ≥ nodeTime (unconfirmed.TransactionDeadlineValidator,
//     ErrExpired).
//
// nodeTime is the node's network time (NetworkTimeFromMillis). The error
// is a *FieldError naming the transaction ("otherTrans.deadline",
// "signatures[1].timeStamp") and the values.
func CheckTimes(tx Transaction, nodeTime Timestamp) error {
	if isNil(tx) {
		return fieldErr("transaction", ErrMalformed, "no transaction")
	}
	return forEachTx(tx, func(prefix string, t Transaction) error {
		if err := checkDeadline(prefix, t.Common()); err != nil {
			return err
		}
		return checkNodeTime(prefix, t.Common(), nodeTime)
	})
}

// checkDeadline applies DeadlineValidator to one transaction.
func checkDeadline(prefix string, h *Header) error {
	if h.Timestamp >= h.Deadline {
		return fieldErr(prefix+"deadline", ErrDeadlineBeforeTimestamp, "deadline %d, timestamp %d", h.Deadline, h.Timestamp)
	}
	if uint64(h.Deadline) > uint64(h.Timestamp)+uint64(MaxDeadline/time.Second) {
		return fieldErr(prefix+"deadline", ErrDeadlineTooFar, "deadline %d is %d s after timestamp %d, at most %d s",
			h.Deadline, h.Deadline-h.Timestamp, h.Timestamp, uint64(MaxDeadline/time.Second))
	}
	return nil
}

// checkNodeTime applies TransactionNonFutureEntityValidator and the
// unconfirmed TransactionDeadlineValidator to one transaction.
func checkNodeTime(prefix string, h *Header, now Timestamp) error {
	ahead := uint64(MaxAheadOfNodeTime / time.Second)
	if uint64(h.Timestamp) > uint64(now)+ahead {
		return fieldErr(prefix+"timeStamp", ErrTimestampInFuture, "timestamp %d is %d s ahead of node time %d, at most %d s",
			h.Timestamp, h.Timestamp-now, now, ahead)
	}
	if h.Deadline < now {
		return fieldErr(prefix+"deadline", ErrExpired, "deadline %d is %d s before node time %d", h.Deadline, now-h.Deadline, now)
	}
	return nil
}

// forEachTx calls f for tx and then for each child NIS validates with it
// (TransactionExtensions.streamDefault: the transaction and its first-level
// children), with the field prefix of the child. It stops at the first
// error.
func forEachTx(tx Transaction, f func(prefix string, t Transaction) error) error {
	if err := f("", tx); err != nil {
		return err
	}
	ms, ok := tx.(*Multisig)
	if !ok {
		return nil
	}
	if isNil(ms.Inner) {
		return fieldErr("otherTrans", ErrMalformed, "no inner transaction")
	}
	if err := f("otherTrans.", ms.Inner); err != nil {
		return err
	}
	for i := range ms.Cosignatures {
		if err := f(fmt.Sprintf("signatures[%d].", i), &ms.Cosignatures[i].Cosignature); err != nil {
			return err
		}
	}
	return nil
}
