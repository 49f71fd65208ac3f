package coldwallet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestSignerRefusesExpiredAgainstJournal: network time does not go back,
// so once the journal holds a signing at node time N, an item with a
// deadline before N is expired (NIS's pool would refuse it), whatever
// earlier node time a later request claims; the refusal is journaled.
func TestSignerRefusesExpiredAgainstJournal(t *testing.T) {
	f := newFixture(t)
	const h = 3600
	later := fixtureTime + 5*h
	for _, c := range []struct {
		name       string
		inner, cos span
		expired    bool
	}{
		{"both deadlines before the latest node time", span{fixtureTime, fixtureTime + 4*h}, span{fixtureTime, fixtureTime + 4*h}, true},
		{"only the inner transaction's deadline before it", span{fixtureTime, later - 1}, span{fixtureTime, fixtureTime + 6*h}, true},
		{"only the cosignature's deadline before it", span{fixtureTime, fixtureTime + 6*h}, span{fixtureTime, later - 1}, true},
		{"deadlines at the latest node time", span{fixtureTime, later}, span{fixtureTime, later}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
			_, err := signEnvelope(t, s, f.timedRequest(t, later, 10*transaction.XEM, span{later, later + h}, span{later, later + h}))
			require.NoError(t, err)
			res, err := signEnvelope(t, s, f.timedRequest(t, fixtureTime, 10*transaction.XEM, c.inner, c.cos))
			if !c.expired {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, transaction.ErrExpired)
			require.ErrorContains(t, err, "the latest the journal records")
			require.Nil(t, res.Response)
			vr, err := verifyJournalFile(path, journal.VerifyOptions{})
			require.NoError(t, err)
			require.Equal(t, firstSignedSeq+1, vr.HeadSeq, "the refusal is journaled")
			require.Equal(t, journal.EventRefused, res.Entry.Event)
		})
	}

	// A refused request's node time was not trusted: it does not make
	// later requests expire.
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))
	far := fixtureTime + 20*h
	_, err := signEnvelope(t, s, f.timedRequest(t, far, 5000*transaction.XEM, span{far, far + h}, span{far, far + h}))
	require.ErrorIs(t, err, ErrPolicy)
	_, err = signEnvelope(t, s, f.timedRequest(t, fixtureTime, 10*transaction.XEM, span{fixtureTime, fixtureTime + h}, span{fixtureTime, fixtureTime + h}))
	require.NoError(t, err)
}
