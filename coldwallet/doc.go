// Package coldwallet is the air-gapped half of a NEM custody setup: an
// unsigned-request format (like Bitcoin's PSBT) that carries transactions
// from the online machine to an offline signer and signatures back, the
// review an operator reads, the policy the offline machine enforces, the
// registration of the custody plan in the signer's journal, the online
// record of journal heads, and the combiner that turns responses into
// announce payloads. The signing journal itself is package
// coldwallet/journal, the encrypted keystore package coldwallet/keystore,
// the QR transport package coldwallet/qr.
//
// The flow, one role per file:
//
//   - online (request.go): build the transactions with package multisig
//     (the online key signs the wrapper), put the cosignatures the offline
//     keys must sign, with their full inner transactions, in a Request, and
//     write it with MarshalText. Carry it across the gap as a file or as QR
//     codes (package coldwallet/qr).
//   - offline (signer.go): OfflineSigner.Sign reads the request strictly,
//     builds the Review from the transaction bytes alone, applies the
//     Policy (its zero value refuses everything) with the rolling window
//     counted from the Journal, asks the operator, appends and syncs a
//     journal entry, and only then releases a Response.
//   - online (combine.go): Combine verifies every response against the
//     request's own bytes and the plan (multisig.Status), refuses responses
//     to another request, and lists the announcements in the order a node
//     needs: wrapper first, then each cosignature.
//
// # Envelopes
//
// Requests and responses are versioned text: a first line naming format
// and version, strict "key: value" headers in a fixed order, base64
// transactions, a SHA-256 checksum line. The readers refuse unknown
// versions and headers and anything they would not write back byte for
// byte, so every one-bit change and every truncation is detected. A
// request's ID is its checksum; a response names it. See request.go and
// response.go for the formats, and testdata for examples.
//
// Policy files and journal lines are JSON read by the one strict reader
// of the module (internal/strictjson): valid UTF-8, no key twice in any
// letter case, keys spelled exactly, no unknown or null members. A policy
// must also be canonical, as Policy.MarshalJSON writes it (white space
// is free), so that the file an auditor reads is the policy the signer
// runs; Policy.Fingerprint names it, CanonicalPolicy rewrites a policy
// that breaks only that rule.
//
// # Security
//
// Nothing signs a bare hash. A cosign item carries the inner transaction,
// and the reader recomputes its hash and the multisig account's address and
// refuses a cosignature that names anything else. The review shows what a
// cosignature approves (the inner transaction), marks the request's note
// UNTRUSTED, escapes text from transactions, and warns loudly when a
// modification would weaken the custody plan. The journal is written and
// synced before a response exists, so nothing is signed without a record;
// journal.Open refuses a journal that does not verify. A response lost
// after its entry was written costs nothing: signing the same request
// again releases the same signatures under a "signed" entry that names the
// first (repeatOf) and counts nothing, so the rolling window counts the
// request once.
//
// # Debits and mosaic levies
//
// What an item takes out of the account is what transaction.Debits says
// NIS takes: every fee (the wrapper's or cosignature's and the inner
// transaction's), the XEM moved, rental and creation fees, and the levy
// NIS charges on each mosaic a transfer moves, which can be far more than
// the transfer itself (one unit of a mosaic may carry a levy of any number
// of XEM). A request carries the definition of every mosaic other than
// nem:xem its transfers move, as the online side read it from a node; the
// offline side cannot check it against the chain, so the policy pins each
// mosaic it allows with the levy it trusts (Policy.Mosaics) and refuses a
// definition that says otherwise. XEM levies count in
// maxAmountPerTransaction, the journal and the window; levies in a mosaic
// count against that mosaic's pin; every levy recipient must be on the
// allowlist; the review shows each levy. See PolicyMosaic for what a pin
// bounds.
//
// # Time
//
// The offline machine trusts the request's node time for NIS's time rules
// (CheckTimes), but refuses one more than a day from its own clock unless
// the operator accepts it (OfflineSigner.AcceptNodeTime), and refuses an
// item that expires before the latest node time its journal records. The
// rolling window does not depend on node times at all: every signing
// counts over its validity (from NIS's timestamp and deadline rules, recorded in the journal), the
// network times at which NIS could execute it, and a request is signed
// only if no interval of network time one period long could then see more
// than the window's caps take effect (see Policy.Window).
//
// # Keys
//
// The offline signer's key comes from a keystore (coldwallet/keystore: an
// age file encrypted to a passphrase, which `age -d` recovers in an
// emergency). This package never reads a terminal or a file: the caller
// (the command nemcustody) prompts for passphrases and opens files.
package coldwallet
