package qr

// dataCodewords is the number of data codewords of each QR version (index
// version-1) at each error-correction level, in the order L, M, Q, H
// (ISO/IEC 18004:2015 Table 7). TestCapacityMatchesEncoder checks every entry
// against the encoder.
var dataCodewords = [40][4]int{
	{19, 16, 13, 9}, {34, 28, 22, 16}, {55, 44, 34, 26}, {80, 64, 48, 36},
	{108, 86, 62, 46}, {136, 108, 76, 60}, {156, 124, 88, 66}, {194, 154, 110, 86},
	{232, 182, 132, 100}, {274, 216, 154, 122}, {324, 254, 180, 140}, {370, 290, 206, 158},
	{428, 334, 244, 180}, {461, 365, 261, 197}, {523, 415, 295, 223}, {589, 453, 325, 253},
	{647, 507, 367, 283}, {721, 563, 397, 313}, {795, 627, 445, 341}, {861, 669, 485, 385},
	{932, 714, 512, 406}, {1006, 782, 568, 442}, {1094, 860, 614, 464}, {1174, 914, 664, 514},
	{1276, 1000, 718, 538}, {1370, 1062, 754, 596}, {1468, 1128, 808, 628}, {1531, 1193, 871, 661},
	{1631, 1267, 911, 701}, {1735, 1373, 985, 745}, {1843, 1455, 1033, 793}, {1955, 1541, 1115, 845},
	{2071, 1631, 1171, 901}, {2191, 1725, 1231, 961}, {2306, 1812, 1286, 986}, {2434, 1914, 1354, 1054},
	{2566, 1992, 1426, 1096}, {2702, 2102, 1502, 1142}, {2812, 2216, 1582, 1222}, {2956, 2334, 1666, 1276},
}

// maxPartLength is the most characters any QR code holds in alphanumeric
// mode (version 40, level L). No valid part is longer.
const maxPartLength = 4296

// alphanumericCapacity is the number of characters one alphanumeric-mode
// segment can hold in a QR code of the given version (1 to 40) and level:
// a 4-bit mode indicator, a character count of 9, 11 or 13 bits, then 11
// bits per pair of characters and 6 bits for an odd last one.
func alphanumericCapacity(version int, level Level) int {
	countBits := 13
	switch {
	case version <= 9:
		countBits = 9
	case version <= 26:
		countBits = 11
	}
	bits := dataCodewords[version-1][level.index()]*8 - 4 - countBits
	chars := bits / 11 * 2
	if bits%11 >= 6 {
		chars++
	}
	return chars
}
