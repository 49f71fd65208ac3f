package transaction

import (
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/nisresult"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// Keys from the spec's vectors; none of them needs a private key here.
var (
	keyMultisig = mustKey("c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844")
	keyAlice    = mustKey("edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084")
	keyBob      = mustKey("59d89076964742ef2a2089d26a5aa1d2c7a7bb052a46c1de159891e91ad3d76e")
	keyCarol    = mustKey("71cba4f2a28fd19f902ba40e9937994154d9eeaad0631d25d525ec37922567d4")
)

func mustKey(s string) sign.PublicKey {
	k, err := sign.ParsePublicKey(s)
	if err != nil {
		panic(err)
	}
	return k
}

// testKey is a distinct made-up cosignatory key.
func testKey(i int) sign.PublicKey {
	var k sign.PublicKey
	k[0], k[1], k[31] = byte(i), byte(i>>8), 0x5a
	return k
}

// t0 is the timestamp of the test transactions.
const t0 Timestamp = 100_000_000

func header(signer sign.PublicKey, fee Amount) Header {
	return Header{Network: sign.Testnet, Version: 1, Timestamp: t0, Signer: signer, Fee: fee, Deadline: t0 + 3600}
}

// newTransfer is a valid version 1 transfer of 10 XEM from the multisig
// account to Bob, at the minimum fee.
func newTransfer() *Transfer {
	return &Transfer{Header: header(keyMultisig, FeeUnit), Recipient: sign.NewAddress(keyBob, sign.Testnet), Amount: 10 * XEM}
}

func add(k sign.PublicKey) CosignatoryModification {
	return CosignatoryModification{Type: ModificationAdd, Cosignatory: k}
}

func del(k sign.PublicKey) CosignatoryModification {
	return CosignatoryModification{Type: ModificationDelete, Cosignatory: k}
}

func adds(n int) []CosignatoryModification {
	ms := make([]CosignatoryModification, n)
	for i := range ms {
		ms[i] = add(testKey(i + 1))
	}
	return ms
}

// newModification is a version 2 aggregate modification of the multisig
// account, sorted, at the minimum fee.
func newModification(mods ...CosignatoryModification) *MultisigAggregateModification {
	h := header(keyMultisig, MultisigAggregateModificationFee)
	h.Version = 2
	m := &MultisigAggregateModification{Header: h, Modifications: mods}
	if err := Canonicalize(m); err != nil {
		panic(err)
	}
	return m
}

func withMinChange(m *MultisigAggregateModification, change int32) *MultisigAggregateModification {
	m.MinCosignatories = &MinCosignatoriesChange{RelativeChange: change}
	return m
}

// newWrapper wraps inner, initiated by Alice at the minimum fee.
func newWrapper(inner Transaction) *Multisig {
	return &Multisig{Header: header(keyAlice, FlatFee), Inner: inner}
}

// newCosignature is signer's cosignature of ms's inner transaction.
func newCosignature(t testing.TB, ms *Multisig, signer sign.PublicKey) *MultisigSignature {
	h, err := InnerHash(ms)
	require.NoError(t, err)
	inner := ms.Inner.Common()
	return &MultisigSignature{Header: header(signer, FlatFee), OtherHash: h, MultisigAccount: sign.NewAddress(inner.Signer, inner.Network)}
}

// withCosignatures adds cosignatures of ms by signers, as a wrapper read
// from a block carries them.
func withCosignatures(t testing.TB, ms *Multisig, edit func(*MultisigSignature), signers ...sign.PublicKey) *Multisig {
	for _, s := range signers {
		cs := newCosignature(t, ms, s)
		if edit != nil {
			edit(cs)
		}
		ms.Cosignatures = append(ms.Cosignatures, SignedCosignature{Cosignature: *cs})
	}
	return ms
}

// wrapperWithCosignatures is a wrapper of a transfer with Bob's and
// Carol's cosignatures, everything stamped now and valid for an hour.
func wrapperWithCosignatures(t testing.TB, now Timestamp) *Multisig {
	inner := newTransfer()
	inner.Timestamp, inner.Deadline = now, now+3600
	ms := newWrapper(inner)
	ms.Timestamp, ms.Deadline = now, now+3600
	return withCosignatures(t, ms, func(cs *MultisigSignature) { cs.Timestamp, cs.Deadline = now, now+3600 }, keyBob, keyCarol)
}

func newImportanceTransfer() *ImportanceTransfer {
	return &ImportanceTransfer{Header: header(keyBob, FlatFee), Mode: ImportanceActivate, Remote: keyCarol}
}

// newNamespace provisions parent.part (a root if parent is "") at the
// least rental fee, paid to the sink.
func newNamespace(parent, part string) *ProvisionNamespace {
	return &ProvisionNamespace{
		Header: header(keyBob, FlatFee), RentalFeeSink: NamespaceSink(sign.Testnet),
		RentalFee: NamespaceRentalFee(parent), NewPart: part, Parent: parent,
	}
}

func newMosaicDefinition() *MosaicDefinitionCreation {
	return &MosaicDefinitionCreation{
		Header: header(keyBob, FlatFee),
		Definition: MosaicDefinition{
			Creator: keyBob, ID: MosaicID{Namespace: "bob", Name: "token"}, Description: "a token",
			Properties: MosaicProperties{Divisibility: 3, InitialSupply: 1_000_000, SupplyMutable: true, Transferable: true},
		},
		CreationFeeSink: MosaicSink(sign.Testnet), CreationFee: MosaicCreationFee,
	}
}

func newSupplyChange() *MosaicSupplyChange {
	return &MosaicSupplyChange{Header: header(keyBob, FlatFee), MosaicID: MosaicID{Namespace: "bob", Name: "token"}, SupplyType: SupplyIncrease, Delta: 1000}
}

// testMosaics prices the mosaics of the Validate tests.
var testMosaics = MosaicLookup(func(id MosaicID) (MosaicSupply, bool) {
	switch {
	case id.Namespace == "bag", id.Namespace == "ab", id.Namespace == "ab.c":
		return MosaicSupply{Supply: 9_000_000_000, Divisibility: 6}, true
	case id == MosaicID{Namespace: "alice", Name: "token"}:
		return MosaicSupply{Supply: 1_000_000, Divisibility: 3}, true
	}
	return MosaicSupply{}, false
})

// newMosaicTransfer is a version 2 transfer of ms at amount 1 XEM,
// sorted, at the minimum fee.
func newMosaicTransfer(ms ...Mosaic) *Transfer {
	tr := mosaicTransfer(XEM, ms...)
	if err := Canonicalize(tr); err != nil {
		panic(err)
	}
	fee, err := MinimumFee(tr, testMosaics)
	if err != nil {
		panic(err)
	}
	tr.Fee = fee
	return tr
}

// unknownMosaicTransfer is a version 2 transfer of 1 XEM × 5 zz:token, a
// mosaic testMosaics does not know, at fee.
func unknownMosaicTransfer(fee Amount) *Transfer {
	tr := mosaicTransfer(XEM, mosaic("zz:token", 5))
	tr.Fee = fee
	return tr
}

// bag returns n distinct mosaics of the "bag" namespace.
func bag(n int) []Mosaic {
	ms := make([]Mosaic, n)
	for i := range ms {
		ms[i] = mosaic(fmt.Sprintf("bag:m%02d", i), 1_000)
	}
	return ms
}

// sizedWrapper is a valid wrapper of a mosaic definition whose
// non-verifiable form is exactly size bytes, reached by a description of
// ASCII and 3-byte characters.
func sizedWrapper(t testing.TB, size int) *Multisig {
	id := MosaicID{Namespace: strings.Repeat("a", 16) + "." + strings.Repeat("b", 64), Name: strings.Repeat("c", 32)}
	build := func(desc string) *Multisig {
		md := newMosaicDefinition()
		md.Signer, md.Definition.Creator = keyMultisig, keyMultisig
		md.Definition.ID = id
		md.Definition.Description = desc
		md.Definition.Levy = &MosaicLevy{Type: LevyAbsolute, Recipient: sign.NewAddress(keyBob, sign.Testnet), MosaicID: id, Fee: 1}
		return newWrapper(md)
	}
	size1 := func(ms *Multisig) int {
		b, err := ms.MarshalBinary()
		require.NoError(t, err)
		return len(b)
	}
	need := size - (size1(build("x")) - 1)
	for k := 0; k <= nisform.MaxDescription; k++ {
		if a := need - 3*k; a >= 0 && a+k >= 1 && a+k <= nisform.MaxDescription {
			ms := build(strings.Repeat("€", k) + strings.Repeat("x", a))
			require.Equal(t, size, size1(ms))
			return ms
		}
	}
	t.Fatalf("no description makes %d bytes", size)
	return nil
}

func ptr[T any](v T) *T { return &v }

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		tx    func() Transaction
		opts  ValidateOptions
		err   error
		field string // a substring of the error, naming the field
	}{
		// Check comes first.
		{"check first: unsorted mosaics", func() Transaction {
			tr := newMosaicTransfer(bag(2)...)
			tr.Mosaics[0], tr.Mosaics[1] = tr.Mosaics[1], tr.Mosaics[0]
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrNonCanonical, "mosaics[1]"},
		{"check first: wrong network recipient", func() Transaction {
			tr := newTransfer()
			tr.Recipient = sign.NewAddress(keyBob, sign.Mainnet)
			return tr
		}, ValidateOptions{}, sign.ErrWrongNetwork, "recipient"},
		{"check first: no transaction", func() Transaction { return nil }, ValidateOptions{}, ErrMalformed, ""},

		// Announce size (RequestAnnounce, 2048-byte limit).
		{"announce of 2048 bytes passes", func() Transaction { return sizedWrapper(t, 2048) }, ValidateOptions{}, nil, ""},
		{"announce of 2049 bytes is too large", func() Transaction { return sizedWrapper(t, 2049) }, ValidateOptions{}, ErrTooLarge, "2049 bytes"},

		// Signer.
		{"zero signer", func() Transaction {
			tr := newTransfer()
			tr.Signer = sign.PublicKey{}
			return tr
		}, ValidateOptions{}, ErrZeroSigner, "transaction: signer"},
		{"zero inner signer", func() Transaction {
			tr := newTransfer()
			tr.Signer = sign.PublicKey{}
			return newWrapper(tr)
		}, ValidateOptions{}, ErrZeroSigner, "otherTrans.signer"},

		// Fees (MinimumFeeValidator).
		{"transfer at the minimum fee", func() Transaction { return newTransfer() }, ValidateOptions{}, nil, ""},
		{"transfer 1 µXEM below the minimum fee", func() Transaction {
			tr := newTransfer()
			tr.Fee--
			return tr
		}, ValidateOptions{}, ErrFeeTooLow, "fee: fee below the minimum"},
		{"inner transfer below its own minimum fee", func() Transaction {
			tr := newTransfer()
			tr.Amount = 20_000 * XEM
			return newWrapper(tr)
		}, ValidateOptions{}, ErrFeeTooLow, "otherTrans.fee"},
		{"wrapper below its minimum fee", func() Transaction {
			ms := newWrapper(newTransfer())
			ms.Fee = FlatFee - 1
			return ms
		}, ValidateOptions{}, ErrFeeTooLow, "transaction: fee"},
		{"aggregate modification below 0.5 XEM", func() Transaction {
			m := newModification(add(keyBob))
			m.Fee = FlatFee
			return m
		}, ValidateOptions{}, ErrFeeTooLow, "fee"},
		{"mosaic transfer without a lookup", func() Transaction { return newMosaicTransfer(bag(1)...) }, ValidateOptions{}, ErrUnknownMosaic, "mosaics[0].mosaicId"},

		// SkipUnknownMosaicFees: an unknown mosaic counts one fee unit and
		// the rules after the fee rule are still applied.
		{"unknown mosaic skipped, fee at the lower bound", func() Transaction { return unknownMosaicTransfer(FeeUnit) },
			ValidateOptions{SkipUnknownMosaicFees: true}, nil, ""},
		{"unknown mosaic skipped, fee 0", func() Transaction { return unknownMosaicTransfer(0) },
			ValidateOptions{SkipUnknownMosaicFees: true}, ErrFeeTooLow, "fee: fee below the minimum (MinimumFeeValidator, FAILURE_INSUFFICIENT_FEE): 0.000000 XEM, at least 0.050000 XEM for this transfer, counting each of 1 mosaics of unknown supply at one fee unit"},
		{"unknown mosaic skipped, message still priced", func() Transaction {
			tr := unknownMosaicTransfer(FeeUnit)
			tr.Message = &Message{Type: MessagePlain, Payload: []byte("hello")}
			return tr
		}, ValidateOptions{SkipUnknownMosaicFees: true}, ErrFeeTooLow, "at least 0.100000 XEM"},
		{"unknown mosaic skipped, known mosaic still priced", func() Transaction {
			tr := newMosaicTransfer(mosaic("alice:token", 100_000_000))
			tr.Mosaics = append(tr.Mosaics, mosaic("zz:token", 5))
			tr.Fee += FeeUnit - 1 // 13 units for alice:token, 1 for zz:token
			return tr
		}, ValidateOptions{Mosaics: testMosaics, SkipUnknownMosaicFees: true}, ErrFeeTooLow, "0.699999 XEM, at least 0.700000 XEM"},
		{"unknown mosaic skipped, deadline 24 hours and 1 second after the timestamp", func() Transaction {
			tr := unknownMosaicTransfer(FeeUnit)
			tr.Deadline = tr.Timestamp + 86401
			return tr
		}, ValidateOptions{SkipUnknownMosaicFees: true}, ErrDeadlineTooFar, "transaction: deadline"},
		{"unknown mosaic skipped, deadline before the timestamp", func() Transaction {
			tr := unknownMosaicTransfer(FeeUnit)
			tr.Deadline = tr.Timestamp - 1
			return tr
		}, ValidateOptions{SkipUnknownMosaicFees: true}, ErrDeadlineBeforeTimestamp, "transaction: deadline"},
		{"unknown mosaic skipped in a wrapper, inner deadline too far", func() Transaction {
			tr := unknownMosaicTransfer(FeeUnit)
			tr.Deadline = tr.Timestamp + 86401
			return newWrapper(tr)
		}, ValidateOptions{SkipUnknownMosaicFees: true}, ErrDeadlineTooFar, "otherTrans.deadline"},
		{"unknown mosaic skipped in a wrapper, inner fee 0", func() Transaction { return newWrapper(unknownMosaicTransfer(0)) },
			ValidateOptions{SkipUnknownMosaicFees: true}, ErrFeeTooLow, "otherTrans.fee"},
		{"unknown mosaic skipped, a bad lookup answer is still refused", func() Transaction { return unknownMosaicTransfer(FeeUnit) },
			ValidateOptions{SkipUnknownMosaicFees: true, Mosaics: func(MosaicID) (MosaicSupply, bool) { return MosaicSupply{Divisibility: 7}, true }},
			ErrInvalidField, "mosaics[0].mosaicId"},
		{"cosignature at the 1000 XEM cap", func() Transaction {
			cs := newCosignature(t, newWrapper(newTransfer()), keyBob)
			cs.Fee = maxCosignatureFee
			return cs
		}, ValidateOptions{}, nil, ""},
		{"cosignature 1 µXEM above the cap", func() Transaction {
			cs := newCosignature(t, newWrapper(newTransfer()), keyBob)
			cs.Fee = maxCosignatureFee + 1
			return cs
		}, ValidateOptions{}, ErrCosignatureFeeTooHigh, "fee"},
		{"cosignature below its minimum fee", func() Transaction {
			cs := newCosignature(t, newWrapper(newTransfer()), keyBob)
			cs.Fee = FlatFee - 1
			return cs
		}, ValidateOptions{}, ErrFeeTooLow, "fee"},
		{"carried cosignature above the cap", func() Transaction {
			return withCosignatures(t, newWrapper(newTransfer()), func(cs *MultisigSignature) { cs.Fee = maxCosignatureFee + 1 }, keyBob)
		}, ValidateOptions{}, ErrCosignatureFeeTooHigh, "signatures[0].fee"},
		{"carried cosignatures at the minimum", func() Transaction {
			return withCosignatures(t, newWrapper(newTransfer()), nil, keyBob, keyCarol)
		}, ValidateOptions{}, nil, ""},

		// Messages (TransferTransactionValidator).
		{"message of 1024 bytes", func() Transaction {
			tr := xemTransfer(10*XEM, 1024)
			tr.Fee = 34 * FeeUnit
			return tr
		}, ValidateOptions{}, nil, ""},
		{"message of 1025 bytes", func() Transaction {
			tr := xemTransfer(10*XEM, 1025)
			tr.Fee = 34 * FeeUnit
			return tr
		}, ValidateOptions{}, ErrMessageTooLarge, "message.payload"},

		// Mosaics (MosaicBagValidator, getRawQuantity).
		{"10 mosaics plus nem:xem", func() Transaction {
			return newMosaicTransfer(append(bag(10), mosaic("nem:xem", 1))...)
		}, ValidateOptions{Mosaics: testMosaics}, nil, ""},
		{"11 mosaics besides nem:xem", func() Transaction { return newMosaicTransfer(bag(11)...) },
			ValidateOptions{Mosaics: testMosaics}, ErrTooManyMosaics, "11 mosaics besides nem:xem"},
		{"12 mosaics are refused by Check with the same sentinel", func() Transaction {
			tr := newMosaicTransfer(bag(11)...)
			tr.Mosaics = append(tr.Mosaics, mosaic("nem:xem", 1))
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrTooManyMosaics, "12 mosaics"},
		{"one namespace a prefix of another (ab.c:x before ab:y)", func() Transaction {
			tr := newMosaicTransfer(mosaic("ab:y", 5), mosaic("ab.c:x", 7))
			if tr.Mosaics[0].ID.Namespace != "ab.c" {
				panic("not NIS order")
			}
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, nil, ""},
		{"mosaics with a fractional amount", func() Transaction {
			tr := newMosaicTransfer(bag(1)...)
			tr.Amount = XEM + 1
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrMosaicDivisibility, "amount"},
		{"nem:xem alone with a fractional amount", func() Transaction {
			tr := newMosaicTransfer(mosaic("nem:xem", 1_000_000))
			tr.Amount = XEM + 1
			return tr
		}, ValidateOptions{}, nil, ""},
		{"nem:xem and another mosaic with a fractional amount", func() Transaction {
			tr := newMosaicTransfer(mosaic("nem:xem", 1_000_000), mosaic("alice:token", 5))
			tr.Amount = XEM + 1
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrMosaicDivisibility,
			"transaction: amount: amount of a transfer with mosaics besides nem:xem is not a whole number of XEM (MosaicBagValidator, FAILURE_MOSAIC_DIVISIBILITY_VIOLATED): amount 1.000001 XEM multiplies the mosaic quantities and must be whole XEM"},
		{"fractional XEM without mosaics", func() Transaction {
			tr := newTransfer()
			tr.Amount = XEM + 1
			return tr
		}, ValidateOptions{}, nil, ""},
		{"amount × quantity / 10^6 exactly 2^63-1", func() Transaction {
			tr := newMosaicTransfer(mosaic("alice:token", math.MaxInt64))
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, nil, ""},
		{"amount × quantity / 10^6 above 2^63-1", func() Transaction {
			tr := newMosaicTransfer(mosaic("alice:token", math.MaxInt64))
			tr.Amount = 2 * XEM
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrQuantityOverflow, "mosaics[0].quantity"},
		{"nem:xem overflowing too", func() Transaction {
			tr := newMosaicTransfer(mosaic("nem:xem", math.MaxInt64))
			tr.Amount = 1_000_000 * XEM
			return tr
		}, ValidateOptions{Mosaics: testMosaics}, ErrQuantityOverflow, "mosaics[0].quantity"},
		{"a zero quantity is accepted, as NIS accepts it", func() Transaction { return newMosaicTransfer(mosaic("alice:token", 0)) },
			ValidateOptions{Mosaics: testMosaics}, nil, ""},

		// Aggregate modifications without account state.
		{"one deletion", func() Transaction { return newModification(del(keyBob)) }, ValidateOptions{}, nil, ""},
		{"two deletions", func() Transaction { return newModification(del(keyBob), del(keyCarol)) }, ValidateOptions{}, ErrMultipleDeletes, "modifications"},
		{"32 additions", func() Transaction { return newModification(adds(32)...) }, ValidateOptions{}, nil, ""},
		{"33 additions", func() Transaction { return newModification(adds(33)...) }, ValidateOptions{}, ErrTooManyCosignatories, "33 cosignatories added"},
		{"the account adds itself", func() Transaction { return newModification(add(keyMultisig)) }, ValidateOptions{}, ErrCosignatoryIsMultisig, "modifications[0]"},
		{"the account removes itself", func() Transaction { return newModification(del(keyMultisig)) }, ValidateOptions{}, ErrNotCosignatory, "modifications[0]"},
		{"version 2 relative change +10", func() Transaction { return withMinChange(newModification(adds(10)...), 10) }, ValidateOptions{}, nil, ""},
		{"version 2 relative change -16", func() Transaction { return withMinChange(newModification(), -16) }, ValidateOptions{}, nil, ""},
		{"version 2 relative change +32", func() Transaction { return withMinChange(newModification(), 32) }, ValidateOptions{}, nil, ""},
		{"version 2 relative change +33", func() Transaction { return withMinChange(newModification(), 33) }, ValidateOptions{}, ErrMinCosignatoriesOutOfRange, "minCosignatories"},
		{"version 2 relative change -33", func() Transaction { return withMinChange(newModification(), -33) }, ValidateOptions{}, ErrMinCosignatoriesOutOfRange, "minCosignatories"},
		{"wrapped modification with two deletions", func() Transaction { return newWrapper(newModification(del(keyBob), del(keyCarol))) }, ValidateOptions{}, ErrMultipleDeletes, "otherTrans.modifications"},

		{"wrapper signed by the multisig account itself", func() Transaction {
			ms := newWrapper(newTransfer())
			ms.Signer = keyMultisig
			return ms
		}, ValidateOptions{}, ErrNotCosignatory, "transaction: signer"},

		// Provision namespace (ProvisionNamespaceTransactionValidator).
		{"root namespace at 100 XEM", func() Transaction { return newNamespace("", "custody") }, ValidateOptions{}, nil, ""},
		{"root namespace 1 µXEM short", func() Transaction {
			p := newNamespace("", "custody")
			p.RentalFee--
			return p
		}, ValidateOptions{}, ErrRentalFeeTooLow, "rentalFee"},
		{"sub-namespace at 10 XEM", func() Transaction { return newNamespace("custody", "vault") }, ValidateOptions{}, nil, ""},
		{"sub-namespace 1 µXEM short", func() Transaction {
			p := newNamespace("custody", "vault")
			p.RentalFee--
			return p
		}, ValidateOptions{}, ErrRentalFeeTooLow, "rentalFee"},
		{"rental fee paid to the mosaic sink", func() Transaction {
			p := newNamespace("", "custody")
			p.RentalFeeSink = MosaicSink(sign.Testnet)
			return p
		}, ValidateOptions{}, ErrRentalFeeSink, "rentalFeeSink"},
		{"reserved root", func() Transaction { return newNamespace("", "nem") }, ValidateOptions{}, ErrNamespaceReserved, "newPart"},
		{"reserved part below a root", func() Transaction { return newNamespace("custody", "com") }, ValidateOptions{}, ErrNamespaceReserved, "\"custody.com\""},
		{"reserved part as parent", func() Transaction { return newNamespace("info.custody", "vault") }, ValidateOptions{}, ErrNamespaceReserved, "parent: namespace is reserved"},
		{"wrapped namespace short of its rental fee", func() Transaction {
			p := newNamespace("", "custody")
			p.Signer, p.RentalFee = keyMultisig, 99*XEM
			return newWrapper(p)
		}, ValidateOptions{}, ErrRentalFeeTooLow, "otherTrans.rentalFee"},

		// Mosaic definitions (MosaicDefinitionCreationTransactionValidator).
		{"mosaic definition at 10 XEM", func() Transaction { return newMosaicDefinition() }, ValidateOptions{}, nil, ""},
		{"mosaic definition 1 µXEM short", func() Transaction {
			md := newMosaicDefinition()
			md.CreationFee--
			return md
		}, ValidateOptions{}, ErrCreationFeeTooLow, "creationFee"},
		{"creation fee paid to the namespace sink", func() Transaction {
			md := newMosaicDefinition()
			md.CreationFeeSink = NamespaceSink(sign.Testnet)
			return md
		}, ValidateOptions{}, ErrCreationFeeSink, "creationFeeSink"},
		{"levy in the mosaic itself, transferable", func() Transaction {
			md := newMosaicDefinition()
			md.Definition.Levy = &MosaicLevy{Type: LevyPercentile, Recipient: sign.NewAddress(keyBob, sign.Testnet), MosaicID: md.Definition.ID, Fee: 10}
			return md
		}, ValidateOptions{}, nil, ""},
		{"levy in the mosaic itself, not transferable", func() Transaction {
			md := newMosaicDefinition()
			md.Definition.Properties.Transferable = false
			md.Definition.Levy = &MosaicLevy{Type: LevyPercentile, Recipient: sign.NewAddress(keyBob, sign.Testnet), MosaicID: md.Definition.ID, Fee: 10}
			return md
		}, ValidateOptions{}, ErrLevyNotTransferable, "mosaicDefinition.levy.mosaicId"},

		// Other types need nothing but the common rules.
		{"importance transfer", func() Transaction { return newImportanceTransfer() }, ValidateOptions{}, nil, ""},
		{"mosaic supply change", func() Transaction { return newSupplyChange() }, ValidateOptions{}, nil, ""},

		// Times (DeadlineValidator always; the rest with NodeTime).
		{"deadline exactly 24 hours after the timestamp", func() Transaction {
			tr := newTransfer()
			tr.Deadline = tr.Timestamp + 86400
			return tr
		}, ValidateOptions{}, nil, ""},
		{"deadline 24 hours and 1 second after the timestamp", func() Transaction {
			tr := newTransfer()
			tr.Deadline = tr.Timestamp + 86401
			return tr
		}, ValidateOptions{}, ErrDeadlineTooFar, "deadline"},
		{"deadline at the timestamp", func() Transaction {
			tr := newTransfer()
			tr.Deadline = tr.Timestamp
			return tr
		}, ValidateOptions{}, ErrDeadlineBeforeTimestamp, "deadline"},
		{"timestamp 10 seconds ahead of node time", func() Transaction { return newTransfer() }, ValidateOptions{NodeTime: ptr(t0 - 10)}, nil, ""},
		{"timestamp 11 seconds ahead of node time", func() Transaction { return newTransfer() }, ValidateOptions{NodeTime: ptr(t0 - 11)}, ErrTimestampInFuture, "timeStamp"},
		{"deadline at node time", func() Transaction { return newTransfer() }, ValidateOptions{NodeTime: ptr(t0 + 3600)}, nil, ""},
		{"deadline 1 second before node time", func() Transaction { return newTransfer() }, ValidateOptions{NodeTime: ptr(t0 + 3601)}, ErrExpired, "deadline"},
		{"without node time an old transaction passes", func() Transaction { return newTransfer() }, ValidateOptions{}, nil, ""},
		{"inner transaction expired", func() Transaction {
			tr := newTransfer()
			tr.Timestamp, tr.Deadline = t0-7200, t0-1
			return newWrapper(tr)
		}, ValidateOptions{NodeTime: ptr(t0)}, ErrExpired, "otherTrans.deadline"},
		{"carried cosignature from the future", func() Transaction {
			return withCosignatures(t, newWrapper(newTransfer()), func(cs *MultisigSignature) { cs.Timestamp = t0 + 11 }, keyBob)
		}, ValidateOptions{NodeTime: ptr(t0)}, ErrTimestampInFuture, "signatures[0].timeStamp"},
	}
	names := map[string]bool{}
	for _, tt := range tests {
		require.False(t, names[tt.name], "duplicate case %q", tt.name)
		names[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.tx(), tt.opts)
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			require.ErrorContains(t, err, tt.field)
			var re *RuleError
			if errors.As(tt.err, &re) {
				require.ErrorIs(t, err, ErrRule)
				require.ErrorContains(t, err, re.validator)
				var fe *FieldError
				require.True(t, errors.As(err, &fe), "a *FieldError names the field")
			}
		})
	}
	require.Len(t, tests, 80)
}

// TestRuleSentinels: every sentinel is a rule naming its NIS class, with
// a result and code unless NIS fails with an exception.
func TestRuleSentinels(t *testing.T) {
	all := []*RuleError{
		ErrTooLarge, ErrZeroSigner, ErrFeeTooLow, ErrCosignatureFeeTooHigh, ErrMessageTooLarge,
		ErrTooManyMosaics, ErrMosaicDivisibility, ErrQuantityOverflow, ErrMultipleDeletes,
		ErrAlreadyCosignatory, ErrNotCosignatory, ErrCosignatoryIsMultisig, ErrTooManyCosignatories,
		ErrMinCosignatoriesOutOfRange, ErrNotAllowedForMultisig, ErrNamespaceReserved, ErrRentalFeeSink,
		ErrRentalFeeTooLow, ErrCreationFeeSink, ErrCreationFeeTooLow, ErrLevyNotTransferable,
		ErrDeadlineBeforeTimestamp, ErrDeadlineTooFar, ErrTimestampInFuture, ErrExpired,
	}
	seen := map[*RuleError]bool{}
	for _, s := range all {
		require.False(t, seen[s])
		seen[s] = true
		require.ErrorIs(t, s, ErrRule)
		require.NotEmpty(t, s.what)
		require.NotEmpty(t, s.validator)
		if s.Code() != 0 {
			name, ok := nisresult.Name(s.Code())
			require.True(t, ok, "a code NIS defines: %s", s.what)
			require.Contains(t, s.Error(), name)
		}
		require.Contains(t, s.Error(), s.validator)
		for _, other := range all {
			if other != s {
				require.NotErrorIs(t, s, other)
			}
		}
	}
	require.Equal(t, "fee below the minimum (MinimumFeeValidator, FAILURE_INSUFFICIENT_FEE)", ErrFeeTooLow.Error())
	require.Equal(t, "amount × quantity / 1,000,000 overflows (TransferTransaction.getRawQuantity)", ErrQuantityOverflow.Error())
}

// TestValidateDoesNotModify: Validate only reads.
func TestValidateDoesNotModify(t *testing.T) {
	ms := withCosignatures(t, newWrapper(newMosaicTransfer(mosaic("ab:y", 5), mosaic("ab.c:x", 7))), nil, keyBob)
	before, err := AppendVerifiable(nil, &Signed{Tx: ms})
	require.NoError(t, err)
	require.NoError(t, Validate(ms, ValidateOptions{Mosaics: testMosaics, NodeTime: ptr(t0)}))
	after, err := AppendVerifiable(nil, &Signed{Tx: ms})
	require.NoError(t, err)
	require.Equal(t, before, after)
}

func benchWrapper(b *testing.B) *Multisig {
	return withCosignatures(b, newWrapper(newMosaicTransfer(mosaic("ab:y", 5), mosaic("ab.c:x", 7), mosaic("nem:xem", 1))), nil, keyBob)
}

// BenchmarkCheck is the baseline of BenchmarkValidate, which runs Check
// first.
func BenchmarkCheck(b *testing.B) {
	ms := benchWrapper(b)
	for b.Loop() {
		if err := Check(ms); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	ms := benchWrapper(b)
	opts := ValidateOptions{Mosaics: testMosaics, NodeTime: ptr(t0)}
	for b.Loop() {
		if err := Validate(ms, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinimumFee(b *testing.B) {
	tr := newMosaicTransfer(mosaic("ab:y", 5), mosaic("ab.c:x", 7), mosaic("nem:xem", 1))
	for b.Loop() {
		if _, err := MinimumFee(tr, testMosaics); err != nil {
			b.Fatal(err)
		}
	}
}
