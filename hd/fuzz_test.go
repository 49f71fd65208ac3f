package hd

import (
	"regexp"
	"testing"
)

// FuzzMnemonic: never panics, and every error is one of a fixed set of
// messages (numbers aside), so no error can quote a word.
func FuzzMnemonic(f *testing.F) {
	f.Add("alcohol woman abuse must during monitor noble actual mixed trade anger aisle")
	f.Add("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon zoo")
	f.Add("abandon")
	known := map[string]bool{
		"hd: invalid mnemonic: empty":                                                     true,
		"hd: invalid mnemonic: # words, want #, #, #, # or #":                             true,
		"hd: invalid mnemonic: word # is not in the BIP-# English list":                   true,
		"hd: invalid mnemonic: checksum does not match (a word is wrong or out of order)": true,
	}
	digits := regexp.MustCompile(`[0-9]+`)
	f.Fuzz(func(t *testing.T, s string) {
		_, err := normalizeMnemonic(s)
		if err == nil {
			return
		}
		if msg := digits.ReplaceAllString(err.Error(), "#"); !known[msg] {
			t.Fatalf("unexpected error text %q", err)
		}
	})
}
