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
		{"two objects", string(good) + string(good), ErrMalformed, fmt.Sprintf("transaction: malformed transaction: data after the JSON value (byte %d)", len(good)+1)},
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
