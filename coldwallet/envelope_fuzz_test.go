package coldwallet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
)

// FuzzParseRequest: never panics; what parses re-encodes to the same bytes
// and keeps its ID.
func FuzzParseRequest(f *testing.F) {
	for _, name := range []string{"request-cosign.txt", "request-batch.txt", "request-mosaic.txt"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if name == "request-cosign.txt" {
			// The same request carrying its signer's journal head (v3).
			req, _, err := ParseRequest(b)
			if err != nil {
				f.Fatal(err)
			}
			req.Heads = []journal.Head{{Signer: req.Signers[0], Journal: strings.Repeat("1a", 16), Seq: 7, Hash: strings.Repeat("ab", 32)}}
			v3, err := req.MarshalText()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(v3)
			// And each item naming the withdrawal it pays (v4).
			for i := range req.Items {
				req.Items[i].Withdrawal = fmt.Sprintf("W-%d", i+1)
			}
			v4, err := req.MarshalText()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(v4)
		}
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

// FuzzDecodePolicy: never panics; what decodes is a policy whose
// canonical document (MarshalJSON) is the input without its white space,
// as json.Compact removes it (no other spelling of the same policy is
// accepted), and decoding that document gives the same policy. Seeded
// with the policies of the tests and of the edge-case vectors.
func FuzzDecodePolicy(f *testing.F) {
	f.Add([]byte(strictPolicyDoc))
	f.Add([]byte(strings.Replace(strictPolicyDoc, `"killSwitch": true,`, `"killSwitch": true, "KillSwitch": false,`, 1)))
	f.Add([]byte(`{"version":1,"networks":["testnet"],"types":["transfer"],"maxAmountPerTransaction":"1000","window":{"period":"24h","maxAmount":"5000","maxCount":20},"recipients":["TA4GZBXVYNA5AYP5TZJDBWKMT6FQOYO4KSCWBPFC"],"maxDeadline":"6h"}`))
	f.Add([]byte(`{"version":1,"networks":[],"types":[],"recipients":[]}`))
	f.Add([]byte(pinnedPolicyDoc))
	b, err := os.ReadFile("../testdata/edgecases/policies.json")
	if err != nil {
		f.Fatal(err)
	}
	var vectors struct {
		Tests []struct{ Input map[string]string } `json:"tests"`
	}
	if err := json.Unmarshal(b, &vectors); err != nil {
		f.Fatal(err)
	}
	for _, c := range vectors.Tests {
		f.Add([]byte(c.Input["policy"]))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePolicy(b)
		if err != nil {
			return
		}
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("accepted policy does not encode: %v", err)
		}
		var in, enc bytes.Buffer
		if err := json.Compact(&in, b); err != nil {
			t.Fatalf("accepted what encoding/json does not read: %v", err)
		}
		if err := json.Compact(&enc, out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(in.Bytes(), enc.Bytes()) {
			t.Fatalf("accepted a document that is not its canonical form:\n%s\n%s", in.Bytes(), enc.Bytes())
		}
		q, err := DecodePolicy(out)
		if err != nil {
			t.Fatalf("re-encoded policy does not decode: %v", err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatal("policy does not round-trip")
		}
	})
}
