package coldwallet

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestSignerNodeTimeFarFromClock: a node time more than a day away from
// the offline clock (Unix seconds given as NEM seconds, a stale request)
// is refused and journaled, also when the operator would confirm; with
// AcceptNodeTime the review warns with both times and the run proceeds.
func TestSignerNodeTimeFarFromClock(t *testing.T) {
	f := newFixture(t)
	clock := fixtureTime.Time().Add(time.Hour)
	unix := transaction.Timestamp(fixtureTime.Time().Unix()) // what a Unix clock reads, taken as NEM seconds
	for _, c := range []struct {
		name    string
		nt      transaction.Timestamp
		refused bool
		warning string
	}{
		{"an hour before the clock", fixtureTime, false, ""},
		{"exactly a day after the clock", fixtureTime + 3600 + 86400, false, ""},
		{"exactly a day before the clock", fixtureTime + 3600 - 86400, false, ""},
		{"a day and a second after the clock", fixtureTime + 3600 + 86401, true, "WARNING: THE NODE TIME IS MORE THAN A DAY AHEAD OF THIS MACHINE'S CLOCK"},
		{"a stale request, three days old", fixtureTime + 3600 - 3*86400, true, "WARNING: THE NODE TIME IS 3 DAYS BEHIND THIS MACHINE'S CLOCK"},
		{"Unix seconds as NEM seconds", unix, true, "WARNING: THE NODE TIME IS 45 YEARS AHEAD OF THIS MACHINE'S CLOCK"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := f.timedRequest(t, c.nt, 10*transaction.XEM, span{c.nt, c.nt + 3600}, span{c.nt, c.nt + 3600})
			s, path := newSigner(t, f, f.coldA, basePolicy(f, t))
			s.Now = func() time.Time { return clock }
			var shown *Review
			s.Confirm = func(rv *Review) (bool, error) { shown = rv; return true, nil }
			res, err := signEnvelope(t, s, req)
			expired := (c.nt + 3600).Time().Before(clock) // the deadline has passed by the clock
			if !c.refused {
				require.NoError(t, err)
				if expired {
					require.Len(t, shown.Warnings, 1)
					require.Contains(t, shown.Warnings[0], "HAS EXPIRED BY THIS MACHINE'S CLOCK")
				} else {
					require.Empty(t, shown.Warnings)
				}
				return
			}
			require.ErrorIs(t, err, ErrNodeTime)
			require.ErrorContains(t, err, c.nt.Time().Format(reviewTimeLayout))
			require.ErrorContains(t, err, clock.Format(reviewTimeLayout))
			require.Nil(t, shown, "refused before the operator is asked: confirming is not enough")
			require.Nil(t, res.Response)
			require.Equal(t, journal.EventRefused, res.Entry.Event)

			// The operator accepts the node time explicitly.
			s.AcceptNodeTime = true
			res, err = signEnvelope(t, s, req)
			require.NoError(t, err)
			require.Len(t, shown.Warnings, 1+boolInt(expired))
			require.Contains(t, shown.Warnings[len(shown.Warnings)-1], c.warning)
			require.Contains(t, shown.String(), c.nt.Time().Format(reviewTimeLayout))
			require.Contains(t, shown.String(), clock.Format(reviewTimeLayout))
			require.Equal(t, journal.EventSigned, res.Entry.Event)
			vr, err := verifyJournalFile(path, journal.VerifyOptions{})
			require.NoError(t, err)
			require.Equal(t, firstSignedSeq+1, vr.HeadSeq)

			// A node time accepted although it was that far off does not
			// make later requests expire.
			s.AcceptNodeTime = false
			_, err = signEnvelope(t, s, f.timedRequest(t, fixtureTime, 10*transaction.XEM, span{fixtureTime, fixtureTime + 3600}, span{fixtureTime, fixtureTime + 3600}))
			require.NoError(t, err)
		})
	}
}

// TestSignerWarnsAboutAnExpiredItem is the last point of class 9: a
// request whose deadline has passed by the offline clock (but whose node
// time is within a day of it) is shown with a loud warning.
func TestSignerWarnsAboutAnExpiredItem(t *testing.T) {
	f := newFixture(t)
	env, err := f.cosignRequest(t, f.withdrawal(t, 10*transaction.XEM, f.customer(t))).MarshalText()
	require.NoError(t, err)
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))
	s.Now = func() time.Time { return fixtureDeadline.Time().Add(time.Minute) } // 6 h after the node time
	res, err := s.Sign(env)
	require.NoError(t, err)
	require.Len(t, res.Review.Warnings, 1)
	require.Contains(t, res.Review.Warnings[0], "WARNING: ITEM 1 HAS EXPIRED BY THIS MACHINE'S CLOCK")
	require.Contains(t, res.Review.String(), "ITEM 1 HAS EXPIRED")
	s.Now = offlineClock
	res, err = s.Sign(env)
	require.NoError(t, err)
	require.Empty(t, res.Review.Warnings)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
