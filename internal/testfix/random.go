package testfix

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf16"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// RandomTransaction returns a random transaction of any type and version
// on network net that passes Check once Canonicalize has sorted it:
// valid names, addresses of net, distinct mosaics and cosignatories (in
// random order), values up to the limits of NIS's Java types. A wrapper
// carries a random inner transaction of any wrappable type and no
// cosignatures (see RandomSigned).
func RandomTransaction(r *rand.Rand, net sign.Network) transaction.Transaction {
	types := []transaction.Type{
		transaction.TypeTransfer, transaction.TypeImportanceTransfer, transaction.TypeMultisigAggregateModification, transaction.TypeMultisigSignature,
		transaction.TypeMultisig, transaction.TypeProvisionNamespace, transaction.TypeMosaicDefinitionCreation, transaction.TypeMosaicSupplyChange,
	}
	return randomOfType(r, net, types[r.IntN(len(types))])
}

func randomOfType(r *rand.Rand, net sign.Network, typ transaction.Type) transaction.Transaction {
	h := transaction.Header{
		Network:   net,
		Version:   1 + uint32(r.IntN(int(nisform.MaxVersion(uint32(typ))))),
		Timestamp: randomTime(r),
		Signer:    randomKey(r),
		Fee:       transaction.Amount(randomLong(r)),
		Deadline:  randomTime(r),
	}
	switch typ {
	case transaction.TypeTransfer:
		return randomTransfer(r, net, h)
	case transaction.TypeImportanceTransfer:
		return &transaction.ImportanceTransfer{Header: h, Mode: transaction.ImportanceMode(1 + r.IntN(2)), Remote: randomKey(r)}
	case transaction.TypeMultisigAggregateModification:
		return randomModification(r, net, h)
	case transaction.TypeMultisigSignature:
		return &transaction.MultisigSignature{Header: h, OtherHash: transaction.Hash(randomBytes(r, transaction.HashSize)), MultisigAccount: randomAddress(r, net)}
	case transaction.TypeMultisig:
		inner := []transaction.Type{transaction.TypeTransfer, transaction.TypeImportanceTransfer, transaction.TypeMultisigAggregateModification,
			transaction.TypeProvisionNamespace, transaction.TypeMosaicDefinitionCreation, transaction.TypeMosaicSupplyChange}[r.IntN(6)]
		return &transaction.Multisig{Header: h, Inner: randomOfType(r, net, inner)}
	case transaction.TypeProvisionNamespace:
		t := &transaction.ProvisionNamespace{Header: h, RentalFeeSink: randomAddress(r, net), RentalFee: transaction.Amount(randomLong(r))}
		switch r.IntN(3) {
		case 0:
			t.NewPart = randomPart(r, maxRootLength)
		case 1:
			t.Parent, t.NewPart = randomPart(r, maxRootLength), randomPart(r, maxSublevelLength)
		default:
			t.Parent = randomPart(r, maxRootLength) + "." + randomPart(r, maxSublevelLength)
			t.NewPart = randomPart(r, maxSublevelLength)
		}
		return t
	case transaction.TypeMosaicDefinitionCreation:
		return randomMosaicDefinition(r, net, h)
	case transaction.TypeMosaicSupplyChange:
		return &transaction.MosaicSupplyChange{
			Header:     h,
			MosaicID:   randomMosaicID(r),
			SupplyType: transaction.SupplyType(1 + r.IntN(2)),
			Delta:      []uint64{1, transaction.MaxQuantity, 1 + r.Uint64N(transaction.MaxQuantity)}[r.IntN(3)],
		}
	}
	panic("randomOfType: unknown type")
}

