package qr

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzAssemblerAdd: Add never panics; what it accepts parses and prints back
// to the same text; errors never repeat the input.
func FuzzAssemblerAdd(f *testing.F) {
	f.Add(helloPart)
	for _, p := range readGoldenParts(f) {
		f.Add(p)
		f.Add(strings.ToLower(p))
		f.Add(p[:len(p)/2])
	}
	f.Add(withCRC("NC1/001/003/000002/FHFLCQD6GYQARELA/ME/"))
	f.Add(withCRC("NC1/999/999/262144/FHFLCQD6GYQARELA/ME/"))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		var a Assembler
		err := a.Add(s)
		if err != nil {
			if len(s) >= 24 && strings.Contains(err.Error(), s) {
				t.Fatalf("error repeats the input: %v", err)
			}
			if a.Total() != 0 || a.Received() != 0 {
				t.Fatal("a refused part changed the assembler")
			}
			return
		}
		p, err := ParsePart(s)
		if err != nil {
			t.Fatalf("Add accepted what ParsePart refuses: %v", err)
		}
		if p.String() != s {
			t.Fatal("the part does not print back to the same text")
		}
		if a.Total() != p.Total || a.Received() != 1 {
			t.Fatal("wrong counts")
		}
		if err := a.Add(s); err != nil {
			t.Fatalf("a duplicate was refused: %v", err)
		}
		if p.Total == 1 {
			payload, err := a.Payload()
			if err != nil && NewPayloadID(p.Data) == p.PayloadID {
				t.Fatalf("a valid one-part payload was refused: %v", err)
			}
			if err == nil && !bytes.Equal(payload, p.Data) {
				t.Fatal("wrong payload")
			}
		}
	})
}

// FuzzSplitJoin: any payload splits and joins back, at a few options.
func FuzzSplitJoin(f *testing.F) {
	f.Add([]byte(helloPayload), uint8(0))
	f.Add(bytes.Repeat([]byte{0}, 2000), uint8(1))
	f.Add([]byte{0xff}, uint8(2))
	opts := []Options{{}, {Level: LevelH, MaxVersion: 5}, {MaxVersion: 3}}
	f.Fuzz(func(t *testing.T, payload []byte, o uint8) {
		parts, err := Split(payload, opts[int(o)%len(opts)])
		if len(payload) == 0 {
			if err == nil {
				t.Fatal("an empty payload was split")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := join(ParseScannerText(strings.Join(parts, "\r\n")))
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}
