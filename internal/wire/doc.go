// Package wire is the one little-endian builder and reader behind every NIS1
// binary codec in nemcustody (transactions, envelopes). NIS's
// BinarySerializer writes integers little-endian, byte arrays and strings
// with a u32 length prefix, and nested objects with a u32 length prefix of
// their own serialization; this package does the same, and nothing more.
//
// Writing is append-style and never allocates when the destination has
// room. Reading never panics: the first failure is recorded with its offset
// and field name, and every later read returns zero values.
package wire
