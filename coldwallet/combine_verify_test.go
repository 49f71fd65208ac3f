package coldwallet

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// mixedRequest is a request with every kind of signature Combine meets:
// item 1 vault A's cosignature of w1 (whose wrapper the hot key signed:
// presigned), item 2 a wrapper vault B initiates, item 3 vault A's
// cosignature of that wrapper's inner transaction, and item 4 the
// account's conversion (a transaction outside any wrapper group).
type mixedRequest struct {
	req  *Request
	id   string
	w1   *transaction.Signed
	a, b *Response // vault A's (items 1 and 3) and vault B's (item 2)
	conv *Response // the account's (item 4)
}

func newMixedRequest(t *testing.T, f *fixture) *mixedRequest {
	m := &mixedRequest{w1: f.withdrawal(t, 1000*transaction.XEM, f.customer(t))}
	req := f.cosignRequest(t, m.w1)
	tr := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: fixtureTime, Deadline: fixtureDeadline},
		Recipient: f.customer(t), Amount: 7 * transaction.XEM,
	}
	ms, err := f.plan.Wrap(tr, f.coldB.PublicKey(), f.opts)
	require.NoError(t, err)
	cs, err := f.plan.Cosignature(ms.Inner, f.coldA.PublicKey(), f.opts)
	require.NoError(t, err)
	conv, err := f.plan.Conversion(f.opts)
	require.NoError(t, err)
	req.Signers = append(req.Signers, f.coldB.PublicKey(), f.account.PublicKey())
	req.Items = append(req.Items, Item{Kind: KindSign, Tx: ms}, Item{Kind: KindCosign, Tx: cs, Inner: ms.Inner}, Item{Kind: KindSign, Tx: conv})
	require.NoError(t, req.Check())
	m.req = req
	m.id, err = req.ID()
	require.NoError(t, err)
	m.a, m.b, m.conv = respond(t, req, f.coldA), respond(t, req, f.coldB), respond(t, req, f.account)
	return m
}

// damaged returns a copy of r whose k-th signature has one bit changed.
func damaged(r *Response, k int) *Response {
	c := *r
	c.Signatures = append([]ItemSignature(nil), r.Signatures...)
	c.Signatures[k].Signature[3] ^= 1
	return &c
}

// damagedSigned returns a copy of s with one bit of its signature changed.
func damagedSigned(s *transaction.Signed) *transaction.Signed {
	c := *s
	c.Signature[3] ^= 1
	return &c
}

// TestCombineVerifiesEverySignatureOnce: Combine verifies each signature
// it returns exactly once, whichever path checks it (multisig.Status for
// a wrapper and its cosignatures, Combine itself for a transaction
// outside a wrapper group and for the cosignatures of a wrapper not signed
// yet), and everything it announces was verified.
func TestCombineVerifiesEverySignatureOnce(t *testing.T) {
	f := newFixture(t)
	m := newMixedRequest(t, f)
	for _, tc := range []struct {
		name      string
		responses []*Response
		complete  bool
	}{
		{"all signed", []*Response{m.a, m.b, m.conv}, true},
		{"vault B's wrapper not signed yet", []*Response{m.a, m.conv}, false},
		{"only vault B", []*Response{m.b}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counter := countVerifies(t)
			c, err := Combine(f.plan, m.req, m.id, tc.responses, []*transaction.Signed{m.w1})
			require.NoError(t, err)
			require.Equal(t, tc.complete, c.Complete)
			sigs := []sign.Signature{m.w1.Signature}
			for _, r := range tc.responses {
				for _, s := range r.Signatures {
					sigs = append(sigs, s.Signature)
				}
			}
			for _, s := range sigs {
				n, _ := counter.seen(s)
				require.Equal(t, 1, n, "signature %s", s)
			}
			_, total := counter.seen(sign.Signature{})
			require.Equal(t, len(sigs), total)
		})
	}
}

