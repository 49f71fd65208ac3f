// Package transaction is every NIS1 transaction type with codecs that are
// byte-exact with the NIS node: the strict binary form that is signed,
// hashed and announced, and the verifiable form blocks carry; with
// canonical order, hashes, fees, network time, NIS's validation rules and
// what a transaction debits. The JSON shape of NIS's own API is package
// transaction/nisjson, encrypted messages transaction/message, and the
// summaries people approve transaction/summary.
//
// The common case: build a transaction, canonicalize it, sign it, and
// announce the result.
//
//	tx := &transaction.Transfer{
//		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Signer: key.PublicKey(), Fee: fee, Deadline: deadline},
//		Recipient: recipient,
//		Amount:    25 * transaction.XEM,
//	}
//	err := transaction.Canonicalize(tx)
//	signed, err := transaction.Sign(tx, key)
//	body, err := signed.Announcement() // {"data": ..., "signature": ...} for /transaction/announce
//
// # Types
//
// Each type is a plain struct embedding Header: *Transfer (v1 and v2 with
// mosaics), *ImportanceTransfer, *MultisigAggregateModification (v1 and v2
// with a min-cosignatories change), *MultisigSignature (a cosignature),
// *Multisig (the wrapper), *ProvisionNamespace, *MosaicDefinitionCreation
// and *MosaicSupplyChange. Amounts are integer micro-XEM (Amount, XEM);
// times are whole seconds of NEM network time (Timestamp).
//
// # Byte order and strictness
//
// All integers are little-endian, byte arrays and strings carry a u32 length
// prefix and nested objects a u32 length of their own, as NIS's
// BinarySerializer writes them (one builder and reader, internal/wire, serve
// every codec). Append never allocates into a buffer with room.
//
// Parse is strict. It refuses short input and trailing bytes, unknown types
// and versions, every value NIS refuses while deserializing (unknown enum
// values, amounts above a Java long, bad namespace and mosaic names, a
// mosaic creator other than the signer, a supply delta of 0), addresses of
// another network than the transaction's, and every encoding NIS would
// re-serialize differently: unsorted mosaics or cosignatory modifications,
// duplicates, an empty message object, non-canonical mosaic properties.
// Whatever Parse accepts re-encodes to exactly its input. The error is a
// *ParseError with the byte offset and field, or a *FieldError naming the
// field, and wraps a sentinel (ErrMalformed, ErrNonCanonical, ...).
//
// # Canonical order
//
// NIS re-sorts before it verifies a signature, so a transaction must be
// built in its order: cosignatory modifications by type, then by the base32
// address string (not the raw bytes: base32 digits 2-7 sort before letters
// as characters but after them as values), and mosaics by the Java string
// "namespace:name : quantity" (':' sorts after '.', '-' and digits, so
// "ab.c:x" comes before "ab:y"). Canonicalize applies this to a transaction
// being built and refuses duplicates rather than merging them.
//
// # Multisig
//
// A cosignature names the hash of the wrapper's inner transaction
// (InnerHash), never the wrapper's own hash, and the multisig account's
// address. Package multisig builds wrappers and cosignatures from a custody
// plan.
//
// # Debits
//
// Debits says what NIS takes out of the paying account when a transaction
// executes (the multisig account, for a wrapper and its cosignatures):
// every fee, the XEM and mosaics moved, namespace rental and mosaic
// creation fees, and mosaic levies, each with its recipient. It is the one
// place this rule lives: the offline policy, the watcher and the test node
// all call it. A transfer of a mosaic whose definition is not known, or
// whose levy NIS would compute with overflowing Java long arithmetic, is
// refused (ErrLevyUnknown, ErrDebitOverflow). A definition is read on its
// own with ParseMosaicDefinition (NIS's binary form) or
// nisjson.DecodeMosaicDefinition (what GET /mosaic/definition answers).
//
// # Messages
//
// A Message is plain text or an encrypted payload NIS never reads; package
// transaction/message encrypts and decrypts the payload.
//
// # Compatibility
//
// Tested on all 54 Symbol serialization layouts, every transaction of the
// mainnet, testnet and mijin nemesis blocks, Trezor's device and chain
// fixtures and the nem-php transactions; see
// testdata/SOURCES.md.
package transaction
