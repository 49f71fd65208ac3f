package transaction

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/keccak"
	"github.com/nemcustody/nemcustody/sign"
)

// benchTransfer is a typical exchange withdrawal: a v2 transfer with a
// message and two mosaics.
func benchTransfer() *Transfer {
	pub := sign.PublicKey{1, 2, 3}
	return &Transfer{
		Header:    Header{Network: sign.Testnet, Version: 2, Timestamp: 100, Signer: pub, Fee: 150_000, Deadline: 3700},
		Recipient: sign.NewAddress(sign.PublicKey{9}, sign.Testnet),
		Amount:    XEM,
		Message:   &Message{Type: MessagePlain, Payload: []byte("withdrawal 8f2c1e for customer 41")},
		Mosaics: []Mosaic{
			{ID: MosaicID{"alice.vouchers", "gift"}, Quantity: 12},
			{ID: XEMMosaic, Quantity: 25_000_000},
		},
	}
}

// sampleTransactions returns one valid transaction of every type.
func sampleTransactions() []Transaction {
	net := sign.Testnet
	h := Header{Network: net, Version: 1, Timestamp: 100, Signer: sign.PublicKey{1}, Fee: 150_000, Deadline: 3700}
	inner := benchTransfer()
	return []Transaction{
		benchTransfer(),
		&ImportanceTransfer{Header: h, Mode: ImportanceActivate, Remote: sign.PublicKey{7}},
		&MultisigAggregateModification{Header: withVersion(h, 2), Modifications: []CosignatoryModification{{ModificationAdd, sign.PublicKey{5}}}, MinCosignatories: &MinCosignatoriesChange{1}},
		&MultisigSignature{Header: h, OtherHash: Hash{4}, MultisigAccount: sign.NewAddress(sign.PublicKey{1, 2, 3}, net)},
		&Multisig{Header: h, Inner: inner},
		&ProvisionNamespace{Header: h, RentalFeeSink: sign.NewAddress(sign.PublicKey{8}, net), RentalFee: 100 * XEM, NewPart: "vouchers", Parent: "alice"},
		&MosaicDefinitionCreation{Header: h, Definition: MosaicDefinition{Creator: h.Signer, ID: MosaicID{"alice", "gift"}, Description: "gift vouchers", Properties: DefaultMosaicProperties,
			Levy: &MosaicLevy{Type: LevyAbsolute, Recipient: sign.NewAddress(sign.PublicKey{6}, net), MosaicID: XEMMosaic, Fee: 10}}, CreationFeeSink: sign.NewAddress(sign.PublicKey{8}, net), CreationFee: 10 * XEM},
		&MosaicSupplyChange{Header: h, MosaicID: MosaicID{"alice", "gift"}, SupplyType: SupplyIncrease, Delta: 5},
	}
}

func withVersion(h Header, v uint32) Header {
	h.Version = v
	return h
}

// TestAppendDoesNotAllocate: encoding into a buffer that is large
// enough allocates nothing, for every type.
func TestAppendDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	buf := make([]byte, 0, 4096)
	for _, tx := range sampleTransactions() {
		require.NoError(t, Check(tx), tx.Type().String())
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Append(buf[:0], tx); err != nil {
				t.Fatal(err)
			}
		})
		require.Zero(t, allocs, tx.Type().String())
	}
}

// BenchmarkEncodeHash compares encoding and hashing a transfer with
// hashing the same bytes alone; the target is at most 1.5x.
func BenchmarkEncodeHash(b *testing.B) {
	tx := benchTransfer()
	buf := make([]byte, 0, 1024)
	data, err := tx.appendBinary(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode+hash", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			out, _ := tx.appendBinary(buf[:0])
			_ = keccak.Sum256(out)
		}
	})
	b.Run("keccak-only", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			_ = keccak.Sum256(data)
		}
	})
	b.Run("HashOf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := HashOf(tx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParse compares the strict Parse of a transfer with Keccak-256
// of its bytes, in the same run; the target (issue 13) is at most 1.3x.
func BenchmarkParse(b *testing.B) {
	data, err := benchTransfer().appendBinary(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keccak-only", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			_ = keccak.Sum256(data)
		}
	})
}

// TestParseAllocatesOnlyItsResult: parsing the benchmark transfer makes the
// Transfer, its Message and payload, the mosaic slice and the four name
// strings, and nothing else.
func TestParseAllocatesOnlyItsResult(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	data, err := benchTransfer().appendBinary(nil)
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := Parse(data); err != nil {
			t.Fatal(err)
		}
	})
	require.Equal(t, float64(8), allocs)
}
