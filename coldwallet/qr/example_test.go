package qr_test

import (
	"fmt"

	"github.com/nemcustody/nemcustody/coldwallet/qr"
)

// Split a payload on the machine that shows the codes, and reassemble it
// from what the scanner read on the other side: in any order, with
// duplicates, reporting what is still missing.
func Example() {
	payload := []byte("Hello, air gap! This payload is split into two parts.\n")
	opts := qr.Options{MaxVersion: 4} // small codes, to show a split
	parts, err := qr.Split(payload, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(parts), "parts")
	for _, p := range parts {
		fmt.Println(p)
	}

	// The scanner read part 2 twice, then stopped.
	var a qr.Assembler
	for _, p := range qr.ParseScannerText(parts[1] + "\r\n" + parts[1] + "\r\n") {
		if err := a.Add(p); err != nil {
			panic(err)
		}
	}
	_, err = a.Payload()
	fmt.Println(err)

	if err := a.Add(parts[0]); err != nil {
		panic(err)
	}
	got, err := a.Payload()
	fmt.Printf("%q %v\n", got, err)
	// Output:
	// 2 parts
	// NC1/001/002/000054/RDNZHDMKH7FVPZM3/JBSWY3DPFQQGC2LSEBTWC4BBEBKGQ2LTEBYGC6LMN5QQ/CVZHYEQ
	// NC1/002/002/000054/RDNZHDMKH7FVPZM3/MQQGS4ZAONYGY2LUEBUW45DPEB2HO3ZAOBQXE5DTFYFA/DAHE5DQ
	// qr: incomplete: have 1 of 2 parts, missing 1
	// "Hello, air gap! This payload is split into two parts.\n" <nil>
}

// A part that was misread, or that belongs to another payload, is refused
// with an error saying which.
func ExampleAssembler_Add() {
	parts, _ := qr.Split([]byte("request A"), qr.Options{})
	other, _ := qr.Split([]byte("request B"), qr.Options{})

	var a qr.Assembler
	fmt.Println(a.Add(parts[0]))
	misread := parts[0][:40] + "X" + parts[0][41:]
	fmt.Println(a.Add(misread))
	fmt.Println(a.Add(other[0]))
	// Output:
	// <nil>
	// qr: corrupt part: checksum mismatch (the header says part 1 of 1)
	// qr: foreign part: part 1 of payload TJ6SJU4RB2WM5YO7, not of payload NZDHTLICHI3VOMXB
}
