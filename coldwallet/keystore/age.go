package keystore

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"filippo.io/age/armor"
)

// ageVersionLine is the first line of every binary age v1 file.
const ageVersionLine = "age-encryption.org/v1"

// maxArmorWhitespace is how much white space may precede the armor
// header, as the age CLI allows.
const maxArmorWhitespace = 1024

// isArmored reports whether data is an ASCII-armored age file: optional
// leading white space, then the "-----BEGIN AGE ENCRYPTED FILE-----" line.
// This is the test the age CLI makes.
func isArmored(data []byte) bool {
	head := data[:min(len(data), maxArmorWhitespace+len(armor.Header))]
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte(armor.Header))
}

// dearmor returns the binary age file inside data, armored or not. The
// age errors are not passed on: they quote input lines, and a keystore
// path mistakenly pointed at a plain key file would print the key.
func dearmor(data []byte) ([]byte, error) {
	if !isArmored(data) {
		if !bytes.HasPrefix(data, []byte(ageVersionLine+"\n")) {
			return nil, fmt.Errorf("keystore: %w: not an age file (no %q first line, no armor header)", ErrInvalid, ageVersionLine)
		}
		return data, nil
	}
	bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("keystore: %w: malformed or truncated ASCII armor", ErrInvalid)
	}
	return bin, nil
}

// checkScryptHeader reads the header of a binary age file far enough to
// check that it is what a keystore must be, a file encrypted to exactly one
// passphrase (scrypt) recipient with a work factor (log2 of scrypt's N) of
// at most MaxWorkFactor. age checks the same header again, strictly, when it
// decrypts; this early look gives a clear error instead of "incorrect
// passphrase" for a file encrypted to age keys, and refuses an excessive
// work factor before any scrypt work is done.
//
// The header is text: the version line, then stanzas whose first line is
// "-> TYPE ARG...", then "--- MAC". For scrypt the stanza is
// "-> scrypt SALT LOGN".
func checkScryptHeader(bin []byte) error {
	rest, ok := bytes.CutPrefix(bin, []byte(ageVersionLine+"\n"))
	if !ok {
		return fmt.Errorf("keystore: %w: not an age v1 file", ErrInvalid)
	}
	stanzas := 0
	logN := 0
	for {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if !found {
			return fmt.Errorf("keystore: %w: truncated age header", ErrInvalid)
		}
		rest = after
		if bytes.HasPrefix(line, []byte("---")) {
			break
		}
		args, ok := bytes.CutPrefix(line, []byte("-> "))
		if !ok {
			continue // a stanza body line
		}
		stanzas++
		f := bytes.Split(args, []byte(" "))
		if string(f[0]) != "scrypt" {
			return fmt.Errorf("keystore: %w: the file is encrypted to an age key, not a passphrase", ErrInvalid)
		}
		if len(f) != 3 || !isDecimal(f[2]) {
			return fmt.Errorf("keystore: %w: malformed scrypt stanza in the age header", ErrInvalid)
		}
		n, err := strconv.Atoi(string(f[2]))
		if err != nil || n > 64 {
			return fmt.Errorf("keystore: %w: scrypt work factor above 64 is absurd; the maximum is %d", ErrInvalid, MaxWorkFactor)
		}
		logN = n
	}
	switch {
	case stanzas == 0:
		return fmt.Errorf("keystore: %w: the age header has no recipient", ErrInvalid)
	case stanzas > 1:
		return fmt.Errorf("keystore: %w: the age header has %d recipients; a keystore has one passphrase and nothing else", ErrInvalid, stanzas)
	case logN > MaxWorkFactor:
		return fmt.Errorf("keystore: %w: scrypt work factor %d is above the maximum %d (2^%d would need %s of memory)", ErrInvalid, logN, MaxWorkFactor, logN, scryptMemory(logN))
	}
	return nil
}

// isDecimal reports whether b is a decimal number without leading zeros,
// the only encoding age accepts for the work factor.
func isDecimal(b []byte) bool {
	if len(b) == 0 || b[0] == '0' {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// scryptMemory is the memory scrypt needs with r = 8 (age's choice) at
// work factor logN: 128 · r · 2^logN bytes.
func scryptMemory(logN int) string {
	if logN >= 40 {
		return "more than a TiB"
	}
	mib := (int64(1024) << logN) >> 20
	if mib >= 1024 {
		return strconv.FormatInt(mib>>10, 10) + " GiB"
	}
	return strconv.FormatInt(mib, 10) + " MiB"
}
