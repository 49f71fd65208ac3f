package keystore

import (
	"bytes"
	"crypto/subtle"
	"encoding/hex"
	"fmt"

	"github.com/nemcustody/nemcustody/internal/printable"
	"github.com/nemcustody/nemcustody/sign"
)

// The keystore plaintext, version 1
//
// Inside the age encryption a keystore holds this UTF-8 text, five lines,
// each ending in "\n" (LF, also after the last line), nothing else:
//
//	nemcustody-key v1
//	network: testnet
//	label: vault A
//	public-key: c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844
//	private-key: 575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced
//
//   - line 1 names the format and its version; another version is refused.
//   - network: "mainnet", "testnet" or "mijin", exactly.
//   - label: 1 to 64 bytes of printable UTF-8 (spaces allowed inside, no
//     control characters, no leading or trailing white space). It names the
//     key for people: "vault A", "cold 2 of 3, site B".
//   - public-key: 64 lowercase hex characters, the key's NEM public key.
//     It must be the public key of private-key; a mismatch is refused.
//   - private-key: 64 lowercase hex characters in NIS form (the Ed25519
//     seed byte-reversed), what NanoWallet and NIS import as a private key.
//
// Field names, order, the single space after ":" and lowercase hex are
// fixed: the parser accepts exactly what the encoder writes, so anything
// that decodes re-encodes to the same bytes. So that an operator can
// recover a key without nemcustody, `age -d keystore.age` prints this text
// and the private-key line is what a wallet imports. (The key above is the
// public NEM test key of the sign package's examples; TestKeystoreTextDoc
// keeps this text honest.)

// keystoreMagic is the first line of a version 1 keystore plaintext.
const keystoreMagic = "nemcustody-key v1"

// keystoreMagicPrefix starts the first line of every version.
const keystoreMagicPrefix = "nemcustody-key "

// maxLabelSize is the largest label, in bytes.
const maxLabelSize = 64

// maxPlaintextSize caps the plaintext a keystore may decrypt to; a v1
// plaintext is at most about 270 bytes.
const maxPlaintextSize = 1024

// keystoreLineCount is the number of lines of a v1 plaintext.
const keystoreLineCount = 5

// labelProblem returns why label breaks the label rules above, or "".
func labelProblem(label string) string {
	if label == "" {
		return "is empty; name the key (\"vault A\")"
	}
	return printable.Problem(label, maxLabelSize)
}

// checkInfo checks the public parts of a keystore before encoding.
func checkInfo(info Info) error {
	if !info.Network.Valid() {
		return fmt.Errorf("keystore: %w: unknown network %s", ErrInvalid, info.Network)
	}
	if p := labelProblem(info.Label); p != "" {
		return fmt.Errorf("keystore: %w: the label %s", ErrInvalid, p)
	}
	return nil
}

// appendKeystoreText appends the v1 plaintext of seed and info to dst. The
// caller checked info and sized dst so that appending does not reallocate
// (a reallocation would leave a copy of the secret behind).
func appendKeystoreText(dst []byte, seed *[sign.SeedSize]byte, info Info) []byte {
	var nis [sign.SeedSize]byte
	for i := range nis {
		nis[i] = seed[sign.SeedSize-1-i]
	}
	dst = append(dst, keystoreMagic+"\n"...)
	dst = append(dst, "network: "...)
	dst = append(dst, info.Network.String()...)
	dst = append(dst, "\nlabel: "...)
	dst = append(dst, info.Label...)
	dst = append(dst, "\npublic-key: "...)
	dst = hex.AppendEncode(dst, info.PublicKey[:])
	dst = append(dst, "\nprivate-key: "...)
	dst = hex.AppendEncode(dst, nis[:])
	dst = append(dst, '\n')
	clear(nis[:])
	return dst
}

// plaintextError is a malformed plaintext: it names the line, never its
// content, which may hold the private key.
func plaintextError(line int, reason string) error {
	return fmt.Errorf("keystore: %w: decrypted text, line %d: %s", ErrInvalid, line, reason)
}

