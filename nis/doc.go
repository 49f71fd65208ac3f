// Package nis talks to a NEM NIS1 node: it reads the node's time, an
// account's balance, multisig state and transactions, and mosaic
// definitions and supplies, announces signed
// transactions in the order a node accepts them, compares a custody plan
// with the chain, and watches an account for outflows no offline signer
// approved.
//
// The common case, on the online machine after coldwallet.Combine:
//
//	c := &nis.Client{BaseURL: "https://node.example:7891"}
//	now, err := c.NetworkTime(ctx)           // stamp transactions with this, never time.Now
//	acct, err := c.Account(ctx, plan.Address())
//	diffs := nis.Reconcile(plan, acct)        // empty: the chain enforces the plan
//	results, err := c.AnnounceInOrder(ctx, combined.Announce, nis.AnnounceOptions{})
//
// and, on a separate machine that holds copies of the offline journals:
//
//	w, err := nis.NewWatcher(c, nis.WatchConfig{Account: plan.Address(), Journals: paths,
//		Signers: offlineKeys, MaxOutflow: 100_000 * transaction.XEM, Window: time.Hour})
//	err = w.Run(ctx, 30*time.Second, nis.RunHandlers{Alert: page}) // or w.Poll(ctx) from a scheduler
//
// (nemcustody watch runs that loop.)
//
// # Announcing in order
//
// NIS accepts a cosignature only while its wrapper sits in the node's
// unconfirmed pool; otherwise it answers
// FAILURE_MULTISIG_NO_MATCHING_MULTISIG (73), and it keeps repeating that
// first answer for the same hash for ten minutes (PushService's cache).
// AnnounceInOrder therefore announces wrappers first, announces a
// cosignature only once its wrapper was accepted or seen in the pool,
// and retries 73 with backoff for longer than that cache. Announcing is
// idempotent: a transaction is identified by its hash, and NIS answers a
// repeat with NEUTRAL (in the pool) or FAILURE_HASH_EXISTS (in the chain),
// which Result.Accepted counts as done; a NEUTRAL answer is believed only
// once the pool or the chain shows the transaction (ErrNotKnown). So a
// run that failed halfway can simply be run again, and a network error on
// an announce is retried.
//
// # Watching
//
// A Watcher reports every transaction that takes funds out of the
// account (or changes it) whose hash, the hash of one of its
// cosignatures, or for a wrapper the inner transaction's hash (which the
// offline signer records as what it approves) is in no journal entry of
// an offline key that also signed it on chain; every approved one whose
// fees exceed a cap (a wrapper's fee is the initiator's choice); and every
// time the XEM that left within a window, fees and mosaic levies included
// (transaction.Debits, with the definitions the node reports; a levy it
// cannot determine raises LevyUnknown), exceeds a limit:
// the monitoring whose absence let 523 million XEM leave one hot wallet in
// 2018 unnoticed for eight hours. See Watcher for which hash is matched
// and why. Journal copies are verified with package coldwallet/journal
// (the whole hash chain, and the heads the online side recorded,
// WatchConfig.Heads); this package does not import coldwallet, so an
// online host links no keystore, age, scrypt or terminal code.
//
// Given a key health record (package keyhealth) and its plan, a Watcher
// also raises "stale-key" for every cosigner that has not proved control
// of its key within WatchConfig.StaleAfter (180 days by default), once
// per cosigner until a newer proof is recorded, judged by the later of
// this machine's clock and the node's time.
//
// # Testing
//
// Package nis/nistest is an in-memory NIS node, served with
// net/http/httptest, that applies the NIS rules that matter to custody
// (the multisig state model, signature counting, 73 for a cosignature
// before its wrapper, deadlines, fees, the hash cache); this package's
// tests, the CLI's and the examples' run against it, and so can an
// exchange's.
//
// # Errors
//
// Errors from a node wrap one of ErrRejected (a *NodeError carrying NIS's
// ValidationResult, or a *StatusError carrying NIS's error object),
// ErrUnavailable (network, timeout, 5xx: retried for GETs and announces
// under RetryPolicy) or ErrBadResponse (never retried).
//
// # Security
//
// The client never sends a private key. NIS's /transaction/prepare-announce
// signs on the node with a private key sent in the request; this package
// does not offer it and never will: sign offline (coldwallet, multisig) and
// announce the signed bytes.
//
// Use TLS: NIS serves HTTPS on port 7891 (HTTP on 7890). A node, or anyone
// between it and you, can lie by omission (hide a transaction) and can
// refuse service, but it cannot make this package accept a transaction it
// did not sign: every answer is untrusted input. Bodies are capped at
// 1 MiB; JSON is read strictly, by the same reader as plans and
// policies (valid UTF-8, no duplicate keys in any letter case, keys spelled
// exactly, no unknown keys, integers only where NIS writes integers,
// bounded nesting); transactions are decoded with the strict transaction
// codec, their signatures verified, and every hash the node claims
// recomputed; a page that lists a transaction twice (its hash, or a
// wrapper's inner hash) is refused whole, since NIS lists each once and a
// caller may sum a page. Text from a node is stripped of control
// characters before it reaches an error message.
// Redirects are not followed by the default HTTP client. A watcher
// polling one node sees what that node shows; for monitoring that must
// not be blinded by one node, run watchers against several.
package nis
