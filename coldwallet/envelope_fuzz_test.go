package coldwallet

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzParseRequest: never panics; what parses re-encodes to the same bytes
// and keeps its ID.
func FuzzParseRequest(f *testing.F) {
	for _, name := range []string{"request-cosign.txt", "request-batch.txt"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, id, err := ParseRequest(b)
		if err != nil {
			return
		}
		again, err := req.MarshalText()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted request does not re-encode: %v", err)
		}
		if got, _ := req.ID(); got != id {
			t.Fatal("ID changed")
		}
	})
}

// FuzzParseResponse: never panics; what parses re-encodes to the same
// bytes.
func FuzzParseResponse(f *testing.F) {
	b, err := os.ReadFile("testdata/response-cosign.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResponse(b)
		if err != nil {
			return
		}
		again, err := r.MarshalText()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted response does not re-encode: %v", err)
		}
	})
}

// FuzzDecodePolicy: never panics; what decodes encodes to JSON that decodes
// to the same policy.
func FuzzDecodePolicy(f *testing.F) {
	f.Add([]byte(`{"version":1,"networks":["testnet"],"types":["transfer"],"maxAmountPerTransaction":"1000","window":{"period":"24h","maxAmount":"5000","maxCount":20},"recipients":["TA4GZBXVYNA5AYP5TZJDBWKMT6FQOYO4KSCWBPFC"],"maxDeadline":"6h"}`))
	f.Add([]byte(`{"version":1,"networks":[],"types":[],"recipients":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePolicy(b)
		if err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := DecodePolicy(out)
		if err != nil {
			t.Fatalf("re-encoded policy does not decode: %v", err)
		}
		a, _ := json.Marshal(q)
		if !bytes.Equal(a, out) {
			t.Fatal("policy does not round-trip")
		}
	})
}
