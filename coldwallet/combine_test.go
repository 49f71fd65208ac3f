package coldwallet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// respond signs every item of req that key signs, as the offline signer
// would, without policy or journal.
func respond(t *testing.T, req *Request, key *sign.PrivateKey) *Response {
	id, err := req.ID()
	require.NoError(t, err)
	r := &Response{RequestID: id, Signer: key.PublicKey(), JournalSeq: 1, JournalHash: strings.Repeat("00", 32)}
	for i, it := range req.Items {
		if it.Signer() != key.PublicKey() {
			continue
		}
		s, err := transaction.Sign(it.Tx, key)
		require.NoError(t, err)
		r.Signatures = append(r.Signatures, ItemSignature{Item: i + 1, Signature: s.Signature})
	}
	return r
}

func TestCombine(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	id, err := req.ID()
	require.NoError(t, err)

	// Before any response: incomplete, nothing to announce but nothing
	// wrong either.
	c, err := Combine(f.plan, req, id, nil, []*transaction.Signed{w})
	require.NoError(t, err)
	require.False(t, c.Complete)
	require.Equal(t, []int{1}, c.Missing)
	require.Empty(t, c.Announce)

	resp := respond(t, req, f.coldA)
	c, err = Combine(f.plan, req, id, []*Response{resp}, []*transaction.Signed{w})
	require.NoError(t, err)
	require.True(t, c.Complete)
	require.Empty(t, c.Missing)
	require.Len(t, c.Reports, 1)
	require.True(t, c.Reports[0].Complete)
	wa, err := w.Announcement()
	require.NoError(t, err)
	ca, err := c.Signed[0].Announcement()
	require.NoError(t, err)
	require.Equal(t, []transaction.Announcement{wa, ca}, c.Announce, "wrapper first, then the cosignature")
}

func TestCombineRefuses(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	id, err := req.ID()
	require.NoError(t, err)
	good := respond(t, req, f.coldA)

	other := f.cosignRequest(t, f.withdrawal(t, 7*transaction.XEM, f.customer(t)))
	foreign := respond(t, other, f.coldA)

	wrongSigner := respond(t, req, f.coldA)
	wrongSigner.Signer = f.coldB.PublicKey()

	badSig := respond(t, req, f.coldA)
	badSig.Signatures[0].Signature[3] ^= 1

	// A signature over another transaction's bytes (the foreign
	// request's cosignature) presented for this request.
	swapped := respond(t, req, f.coldA)
	swapped.Signatures[0].Signature = foreign.Signatures[0].Signature

	extra := respond(t, req, f.coldA)
	extra.Signatures = append(extra.Signatures, ItemSignature{Item: 2, Signature: extra.Signatures[0].Signature})

	cases := []struct {
		name      string
		responses []*Response
		want      error
	}{
		{"response to another request", []*Response{foreign}, ErrForeignResponse},
		{"response by a key that is not a signer of the request", []*Response{wrongSigner}, ErrResponse},
		{"damaged signature", []*Response{badSig}, ErrResponse},
		{"signature of another transaction", []*Response{swapped}, ErrResponse},
		{"signature for an item the signer does not have", []*Response{extra}, ErrResponse},
		{"two responses by one signer", []*Response{good, good}, ErrResponse},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Combine(f.plan, req, id, c.responses, []*transaction.Signed{w})
			require.ErrorIs(t, err, c.want)
		})
	}

	// A presigned wrapper by a key outside the plan.
	outsider := fixtureKey(t, "outsider")
	ms := *w.Tx.(*transaction.Multisig)
	ms.Signer = outsider.PublicKey()
	ow, err := transaction.Sign(&ms, outsider)
	require.NoError(t, err)
	_, err = Combine(f.plan, req, id, []*Response{good}, []*transaction.Signed{ow})
	require.Error(t, err)

	// A request ID that is not the request's.
	_, err = Combine(f.plan, req, strings.Repeat("0", 64), []*Response{good}, []*transaction.Signed{w})
	require.Error(t, err)
}

// TestNilInput: a nil request, response or transaction is refused with a
// one-line error, never a panic.
func TestNilInput(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	id, err := req.ID()
	require.NoError(t, err)
	var nilReq *Request
	var nilResp *Response
	var nilTransfer *transaction.Transfer
	var nilCosig *transaction.MultisigSignature
	inner := w.Tx.(*transaction.Multisig).Inner
	withItem := func(it Item) *Request {
		r := *req
		r.Items = []Item{it}
		return &r
	}

	cases := []struct {
		name string
		want error
		call func() error
	}{
		{"Combine, nil response", ErrResponse, func() error {
			_, err := Combine(f.plan, req, id, []*Response{nil}, []*transaction.Signed{w})
			return err
		}},
		{"Combine, nil request", ErrEnvelope, func() error {
			_, err := Combine(f.plan, nil, id, nil, []*transaction.Signed{w})
			return err
		}},
		{"Combine, nil plan", multisig.ErrMissing, func() error {
			_, err := Combine(nil, req, id, []*Response{respond(t, req, f.coldA)}, []*transaction.Signed{w})
			return err
		}},
		{"Request.Check, nil request", ErrEnvelope, func() error { return nilReq.Check() }},
		{"Request.ID, nil request", ErrEnvelope, func() error { _, err := nilReq.ID(); return err }},
		{"Request.MarshalText, nil request", ErrEnvelope, func() error { _, err := nilReq.MarshalText(); return err }},
		{"Request.Check, item without transaction", ErrEnvelope, func() error { return withItem(Item{Kind: KindSign}).Check() }},
		{"Request.Check, typed nil transaction", ErrEnvelope, func() error { return withItem(Item{Kind: KindSign, Tx: nilTransfer}).Check() }},
		{"Request.Check, typed nil cosignature", ErrEnvelope, func() error {
			return withItem(Item{Kind: KindCosign, Tx: nilCosig, Inner: inner}).Check()
		}},
		{"Request.Check, typed nil inner", ErrEnvelope, func() error {
			return withItem(Item{Kind: KindCosign, Tx: req.Items[0].Tx, Inner: nilTransfer}).Check()
		}},
		{"Response.Check, nil response", ErrEnvelope, func() error { return nilResp.Check() }},
		{"Response.MarshalText, nil response", ErrEnvelope, func() error { _, err := nilResp.MarshalText(); return err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			require.ErrorIs(t, err, c.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
	require.Equal(t, sign.PublicKey{}, Item{}.Signer(), "an item without a transaction has no signer")
	require.Equal(t, sign.PublicKey{}, Item{Tx: nilTransfer}.Signer())
}
