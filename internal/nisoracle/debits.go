package nisoracle

import (
	"math"
	"math/big"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// This file transliterates what NIS notifies when a transaction executes
// (NemProject/nem core/src/main/java/org/nem/core/model): Transaction
// .transfer (the fee, from getDebtor), TransferTransaction.transfer,
// getXemTransferAmount, getMosaics and getRawQuantity (BigInteger, then
// longValueExact), DefaultMosaicTransferFeeCalculator.calculateAbsoluteLevy
// (a percentile levy in Java long arithmetic, which wraps), createMosaicLevy
// Notification, MultisigTransaction.transfer (cosignatures, then the inner
// transaction, then the wrapper's fee), MultisigSignatureTransaction and
// MultisigTransaction.getDebtor, ProvisionNamespaceTransaction.transfer and
// MosaicDefinitionCreationTransaction.transfer. It does not share code with
// transaction.Debits, which tests check against it.

// Notification is a balance change NIS notifies: a BalanceTransfer or
// MosaicTransfer (From pays To), or a BalanceDebit (a fee: To is zero).
type Notification struct {
	Mosaic   string // "nem:xem" for XEM
	From, To sign.Address
	Quantity int64
}

// Throws says NIS throws while executing: getRawQuantity's
// longValueExact, or a negative Quantity from a wrapped percentile levy
// (Quantity's constructor).
type Throws struct{ Reason string }

func (t *Throws) Error() string { return "NIS throws: " + t.Reason }

// Levies returns a mosaic's levy as NIS's namespace cache holds it; nil for
// none.
type Levies func(id string) *transaction.MosaicLevy

// Execute returns the notifications NIS makes, in order, when tx executes
// on a network whose addresses are of n.
func Execute(tx transaction.Transaction, n sign.Network, levies Levies) ([]Notification, error) {
	var out []Notification
	err := execute(tx, n, levies, &out)
	return out, err
}

func execute(tx transaction.Transaction, n sign.Network, levies Levies, out *[]Notification) error {
	switch t := tx.(type) {
	case *transaction.Multisig:
		for i := range t.Cosignatures {
			cs := &t.Cosignatures[i].Cosignature
			// MultisigSignatureTransaction.getDebtor: the multisig account.
			*out = append(*out, Notification{Mosaic: "nem:xem", From: cs.MultisigAccount, Quantity: int64(cs.Fee)})
		}
		if err := execute(t.Inner, n, levies, out); err != nil {
			return err
		}
		// MultisigTransaction.getDebtor: the inner transaction's signer.
		*out = append(*out, Notification{Mosaic: "nem:xem", From: sign.NewAddress(t.Inner.Common().Signer, n), Quantity: int64(t.Fee)})
		return nil
	case *transaction.MultisigSignature:
		*out = append(*out, Notification{Mosaic: "nem:xem", From: t.MultisigAccount, Quantity: int64(t.Fee)})
		return nil
	}
	signer := sign.NewAddress(tx.Common().Signer, n)
	switch t := tx.(type) {
	case *transaction.Transfer:
		if err := transfer(t, signer, levies, out); err != nil {
			return err
		}
	case *transaction.ProvisionNamespace:
		*out = append(*out, Notification{Mosaic: "nem:xem", From: signer, To: t.RentalFeeSink, Quantity: int64(t.RentalFee)})
	case *transaction.MosaicDefinitionCreation:
		*out = append(*out, Notification{Mosaic: "nem:xem", From: signer, To: t.CreationFeeSink, Quantity: int64(t.CreationFee)})
	}
	*out = append(*out, Notification{Mosaic: "nem:xem", From: signer, Quantity: int64(tx.Common().Fee)})
	return nil
}

func isMosaicXem(m transaction.Mosaic) bool { return m.ID.Namespace+":"+m.ID.Name == "nem:xem" }

// getRawQuantity: amount × quantity / 1,000,000 with BigInteger, then
// longValueExact (which throws above a long).
func getRawQuantity(amount transaction.Amount, q uint64) (int64, error) {
	v := new(big.Int).Mul(new(big.Int).SetUint64(uint64(amount)), new(big.Int).SetUint64(q))
	v.Quo(v, big.NewInt(1_000_000))
	if !v.IsInt64() {
		return 0, &Throws{"getRawQuantity: longValueExact"}
	}
	return v.Int64(), nil
}

func transfer(t *transaction.Transfer, signer sign.Address, levies Levies, out *[]Notification) error {
	// getXemTransferAmount
	if len(t.Mosaics) == 0 {
		*out = append(*out, Notification{Mosaic: "nem:xem", From: signer, To: t.Recipient, Quantity: int64(t.Amount)})
	} else {
		for _, m := range t.Mosaics {
			if isMosaicXem(m) {
				q, err := getRawQuantity(t.Amount, m.Quantity)
				if err != nil {
					return err
				}
				*out = append(*out, Notification{Mosaic: "nem:xem", From: signer, To: t.Recipient, Quantity: q})
				break
			}
		}
	}
	// getMosaics, and a levy for each
	for _, m := range t.Mosaics {
		if isMosaicXem(m) {
			continue
		}
		q, err := getRawQuantity(t.Amount, m.Quantity)
		if err != nil {
			return err
		}
		id := m.ID.Namespace + ":" + m.ID.Name
		*out = append(*out, Notification{Mosaic: id, From: signer, To: t.Recipient, Quantity: q})
		levy := levies(id)
		if levy == nil {
			continue
		}
		var fee int64
		switch levy.Type {
		case transaction.LevyAbsolute:
			fee = int64(levy.Fee)
		case transaction.LevyPercentile:
			// (mosaic.getQuantity().getRaw() * levy.getFee().getRaw()) / 10_000L
			// in Java long arithmetic: Go's int64 wraps the same way, and /
			// truncates toward zero as Java does.
			fee = q * int64(levy.Fee) / 10_000
			if fee < 0 {
				return &Throws{"Quantity.fromValue of a negative levy"}
			}
		default:
			return &Throws{"cannot calculate fee from unknown fee type"}
		}
		if fee == 0 {
			continue
		}
		*out = append(*out, Notification{Mosaic: levy.MosaicID.Namespace + ":" + levy.MosaicID.Name, From: signer, To: levy.Recipient, Quantity: fee})
	}
	return nil
}

// Wraps reports whether NIS's percentile levy product raw × fee overflows
// a Java long (so that NIS charges a wrapped value), computed exactly.
func Wraps(raw int64, fee uint64) bool {
	v := new(big.Int).Mul(big.NewInt(raw), new(big.Int).SetUint64(fee))
	return v.Cmp(big.NewInt(math.MaxInt64)) > 0
}
