package nis

import (
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/transaction"
)

// approvedHashes reads offline signing journals and returns the hashes of
// every transaction a "signed" entry records: what an offline signer
// approved. Each journal is verified (coldwallet.VerifyJournalFileEntries:
// the whole hash chain) before any of its hashes is used; a journal that
// does not verify is an error, not a journal with fewer approvals.
func approvedHashes(paths []string) (map[transaction.Hash]bool, error) {
	approved := map[transaction.Hash]bool{}
	for _, p := range paths {
		entries, _, err := coldwallet.VerifyJournalFileEntries(p, coldwallet.VerifyOptions{})
		if err != nil {
			return nil, fmt.Errorf("nis: watch: journal %s: %w", p, err)
		}
		for _, e := range entries {
			if e.Event != coldwallet.EventSigned {
				continue
			}
			for _, h := range e.Hashes {
				approved[h] = true
			}
			// What a cosignature or wrapper approves: the inner
			// transaction, which matches a wrapper by its inner hash.
			for _, h := range e.Approves {
				approved[h] = true
			}
		}
	}
	return approved, nil
}
