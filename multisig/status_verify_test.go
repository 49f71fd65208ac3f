package multisig

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/verifytrace"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestStatusVerifiesEverySignature: Status, called by a library user on
// its own, verifies the wrapper's signature and every cosignature's, each
// once (issue 13 moved no verification out of it: coldwallet.Combine
// relies on it), and a damaged one of either is refused.
func TestStatusVerifiesEverySignature(t *testing.T) {
	p := twoOfThree(t)
	hot, coldA, coldB := testKey(t, "hot"), testKey(t, "cold-a"), testKey(t, "cold-b")
	ms, err := p.Wrap(withdrawal(t, p), hot.PublicKey(), opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, hot)
	require.NoError(t, err)
	csA, err := p.Cosign(ms.Inner, coldA, opts)
	require.NoError(t, err)
	csB, err := p.Cosign(ms.Inner, coldB, opts)
	require.NoError(t, err)

	var mu sync.Mutex
	seen := map[sign.Signature]int{}
	restore := verifytrace.Set(func(_ [32]byte, sig [64]byte) {
		mu.Lock()
		defer mu.Unlock()
		seen[sig]++
	})
	defer restore()
	r, err := Status(p, w, []*transaction.Signed{csA, csB})
	require.NoError(t, err)
	require.True(t, r.Complete)
	mu.Lock()
	require.Equal(t, map[sign.Signature]int{w.Signature: 1, csA.Signature: 1, csB.Signature: 1}, seen)
	mu.Unlock()

	badWrapper, badCosig := *w, *csB
	badWrapper.Signature[5] ^= 1
	badCosig.Signature[5] ^= 1
	_, err = Status(p, &badWrapper, []*transaction.Signed{csA})
	require.ErrorIs(t, err, ErrBadSignature)
	require.ErrorContains(t, err, "multisig: wrapper: ")
	_, err = Status(p, w, []*transaction.Signed{csA, &badCosig})
	require.ErrorIs(t, err, ErrBadSignature)
	require.ErrorContains(t, err, "multisig: cosignature 2: ")
}
