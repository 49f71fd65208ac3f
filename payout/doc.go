// Package payout is the online side of an exchange's withdrawals from a
// custody plan's multisig account: it takes each customer withdrawal once,
// builds batches for the offline keys, takes their signatures back,
// announces, and follows every payout to confirmation, storing each step
// before it returns, so that a crash, a restart or a second server never
// pays a customer twice and never loses a withdrawal.
//
//	st, err := payout.OpenSQLite(ctx, "payouts.sqlite", false)
//	q := &payout.Queue{Store: st, Plan: plan, Node: client, Initiator: hotKey}
//	q.Submit(ctx, payout.Withdrawal{ID: "W-1042", To: addr, Amount: 250 * transaction.XEM})
//	b, err := q.Build(ctx, 0)       // b.Request: carry it to the offline keys
//	q.Receive(ctx, response)         // what 'nemcustody sign' wrote
//	q.Announce(ctx)
//	r, err := q.Wait(ctx, "W-1042") // confirmed, or failed with NIS's reason
//
// # The lifecycle
//
// A withdrawal is accepted (Submit), built (Build: its transfer, the
// wrapper the online key signed and the batch's request, stored together),
// signed (Receive: the offline signatures verify and the announce payloads
// are stored), announced (Announce), and confirmed once the node shows it
// with Queue.Confirmations confirmations (Refresh, Wait). The exchange's
// own ID is the idempotency key: a withdrawal submitted again is the same
// withdrawal.
//
// A build that cannot be executed any more expires: its deadline has
// passed by the node's time and by this machine's clock, Queue.ExpiryGrace
// ago, and the node shows neither the wrapper nor its inner transaction in
// its pool or chain (the inner hash covers a wrapper of the same transfer
// by another cosigner). NIS executes no transaction after its deadline, so
// only then may the withdrawal be built again, stamped after the old
// deadline: two builds of one withdrawal are never valid at the same time,
// and one that expired can never be executed. A build the node refused
// (Record.Reason) fails instead, at the same point, and is not built
// again.
//
// # A node is untrusted
//
// A node can lie: hide a transaction, claim one, misreport its time. What
// this package does about each:
//
//   - A hidden pool transaction cannot make a withdrawal expire before its
//     deadline: expiry needs the deadline passed, by the node's time and by
//     this machine's clock (a node that lies about its time alone is not
//     believed), with ExpiryGrace to spare.
//   - A payout the node showed in a block is never expired afterwards,
//     whatever the node shows later (a rollback, or a lie): it waits for a
//     person. Confirmed is final.
//   - A node that claims a payout is confirmed when it is not makes the
//     queue stop following it: the customer is not paid until a person
//     looks, which is the safe way to be wrong. Use a node you operate.
//   - The chain is read back (newest first) until a transaction whose
//     deadline is an hour before the oldest build followed; a node that
//     will not list that far (or lists nothing) makes nothing expire.
//   - Every answer is read by package nis: signatures verified, hashes
//     recomputed, strict JSON.
//
// A node that hides a payout it confirmed, from the first look on, can make
// a withdrawal expire and be built again; the offline signer then shows
// the rebuild in its review, and a watcher on other nodes (nis.Watcher)
// sees both payouts. Run Refresh against a node you trust.
//
// # Offline signatures
//
// Each batch is one coldwallet request (at most 64 items: one cosignature
// per withdrawal and key asked), carrying the journal head the queue last
// saw from each key. A response is accepted only from the journal the key
// used before and not from an older state of it (coldwallet.Heads), and its
// signatures are verified over the request's own bytes (coldwallet.Combine).
// Because a request must carry the head of the key's last response, one
// batch per key awaits signatures at a time (ErrAwaiting): receive its
// response, or let it expire, before the next.
//
// Each item names the withdrawal it pays (coldwallet.Item.Withdrawal), and
// the offline signer's journal refuses to sign a withdrawal again while
// what it signed for it before can still be executed
// (coldwallet.ErrWithdrawalSigned): an online side that lost its store,
// or was restored from an old copy, cannot get a customer paid twice.
//
// # Stores
//
// Storage is behind Store, a small interface of whole operations, each one
// database transaction committed (and synced) before the call returns.
//
// The embedded store (OpenSQLite) is one SQLite file, through
// modernc.org/sqlite: SQLite translated to Go, so no cgo and no server, and
// a database engine whose transactions, crash recovery and locking
// between processes are what this package's guarantees stand on, rather
// than a file format of our own. Its settings: write-ahead log synced at
// every commit, every transaction takes the write lock when it begins, and
// a 30 s wait for another process's transaction. One or several processes
// of one machine may use it.
//
// PostgreSQL (OpenPostgres, through github.com/jackc/pgx/v5) is for several
// online servers on one queue. Builders serialize on one row lock, take
// withdrawals with FOR UPDATE SKIP LOCKED, and every change is a
// compare-and-set on the withdrawal's state and build number;
// (withdrawal, build) is a unique key, so a second build of the same
// withdrawal and deadline window cannot be stored even by a bug.
//
// Both stores are created explicitly (create = true) and refuse to open what
// is not a store: a mistyped path or database never starts an empty queue,
// which would forget what it built. A store pays from one account, which
// the first call records.
//
// # Crash safety
//
// The crash test (crash_test.go) kills a process running the queue at every
// step of a 100-withdrawal batch, on both stores, and restarts it: every
// withdrawal is built at most once per deadline window, none is lost, and
// the end state matches the test node's chain. The steps are marked for it
// (package internal/faultpoint): "payout.<operation>.commit" before each
// commit and "payout.<operation>.done" after it, for the operations
// submit, build, receive, update and bind; and "payout.announce.payload"
// after each announce.
//
// # What it does not do
//
// Transfers are XEM only, with a plain message; mosaics, encrypted
// messages and fees above NIS's minimum are not built here (see package
// multisig and the CLI's 'request transfer').
package payout
