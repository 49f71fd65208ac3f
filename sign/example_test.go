package sign_test

import (
	"encoding/hex"
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
)

// A key in NIS hex, its public key and addresses, and a signature that
// verifies the way a NIS node verifies it.
func Example() {
	k, err := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	if err != nil {
		panic(err)
	}
	defer k.Destroy()
	fmt.Println(k.PublicKey())
	fmt.Println(k.Address(sign.Mainnet))
	fmt.Println(k.Address(sign.Testnet).Pretty())
	fmt.Println(k) // never the secret

	data := []byte("transaction bytes")
	sig, err := k.Sign(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(sign.Verify(k.PublicKey(), data, sig) == nil)
	// Output:
	// c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844
	// NDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5JFXJ4R4
	// TDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5KZP-FMK2
	// sign.PrivateKey(REDACTED)
	// true
}

// Checking an address typed by a person against the expected network.
func ExampleParseAddress() {
	a, err := sign.ParseAddress("tdd2ct-6lqliy-q56kix-i3entm-6ek3d4-4p5kzp-fmk2")
	if err != nil {
		panic(err)
	}
	fmt.Println(a)
	fmt.Println(a.CheckNetwork(sign.Testnet) == nil)
	fmt.Println(a.CheckNetwork(sign.Mainnet))

	_, err = sign.ParseAddress("TDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5KZPFMK3")
	fmt.Println(err)
	// Output:
	// TDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5KZPFMK2
	// true
	// sign: wrong network: testnet address, want mainnet
	// sign: invalid address: checksum mismatch
}

// Verify refuses a malleated signature (S + L) exactly as NIS does.
func ExampleVerify() {
	pub, _ := sign.ParsePublicKey("8a558c728c21c126181e5e654b404a45b4f0137ce88177435a69978cc6bec1f4")
	data, _ := hex.DecodeString("8ce03cd60514233b86789729102ea09e867fc6d964dea8c2018ef7d0a2e0e24bf7e348e917116690b9")
	sig, _ := sign.ParseSignature("d9cec0cc0e3465fab229f8e1d6db68ab9cc99a18cb0435f70deb6100948576cd5c0aa1feb550bdd8693ef81eb10a556a622db1f9301986827b96716a7134230c")
	fmt.Println(sign.Verify(pub, data, sig))

	sig[63] |= 0xf0 // S is now far above the group order
	fmt.Println(sign.Verify(pub, data, sig))
	// Output:
	// <nil>
	// sign: invalid signature: S is not below the group order (non-canonical or malleated)
}
