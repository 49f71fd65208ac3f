package nisjson_test

import (
	"errors"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// Reading a transaction in NIS's JSON form (here the Trezor device test's
// simple testnet transfer) and computing the hash that will be signed.
func ExampleDecode() {
	tx, err := nisjson.Decode([]byte(`{
		"type": 257, "version": -1744830463, "timeStamp": 74649215,
		"signer": "edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084",
		"fee": 2000000, "deadline": 74735615,
		"recipient": "TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J", "amount": 2000000,
		"message": {"type": 1, "payload": "746573745f6e656d5f7472616e73616374696f6e5f7472616e73666572"}
	}`))
	if err != nil {
		panic(err)
	}
	t := tx.(*transaction.Transfer)
	fmt.Println(t.Network, t.Version, t.Amount, "XEM to", t.Recipient)
	fmt.Printf("%s\n", t.Message.Payload)
	h, err := transaction.HashOf(tx)
	if err != nil {
		panic(err)
	}
	fmt.Println(h)

	_, err = nisjson.Decode([]byte(`{"type": 257, "version": "-1744830463"}`))
	fmt.Println(errors.Is(err, transaction.ErrMalformed), err)
	// Output:
	// testnet 1 2.000000 XEM to TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J
	// test_nem_transaction_transfer
	// 209368053ac61969b6838ceb7e31badeb622ed6aa42d6c58365c42ad1a11e19d
	// true nisjson: version: malformed transaction: want a number, got a string
}

// Writing a transaction as NIS's API does: NIS's key order, version as a
// signed int32, {} for no message.
func ExampleEncode() {
	signer, _ := sign.ParsePublicKey("edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084")
	recipient, _ := sign.ParseAddress("TALICE-2GMA34-CXHD7X-LJQ536-NM5UNK-QHTORN-NT2J")
	tx := &transaction.Transfer{
		Header: transaction.Header{
			Network: sign.Testnet, Version: 2, Timestamp: 1000, Signer: signer,
			Fee: 50_000, Deadline: 4600,
		},
		Recipient: recipient,
		Amount:    transaction.XEM,
		Mosaics:   []transaction.Mosaic{{ID: transaction.XEMMosaic, Quantity: 1_500_000}},
	}
	js, err := nisjson.Encode(tx)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(js))
	// Output:
	// {"type":257,"version":-1744830462,"timeStamp":1000,"signer":"edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084","fee":50000,"deadline":4600,"recipient":"TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J","amount":1000000,"message":{},"mosaics":[{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":1500000}]}
}
