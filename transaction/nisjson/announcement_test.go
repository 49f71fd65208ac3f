package nisjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testfix"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestDecodeAnnouncement: an announce object round-trips, and the reader
// is strict about key names, duplicates and what follows the object.
func TestDecodeAnnouncement(t *testing.T) {
	k, err := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	require.NoError(t, err)
	tr := testfix.Transfer()
	tr.Signer = k.PublicKey()
	s, err := transaction.Sign(tr, k)
	require.NoError(t, err)
	a, err := s.Announcement()
	require.NoError(t, err)
	good, err := json.Marshal(a)
	require.NoError(t, err)

	got, err := DecodeAnnouncement(good)
	require.NoError(t, err)
	require.Equal(t, s, got)
	require.NoError(t, transaction.VerifySigned(got))
	got, err = DecodeAnnouncement([]byte(" \n" + `{"signature":"` + strings.ToUpper(a.Signature) + `","data":"` + a.Data + `"}` + "\n"))
	require.NoError(t, err, "key order, hex case and surrounding space are free")
	require.Equal(t, s, got)

	d, sg := `"data":"`+a.Data+`"`, `"signature":"`+a.Signature+`"`
	for _, c := range []struct {
		name, in string
		err      error
		msg      string // the whole error
	}{
		{"trailing }", "{" + d + "," + sg + "}}", transaction.ErrMalformed, fmt.Sprintf("nisjson: malformed transaction: data after the JSON value (byte %d)", len(good))},
		{"two objects", string(good) + string(good), transaction.ErrMalformed, fmt.Sprintf("nisjson: malformed transaction: data after the JSON value (byte %d)", len(good))},
		{"upper-case DATA", `{"DATA":"` + a.Data + `",` + sg + "}", transaction.ErrMalformed, "nisjson: data: malformed transaction: missing"},
		{"Signature capitalized", "{" + d + `,"Signature":"` + a.Signature + `"}`, transaction.ErrMalformed, "nisjson: signature: malformed transaction: missing"},
		{"duplicate data", "{" + d + "," + d + "," + sg + "}", transaction.ErrMalformed, "nisjson: data: malformed transaction: duplicate key"},
		{"duplicate signature", "{" + d + "," + sg + "," + sg + "}", transaction.ErrMalformed, "nisjson: signature: malformed transaction: duplicate key"},
		{"extra key", "{" + d + "," + sg + `,"hash":"00"}`, transaction.ErrMalformed, "nisjson: hash: malformed transaction: unknown key"},
		{"missing signature", "{" + d + "}", transaction.ErrMalformed, "nisjson: signature: malformed transaction: missing"},
		{"data a number", `{"data":1,` + sg + "}", transaction.ErrMalformed, "nisjson: data: malformed transaction: want a string, got a number"},
		{"data empty", `{"data":"",` + sg + "}", transaction.ErrInvalidField, "nisjson: data: invalid field: 0 bytes, want 1 to 1048576"},
		{"data not hex", `{"data":"zz",` + sg + "}", transaction.ErrInvalidField, "nisjson: data: invalid field: not hexadecimal"},
		{"signature short", "{" + d + `,"signature":"00"}`, transaction.ErrInvalidField, "nisjson: signature: invalid field: 2 hex characters, want 128"},
		{"an array", "[" + string(good) + "]", transaction.ErrMalformed, "nisjson: malformed transaction: want a JSON object, got an array"},
		{"empty", "", transaction.ErrMalformed, "nisjson: malformed transaction: empty JSON input"},
		{"data truncated", `{"data":"` + a.Data[:len(a.Data)-2] + `",` + sg + "}", transaction.ErrMalformed, ""},
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

// TestEncodeNil: a missing transaction, or a nil pointer of any type, is
// refused, never a panic.
func TestEncodeNil(t *testing.T) {
	nils := []transaction.Transaction{nil, (*transaction.Transfer)(nil), (*transaction.Multisig)(nil),
		(*transaction.MultisigSignature)(nil), (*transaction.MultisigAggregateModification)(nil),
		(*transaction.ImportanceTransfer)(nil), (*transaction.ProvisionNamespace)(nil),
		(*transaction.MosaicDefinitionCreation)(nil), (*transaction.MosaicSupplyChange)(nil),
		&transaction.Multisig{Header: transaction.Header{Network: sign.Testnet, Version: 1}}}
	for _, tx := range nils {
		want := "nisjson: transaction: malformed transaction: no transaction"
		if _, ok := tx.(*transaction.Multisig); ok && tx.(*transaction.Multisig) != nil {
			want = "nisjson: otherTrans: malformed transaction: no inner transaction"
		}
		_, err := Encode(tx)
		require.EqualError(t, err, want, "%T", tx)
		_, err = EncodeSigned(&transaction.Signed{Tx: tx})
		require.ErrorIs(t, err, transaction.ErrMalformed, "%T", tx)
	}
	_, err := EncodeSigned(nil)
	require.ErrorIs(t, err, transaction.ErrMalformed)
}
