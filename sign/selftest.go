package sign

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sync"
)

// katVector is a known answer: the first case of NemProject's
// 2.test-sign.dat (also in the nem-sdk tests).
type katVector struct {
	nisHex, pub, data, sig string
}

var kat = katVector{
	nisHex: "abf4cf55a2b3f742d7543d9cc17f50447b969e6e06f5ea9195d428ab12b7318d",
	pub:    "8a558c728c21c126181e5e654b404a45b4f0137ce88177435a69978cc6bec1f4",
	data:   "8ce03cd60514233b86789729102ea09e867fc6d964dea8c2018ef7d0a2e0e24bf7e348e917116690b9",
	sig: "d9cec0cc0e3465fab229f8e1d6db68ab9cc99a18cb0435f70deb6100948576cd" +
		"5c0aa1feb550bdd8693ef81eb10a556a622db1f9301986827b96716a7134230c",
}

// selfTest runs the known-answer test once per process, before the first
// signature, and remembers its result. It is a variable so tests can
// simulate a failure.
var selfTest = sync.OnceValue(func() error { return knownAnswerTest(kat) })

// SelfTest runs (once) and reports the known-answer self-test that guards
// Sign: key expansion, signing and verification must reproduce a published
// vector exactly. Sign calls it itself; the CLI reports it at start-up.
func SelfTest() error { return selfTest() }

// knownAnswerTest derives the key, signs the data, compares the public key
// and the signature with the expected bytes, checks that the signature
// verifies and that a one-bit change of the data does not.
func knownAnswerTest(v katVector) error {
	fail := func(what string) error { return fmt.Errorf("sign: %w: %s", ErrSelfTest, what) }
	k, err := ParsePrivateKeyNIS(v.nisHex)
	if err != nil {
		return fail("cannot parse the test key")
	}
	defer k.Destroy()
	pub, err1 := hex.DecodeString(v.pub)
	data, err2 := hex.DecodeString(v.data)
	want, err3 := hex.DecodeString(v.sig)
	if err1 != nil || err2 != nil || err3 != nil {
		return fail("malformed vector")
	}
	got := k.PublicKey()
	if !bytes.Equal(got[:], pub) {
		return fail("public key mismatch")
	}
	sig := k.k.sign(data)
	if !bytes.Equal(sig[:], want) {
		return fail("signature mismatch")
	}
	if Verify(got, data, sig) != nil {
		return fail("known signature does not verify")
	}
	data[0] ^= 1
	if Verify(got, data, sig) == nil {
		return fail("altered data verifies")
	}
	return nil
}