// randomTransfer is a random transfer with header h.
func randomTransfer(r *rand.Rand, net sign.Network, h transaction.Header) transaction.Transaction {
	t := &transaction.Transfer{Header: h, Recipient: randomAddress(r, net), Amount: transaction.Amount(randomLong(r))}
	if r.IntN(3) > 0 {
		t.Message = &transaction.Message{Type: transaction.MessageType(1 + r.IntN(2)), Payload: randomBytes(r, 1+randomSize(r, transaction.MaxMessageSize, nisform.MaxBytes))}
	}
	if t.Version == 2 {
		t.Mosaics = nil
		for range r.IntN((transaction.MaxMosaics + 1) + 1) {
			m := transaction.Mosaic{ID: randomMosaicID(r), Quantity: randomLong(r)}
			if !hasMosaic(t.Mosaics, m.ID) {
				t.Mosaics = append(t.Mosaics, m)
			}
		}
	}
	return t
}

// randomModification is a random cosignatory modification with header h.
func randomModification(r *rand.Rand, net sign.Network, h transaction.Header) transaction.Transaction {
	t := &transaction.MultisigAggregateModification{Header: h}
	n := 1 + r.IntN(6)
	if r.IntN(10) == 0 {
		n = 1 + r.IntN((transaction.MaxCosignatories + 1))
	}
	if t.Version == 2 {
		n--
		if n == 0 || r.IntN(2) == 0 {
			t.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: randomInt32(r)}
		}
	}
	for range n {
		t.Modifications = append(t.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationType(1 + r.IntN(2)), Cosignatory: randomKey(r)})
	}
	return t
}

// randomMosaicDefinition is a random mosaic definition creation with
// header h.
func randomMosaicDefinition(r *rand.Rand, net sign.Network, h transaction.Header) transaction.Transaction {
	div := uint8(r.IntN(7))
	limit := uint64(transaction.MaxQuantity)
	for range div {
		limit /= 10
	}
	t := &transaction.MosaicDefinitionCreation{Header: h, CreationFeeSink: randomAddress(r, net), CreationFee: transaction.Amount(randomLong(r))}
	t.Definition = transaction.MosaicDefinition{
		Creator:     h.Signer,
		ID:          randomMosaicID(r),
		Description: randomDescription(r),
		Properties: transaction.MosaicProperties{
			Divisibility:  div,
			InitialSupply: []uint64{0, limit, r.Uint64N(limit + 1)}[r.IntN(3)],
			SupplyMutable: r.IntN(2) == 0,
			Transferable:  r.IntN(2) == 0,
		},
	}
	if r.IntN(2) == 0 {
		t.Definition.Levy = &transaction.MosaicLevy{
			Type:      transaction.LevyType(1 + r.IntN(2)),
			Recipient: randomAddress(r, net),
			MosaicID:  randomMosaicID(r),
			Fee:       randomLong(r),
		}
	}
	return t
}

// RandomSigned adds a random signature to tx and, for a wrapper, 0 to 3
// cosignatures of its inner transaction (random signatures: Check does
// not verify them).
func RandomSigned(r *rand.Rand, tx transaction.Transaction) *transaction.Signed {
	s := &transaction.Signed{Tx: tx, Signature: sign.Signature(randomBytes(r, sign.SignatureSize))}
	ms, ok := tx.(*transaction.Multisig)
	if !ok {
		return s
	}
	inner, err := transaction.HashOf(ms.Inner)
	if err != nil {
		panic(err)
	}
	h := ms.Inner.Common()
	w := *ms
	w.Cosignatures = nil
	for range r.IntN(4) {
		cs := randomOfType(r, h.Network, transaction.TypeMultisigSignature).(*transaction.MultisigSignature)
		cs.OtherHash = inner
		cs.MultisigAccount = sign.NewAddress(h.Signer, h.Network)
		w.Cosignatures = append(w.Cosignatures, transaction.SignedCosignature{Cosignature: *cs, Signature: sign.Signature(randomBytes(r, sign.SignatureSize))})
	}
	s.Tx = &w
	return s
}

