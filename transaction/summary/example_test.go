package summary_test

import (
	"bytes"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// The summary an operator reads before signing, computed from the
// transaction alone.
func Example() {
	from, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32)))
	if err != nil {
		panic(err)
	}
	defer from.Destroy()
	tx := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Signer: from.PublicKey(), Fee: 50_000, Timestamp: 1000, Deadline: 4600},
		Recipient: from.Address(sign.Testnet),
		Amount:    12 * transaction.XEM,
	}
	s, err := summary.Of(tx, summary.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Print(s)
	// Output:
	// TRANSFER (V1)
	//   network:    testnet
	//   signer:     TCOBFU4E56PBUI23AUHTPKMZHX7FPGX67DJPWROR
	//   to:         TCOBFU4E56PBUI23AUHTPKMZHX7FPGX67DJPWROR
	//   amount:     12.000000 XEM
	//   message:    none
	//   fee:        0.050000 XEM
	//   timestamp:  2015-03-29 00:23:05 UTC
	//   deadline:   2015-03-29 01:23:05 UTC
}
