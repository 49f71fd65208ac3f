package coldwallet

import (
	"errors"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// ErrNodeTime: the request's node time is more than journal.MaxClockSkew away from
// the offline machine's clock, and the operator did not accept it
// (OfflineSigner.AcceptNodeTime).
var ErrNodeTime = errors.New("the request's node time is more than a day away from this machine's clock")

// nodeTimeWarning compares the request's node time with the offline clock
// and returns the review's warning when they are more than journal.MaxClockSkew
// apart, or "".
func nodeTimeWarning(nodeTime transaction.Timestamp, now time.Time) string {
	nt := nodeTime.Time()
	d := nt.Sub(now)
	if d.Abs() <= journal.MaxClockSkew {
		return ""
	}
	way := "AHEAD OF"
	if d < 0 {
		way = "BEHIND"
	}
	return fmt.Sprintf("WARNING: THE NODE TIME IS %s %s THIS MACHINE'S CLOCK: node time %d is %s, this machine's clock reads %s. "+
		"A node time in Unix seconds, a stale request or a wrong clock: check both clocks before you sign",
		roughly(d.Abs()), way, nodeTime, nt.Format(reviewTimeLayout), now.UTC().Format(reviewTimeLayout))
}

// nodeTimeError is the refusal when the node time is far off and was not
// accepted.
func nodeTimeError(nodeTime transaction.Timestamp, now time.Time) error {
	return fmt.Errorf("coldwallet: %w: node time %d is %s, this machine's clock reads %s; the operator must accept the node time explicitly to sign",
		ErrNodeTime, nodeTime, nodeTime.Time().Format(reviewTimeLayout), now.UTC().Format(reviewTimeLayout))
}

// roughly says how long d is, in capitals, in days or years.
func roughly(d time.Duration) string {
	switch days := int64(d / (24 * time.Hour)); {
	case days < 2:
		return "MORE THAN A DAY"
	case days < 2*365:
		return fmt.Sprintf("%d DAYS", days)
	default:
		return fmt.Sprintf("%d YEARS", days/365)
	}
}

// expiredWarnings warns about every item of req some of whose deadlines
// have passed by the offline clock: NIS would refuse it if that clock is
// right, so it is probably a stale request.
func expiredWarnings(req *Request, numbers []int, now time.Time) []string {
	var w []string
	for k, it := range req.Items {
		for _, tx := range itemTransactions(it) {
			if dl := tx.Common().Deadline.Time(); dl.Before(now) {
				w = append(w, fmt.Sprintf("WARNING: ITEM %d HAS EXPIRED BY THIS MACHINE'S CLOCK: its deadline %s is before %s; NIS refuses it unless this clock is wrong",
					numbers[k], dl.Format(reviewTimeLayout), now.UTC().Format(reviewTimeLayout)))
				break
			}
		}
	}
	return w
}
