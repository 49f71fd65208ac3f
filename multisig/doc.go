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
// # Custodian names
//
// A cosigner's Custodian (who holds the key, or where) decides identity:
// a plan is refused when one custodian alone holds M keys. So custodian
// names are restricted to a documented ASCII set and compared by an ASCII
// skeleton, rather than accepted in any script and folded by a Unicode
// confusables table:
//
//   - a name is 1 to 64 bytes of ASCII letters, digits, spaces and the
//     punctuation "-_.,'&()/#:", with a letter
//     or digit and no leading or trailing space (CustodianProblem).
//     Cyrillic, Greek and fullwidth letters, accents (precomposed or
//     combining), invisible and unusual spaces are refused, by code
//     point, so a look-alike cannot pose as a second custodian.
//   - two names are one custodian when their skeletons are equal
//     (CustodianKey): letter case ignored, every run of spaces and
//     punctuation one separator, and the ASCII look-alikes of Unicode's
//     confusables.txt folded (0 and O; 1, I, l and |; m and rn), plus w
//     and vv. "Site A", "site-a", "SITE_A", "S1te A" and "Slte A" are one
//     custodian.
//
// Labels name keys for people and decide nothing, since cosigners are told
// apart by key; they may be any printable text (NameProblem).
//
// Compatibility: a plan document that an earlier version accepted with a
// non-ASCII custodian no longer loads; the error names the character by
// code point and position. Edit the custodian to an ASCII spelling and
// have the plan reviewed again.
//
// # Share backups
//
// A cosigner may record who holds the SLIP-39 share backup of its key
// (Cosigner.Shares, the "shares" member of the plan document; see package
// slip39 and 'nemcustody key backup'): the group threshold and, per group,
// its member threshold and the custodian of each share. Holders are
// custodian names, compared by their skeletons like cosigners'. The plan
// applies the custody invariant to them: no holder may be the custodian of
// an online cosigner (the online side holds no shares), and no one
// custodian may hold enough shares to reconstruct a key alone
// (AllowSingleCustodian waives only the second). The record is part of
// the fingerprint, so moving a share on paper means a new plan to review
// and register.
//
// # NIS rules followed
//
// At most 32 cosigners; the account cannot cosign for itself; one deletion
// per aggregate modification, so a key rotation is two transactions; a
// removed cosigner's signature neither counts nor is required, so with
// M == N the other N-1 must sign (MultisigSignaturesPresentValidator).
package multisig
