package hd_test

import (
	"fmt"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/sign"
)

// Deriving the first testnet account of a hardware-wallet mnemonic.
func ExampleFromMnemonic() {
	mnemonic := "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"
	k, path, err := hd.FromMnemonic(mnemonic, "", sign.Testnet, 0)
	if err != nil {
		panic(err)
	}
	defer k.Destroy()
	fmt.Println(path)
	fmt.Println(k.PublicKey())
	fmt.Println(k.Address(sign.Testnet))
	// Output:
	// m/44'/1'/0'/0'/0'
	// edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084
	// TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF
}
