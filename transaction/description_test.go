package transaction

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestDescriptionInvalidUTF8: a description built with bytes that are not
// UTF-8 is refused before signing. NIS would read each bad byte as U+FFFD
// (StringEncoder.getString), re-serialize EF BF BD and so never verify
// the signature, and the reader already refuses such bytes.
func TestDescriptionInvalidUTF8(t *testing.T) {
	key, err := sign.NewPrivateKeyFromSeed(make([]byte, 32))
	require.NoError(t, err)
	cases := []struct {
		name string
		desc string
	}{
		{"a lone continuation byte", "\xff"},
		{"a bad byte between letters", "a\xffb"},
		{"an encoded surrogate", "a \xed\xa0\x80"},
		{"an overlong space (two U+FFFD to Java, not white space)", "\xc0\xa0"},
		{"a truncated three-byte character", "ab\xe2\x82"},
	}
	const want = "mosaicDefinition.description: non-canonical encoding: not valid UTF-8 (NIS would replace characters)"
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, Check(withDescription(c.desc)), ErrNonCanonical)
			require.ErrorContains(t, Check(withDescription(c.desc)), want)
			require.ErrorIs(t, Validate(withDescription(c.desc), ValidateOptions{}), ErrNonCanonical)
			tx := withDescription(c.desc)
			tx.Signer, tx.Definition.Creator = key.PublicKey(), key.PublicKey()
			s, err := Sign(tx, key)
			require.Nil(t, s)
			require.ErrorIs(t, err, ErrNonCanonical)
			b, err := withDescription(c.desc).MarshalBinary()
			require.NoError(t, err)
			_, err = Parse(b)
			require.ErrorIs(t, err, ErrNonCanonical, "the reader agrees")
			require.ErrorContains(t, err, "not valid UTF-8 (NIS would replace characters)")
		})
	}
}