// parseKeystoreText parses a v1 plaintext. It never copies the private key
// into a string; the caller clears b.
func parseKeystoreText(b []byte) (*sign.PrivateKey, Info, error) {
	lines, err := keystoreLines(b)
	if err != nil {
		return nil, Info{}, err
	}
	info, err := parseInfo(lines)
	if err != nil {
		return nil, Info{}, err
	}
	v, err := field(lines, 5, "private-key")
	if err != nil {
		return nil, info, err
	}
	if !isLowerHex(v, 2*sign.SeedSize) {
		return nil, info, plaintextError(5, "private-key must be 64 lowercase hex characters (NIS form)")
	}
	var nis, seed [sign.SeedSize]byte
	hex.Decode(nis[:], v)
	for i := range seed {
		seed[i] = nis[sign.SeedSize-1-i]
	}
	clear(nis[:])
	key, err := sign.NewPrivateKeyFromSeed(seed[:])
	if err != nil {
		clear(seed[:])
		return nil, info, plaintextError(5, "private-key is not a key")
	}
	if key.PublicKey() != info.PublicKey {
		clear(seed[:])
		key.Destroy()
		return nil, info, fmt.Errorf("keystore: %w: public-key does not match the private key (the file was edited or assembled from two keys)", ErrInvalid)
	}

	// Belt and braces: what we accept must re-encode to the same bytes.
	var again [maxPlaintextSize]byte
	re := appendKeystoreText(again[:0], &seed, info)
	same := subtle.ConstantTimeCompare(re, b) == 1
	clear(again[:])
	clear(seed[:])
	if !same {
		key.Destroy()
		return nil, info, fmt.Errorf("keystore: %w: decrypted text is not in canonical form", ErrInvalid)
	}
	return key, info, nil
}

// keystoreLines splits a plaintext into its lines, after checking its
// size, its final newline, its first line and its line count.
func keystoreLines(b []byte) ([][]byte, error) {
	if len(b) > maxPlaintextSize {
		return nil, fmt.Errorf("keystore: %w: decrypted text is %d bytes, more than a keystore holds", ErrInvalid, len(b))
	}
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("keystore: %w: decrypted text does not end with a newline", ErrInvalid)
	}
	lines := bytes.Split(b[:len(b)-1], []byte("\n"))
	if string(lines[0]) != keystoreMagic {
		if bytes.HasPrefix(lines[0], []byte(keystoreMagicPrefix)) {
			return nil, plaintextError(1, "unsupported keystore version; this program reads v1")
		}
		return nil, plaintextError(1, "not a nemcustody key: the first line must be \""+keystoreMagic+"\"")
	}
	if len(lines) != keystoreLineCount {
		return nil, fmt.Errorf("keystore: %w: decrypted text has %d lines, want %d", ErrInvalid, len(lines), keystoreLineCount)
	}
	return lines, nil
}

// parseInfo reads the public lines 2 to 4: network, label, public key.
func parseInfo(lines [][]byte) (Info, error) {
	var info Info
	v, err := field(lines, 2, "network")
	if err != nil {
		return info, err
	}
	switch string(v) {
	case "mainnet":
		info.Network = sign.Mainnet
	case "testnet":
		info.Network = sign.Testnet
	case "mijin":
		info.Network = sign.Mijin
	default:
		return info, plaintextError(2, "network must be mainnet, testnet or mijin")
	}
	if v, err = field(lines, 3, "label"); err != nil {
		return info, err
	}
	if p := labelProblem(string(v)); p != "" {
		return info, plaintextError(3, "the label "+p)
	}
	info.Label = string(v)
	if v, err = field(lines, 4, "public-key"); err != nil {
		return info, err
	}
	if !isLowerHex(v, 2*sign.PublicKeySize) {
		return info, plaintextError(4, "public-key must be 64 lowercase hex characters")
	}
	hex.Decode(info.PublicKey[:], v)
	return info, nil
}

// field returns the value of line n (1-based), which must be "name: value".
func field(lines [][]byte, n int, name string) ([]byte, error) {
	l := lines[n-1]
	prefix := name + ": "
	if !bytes.HasPrefix(l, []byte(prefix)) {
		return nil, plaintextError(n, "want \""+prefix+"...\"")
	}
	return l[len(prefix):], nil
}

// isLowerHex reports whether b is exactly n lowercase hex characters.
func isLowerHex(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
