package transaction

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Amount is an amount of XEM in micro-XEM (µXEM), the unit of every amount
// and fee on the wire. Amounts are integers; nothing here uses floating
// point.
type Amount uint64

// MicroXEM and XEM are the two units.
const (
	MicroXEM Amount = 1
	XEM      Amount = 1_000_000
)

// MaxAmount is the largest amount NIS can represent: a Java long.
const MaxAmount Amount = math.MaxInt64

// String formats a as XEM with exactly six decimals, e.g. "12.345678" or
// "1000.000000", so no digit is ever hidden.
func (a Amount) String() string {
	return strconv.FormatUint(uint64(a/XEM), 10) + "." + fmt.Sprintf("%06d", uint64(a%XEM))
}

// ParseXEM parses a decimal number of XEM ("12", "12.5", "0.000001") into
// micro-XEM. It refuses signs, exponents, separators, more than six
// decimals (instead of rounding), a leading zero ("05") and values above
// MaxAmount.
func ParseXEM(s string) (Amount, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") {
		return 0, fmt.Errorf("transaction: %w: amount %q is not a decimal number of XEM", ErrInvalidField, s)
	}
	if len(frac) > 6 {
		return 0, fmt.Errorf("transaction: %w: amount %q has more than 6 decimals", ErrInvalidField, s)
	}
	if len(whole) > 1 && whole[0] == '0' {
		// One spelling per amount: a document that must be canonical
		// cannot hide a digit behind zeros.
		return 0, fmt.Errorf("transaction: %w: amount %q has a leading zero", ErrInvalidField, s)
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("transaction: %w: amount %q is not a decimal number of XEM", ErrInvalidField, s)
			}
		}
	}
	w, err := strconv.ParseUint(whole, 10, 64)
	if err != nil || w > uint64(MaxAmount/XEM) {
		return 0, fmt.Errorf("transaction: %w: amount %q is too large", ErrInvalidField, s)
	}
	f := uint64(0)
	if frac != "" {
		f, _ = strconv.ParseUint(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	}
	total := w*uint64(XEM) + f
	if total > uint64(MaxAmount) {
		return 0, fmt.Errorf("transaction: %w: amount %q is too large", ErrInvalidField, s)
	}
	return Amount(total), nil
}
