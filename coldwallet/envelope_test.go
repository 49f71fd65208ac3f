package coldwallet

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func TestRequestGoldenAndRoundTrip(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	b, err := req.MarshalText()
	require.NoError(t, err)
	golden(t, "request-cosign.txt", b)

	back, id, err := ParseRequest(b)
	require.NoError(t, err)
	require.Equal(t, req, back)
	want, err := req.ID()
	require.NoError(t, err)
	require.Equal(t, want, id)
	require.True(t, strings.HasSuffix(string(b), "checksum: "+id+"\n"))

	// A batch of two withdrawals and a sign item.
	w2 := f.withdrawal(t, 25*transaction.XEM, f.customer(t))
	batch := f.cosignRequest(t, w, w2)
	batch.Signers = append(batch.Signers, f.hot.PublicKey())
	batch.Items = append(batch.Items, Item{Kind: KindSign, Tx: w2.Tx})
	bb, err := batch.MarshalText()
	require.NoError(t, err)
	golden(t, "request-batch.txt", bb)
	back, _, err = ParseRequest(bb)
	require.NoError(t, err)
	require.Equal(t, batch, back)
}

// TestRequestTampering: every single-bit flip and every truncation of a
// request is refused.
func TestRequestTampering(t *testing.T) {
	f := newFixture(t)
	b, err := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t))).MarshalText()
	require.NoError(t, err)
	for bit := 0; bit < 8*len(b); bit++ {
		c := bytes.Clone(b)
		c[bit/8] ^= 1 << (bit % 8)
		_, _, err := ParseRequest(c)
		require.Error(t, err, "bit %d", bit)
	}
	for n := 0; n < len(b); n++ {
		_, _, err := ParseRequest(b[:n])
		require.Error(t, err, "truncated to %d bytes", n)
	}
}

func TestResponseGoldenTamperingAndRoundTrip(t *testing.T) {
	f := newFixture(t)
	req := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t)))
	id, err := req.ID()
	require.NoError(t, err)
	data, err := req.Items[0].Tx.MarshalBinary()
	require.NoError(t, err)
	sig, err := f.coldA.Sign(data)
	require.NoError(t, err)
	resp := &Response{RequestID: id, Signer: f.coldA.PublicKey(), JournalID: strings.Repeat("5c", 16), JournalSeq: 7, JournalHash: strings.Repeat("ab", 32),
		Signatures: []ItemSignature{{Item: 1, Signature: sig}}}
	require.NoError(t, resp.prove(req, f.coldA))
	require.NoError(t, resp.verifyProof(req))
	b, err := resp.MarshalText()
	require.NoError(t, err)
	golden(t, "response-cosign.txt", b)
	back, err := ParseResponse(b)
	require.NoError(t, err)
	require.Equal(t, resp, back)

	for bit := 0; bit < 8*len(b); bit++ {
		c := bytes.Clone(b)
		c[bit/8] ^= 1 << (bit % 8)
		_, err := ParseResponse(c)
		require.Error(t, err, "bit %d", bit)
	}
	for n := 0; n < len(b); n++ {
		_, err := ParseResponse(b[:n])
		require.Error(t, err, "truncated to %d bytes", n)
	}
}

