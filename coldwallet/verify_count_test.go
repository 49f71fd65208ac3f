package coldwallet

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/verifytrace"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// verifyCounter counts the sign.Verify calls made while it is installed,
// per signature.
type verifyCounter struct {
	mu    sync.Mutex
	count map[sign.Signature]int
	total int
}

// countVerifies installs a counter until the test ends.
func countVerifies(t *testing.T) *verifyCounter {
	c := &verifyCounter{count: map[sign.Signature]int{}}
	restore := verifytrace.Set(func(_ [32]byte, sig [64]byte) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.count[sig]++
		c.total++
	})
	t.Cleanup(restore)
	return c
}

// reset forgets what was counted.
func (c *verifyCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.count)
	c.total = 0
}

// seen returns how often sig was verified, and how many verifications
// were made in all.
func (c *verifyCounter) seen(sig sign.Signature) (n, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count[sig], c.total
}

// TestFlowVerifiesEachSignatureOnce: in the 2-of-3 withdrawal through
// the coldwallet path, the offline side verifies nothing (the request
// carries no signature, and its own signatures come from this package's
// key, whose arithmetic the self-test guards), and the online side
// verifies the wrapper's and the cosignature's signatures exactly once
// each while reading the response and combining (issue 13): Combine does
// not verify again what multisig.Status verifies.
func TestFlowVerifiesEachSignatureOnce(t *testing.T) {
	require.NoError(t, sign.SelfTest()) // its known answer is verified once per process
	f := newFixture(t)
	w := f.withdrawal(t, 1000*transaction.XEM, f.customer(t))
	req := f.cosignRequest(t, w)
	env, err := req.MarshalText()
	require.NoError(t, err)
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))

	c := countVerifies(t)
	res, err := s.Sign(env)
	require.NoError(t, err)
	_, total := c.seen(w.Signature)
	require.Zero(t, total, "the offline side verifies nothing")

	c.reset()
	resp, err := ParseResponse(res.Response)
	require.NoError(t, err)
	comb, err := Combine(f.plan, req, res.RequestID, []*Response{resp}, []*transaction.Signed{w})
	require.NoError(t, err)
	require.True(t, comb.Complete)
	require.Len(t, comb.Announce, 2)
	n, _ := c.seen(w.Signature)
	require.Equal(t, 1, n, "the wrapper's signature is verified once")
	n, total = c.seen(resp.Signatures[0].Signature)
	require.Equal(t, 1, n, "the cosignature is verified once")
	require.Equal(t, 2, total, "two signatures, two verifications")
}
