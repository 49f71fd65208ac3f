package coldwallet

import (
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
)

// ErrWithdrawalSigned: a request asks to sign a withdrawal ID again while
// what this signer signed for it before could still be executed.
var ErrWithdrawalSigned = errors.New("withdrawal already signed")

// rebuilds checks the withdrawal IDs of the items signer signs in mine
// against the journal's state: it refuses an ID signed before whose
// earlier signing could still be executed at the request's node time (NIS
// executes a transaction at no time after its deadline, and accepts one
// stamped up to 10 s ahead of its own clock: the new signing must be
// stamped past the old one's until and that tolerance), and returns a
// line for the review for each ID signed before whose signing expired.
// numbers are the items' numbers in the request.
func rebuilds(st *journal.State, mine *Request, numbers []int, signer sign.PublicKey) ([]string, error) {
	var lines []string
	for k, it := range mine.Items {
		if it.Withdrawal == "" {
			continue
		}
		seq, until, ok := st.Withdrawal(it.Withdrawal, signer)
		if !ok {
			continue
		}
		if int64(mine.NodeTime) <= int64(until)+aheadSeconds {
			return nil, fmt.Errorf("coldwallet: %w: item %d: withdrawal %s was signed in journal entry %d, which NIS could execute until network time %d; this request's node time is %d: sign it again only after that (and NIS's %d s tolerance) has passed", ErrWithdrawalSigned, numbers[k], it.Withdrawal, seq, until, mine.NodeTime, aheadSeconds)
		}
		lines = append(lines, fmt.Sprintf("REBUILD of withdrawal %s (item %d): journal entry %d signed it before, executable until network time %d, which has passed at this node time", it.Withdrawal, numbers[k], seq, until))
	}
	return lines, nil
}

// signedWithdrawals returns the withdrawal IDs of mine's items with the
// last network time at which each could be executed, for the journal.
func signedWithdrawals(mine *Request) []journal.SignedWithdrawal {
	var out []journal.SignedWithdrawal
	for _, it := range mine.Items {
		if it.Withdrawal != "" {
			out = append(out, journal.SignedWithdrawal{ID: it.Withdrawal, Until: itemValidity(it).Until})
		}
	}
	return out
}
