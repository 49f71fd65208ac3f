package hd

import (
	"testing"

	"github.com/nemcustody/nemcustody/sign"
)

func BenchmarkHDDerive(b *testing.B) {
	seed, err := Seed("alcohol woman abuse must during monitor noble actual mixed trade anger aisle", "")
	if err != nil {
		b.Fatal(err)
	}
	path, _ := NEMPath(sign.Testnet, 0)
	b.Run("slip10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Derive(seed, path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mnemonic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := FromMnemonic("alcohol woman abuse must during monitor noble actual mixed trade anger aisle", "", sign.Testnet, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