func TestEnvelopeRefusals(t *testing.T) {
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	good, err := req.MarshalText()
	require.NoError(t, err)

	// rewrite edits the lines before the checksum and recomputes it, so
	// only the rule under test fails.
	rewrite := func(edit func(lines []string) []string) []byte {
		lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
		lines = edit(lines[:len(lines)-1])
		ew := &envelopeWriter{}
		ew.b.WriteString(strings.Join(lines, "\n") + "\n")
		return ew.finish()
	}
	replace := func(prefix, with string) []byte {
		return rewrite(func(ls []string) []string {
			for i, l := range ls {
				if strings.HasPrefix(l, prefix) {
					ls[i] = with
				}
			}
			return ls
		})
	}
	otherInner := f.withdrawal(t, 5*transaction.XEM, f.customer(t)).Tx.(*transaction.Multisig).Inner
	otherB, err := otherInner.MarshalBinary()
	require.NoError(t, err)
	csLine := ""
	for _, l := range strings.Split(string(good), "\n") {
		if strings.HasPrefix(l, "cosign: ") {
			csLine = l
		}
	}
	cs, _, _ := strings.Cut(strings.TrimPrefix(csLine, "cosign: "), " ")

	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"unknown version", []byte(strings.Replace(string(good), "nemcustody-request v1", "nemcustody-request v5", 1)), "version"},
		{"version 2 without mosaic lines", rewrite(func(ls []string) []string { ls[0] = "nemcustody-request v2"; return ls }), "version 1"},
		{"not a request", []byte(strings.Replace(string(good), "nemcustody-request v1", "nemcustody-response v1", 1)), "not a nemcustody-request"},
		{"unknown header", rewrite(func(ls []string) []string { return append(ls[:2], append([]string{"fee: 1"}, ls[2:]...)...) }), "expected"},
		{"headers out of order", rewrite(func(ls []string) []string { ls[1], ls[2] = ls[2], ls[1]; return ls }), "expected \"network\""},
		{"wrong network name", replace("network: ", "network: Testnet"), "network"},
		{"mainnet request with testnet transactions", replace("network: ", "network: mainnet"), "testnet transaction in a mainnet request"},
		{"unknown signer", replace("signer: ", "signer: "+f.coldB.PublicKey().String()), "not a signer of the request"},
		{"control character in note", replace("note: ", "note: pay \x1b[2J now"), "note"},
		{"cosignature of another inner transaction", replace("cosign: ", "cosign: "+cs+" "+base64Std(otherB)), "inner hash"},
		{"cosign without inner", replace("cosign: ", "cosign: "+cs), "cosign"},
		{"wrapper as a cosign item", replace("cosign: ", "cosign: "+base64Std(mustBytes(t, w.Tx))+" "+base64Std(otherB)), "not a cosignature"},
		{"cosignature as a sign item", replace("cosign: ", "sign: "+cs), "cosign item"},
		{"CRLF line endings", []byte(strings.ReplaceAll(string(good), "\n", "\r\n")), ""},
		{"trailing space", replace("note: ", "note: batch "), ""},
		{"empty", nil, "empty"},
		{"oversized", bytes.Repeat([]byte("a"), MaxEnvelopeSize+1), "more than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ParseRequest(c.in)
			require.ErrorIs(t, err, ErrEnvelope)
			require.ErrorContains(t, err, c.want)
		})
	}
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func mustBytes(t *testing.T, tx transaction.Transaction) []byte {
	b, err := tx.MarshalBinary()
	require.NoError(t, err)
	return b
}

// TestEnvelopeErrorsWrapTheCause: an envelope error wraps ErrEnvelope and
// the underlying error, so errors.Is finds both.
func TestEnvelopeErrorsWrapTheCause(t *testing.T) {
	f := newFixture(t)
	req := f.cosignRequest(t, f.withdrawal(t, 1000*transaction.XEM, f.customer(t)))
	resp := respond(t, req, f.coldA)
	resp.Signer = sign.PublicKey{1}
	err := resp.Check()
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey)

	bad := *req
	bad.Signers = []sign.PublicKey{{1}}
	err = bad.Check()
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey)

	// Lines that parse as envelope lines but hold a bad key, signature or
	// transaction.
	w := newEnvelopeWriter(requestFormat, requestVersion)
	w.header("network", "testnet")
	w.header("node-time", "1")
	w.header("signer", "00")
	_, _, err = ParseRequest(w.finish())
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey)
	require.ErrorContains(t, err, "coldwallet: invalid envelope: line 4: signer: sign: invalid public key: ")

	w = newEnvelopeWriter(requestFormat, requestVersion)
	w.header("network", "testnet")
	w.header("node-time", "1")
	w.header("signer", f.coldA.PublicKey().String())
	w.header("sign", "AAAA")
	_, _, err = ParseRequest(w.finish())
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, transaction.ErrMalformed)

	w = newEnvelopeWriter(responseFormat, responseVersion)
	w.header("request", strings.Repeat("0", 64))
	w.header("signer", "xyz")
	_, err = ParseResponse(w.finish())
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey)

	w = newEnvelopeWriter(responseFormat, responseVersion)
	w.header("request", strings.Repeat("0", 64))
	w.header("signer", f.coldA.PublicKey().String())
	w.header("journal", strings.Repeat("1", 32)+" 1 "+strings.Repeat("0", 64))
	w.header("journal-proof", strings.Repeat("0", 128))
	w.header("signature", "1 00")
	_, err = ParseResponse(w.finish())
	require.ErrorIs(t, err, ErrEnvelope)
	require.ErrorIs(t, err, sign.ErrInvalidSignature)
}
