// Package multisig turns a custody design into NIS1 multisig transactions:
// an M-of-N account whose funds no single stolen key, and no set of online
// keys, can move.
//
// The flow, one step each:
//
//  1. NewPlan: the cosigners (key, label, online or offline, custodian or
//     site) and the threshold M. The plan is refused if the online keys
//     alone, or one custodian alone, could reach M.
//  2. Plan.Conversion: the aggregate modification the account signs with
//     its own key to become multisig. Afterwards that key can sign nothing
//     on its own.
//  3. Plan.Wrap: a withdrawal (or any transaction) wrapped by an initiating
//     cosigner, usually the online server.
//  4. Plan.Cosign: each further cosigner's approval, built from the full
//     inner transaction: the hash and account it names are computed here.
//  5. Status: verifies everything, counts signatures as NIS does and lists
//     the announce payloads in order, wrapper first.
//
// Plan.AddCosigner, RemoveCosigner, SetThreshold and Rotate change a live
// account, checking the resulting plan and telling who must sign.
//
// # Plan documents
//
// Plan.MarshalJSON writes the plan document people keep and review, and
// DecodePlan reads it back strictly and only in that canonical form
// (white space is free): what an auditor reads is exactly what runs.
// Plan.Fingerprint names the content, whatever the indentation of the
// copy; CanonicalPlan rewrites a document that breaks only the canonical
// form.
//
// # Security
//
// Nothing here signs a hash handed in from outside: cosignatures are built
// from the inner transaction. Status refuses (rather than skips) a
// cosignature of another transaction or account, by a non-cosigner, by the
// initiator, or given twice. Fees below NIS's minimum are refused, and a
// zero fee means the minimum.
//
// # NIS rules followed
//
// At most 32 cosigners; the account cannot cosign for itself; one deletion
// per aggregate modification, so a key rotation is two transactions; a
// removed cosigner's signature neither counts nor is required, so with
// M == N the other N-1 must sign (MultisigSignaturesPresentValidator).
package multisig
