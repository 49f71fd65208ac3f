package transaction

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestXEMMoved(t *testing.T) {
	gold := Mosaic{ID: MosaicID{Namespace: "vault", Name: "gold"}, Quantity: 7}
	for name, c := range map[string]struct {
		tr    Transfer
		moved Amount
		ok    bool
	}{
		"plain XEM":                 {Transfer{Amount: 12_345_678}, 12_345_678, true},
		"nem:xem times the amount":  {Transfer{Amount: 3 * XEM, Mosaics: []Mosaic{gold, {ID: XEMMosaic, Quantity: 2_500_000}}}, 7_500_000, true},
		"rounded down":              {Transfer{Amount: 1, Mosaics: []Mosaic{{ID: XEMMosaic, Quantity: 999_999}}}, 0, true},
		"no nem:xem in the bag":     {Transfer{Amount: 5 * XEM, Mosaics: []Mosaic{gold}}, 0, true},
		"beyond a Java long":        {Transfer{Amount: math.MaxInt64, Mosaics: []Mosaic{{ID: XEMMosaic, Quantity: 2 * uint64(XEM)}}}, 0, false},
		"the largest that fits":     {Transfer{Amount: XEM, Mosaics: []Mosaic{{ID: XEMMosaic, Quantity: math.MaxInt64}}}, math.MaxInt64, true},
		"one past the largest long": {Transfer{Amount: XEM, Mosaics: []Mosaic{{ID: XEMMosaic, Quantity: math.MaxInt64 + 1}}}, math.MaxInt64 + 1, false},
	} {
		t.Run(name, func(t *testing.T) {
			moved, ok := c.tr.XEMMoved()
			require.Equal(t, c.ok, ok)
			if ok {
				require.Equal(t, c.moved, moved)
			}
		})
	}
}
