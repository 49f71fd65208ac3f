package nis

import (
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// approvals maps the hash of a transaction an offline signer approved to
// the keys whose journal entries approve it.
type approvals map[transaction.Hash]map[sign.PublicKey]bool

// add records that key approves h.
func (a approvals) add(h transaction.Hash, key sign.PublicKey) {
	if a[h] == nil {
		a[h] = map[sign.PublicKey]bool{}
	}
	a[h][key] = true
}

// readApprovals reads offline signing journals and returns, for every
// transaction a "signed" entry records, the keys that recorded it. Only
// entries whose Signer is in signers count: a journal copy is a file on
// the online host, and its Signer field is a claim anyone who can write
// the file can make. isApproved then requires that key's signature on the
// chain transaction too.
//
// Each journal is verified (coldwallet.VerifyJournalFileEntries: the whole
// hash chain) before any of its hashes is used; a journal that does not
// verify is an error, not a journal with fewer approvals.
func readApprovals(paths []string, signers map[sign.PublicKey]bool) (approvals, error) {
	approved := approvals{}
	for _, p := range paths {
		entries, _, err := coldwallet.VerifyJournalFileEntries(p, coldwallet.VerifyOptions{})
		if err != nil {
			return nil, fmt.Errorf("nis: watch: journal %s: %w", p, err)
		}
		for _, e := range entries {
			if e.Event != coldwallet.EventSigned || !signers[e.Signer] {
				continue
			}
			for _, h := range e.Hashes {
				approved.add(h, e.Signer)
			}
			// What a cosignature or wrapper approves: the inner
			// transaction, which matches a wrapper by its inner hash.
			for _, h := range e.Approves {
				approved.add(h, e.Signer)
			}
		}
	}
	return approved, nil
}

// isApproved reports whether a key that signed t approved it in a
// journal: t's own hash, the hash of a cosignature it carries, or for a
// wrapper its inner transaction's hash (journal entries record it under
// "approves") is approved by a key whose signature t carries: its signer
// (a wrapper's initiator) or the signer of one of its cosignatures, as the
// node lists them (every signature verified by readTransaction).
func isApproved(t *Transaction, approved approvals) bool {
	onChain := map[sign.PublicKey]bool{t.Signed.Tx.Common().Signer: true}
	hashes := []transaction.Hash{t.Hash}
	if ms, ok := t.Signed.Tx.(*transaction.Multisig); ok {
		if ih, err := transaction.InnerHash(ms); err == nil {
			hashes = append(hashes, ih)
		}
		for i := range ms.Cosignatures {
			cs := &ms.Cosignatures[i].Cosignature
			onChain[cs.Signer] = true
			if h, err := transaction.HashOf(cs); err == nil {
				hashes = append(hashes, h)
			}
		}
	}
	for _, h := range hashes {
		for key := range approved[h] {
			if onChain[key] {
				return true
			}
		}
	}
	return false
}
