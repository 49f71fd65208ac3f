// Package strictjson is the one strict JSON reader of nemcustody, and the
// canonical writer of the documents people review. Custody plans
// (multisig), signing policies and journal lines (coldwallet), node
// answers (nis) and NIS transaction JSON (transaction/nisjson) are all read
// through it, so that one set of rules holds everywhere.
//
// The common case:
//
//	var doc planDoc
//	err := strictjson.DecodeCanonical(b, &doc, strictjson.Limits{MaxSize: 64 << 10})
//
// # Syntax rules (Parse, and so every reader)
//
//   - RFC 8259 JSON: no comments, no trailing commas, no single quotes, no
//     leading zeros, no NaN, no byte order mark; white space is only
//     space, tab, line feed and carriage return.
//   - Valid UTF-8 everywhere, and no escape of a lone UTF-16 surrogate
//     (encoding/json would silently turn either into U+FFFD; Java keeps a
//     lone surrogate).
//   - No key twice in one object, compared ignoring letter case as
//     encoding/json matches field names: with encoding/json,
//     {"threshold":2,"THRESHOLD":3} loads 3, and a second
//     "killSwitch":false wins over the first.
//   - At most Limits.MaxDepth nested arrays and objects and
//     Limits.MaxSize bytes; the caller chooses both for its document.
//   - Nothing but white space after the value.
//
// # Decoding rules (Decode)
//
//   - Keys match struct fields' json names exactly, letter case included:
//     a lone "THRESHOLD" is an unknown field, and an unknown field is
//     refused.
//   - A value must have the kind of its target, and a number must fit it
//     exactly: no 1.0 or 1e3 for an integer, no -1 for an unsigned one,
//     nothing out of range.
//   - null is accepted only where the target is a pointer (it becomes
//     nil) or a json.RawMessage. A document that writes null for any
//     other member is refused rather than read as the zero value: null
//     would otherwise hide a member from a reader that looks for its
//     value. Leave the member out instead.
//   - Node answers use pointer fields for what NIS may leave out or write
//     as null, and the caller checks which are required. Unknown fields
//     are refused for them too, as the nis package documents; there is no
//     option to ignore them.
//
// # Canonical documents (DecodeCanonical, Encode, EncodeIndent)
//
// A plan or policy is accepted only if, without its white space (outside
// strings), it is byte for byte the compact canonical encoding of the
// value it decodes to (see Encode): members in struct order, every
// required member present, members at their default left out when the
// struct says omitempty, no escapes beyond the minimum, numbers and text
// values in their one canonical spelling. White space and indentation are
// free, because people edit these files; nothing else is, because what an
// auditor reads must be what runs. EncodeIndent writes the form people
// edit (two spaces, a final newline) and Fingerprint names the content
// (SHA-256 of Encode, lowercase hex) whatever the white space.
//
// # Errors
//
// Every error is an *Error: a JSON path such as "cosigners[2].label"
// (indexes from 0), one of the Err sentinels, and a detail that never
// repeats the value, which may be a secret; a key appears in a path only
// when it looks like a field name. Errors carry no package prefix: the
// package that names the document adds its own, once.
//
// Nothing here panics on any input; an unsupported Go type (interfaces,
// []byte, types with their own UnmarshalJSON) is reported as
// ErrUnsupported.
package strictjson