// TestCombineBadSignatureFirst: the attacker on the online machine hands
// Combine a damaged signature at every place one can be, alone or beside
// another fault. Combine refuses it in the words it always used, naming
// the response and item (or the presigned transaction), and ahead of any
// other fault, whether multisig.Status or Combine itself verifies it.
func TestCombineBadSignatureFirst(t *testing.T) {
	f := newFixture(t)
	m := newMixedRequest(t, f)
	outsider := fixtureKey(t, "outsider")
	ms := *m.w1.Tx.(*transaction.Multisig)
	ms.Signer = outsider.PublicKey()
	outsiderWrapper, err := transaction.Sign(&ms, outsider)
	require.NoError(t, err)
	foreign := *m.b
	foreign.RequestID = "00" + m.id[2:]
	presignedConv := &transaction.Signed{Tx: m.req.Items[3].Tx, Signature: m.conv.Signatures[0].Signature}
	const resp = "coldwallet: response %d: response does not match its request: item %d: "

	for _, tc := range []struct {
		name      string
		responses []*Response
		presigned []*transaction.Signed
		want      string
	}{
		{"a cosignature of a presigned wrapper (Status verifies it)", []*Response{damaged(m.a, 0), m.b, m.conv}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 1, 1)},
		{"a cosignature of a wrapper not signed yet (Combine verifies it)", []*Response{damaged(m.a, 1), m.conv}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 1, 3)},
		{"a cosignature of a wrapper signed in the same run", []*Response{m.b, damaged(m.a, 1)}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 2, 3)},
		{"a wrapper item", []*Response{m.a, damaged(m.b, 0)}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 2, 2)},
		{"a transaction outside any wrapper group", []*Response{m.a, m.b, damaged(m.conv, 0)}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 3, 4)},
		{"a presigned wrapper", []*Response{m.a, m.b}, []*transaction.Signed{damagedSigned(m.w1)},
			"coldwallet: presigned transaction 1: "},
		{"a presigned transaction outside any wrapper group", []*Response{m.a, m.b}, []*transaction.Signed{m.w1, damagedSigned(presignedConv)},
			"coldwallet: presigned transaction 2: "},
		{"beside a missing wrapper", []*Response{damaged(m.a, 0)}, nil,
			fmt.Sprintf(resp, 1, 1)},
		{"beside a later foreign response", []*Response{damaged(m.a, 1), &foreign}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 1, 3)},
		{"beside a later missing presigned transaction", []*Response{damaged(m.conv, 0)}, []*transaction.Signed{m.w1, nil},
			fmt.Sprintf(resp, 1, 4)},
		{"beside a wrapper Status refuses", []*Response{damaged(m.a, 1)}, []*transaction.Signed{outsiderWrapper},
			fmt.Sprintf(resp, 1, 3)},
		{"beside a missing plan", []*Response{damaged(m.a, 1)}, []*transaction.Signed{m.w1},
			fmt.Sprintf(resp, 1, 3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := f.plan
			if tc.name == "beside a missing plan" {
				plan = nil
			}
			c, err := Combine(plan, m.req, m.id, tc.responses, tc.presigned)
			require.Nil(t, c)
			require.ErrorIs(t, err, sign.ErrInvalidSignature)
			require.ErrorContains(t, err, tc.want)
			require.NotErrorIs(t, err, multisig.ErrBadSignature, "Combine's own words, not Status's")
		})
	}

	// The other faults alone still give their own errors.
	_, err = Combine(f.plan, m.req, m.id, []*Response{m.a}, []*transaction.Signed{outsiderWrapper})
	require.ErrorIs(t, err, multisig.ErrNotCosigner)
	_, err = Combine(nil, m.req, m.id, []*Response{m.a}, []*transaction.Signed{m.w1})
	require.ErrorIs(t, err, multisig.ErrMissing)
	_, err = Combine(f.plan, m.req, m.id, []*Response{m.a, &foreign}, []*transaction.Signed{m.w1})
	require.ErrorIs(t, err, ErrForeignResponse)
}
