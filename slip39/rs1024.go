package slip39

// The RS1024 checksum: a Reed-Solomon code over GF(1024) whose three
// check words detect any error in up to three words (SLIP-39,
// "Checksum"). The customization string is fed in before the data, one
// value per ASCII character, and decides which backups a share belongs
// to: "shamir" for shares without the extendable backup flag,
// "shamir_extendable" for shares with it.

// checksumWords is the number of words the checksum takes.
const checksumWords = 3

// Customization strings of the checksum (and, for "shamir", the salt of
// the encryption).
const (
	customization           = "shamir"
	customizationExtendable = "shamir_extendable"
)

// rs1024Gen are the generator values of SLIP-39's rs1024_polymod.
var rs1024Gen = [10]uint32{0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009, 0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120}

// rs1024Polymod returns the checksum state after feeding the
// customization string and then values.
func rs1024Polymod(cs string, values []uint16) uint32 {
	chk := uint32(1)
	step := func(v uint32) {
		b := chk >> 20
		chk = (chk&0xfffff)<<10 ^ v
		for i := range rs1024Gen {
			chk ^= rs1024Gen[i] & -(b >> i & 1)
		}
	}
	for i := 0; i < len(cs); i++ {
		step(uint32(cs[i]))
	}
	for _, v := range values {
		step(uint32(v))
	}
	return chk
}

// customizationString returns the checksum's customization string for a
// share with or without the extendable backup flag.
func customizationString(extendable bool) string {
	if extendable {
		return customizationExtendable
	}
	return customization
}

// rs1024Verify reports whether data, check words included, has a valid
// checksum.
func rs1024Verify(extendable bool, data []uint16) bool {
	return rs1024Polymod(customizationString(extendable), data) == 1
}

// rs1024Create returns the three check words for data.
func rs1024Create(extendable bool, data []uint16) [checksumWords]uint16 {
	values := append(append(make([]uint16, 0, len(data)+checksumWords), data...), 0, 0, 0)
	pm := rs1024Polymod(customizationString(extendable), values) ^ 1
	clear(values)
	var out [checksumWords]uint16
	for i := range out {
		out[i] = uint16(pm >> (10 * (2 - i)) & 1023)
	}
	return out
}
