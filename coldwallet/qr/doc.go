// Package qr carries payloads across an air gap as QR codes: it splits any
// bytes into numbered, checksummed text parts that fit one QR code each,
// draws the codes as PNG files or as terminal text, and reassembles the
// parts a scanner read, in any order, with duplicates, naming what is
// missing. It moves bytes and knows nothing of what they mean: signing
// requests and responses are checked by the packages that read them.
//
// The common case, on the machine that shows the codes:
//
//	parts, err := qr.Split(envelope, qr.Options{}) // level M, versions up to 20
//	paths, err := qr.WritePNGs(dir, parts, qr.Options{})
//	// or, for a terminal:  s, err := qr.Encode(parts[i], qr.Options{}); text := s.Terminal()
//
// and on the machine that scans them:
//
//	var a qr.Assembler
//	for _, p := range qr.ParseScannerText(scanned) {
//		if err := a.Add(p); err != nil { ... } // corrupt, malformed or foreign
//	}
//	envelope, err := a.Payload() // *IncompleteError names the missing parts
//
// where scanned is what a scanner returned, or, from photographs or the
// pngOf files themselves, the text ScanImage reads from each image (with
// ZXing, github.com/makiuchi-d/gozxing).
//
// # Part format
//
// A part is one line of text, using only 0-9, A-Z and "/" (a subset of QR
// alphanumeric mode, which packs 5.5 bits per character against 8 in byte
// mode), with fixed-width fields:
//
//	NC1/III/NNN/LLLLLL/PPPPPPPPPPPPPPPP/DATA/CCCCCCC
//
//	NC1      format name and version. Another version is refused.
//	III      part number, 001 to NNN, three decimal digits.
//	NNN      number of parts, 001 to 999, three decimal digits.
//	LLLLLL   payload length in bytes, 000001 to 262144, six decimal
//	         digits, at least NNN.
//	PPPP...  payload id, 16 characters: base32 of the first 10 bytes of
//	         SHA-256(payload).
//	DATA     base32 of this part's bytes of the payload.
//	CCCCCCC  base32 of the CRC-32 (IEEE, as zlib computes it; big-endian)
//	         of every character before it, up to and including the "/" in
//	         front of it. The three spare low bits are zero.
//
// Base32 is RFC 4648 (A-Z, 2-7), upper case, without padding, with the spare
// low bits of the last character zero. Part i of n holds the payload bytes
// from (i-1)*q + min(i-1, r), q+1 of them if i <= r and q otherwise, where
// q = L/n and r = L%n (partBounds): the cut depends only on L and n, so the
// length of DATA is fixed by the header. A part is 44 characters plus its
// data. A payload that fits one code is part 001 of 001; nothing else
// changes.
//
// A worked example: the 16-byte payload "Hello, air gap!\n" is one part,
//
//	NC1/001/001/000016/FHFLCQD6GYQARELA/JBSWY3DPFQQGC2LSEBTWC4BBBI/VYA2PBY
//
// where FHFLCQD6GYQARELA is base32 of the first 10 bytes of its SHA-256,
// JBSWY3DP... is base32 of "Hello, air gap!\n" and VYA2PBY base32 of the
// CRC-32 of the 63 characters before it. testdata/README.md has a payload
// split into three parts, with the PNG of part 1.
//
// # Why this format
//
// Checks. Every part carries the whole payload's id, its length and the
// part count, so parts of another payload, or of the same payload split
// with other options, are refused as foreign before they are mixed in; the
// reassembled bytes are checked against the id. The per-part CRC-32 catches
// any change of one character (a burst of at most 8 bits, which CRC-32
// always detects) and any swap of two neighbors. Because every field has a
// fixed width and the data length follows from the header, a deleted or
// inserted character always breaks the layout: every single-character
// substitution, deletion and insertion is refused by construction, not by
// chance, and the tests check each one on real parts. The payload id is a
// guard against accidents, not an authenticator: what a payload says is
// authenticated by the payload itself.
//
// Base32, not base45. RFC 9285 base45 is made for QR alphanumeric mode and
// packs about 6.7% more payload per code (2 bytes in 3 characters against 5
// bytes in 8), but its alphabet has the space and $ % * + - . / :, which
// scanner apps, keyboard-wedge scanners, shells and URL handling trim,
// decode or rewrite. Base32 parts have no white space, so scanner output
// can be split on any white space and trimmed freely, and the alphabet is in
// every standard library.
//
// No compression. Envelopes are short and mostly base64, which DEFLATE
// shrinks by about a quarter at best; in exchange the format would need a
// bound on inflated size, a second length and a dependency on compressor
// output that is not fixed across implementations. A later format version
// can add it.
//
// # QR codes
//
// Each part is drawn in alphanumeric mode at Options.Level, in the smallest
// version that holds it; Split makes parts no longer than a code of
// Options.MaxVersion holds (see Options). The defaults are level M
// and versions up to 20: 97 x 97 modules holding 970 characters, so 578
// payload bytes per part, and a 3 KB request in 6 codes. Level M restores
// about 15% of damaged codewords, enough for codes shown on a screen, where
// errors come from glare, blur and moiré, not dirt (use Q for paper).
// NanoWallet uses level L, which restores 7%. Larger versions carry more
// per code but need finer modules; version 20 keeps 8-pixel modules in an
// 840-pixel image that fits a laptop screen. Lower MaxVersion for small
// screens, terminals and low-resolution or fixed-focus webcams (version 15:
// 77 x 77 modules, 347 bytes per part at level M).
//
// A PNG has 8-pixel modules by default (Options.ModulePixels), black on
// white, with the 4-module quiet zone scanners need: 840 x 840 pixels at
// version 20. Symbol.Terminal draws a code with Unicode half blocks for an
// offline machine with no image viewer, one terminal column per module.
//
// # Reading
//
// ParseScannerText accepts what scanners and people produce: parts one per
// line or separated by white space, CRLF, a byte order mark, lower case
// (see its documentation). Assembler.Add and ParsePart are strict: they
// accept exactly the text Split makes, and ParsePart(s).String() == s.
// Decoding images is not part of this package: scan the codes with a phone,
// a webcam tool or a hardware scanner, and pass the text.
//
// # Limits
//
// At most 999 parts and MaxPayloadSize bytes; an Assembler never holds
// more than the payload length its first part states. Errors wrap
// ErrMalformedPart, ErrCorruptPart, ErrForeignPart, ErrIncomplete,
// ErrPayloadSize or ErrOptions. They may name a part's number and payload id,
// never its data.
package qr
