// Package nisjson reads and writes NEM (NIS1) transactions in the JSON
// shape of NIS's own API: what a node answers for transactions and mosaic
// definitions, and the announce object {"data", "signature"} that POST
// /transaction/announce takes.
//
// The common case: read a transaction a node or a person wrote, and write
// one back.
//
//	tx, err := nisjson.Decode(b)  // strict; then transaction.Canonicalize and Check
//	out, err := nisjson.Encode(tx) // NIS's key order, compact
//
// DecodeSigned and EncodeSigned are the verifiable form (with the
// signature, and a wrapper's cosignatures); DecodeMosaicDefinition and
// EncodeMosaicDefinition a definition on its own (GET /mosaic/definition);
// DecodeAnnouncement an announce object, whose transaction is parsed with
// transaction.Parse.
//
// # Strictness
//
// Every document is read with the one strict JSON reader
// (internal/strictjson): no duplicate keys in any letter case, no unknown
// keys, numbers within their Java types, strings no longer than NIS reads.
// The limits and the spelling of mosaic properties are the ones the binary
// codec applies (internal/nisform), and every decoded transaction passes
// transaction.Canonicalize and transaction.Check, so the two codecs accept
// the same transactions.
//
// # Errors
//
// An error of this package's reader reads "nisjson: <path>: <sentinel>:
// <reason>", with a JSON path such as "otherTrans.mosaics[1].quantity";
// the sentinels are package transaction's (ErrMalformed, ErrInvalidField,
// ErrNonCanonical, ...). An error of transaction.Check keeps its own
// prefix.
package nisjson
