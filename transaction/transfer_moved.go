package transaction

// XEMMoved returns the XEM a transfer moves from its signer: Amount
// without mosaics; with mosaics, the nem:xem quantity times Amount /
// 1,000,000 (0 when nem:xem is not in the bag), as NIS's
// MosaicBagValidator and transfer observers compute it. ok is false when
// that product does not fit a Java long, a transfer NIS refuses.
func (t *Transfer) XEMMoved() (moved Amount, ok bool) {
	if len(t.Mosaics) == 0 {
		return t.Amount, true
	}
	for _, m := range t.Mosaics {
		if m.ID == XEMMosaic {
			q, ok := rawQuantity(t.Amount, m.Quantity)
			return Amount(q), ok
		}
	}
	return 0, true
}
