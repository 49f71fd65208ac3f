package transaction

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestDecodeAnnouncement: an announce object round-trips, and the reader
// is strict about key names, duplicates and what follows the object.
func TestDecodeAnnouncement(t *testing.T) {
	k, err := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	require.NoError(t, err)
	tr := newTransfer()
	tr.Signer = k.PublicKey()
	s, err := Sign(tr, k)
	require.NoError(t, err)
	a, err := s.Announcement()
	require.NoError(t, err)
	good, err := json.Marshal(a)
	require.NoError(t, err)

	got, err := DecodeAnnouncement(good)
	require.NoError(t, err)
	require.Equal(t, s, got)
	require.NoError(t, VerifySigned(got))
	got, err = DecodeAnnouncement([]byte(" \n" + `{"signature":"` + strings.ToUpper(a.Signature) + `","data":"` + a.Data + `"}` + "\n"))
	require.NoError(t, err, "key order, hex case and surrounding space are free")
	require.Equal(t, s, got)

	d, sg := `"data":"`+a.Data+`"`, `"signature":"`+a.Signature+`"`
	for _, c := range []struct {
		name, in string
		err      error
		msg      string // the whole error
	}{
		{"trailing }", "{" + d + "," + sg + "}}", ErrMalformed, fmt.Sprintf("transaction: malformed transaction: data after the JSON value (byte %d)", len(good))},
		{"two objects", string(good) + string(good), ErrMalformed, fmt.Sprintf("transaction: malformed transaction: data after the JSON value (byte %d)", len(good))},
		{"upper-case DATA", `{"DATA":"` + a.Data + `",` + sg + "}", ErrMalformed, "transaction: data: malformed transaction: missing"},
		{"Signature capitalized", "{" + d + `,"Signature":"` + a.Signature + `"}`, ErrMalformed, "transaction: signature: malformed transaction: missing"},
		{"duplicate data", "{" + d + "," + d + "," + sg + "}", ErrMalformed, "transaction: data: malformed transaction: duplicate key"},
		{"duplicate signature", "{" + d + "," + sg + "," + sg + "}", ErrMalformed, "transaction: signature: malformed transaction: duplicate key"},
		{"extra key", "{" + d + "," + sg + `,"hash":"00"}`, ErrMalformed, "transaction: hash: malformed transaction: unknown key"},
		{"missing signature", "{" + d + "}", ErrMalformed, "transaction: signature: malformed transaction: missing"},
		{"data a number", `{"data":1,` + sg + "}", ErrMalformed, "transaction: data: malformed transaction: want a string, got a number"},
		{"data empty", `{"data":"",` + sg + "}", ErrInvalidField, "transaction: data: invalid field: 0 bytes, want 1 to 1048576"},
		{"data not hex", `{"data":"zz",` + sg + "}", ErrInvalidField, "transaction: data: invalid field: not hexadecimal"},
		{"signature short", "{" + d + `,"signature":"00"}`, ErrInvalidField, "transaction: signature: invalid field: 2 hex characters, want 128"},
		{"an array", "[" + string(good) + "]", ErrMalformed, "transaction: malformed transaction: want a JSON object, got an array"},
		{"empty", "", ErrMalformed, "transaction: malformed transaction: empty JSON input"},
		{"data truncated", `{"data":"` + a.Data[:len(a.Data)-2] + `",` + sg + "}", ErrMalformed, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := DecodeAnnouncement([]byte(c.in))
			require.Nil(t, s)
			require.ErrorIs(t, err, c.err)
			if c.msg != "" {
				require.EqualError(t, err, c.msg)
			}
		})
	}
}

// TestVerifySignedMessages: a refused signature is named by its field, with
// one package prefix, and still wraps the sign package's sentinel.
func TestVerifySignedMessages(t *testing.T) {
	k, err := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	require.NoError(t, err)
	cosigner, err := sign.ParsePrivateKeyNIS(strings.Repeat("11", 32))
	require.NoError(t, err)
	ms := newWrapper(newTransfer())
	ms.Signer = k.PublicKey()
	s, err := Sign(ms, k)
	require.NoError(t, err)
	require.NoError(t, VerifySigned(s))

	// The wrapper's own signature.
	bad := *s
	bad.Signature = sign.Signature{}
	err = VerifySigned(&bad)
	require.EqualError(t, err, "transaction: signature: invalid signature: S is zero")
	require.ErrorIs(t, err, sign.ErrInvalidSignature)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "signature", fe.Field)
	bad.Signature = s.Signature
	bad.Signature[1] ^= 1
	require.EqualError(t, VerifySigned(&bad), "transaction: signature: invalid signature: equation does not hold (wrong key, data or signature)")

	// A carried cosignature: the first verifies, the second is zero.
	withCosignatures(t, ms, nil, cosigner.PublicKey(), keyCarol)
	cs, err := Sign(&ms.Cosignatures[0].Cosignature, cosigner)
	require.NoError(t, err)
	ms.Cosignatures[0].Signature = cs.Signature
	require.NoError(t, VerifySigned(&Signed{Tx: &ms.Cosignatures[0].Cosignature, Signature: cs.Signature}))
	err = VerifySigned(s)
	require.EqualError(t, err, "transaction: signatures[1].signature: invalid signature: S is zero")
	require.ErrorIs(t, err, sign.ErrInvalidSignature)
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "signatures[1].signature", fe.Field)
}
