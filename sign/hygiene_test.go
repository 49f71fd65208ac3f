package sign

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretForms returns every rendering of k's secret that must never appear
// in output: the seed and the NIS hex (byte-reversed), in hex of both cases
// and in every common base64 alphabet.
func secretForms(t *testing.T, k *PrivateKey) []string {
	seed, err := k.ExportSeed()
	require.NoError(t, err)
	nis, err := k.ExportNISHex()
	require.NoError(t, err)
	nisBytes := mustHex(t, nis)
	var forms []string
	for _, b := range [][]byte{seed[:], nisBytes} {
		forms = append(forms,
			hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
			base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
			base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
			// Any 8-byte window of the secret, in hex, catches partial leaks.
			hex.EncodeToString(b[:8]), hex.EncodeToString(b[12:20]), hex.EncodeToString(b[24:]),
			// fmt's %v of a byte array prints decimal bytes.
			strings.Trim(fmt.Sprint(b[:6]), "[]"),
		)
	}
	return forms
}

func requireNoSecret(t *testing.T, forms []string, what, out string) {
	t.Helper()
	for _, f := range forms {
		require.NotContains(t, out, f, "%s leaks the key", what)
	}
}

func TestPrivateKeyNeverPrinted(t *testing.T) {
	k, err := ParsePrivateKeyNIS("00e8bf9bc0f35c12d8c8bf94dd3a8b5b4034f1063948e3cc5304e55e31aa4b95a6"[2:])
	require.NoError(t, err)
	forms := secretForms(t, k)

	type holder struct {
		Name   string
		Key    *PrivateKey
		Value  PrivateKey
		hidden *PrivateKey
		inner  PrivateKey
	}
	h := holder{Name: "cold-1", Key: k, Value: *k, hidden: k, inner: *k}
	values := map[string]any{
		"pointer": k, "value": *k, "struct": h, "struct pointer": &h,
		"slice": []*PrivateKey{k, k}, "map": map[string]*PrivateKey{"a": k}, "interface": Signer(k),
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%100v", "%-8s", "%08x", "% x", "%#x", "%o", "%b", "%c", "%U"}
	for name, v := range values {
		for _, verb := range verbs {
			requireNoSecret(t, forms, name+" "+verb, fmt.Sprintf(verb, v))
		}
		requireNoSecret(t, forms, name+" Sprint", fmt.Sprint(v))
		requireNoSecret(t, forms, name+" Sprintln", fmt.Sprintln(v, v))
	}
	// Reflection-based dumpers, such as the one testify uses for failure
	// messages, follow pointers; the secret is out of their reach too.
	other, err := GenerateKey(nil)
	require.NoError(t, err)
	for name, v := range values {
		var rec recorder
		assert.Equal(&rec, v, holder{Key: other})
		require.NotEmpty(t, rec.msgs, name)
		requireNoSecret(t, forms, "testify diff "+name, strings.Join(rec.msgs, "\n"))
	}
	require.Equal(t, "sign.PrivateKey(REDACTED)", fmt.Sprintf("%x", k))
	require.Equal(t, "sign.PrivateKey(REDACTED)", k.String())

	// slog, text and JSON, as a top-level attribute, in a group and inside a struct.
	for _, mk := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(mk(&buf))
		log.Info("signing", "key", k, "value", *k, "holder", h)
		log.Info("signing", slog.Group("g", slog.Any("key", k)))
		log.With("key", k).Warn("again")
		requireNoSecret(t, forms, "slog", buf.String())
		require.Contains(t, buf.String(), "REDACTED")
	}

	// encoding/json: no JSON form at all, and the error says so without
	// the key.
	for name, v := range values {
		out, err := json.Marshal(v)
		requireNoSecret(t, forms, "json "+name, string(out))
		if err != nil {
			requireNoSecret(t, forms, "json error "+name, err.Error())
		}
	}
	_, err = json.Marshal(k)
	require.Error(t, err)
	_, err = json.Marshal(h)
	require.Error(t, err, "a struct holding a key cannot be marshalled")
	var back PrivateKey
	require.Error(t, json.Unmarshal([]byte(`"`+forms[0]+`"`), &back))

	// Inside a wrapped error.
	wrapped := fmt.Errorf("sign withdrawal with %v (%x): %w", k, k, errors.New("node down"))
	requireNoSecret(t, forms, "wrapped error", wrapped.Error())
	requireNoSecret(t, forms, "wrapped error %+v", fmt.Sprintf("%+v", wrapped))
}

// TestParseErrorsNeverEchoInput: errors about bad key text name the problem
// but never repeat what was typed, which may be a real key with one typo.
func TestParseErrorsNeverEchoInput(t *testing.T) {
	good := "575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced"
	inputs := []string{
		good[:63], good + "0", "zz" + good[2:], good[:40] + "g" + good[41:], "01" + good,
		good + "\n" + good, "0x" + good[2:], strings.ToUpper(good[:62]) + "QQ",
	}
	for _, in := range inputs {
		_, err := ParsePrivateKeyNIS(in)
		require.ErrorIs(t, err, ErrInvalidPrivateKey)
		for i := 0; i+10 <= len(in); i++ {
			require.NotContains(t, err.Error(), in[i:i+10], "error %q echoes input", err)
		}
	}
}

// recorder collects testify failure messages instead of failing.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
