package coldwallet

import (
	"testing"

	"github.com/nemcustody/nemcustody/transaction"
)

// BenchmarkEnvelope writes and reads a one-withdrawal cosign request,
// beside the cost of strictly parsing its two transactions alone: the
// envelope adds base64, a SHA-256 checksum, the cosignature's binding to
// its inner transaction and the canonical-form check.
func BenchmarkEnvelope(b *testing.B) {
	f := newFixture(b)
	req := f.cosignRequest(b, f.withdrawal(b, 1000*transaction.XEM, f.customer(b)))
	env, err := req.MarshalText()
	if err != nil {
		b.Fatal(err)
	}
	cs, _ := req.Items[0].Tx.MarshalBinary()
	inner, _ := req.Items[0].Inner.MarshalBinary()
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := req.MarshalText(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := ParseRequest(env); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse-transactions-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := transaction.Parse(cs); err != nil {
				b.Fatal(err)
			}
			if _, err := transaction.Parse(inner); err != nil {
				b.Fatal(err)
			}
		}
	})
}
