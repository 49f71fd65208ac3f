package edgecases

import (
	"strings"

	"github.com/nemcustody/nemcustody/sign"
)

// Addresses builds the address parsing and network cases.
func Addresses() (*File, error) {
	f := &File{
		Name:      "addresses.json",
		Subject:   "NEM address parsing (sign.ParseAddress, which accepts what people type) and the network check (Address.CheckNetwork)",
		Generator: "go generate ./internal/edgecases",
		Schema: map[string]string{
			"input.address":   "the text given",
			"input.network":   "the network the address must belong to, or empty for any known network",
			"input.canonical": "for a valid case, the canonical 40-character form the parser returns",
			"result":          "valid if the address parses (and belongs to the network)",
			"error":           "for an invalid case, the sentinel error (package.Name) the parser returns",
		},
		Flags: map[string]string{
			"Valid":          "a correct address",
			"Typed":          "a correct address as people type it: lower case, dashes, surrounding spaces",
			"Checksum":       "a character changed: the checksum does not match",
			"Alphabet":       "a character outside base32 (0, 1, 8, 9, symbols)",
			"Length":         "too short or too long",
			"UnknownNetwork": "a version byte that is not mainnet (0x68), testnet (0x98) or mijin (0x60)",
			"WrongNetwork":   "a valid address of another network than required",
		},
	}
	pub := key("edgecases address").PublicKey()
	add := func(comment string, flags []string, in, network, canonical string, valid bool, errName string) {
		c := Case{Comment: comment, Flags: flags, Input: map[string]string{"address": in, "network": network, "canonical": canonical}, Result: "invalid", Error: errName}
		if valid {
			c.Result, c.Error = "valid", ""
		}
		f.Tests = append(f.Tests, c)
	}
	for _, n := range sign.Networks {
		a := pub.Address(n).String()
		add(n.String()+" address", []string{"Valid"}, a, n.String(), a, true, "")
	}
	t := pub.Address(sign.Testnet)
	ts := t.String()
	add("lower case", []string{"Typed"}, strings.ToLower(ts), "testnet", ts, true, "")
	add("dashed pretty form", []string{"Typed"}, t.Pretty(), "testnet", ts, true, "")
	add("surrounding white space", []string{"Typed"}, "  "+ts+"\n", "testnet", ts, true, "")
	last := ts[:39] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[(strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ts[39])+1)%32])
	add("last character changed", []string{"Checksum"}, last, "", "", false, "sign.ErrInvalidAddress")
	mid := ts[:10] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[(strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ts[10])+1)%32]) + ts[11:]
	add("a character of the hash changed", []string{"Checksum"}, mid, "", "", false, "sign.ErrInvalidAddress")
	add("digit 1 is not base32", []string{"Alphabet"}, ts[:5]+"1"+ts[6:], "", "", false, "sign.ErrInvalidAddress")
	add("39 characters", []string{"Length"}, ts[:39], "", "", false, "sign.ErrInvalidAddress")
	add("41 characters", []string{"Length"}, ts+"A", "", "", false, "sign.ErrInvalidAddress")
	add("version byte 0x90 (Catapult's mijin test)", []string{"UnknownNetwork"}, "SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "", false, "sign.ErrUnknownNetwork")
	add("mainnet address where testnet is required", []string{"WrongNetwork"}, pub.Address(sign.Mainnet).String(), "testnet", "", false, "sign.ErrWrongNetwork")
	add("testnet address where mijin is required", []string{"WrongNetwork"}, ts, "mijin", "", false, "sign.ErrWrongNetwork")
	return f, nil
}
