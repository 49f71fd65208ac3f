package nis

import (
	"fmt"
	"os"
	"slices"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
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
// Each journal is verified (journal.Verify: the whole hash
// chain) before any of its hashes is used; a journal that does not
// verify is an error, not a journal with fewer approvals. With heads (the
// journal heads the online side recorded from responses), a journal with
// entries of a signer whose head is known must be that signer's journal
// and reach the recorded entry with its hash: a copy that was truncated,
// rewritten or replaced is refused (journal.ErrRollback).
func readApprovals(paths []string, signers map[sign.PublicKey]bool, heads []journal.Head) (approvals, error) {
	approved := approvals{}
	for _, p := range paths {
		entries, err := verifyJournalFile(p)
		if err != nil {
			return nil, fmt.Errorf("nis: watch: journal %s: %w", p, err)
		}
		if err := checkHeads(entries, heads); err != nil {
			return nil, fmt.Errorf("nis: watch: journal %s: %w", p, err)
		}
		for _, e := range entries {
			if e.Event != journal.EventSigned || !signers[e.Signer] {
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

// checkHeads checks a verified journal against the recorded heads of the
// signers whose entries it holds.
func checkHeads(entries []journal.Entry, heads []journal.Head) error {
	if len(heads) == 0 || len(entries) == 0 {
		return nil
	}
	id := journal.Identity(entries[0])
	seen := map[sign.PublicKey]bool{}
	for _, e := range entries {
		if e.Signer.IsZero() || seen[e.Signer] {
			continue
		}
		seen[e.Signer] = true
		i := slices.IndexFunc(heads, func(h journal.Head) bool { return h.Signer == e.Signer })
		if i < 0 {
			continue
		}
		h := heads[i]
		if h.Journal != id {
			return fmt.Errorf("%w: it is journal %s, and signer %s's responses came from journal %s", journal.ErrRollback, id, e.Signer, h.Journal)
		}
		if h.Seq > len(entries) || entries[h.Seq-1].Hash.String() != h.Hash {
			return fmt.Errorf("%w: it does not hold entry %d with the hash signer %s's last response named (truncated, rewritten or an older copy)", journal.ErrRollback, h.Seq, e.Signer)
		}
	}
	return nil
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

// verifyJournalFile reads and verifies the journal copy at path.
func verifyJournalFile(path string) ([]journal.Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening journal: %w", err)
	}
	defer f.Close()
	entries, _, err := journal.Verify(f, journal.VerifyOptions{})
	return entries, err
}