func hasMosaic(ms []transaction.Mosaic, id transaction.MosaicID) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func randomKey(r *rand.Rand) sign.PublicKey {
	return sign.PublicKey(randomBytes(r, sign.PublicKeySize))
}

func randomAddress(r *rand.Rand, net sign.Network) sign.Address {
	return sign.NewAddress(randomKey(r), net)
}

// randomLong returns a Java long that is not negative, often an edge.
func randomLong(r *rand.Rand) uint64 {
	switch r.IntN(6) {
	case 0:
		return 0
	case 1:
		return math.MaxInt64
	case 2:
		return r.Uint64N(1000)
	}
	return r.Uint64N(math.MaxInt64)
}

func randomTime(r *rand.Rand) transaction.Timestamp {
	switch r.IntN(5) {
	case 0:
		return 0
	case 1:
		return transaction.MaxTimestamp
	}
	return transaction.Timestamp(r.Uint32N(uint32(transaction.MaxTimestamp)))
}

func randomInt32(r *rand.Rand) int32 {
	switch r.IntN(5) {
	case 0:
		return 0
	case 1:
		return math.MinInt32
	case 2:
		return math.MaxInt32
	}
	return int32(r.IntN(65)) - 32
}

// randomSize returns a size below usual, sometimes up to max.
func randomSize(r *rand.Rand, usual, max int) int {
	if r.IntN(20) == 0 {
		return r.IntN(max)
	}
	return r.IntN(1 + r.IntN(usual))
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	partChars  = lowerAlnum + "_-"
	nameChars  = lowerAlnum + "'_-"
)

// randomPart returns a namespace part: [a-z0-9][a-z0-9_-]*, at most max.
func randomPart(r *rand.Rand, max int) string {
	n := 1 + randomSize(r, 8, max)
	b := []byte{lowerAlnum[r.IntN(len(lowerAlnum))]}
	for len(b) < n {
		b = append(b, partChars[r.IntN(len(partChars))])
	}
	return string(b)
}

// randomMosaicID returns a valid mosaic id: 1 to 3 namespace levels of at
// most 128 characters in all, and a name matching NIS's pattern.
func randomMosaicID(r *rand.Rand) transaction.MosaicID {
	ns := randomPart(r, maxRootLength)
	for range r.IntN(3) {
		if p := randomPart(r, maxSublevelLength); len(ns)+1+len(p) <= nisform.MaxString {
			ns += "." + p
		}
	}
	n := 1 + randomSize(r, 10, maxMosaicName)
	b := []byte{lowerAlnum[r.IntN(len(lowerAlnum))]}
	for len(b) < n {
		c := nameChars[r.IntN(len(nameChars))]
		if r.IntN(8) == 0 && b[len(b)-1] != ' ' && len(b) < n-1 {
			c = ' '
		}
		b = append(b, c)
	}
	return transaction.MosaicID{Namespace: ns, Name: string(b)}
}

// randomDescription returns a description of 1 to 512 UTF-16 code units
// with characters JSON must escape and characters outside the BMP.
func randomDescription(r *rand.Rand) string {
	alphabet := []rune("abc XYZ 019 \"\\/\n\t\r\x00\x1f<>&é€\u2028\u2029\U0001F600\ufeff")
	n := 1 + randomSize(r, 40, nisform.MaxDescription)
	var b strings.Builder
	b.WriteByte(lowerAlnum[r.IntN(len(lowerAlnum))])
	units := 1
	for units < n {
		c := alphabet[r.IntN(len(alphabet))]
		if units+utf16.RuneLen(c) > nisform.MaxDescription {
			break
		}
		b.WriteRune(c)
		units += utf16.RuneLen(c)
	}
	return b.String()
}

// NIS's name limits (NamespaceIdPart, MosaicId), as package transaction
// checks them; the generator stays within them.
const (
	maxRootLength     = 16
	maxSublevelLength = 64
	maxMosaicName     = 32
)
