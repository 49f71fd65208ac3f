package slip39

import (
	"errors"
	"strings"
	"testing"
)

// parseSentinels are the errors ParseShare may return.
var parseSentinels = []error{ErrWord, ErrLength, ErrSecretLength, ErrChecksum, ErrGroupThreshold, ErrPadding}

// FuzzParseShare: ParseShare never panics; it either refuses with one of
// its sentinels, never repeating two consecutive words of the input, or
// accepts a share that re-encodes to the input's words (lower case,
// single spaces) and parses again to the same share.
func FuzzParseShare(f *testing.F) {
	for _, c := range loadVectors(f) {
		for _, m := range c.Mnemonics {
			f.Add(m)
			f.Add(strings.ToUpper(m) + "\n")
			w := strings.Fields(m)
			f.Add(strings.Join(w[:len(w)-1], " "))
			f.Add(strings.Join(append(w, "academic"), "\t"))
		}
	}
	f.Add("")
	f.Add("kidney \u212aidney")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseShare(in)
		if err != nil {
			if !errorIsAny(err, parseSentinels...) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			fields := strings.Fields(in)
			for i := 0; i+1 < len(fields); i++ {
				_, ok1 := WordIndex(fields[i])
				_, ok2 := WordIndex(fields[i+1])
				if ok1 && ok2 && strings.Contains(strings.ToLower(err.Error()), strings.ToLower(fields[i]+" "+fields[i+1])) {
					t.Fatalf("the error repeats words %d and %d of the input", i+1, i+2)
				}
			}
			return
		}
		m, err := s.ExportMnemonic()
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.ToLower(strings.Join(strings.Fields(in), " ")); m != want {
			t.Fatalf("accepted share re-encodes to other words")
		}
		again, err := ParseShare(m)
		if err != nil || again.Info() != s.Info() || string(again.value.bytes()) != string(s.value.bytes()) {
			t.Fatalf("the re-encoded share does not parse to the same share: %v", err)
		}
	})
}

// combineSentinels are the errors Combine may return for parsed shares.
var combineSentinels = []error{ErrNoShares, ErrPassphrase, ErrMismatch, ErrDuplicateMember, ErrTooManyGroups,
	ErrTooManyMembers, ErrNotEnoughGroups, ErrNotEnoughMembers, ErrDigest}

// FuzzCombine: any set of shares that parse (one a line), with any
// passphrase, combines or is refused with a sentinel; never a panic.
// Shares asking for more than 4 x 10000 PBKDF2 iterations are skipped to
// keep the fuzzer fast (the exponent only scales the work).
func FuzzCombine(f *testing.F) {
	for _, c := range loadVectors(f) {
		f.Add(strings.Join(c.Mnemonics, "\n"), "TREZOR")
	}
	f.Fuzz(func(t *testing.T, lines, passphrase string) {
		var shares []*Share
		for _, l := range strings.Split(lines, "\n") {
			s, err := ParseShare(l)
			if err != nil {
				continue
			}
			if s.info.IterationExponent > 2 || len(shares) == 40 {
				return
			}
			shares = append(shares, s)
		}
		ms, err := Combine(shares, []byte(passphrase))
		if err != nil {
			if !errorIsAny(err, combineSentinels...) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			var me *MismatchError
			if errors.As(err, &me) && (me.Share < 1 || me.Share > len(shares)) {
				t.Fatalf("mismatch names share %d of %d", me.Share, len(shares))
			}
			return
		}
		if ms.Len() != shares[0].ValueLen() {
			t.Fatalf("recovered %d bytes from %d-byte shares", ms.Len(), shares[0].ValueLen())
		}
	})
}
