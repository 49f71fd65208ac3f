package multisig

import (
	"bytes"
	"testing"
)

// FuzzDecodePlan: never panics; what decodes is a valid plan whose document
// decodes to the same plan.
func FuzzDecodePlan(f *testing.F) {
	doc, err := twoOfThree(f).MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(doc)
	f.Add([]byte(`{"format":"nemcustody-plan","version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePlan(b)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("decoded an invalid plan: %v", err)
		}
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		q, err := DecodePlan(out)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := q.MarshalJSON()
		if !bytes.Equal(again, out) {
			t.Fatal("plan does not round-trip")
		}
	})
}
