package testfix

import (
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Transfer is a typical exchange withdrawal: a v2 transfer on testnet
// with a message and two mosaics (the same as transaction's benchTransfer).
func Transfer() *transaction.Transfer {
	pub := sign.PublicKey{1, 2, 3}
	return &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: 100, Signer: pub, Fee: 150_000, Deadline: 3700},
		Recipient: sign.PublicKey{9}.Address(sign.Testnet),
		Amount:    transaction.XEM,
		Message:   &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("withdrawal 8f2c1e for customer 41")},
		Mosaics: []transaction.Mosaic{
			{ID: transaction.MosaicID{Namespace: "alice.vouchers", Name: "gift"}, Quantity: 12},
			{ID: transaction.XEMMosaic, Quantity: 25_000_000},
		},
	}
}

// Transactions returns one valid transaction of every type, in the order
// transfer, importance transfer, aggregate modification, cosignature,
// wrapper (of Transfer), namespace, mosaic definition, supply change (the
// same as transaction's sampleTransactions).
func Transactions() []transaction.Transaction {
	net := sign.Testnet
	h := transaction.Header{Network: net, Version: 1, Timestamp: 100, Signer: sign.PublicKey{1}, Fee: 150_000, Deadline: 3700}
	h2 := h
	h2.Version = 2
	return []transaction.Transaction{
		Transfer(),
		&transaction.ImportanceTransfer{Header: h, Mode: transaction.ImportanceActivate, Remote: sign.PublicKey{7}},
		&transaction.MultisigAggregateModification{Header: h2,
			Modifications:    []transaction.CosignatoryModification{{Type: transaction.ModificationAdd, Cosignatory: sign.PublicKey{5}}},
			MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: 1}},
		&transaction.MultisigSignature{Header: h, OtherHash: transaction.Hash{4}, MultisigAccount: sign.PublicKey{1, 2, 3}.Address(net)},
		&transaction.Multisig{Header: h, Inner: Transfer()},
		&transaction.ProvisionNamespace{Header: h, RentalFeeSink: sign.PublicKey{8}.Address(net), RentalFee: 100 * transaction.XEM, NewPart: "vouchers", Parent: "alice"},
		&transaction.MosaicDefinitionCreation{Header: h,
			Definition: transaction.MosaicDefinition{Creator: h.Signer, ID: transaction.MosaicID{Namespace: "alice", Name: "gift"}, Description: "gift vouchers", Properties: transaction.DefaultMosaicProperties,
				Levy: &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: sign.PublicKey{6}.Address(net), MosaicID: transaction.XEMMosaic, Fee: 10}},
			CreationFeeSink: sign.PublicKey{8}.Address(net), CreationFee: 10 * transaction.XEM},
		&transaction.MosaicSupplyChange{Header: h, MosaicID: transaction.MosaicID{Namespace: "alice", Name: "gift"}, SupplyType: transaction.SupplyIncrease, Delta: 5},
	}
}
