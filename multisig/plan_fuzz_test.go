package multisig

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodePlan: never panics; what decodes is a valid plan whose
// canonical document is the input without its white space (as
// json.Compact removes it: no other spelling of the same plan is
// accepted), and decoding that document gives the same plan.
func FuzzDecodePlan(f *testing.F) {
	p := twoOfThree(f)
	doc, err := p.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	relaxed, err := NewPlan(p.Account, p.Network, []Cosigner{
		{PublicKey: p.Cosigners[0].PublicKey, Label: `hot "A&B" <1> \ é`, Role: Online},
		{PublicKey: p.Cosigners[1].PublicKey, Label: "vault", Role: Offline, Custodian: "site"},
	}, 1, Relaxations{AllowOnlineThreshold: true, AllowSingleCustodian: true})
	if err != nil {
		f.Fatal(err)
	}
	relaxedDoc, err := relaxed.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		f.Fatal(err)
	}
	shared, err := withShares(f, &ShareBackup{2, []ShareGroup{{1, []string{"lawyer"}}, {2, []string{"bank", "notary", "lawyer"}}, {1, []string{"site B"}}}}, nil, Relaxations{})
	if err != nil {
		f.Fatal(err)
	}
	sharedDoc, err := shared.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sharedDoc)
	f.Add(doc)
	f.Add(relaxedDoc)
	f.Add(compact.Bytes())
	f.Add([]byte(strings.Replace(string(doc), `"threshold": 2`, `"threshold": 2, "THRESHOLD": 3`, 1)))
	f.Add([]byte(strings.Replace(string(doc), `"format": "nemcustody-plan",`, ``, 1)))
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
		q, err := DecodePlan(out)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatal("plan does not round-trip")
		}
	})
}
