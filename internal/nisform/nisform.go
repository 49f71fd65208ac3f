package nisform

import "strconv"

// Length limits of NIS's Deserializer (binary and JSON alike).
const (
	// MaxBytes is NIS's default byte-array limit.
	MaxBytes = 2048
	// MaxString is NIS's default string limit in characters.
	MaxString = 128
	// MaxDescription is the mosaic description limit (MosaicDescriptor).
	MaxDescription = 512
)

// MaxVersion is the highest entity version NIS accepts for the transaction
// type code typ (VersionTransactionValidator): transfers (0x0101) and
// aggregate modifications (0x1001) have versions 1 and 2, the other types
// only 1, and an unknown type none (0).
func MaxVersion(typ uint32) uint32 {
	switch typ {
	case 0x0101, 0x1001:
		return 2
	case 0x0801, 0x1002, 0x1004, 0x2001, 0x4001, 0x4002:
		return 1
	}
	return 0
}

// PropertyNames are NIS's mosaic property names in their canonical order.
var PropertyNames = [4]string{"divisibility", "initialSupply", "supplyMutable", "transferable"}

// Properties are the four mosaic definition properties, in PropertyNames
// order.
type Properties struct {
	Divisibility  uint8
	InitialSupply uint64
	SupplyMutable bool
	Transferable  bool
}

// Values returns the four property values as NIS writes them.
func (p Properties) Values() [4]string {
	return [4]string{
		strconv.FormatUint(uint64(p.Divisibility), 10),
		strconv.FormatUint(p.InitialSupply, 10),
		strconv.FormatBool(p.SupplyMutable),
		strconv.FormatBool(p.Transferable),
	}
}

// AppendValue appends property i's value as NIS writes it, without
// allocating.
func (p Properties) AppendValue(b []byte, i int) []byte {
	switch i {
	case 0:
		return strconv.AppendUint(b, uint64(p.Divisibility), 10)
	case 1:
		return strconv.AppendUint(b, p.InitialSupply, 10)
	case 2:
		return strconv.AppendBool(b, p.SupplyMutable)
	}
	return strconv.AppendBool(b, p.Transferable)
}

// ParseValues reads the four property values, in PropertyNames order, and
// reports whether each is spelled exactly as NIS writes it.
func ParseValues(vals [4]string) (Properties, bool) {
	div, err1 := strconv.ParseUint(vals[0], 10, 8)
	supply, err2 := strconv.ParseUint(vals[1], 10, 64)
	mutable, err3 := strconv.ParseBool(vals[2])
	transferable, err4 := strconv.ParseBool(vals[3])
	p := Properties{Divisibility: uint8(div), InitialSupply: supply, SupplyMutable: mutable, Transferable: transferable}
	return p, err1 == nil && err2 == nil && err3 == nil && err4 == nil && p.Values() == vals
}
