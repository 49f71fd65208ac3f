package transaction_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Building a transfer from scratch: the deadline from the node's time,
// the fee NIS requires, the rules NIS applies, then the signature and the
// body to POST to /transaction/announce. The key is fixed so the output is
// too; a real key comes from a keystore.
func ExampleSign() {
	seed := make([]byte, 32)
	copy(seed, "example sender")
	key, err := sign.NewPrivateKeyFromSeed(seed)
	if err != nil {
		panic(err)
	}
	to, err := sign.ParseAddress("TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J")
	if err != nil {
		panic(err)
	}

	now := transaction.Timestamp(367_856_452) // the node's network time
	deadline, err := transaction.Deadline(now, 2*time.Hour)
	if err != nil {
		panic(err)
	}
	tx := &transaction.Transfer{
		Header: transaction.Header{
			Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: deadline,
			Signer: key.PublicKey(),
		},
		Recipient: to,
		Amount:    125_000 * transaction.XEM,
		Message:   &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("invoice 4411")},
	}
	tx.Fee, err = transaction.MinimumFee(tx, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("fee:", tx.Fee, "XEM")

	if err := transaction.Validate(tx, transaction.ValidateOptions{NodeTime: &now}); err != nil {
		panic(err)
	}
	signed, err := transaction.Sign(tx, key)
	if err != nil {
		panic(err)
	}
	a, err := signed.Announcement()
	if err != nil {
		panic(err)
	}
	fmt.Println("announce data bytes:", len(a.Data)/2)

	// Half the fee is refused, naming the rule.
	tx.Fee /= 2
	err = transaction.Validate(tx, transaction.ValidateOptions{})
	fmt.Println(errors.Is(err, transaction.ErrFeeTooLow))
	// Output:
	// fee: 0.650000 XEM
	// announce data bytes: 136
	// true
}

// Parse accepts only bytes that NIS would accept and that re-encode to
// themselves; anything else is refused with the field and the offset.
func ExampleParse() {
	seed := make([]byte, 32)
	copy(seed, "example sender")
	key, _ := sign.NewPrivateKeyFromSeed(seed)
	to, _ := sign.ParseAddress("TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J")
	tx := &transaction.Transfer{
		Header: transaction.Header{
			Network: sign.Testnet, Version: 1, Timestamp: 1000, Deadline: 4600,
			Signer: key.PublicKey(), Fee: 50_000,
		},
		Recipient: to,
		Amount:    transaction.XEM,
	}
	b, err := tx.MarshalBinary()
	if err != nil {
		panic(err)
	}

	back, err := transaction.Parse(b)
	if err != nil {
		panic(err)
	}
	fmt.Println(back.Type(), back.(*transaction.Transfer).Amount, "XEM")

	_, err = transaction.Parse(append(b, 0))
	fmt.Println(err)
	_, err = transaction.Parse(b[:len(b)-1])
	fmt.Println(errors.Is(err, transaction.ErrMalformed))
	// Output:
	// transfer 1.000000 XEM
	// transaction: transaction at byte 116: malformed transaction: trailing bytes
	// true
}
