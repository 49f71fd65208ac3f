package multisig

import (
	"encoding/hex"
	"testing"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// BenchmarkWithdrawalFlow measures a whole 2-of-3 withdrawal — build the
// transfer, wrap and sign it with the online key, cosign it with an offline
// key, verify both signatures and count them (Status), list the
// announcements — beside the raw cost of its two signatures and two
// verifications over the same bytes. The target (issue 7) is flow <= 1.3x
// raw.
func BenchmarkWithdrawalFlow(b *testing.B) {
	p := twoOfThree(b)
	hot, cold := testKey(b, "hot"), testKey(b, "cold-a")
	to := pub(b, "customer").Address(p.Network)
	flow := func() *Report {
		tr := &transaction.Transfer{
			Header:    transaction.Header{Network: p.Network, Version: 1, Timestamp: now, Deadline: deadline},
			Recipient: to, Amount: 1000 * transaction.XEM,
		}
		ms, err := p.Wrap(tr, hot.PublicKey(), opts)
		if err != nil {
			b.Fatal(err)
		}
		w, err := transaction.Sign(ms, hot)
		if err != nil {
			b.Fatal(err)
		}
		cs, err := p.Cosign(ms.Inner, cold, opts)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Status(p, w, []*transaction.Signed{cs})
		if err != nil || !r.Complete {
			b.Fatal(err)
		}
		return r
	}
	r := flow()
	wrapperBytes, _ := transaction.Parse(mustDecode(b, r.Announce[0].Data))
	cosigBytes, _ := transaction.Parse(mustDecode(b, r.Announce[1].Data))
	wb, _ := wrapperBytes.MarshalBinary()
	cb, _ := cosigBytes.MarshalBinary()

	b.Run("flow", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			flow()
		}
	})
	b.Run("raw-2-sign-2-verify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s1, _ := hot.Sign(wb)
			s2, _ := cold.Sign(cb)
			if sign.Verify(hot.PublicKey(), wb, s1) != nil || sign.Verify(cold.PublicKey(), cb, s2) != nil {
				b.Fatal("raw verify failed")
			}
		}
	})
}

func mustDecode(b *testing.B, h string) []byte {
	out, err := hex.DecodeString(h)
	if err != nil {
		b.Fatal(err)
	}
	return out
}
