package transaction

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf16"

	"github.com/nemcustody/nemcustody/sign"
)

// randomTransaction returns a random transaction of any type and version
// on network net that passes Check once Canonicalize has sorted it:
// valid names, addresses of net, distinct mosaics and cosignatories (in
// random order), values up to the limits of NIS's Java types. A wrapper
// carries a random inner transaction of any wrappable type and no
// cosignatures (see randomSigned).
func randomTransaction(r *rand.Rand, net sign.Network) Transaction {
	types := []Type{
		TypeTransfer, TypeImportanceTransfer, TypeMultisigAggregateModification, TypeMultisigSignature,
		TypeMultisig, TypeProvisionNamespace, TypeMosaicDefinitionCreation, TypeMosaicSupplyChange,
	}
	return randomOfType(r, net, types[r.IntN(len(types))])
}

func randomOfType(r *rand.Rand, net sign.Network, typ Type) Transaction {
	h := Header{
		Network:   net,
		Version:   1 + uint32(r.IntN(int(typ.maxVersion()))),
		Timestamp: randomTime(r),
		Signer:    randomKey(r),
		Fee:       Amount(randomLong(r)),
		Deadline:  randomTime(r),
	}
	switch typ {
	case TypeTransfer:
		t := &Transfer{Header: h, Recipient: randomAddress(r, net), Amount: Amount(randomLong(r))}
		if r.IntN(3) > 0 {
			t.Message = &Message{Type: MessageType(1 + r.IntN(2)), Payload: randomBytes(r, 1+randomSize(r, MaxMessageSize, maxBytes))}
		}
		if t.Version == 2 {
			t.Mosaics = nil
			for range r.IntN(maxMosaicsParsed + 1) {
				m := Mosaic{ID: randomMosaicID(r), Quantity: randomLong(r)}
				if !hasMosaic(t.Mosaics, m.ID) {
					t.Mosaics = append(t.Mosaics, m)
				}
			}
		}
		return t
	case TypeImportanceTransfer:
		return &ImportanceTransfer{Header: h, Mode: ImportanceMode(1 + r.IntN(2)), Remote: randomKey(r)}
	case TypeMultisigAggregateModification:
		t := &MultisigAggregateModification{Header: h}
		n := 1 + r.IntN(6)
		if r.IntN(10) == 0 {
			n = 1 + r.IntN(maxModificationsLen)
		}
		if t.Version == 2 {
			n--
			if n == 0 || r.IntN(2) == 0 {
				t.MinCosignatories = &MinCosignatoriesChange{RelativeChange: randomInt32(r)}
			}
		}
		for range n {
			t.Modifications = append(t.Modifications, CosignatoryModification{Type: ModificationType(1 + r.IntN(2)), Cosignatory: randomKey(r)})
		}
		return t
	case TypeMultisigSignature:
		return &MultisigSignature{Header: h, OtherHash: Hash(randomBytes(r, HashSize)), MultisigAccount: randomAddress(r, net)}
	case TypeMultisig:
		inner := []Type{TypeTransfer, TypeImportanceTransfer, TypeMultisigAggregateModification,
			TypeProvisionNamespace, TypeMosaicDefinitionCreation, TypeMosaicSupplyChange}[r.IntN(6)]
		return &Multisig{Header: h, Inner: randomOfType(r, net, inner)}
	case TypeProvisionNamespace:
		t := &ProvisionNamespace{Header: h, RentalFeeSink: randomAddress(r, net), RentalFee: Amount(randomLong(r))}
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
	case TypeMosaicDefinitionCreation:
		div := uint8(r.IntN(7))
		limit := uint64(MaxQuantity)
		for range div {
			limit /= 10
		}
		t := &MosaicDefinitionCreation{Header: h, CreationFeeSink: randomAddress(r, net), CreationFee: Amount(randomLong(r))}
		t.Definition = MosaicDefinition{
			Creator:     h.Signer,
			ID:          randomMosaicID(r),
			Description: randomDescription(r),
			Properties: MosaicProperties{
				Divisibility:  div,
				InitialSupply: []uint64{0, limit, r.Uint64N(limit + 1)}[r.IntN(3)],
				SupplyMutable: r.IntN(2) == 0,
				Transferable:  r.IntN(2) == 0,
			},
		}
		if r.IntN(2) == 0 {
			t.Definition.Levy = &MosaicLevy{
				Type:      LevyType(1 + r.IntN(2)),
				Recipient: randomAddress(r, net),
				MosaicID:  randomMosaicID(r),
				Fee:       randomLong(r),
			}
		}
		return t
	case TypeMosaicSupplyChange:
		return &MosaicSupplyChange{
			Header:     h,
			MosaicID:   randomMosaicID(r),
			SupplyType: SupplyType(1 + r.IntN(2)),
			Delta:      []uint64{1, MaxQuantity, 1 + r.Uint64N(MaxQuantity)}[r.IntN(3)],
		}
	}
	panic("randomOfType: unknown type")
}

// randomSigned adds a random signature to tx and, for a wrapper, 0 to 3
// cosignatures of its inner transaction (random signatures: Check does
// not verify them).
func randomSigned(r *rand.Rand, tx Transaction) *Signed {
	s := &Signed{Tx: tx, Signature: sign.Signature(randomBytes(r, sign.SignatureSize))}
	ms, ok := tx.(*Multisig)
	if !ok {
		return s
	}
	inner, err := HashOf(ms.Inner)
	if err != nil {
		panic(err)
	}
	h := ms.Inner.Common()
	w := *ms
	w.Cosignatures = nil
	for range r.IntN(4) {
		cs := randomOfType(r, h.Network, TypeMultisigSignature).(*MultisigSignature)
		cs.OtherHash = inner
		cs.MultisigAccount = sign.NewAddress(h.Signer, h.Network)
		w.Cosignatures = append(w.Cosignatures, SignedCosignature{Cosignature: *cs, Signature: sign.Signature(randomBytes(r, sign.SignatureSize))})
	}
	s.Tx = &w
	return s
}

func hasMosaic(ms []Mosaic, id MosaicID) bool {
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

func randomTime(r *rand.Rand) Timestamp {
	switch r.IntN(5) {
	case 0:
		return 0
	case 1:
		return MaxTimestamp
	}
	return Timestamp(r.Uint32N(uint32(MaxTimestamp)))
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
func randomMosaicID(r *rand.Rand) MosaicID {
	ns := randomPart(r, maxRootLength)
	for range r.IntN(3) {
		if p := randomPart(r, maxSublevelLength); len(ns)+1+len(p) <= maxString {
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
	return MosaicID{Namespace: ns, Name: string(b)}
}

// randomDescription returns a description of 1 to 512 UTF-16 code units
// with characters JSON must escape and characters outside the BMP.
func randomDescription(r *rand.Rand) string {
	alphabet := []rune("abc XYZ 019 \"\\/\n\t\r\x00\x1f<>&é€\u2028\u2029\U0001F600\ufeff")
	n := 1 + randomSize(r, 40, maxDescription)
	var b strings.Builder
	b.WriteByte(lowerAlnum[r.IntN(len(lowerAlnum))])
	units := 1
	for units < n {
		c := alphabet[r.IntN(len(alphabet))]
		if units+utf16.RuneLen(c) > maxDescription {
			break
		}
		b.WriteRune(c)
		units += utf16.RuneLen(c)
	}
	return b.String()
}
