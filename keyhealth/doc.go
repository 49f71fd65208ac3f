// Package keyhealth proves, on a schedule, that the cosigners of a custody
// plan still hold their keys: a key nobody used for a year may be lost
// without anyone knowing until the day it is needed.
//
// The common case, one round of checks:
//
//	// online: issue a challenge and keep the record
//	rec, err := keyhealth.NewRecord(plan, time.Now())
//	challenge, err := rec.Issue(nil, time.Now())
//	// offline, with the vault's key: sign a proof
//	proof, err := keyhealth.Prove(key, plan, challenge, time.Now())
//	text, err := proof.MarshalText() // carry it back
//	// online: verify and record it; later, ask who is stale
//	p, err := keyhealth.ParseProof(text)
//	_, err = rec.Accept(p, plan, time.Now())
//	status, err := rec.Status(plan, time.Now(), keyhealth.DefaultStaleAfter)
//
// # Proofs cannot be anything else
//
// A proof signs "nemcustody-key-proof v1" and lines naming the plan's
// fingerprint, the signer, the offline date and the challenge. As a NIS
// transaction those bytes would start with type 0x636d656e, which NIS does
// not know, so a signature over them is never a signature over a
// transaction, a cosignature or anything else a node accepts; Prove checks
// every message with package transaction's parser before signing, and
// refuses a challenge that would itself parse as a transaction
// (CheckChallenge), so a hostile online side choosing every challenge
// byte gets nothing it can announce. A proof names its plan, so it cannot
// be replayed for another plan, and it answers a challenge the online
// record issued, so it cannot be made in advance.
//
// # Time
//
// The online side trusts its own clock, not the offline one: a proof
// shows that its signer held the key at some time after its challenge was
// issued, so staleness counts from the challenge's issue time (Entry.Issued),
// never from the signed date. The signed date must lie within a day of
// the challenge's issue and the proof's recording (ErrDate), which both
// catches a wrong offline clock and bounds what an edit of the record can
// claim: every proof is verified whenever a record is read. Deleting a
// proof from the record only makes a key look stale. DefaultStaleAfter is
// 180 days; the watcher in package nis raises a "stale-key" alert.
package keyhealth
