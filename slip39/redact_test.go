package slip39

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSecretsNeverPrinted: shares and master secrets, alone and inside
// structs, print REDACTED under every fmt verb, in slog and in testify's
// dumps, and have no JSON form; the words and bytes never appear.
func TestSecretsNeverPrinted(t *testing.T) {
	secret := bytes.Repeat([]byte{0xc3, 0x5a}, 16)
	ms, err := NewMasterSecret(secret)
	require.NoError(t, err)
	shares, err := Split(ms, []byte("TREZOR"), 1, []Group{{2, 3}}, SplitOptions{})
	require.NoError(t, err)
	s := shares[0][1]
	words, err := s.ExportWords()
	require.NoError(t, err)
	value := s.value.bytes()
	forbidden := []string{hex.EncodeToString(secret), hex.EncodeToString(secret[:8]), strings.ToUpper(hex.EncodeToString(secret[:8])),
		hex.EncodeToString(value[:8]), fmt.Sprint(value[:6]), strings.Trim(fmt.Sprint(value[:6]), "[]"),
		words[4] + " " + words[5], words[10] + " " + words[11], strings.Join(words, " ")}

	type holder struct {
		S  *Share
		M  *MasterSecret
		SV Share
		MV MasterSecret
		s  *Share
	}
	h := holder{S: s, M: ms, SV: *s, MV: *ms, s: s}
	var outs []string
	for _, v := range []any{s, *s, ms, *ms, h, &h, shares} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		outs = append(outs, buf.String())
		b, err := json.Marshal(v)
		require.Error(t, err, "%T has no JSON form", v)
		outs = append(outs, string(b), err.Error())
	}
	// testify's failure output dumps values with go-spew, which ignores
	// String methods: it must not reach the secret either.
	rec := &recorder{}
	assert := require.New(rec)
	assert.Equal(h, holder{})
	require.Contains(t, rec.msg, "Not equal")
	outs = append(outs, rec.msg)
	for _, out := range outs {
		for _, f := range forbidden {
			require.NotContains(t, out, f)
		}
	}
	require.Contains(t, fmt.Sprint(s), "REDACTED")
	require.Contains(t, fmt.Sprint(ms), "REDACTED")
}

type recorder struct{ msg string }

func (r *recorder) Errorf(format string, args ...any) { r.msg += fmt.Sprintf(format, args...) }
func (r *recorder) FailNow()                          {}

// TestDestroy: destroyed secrets cannot be exported or combined.
func TestDestroy(t *testing.T) {
	ms, err := NewMasterSecret(make([]byte, 16))
	require.NoError(t, err)
	shares, err := Split(ms, nil, 1, []Group{{2, 2}}, SplitOptions{})
	require.NoError(t, err)
	ms.Destroy()
	_, err = ms.Export()
	require.ErrorIs(t, err, ErrDestroyed)
	require.Zero(t, ms.Len())
	require.False(t, ms.Equal(ms))
	shares[0][0].Destroy()
	_, err = shares[0][0].ExportWords()
	require.ErrorIs(t, err, ErrDestroyed)
	_, err = Combine(shares[0], nil)
	require.ErrorIs(t, err, ErrDestroyed)
}
