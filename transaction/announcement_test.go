package transaction

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestVerifySignedMessages: a refused signature is named by its field; the
// sign package's error is wrapped with its text and prefix as they are (each
// package's prefix once), and its sentinel is still found.
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
	require.EqualError(t, err, "transaction: signature: sign: invalid signature: S is zero")
	require.ErrorIs(t, err, sign.ErrInvalidSignature)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "signature", fe.Field)
	bad.Signature = s.Signature
	bad.Signature[1] ^= 1
	require.EqualError(t, VerifySigned(&bad), "transaction: signature: sign: invalid signature: equation does not hold (wrong key, data or signature)")

	// A carried cosignature: the first verifies, the second is zero.
	withCosignatures(t, ms, nil, cosigner.PublicKey(), keyCarol)
	cs, err := Sign(&ms.Cosignatures[0].Cosignature, cosigner)
	require.NoError(t, err)
	ms.Cosignatures[0].Signature = cs.Signature
	require.NoError(t, VerifySigned(&Signed{Tx: &ms.Cosignatures[0].Cosignature, Signature: cs.Signature}))
	err = VerifySigned(s)
	require.EqualError(t, err, "transaction: signatures[1].signature: sign: invalid signature: S is zero")
	require.ErrorIs(t, err, sign.ErrInvalidSignature)
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "signatures[1].signature", fe.Field)
}
