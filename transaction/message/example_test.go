package message_test

import (
	"bytes"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction/message"
)

// An encrypted message to the recipient of a transfer, in the format
// NIS-era wallets read, and its decryption on the other side.
func Example() {
	alice, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32)))
	if err != nil {
		panic(err)
	}
	defer alice.Destroy()
	bob, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{2}, 32)))
	if err != nil {
		panic(err)
	}
	defer bob.Destroy()

	m, err := message.Encrypt(alice, bob.PublicKey(), []byte("invoice 2026-117"), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("payload bytes:", len(m.Payload))
	plain, err := message.Decrypt(bob, alice.PublicKey(), m)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(plain))
	// Output:
	// payload bytes: 80
	// invoice 2026-117
}
