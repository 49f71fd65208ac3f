// Package journal is the offline signer's signing journal: an append-only,
// hash-chained file of JSON lines, one entry per event (the journal
// opened, a plan registered, a request signed or refused, a torn last line
// repaired). The signer appends an entry for every request before it
// releases a response; auditors and the online watcher verify the chain.
//
// The common case: create a journal once, open it for every signing run,
// and verify a copy anywhere.
//
//	j, err := journal.Create(path, "alice", nil, journal.Options{}) // once
//	j, err := journal.Open(path, journal.Options{})                 // verified, locked
//	entries, res, err := journal.Verify(f, journal.VerifyOptions{ExpectHeadSeq: seq, ExpectHeadHash: hash})
//
// The format is documented in line.go, next to its code: SHA-256 over
// each line's canonical JSON, so that an auditor needs only coreutils.
//
// # Durability
//
// A journal is a file that must be locked and fsynced, so this package
// opens it itself: Open takes an exclusive lock (flock on Unix systems)
// and verifies the whole file; Append writes one line with a single write
// and fsyncs before it returns; Create writes the first entry through
// internal/newfile (a new file, never a replaced one, its directory
// synced). A write that fails leaves the journal refusing appends until it
// is opened and verified again; a torn last line is reported (ErrTorn)
// and moved aside only by Repair, which records that it did.
//
// # What the journal knows
//
// State is what the signer needs from the entries, kept as they are
// appended: the registered plan's entry, the first signing of every
// request (repeats re-release it without counting twice), the rolling
// window's index of signings, and the heads the online side recorded
// (CheckHead: a journal restored from an older copy does not sign).
//
// The package needs only sign, transaction and internal packages: the
// online side (package nis) verifies journals without linking the
// keystore or the terminal.
package journal
