package nis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/sign"
)

// healthFixture is a custody account with a key health record on disk
// and a clock the test moves.
type healthFixture struct {
	c     *custody
	path  string
	rec   *keyhealth.Record
	clock time.Time
	w     *Watcher
}

func newHealthFixture(t *testing.T) *healthFixture {
	c := newCustody(t)
	f := &healthFixture{c: c, path: filepath.Join(t.TempDir(), "health.json"), clock: t0.Time()}
	var err error
	f.rec, err = keyhealth.NewRecord(c.plan, f.clock)
	require.NoError(t, err)
	f.save(t)
	f.w, err = NewWatcher(c.client, WatchConfig{Account: c.plan.Address(), Health: f.path, HealthPlan: c.plan,
		Now: func() time.Time { return f.clock }})
	require.NoError(t, err)
	return f
}

func (f *healthFixture) save(t *testing.T) {
	b, err := f.rec.MarshalJSON()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.path, b, 0o644))
}

// prove has the key answer a new challenge now and records the proof.
func (f *healthFixture) prove(t *testing.T, k *sign.PrivateKey) {
	ch, err := f.rec.Issue(nil, f.clock)
	require.NoError(t, err)
	p, err := keyhealth.Prove(k, f.c.plan, ch, f.clock)
	require.NoError(t, err)
	_, err = f.rec.Accept(p, f.c.plan, f.clock)
	require.NoError(t, err)
	f.save(t)
}

// stale polls and returns the labels of the cosigners reported stale.
func (f *healthFixture) stale(t *testing.T) []string {
	alerts, err := f.w.Poll(context.Background())
	require.NoError(t, err)
	var out []string
	for _, a := range alerts {
		require.Equal(t, StaleKey, a.Kind)
		c, ok := f.c.plan.Cosigner(*a.Cosigner)
		require.True(t, ok)
		require.Contains(t, a.Message, "has not proved control of its key within 180 days")
		out = append(out, c.Label)
	}
	return out
}

// TestStaleKeyAlerts: every cosigner that has not proved control within
// 180 days is reported once; a proof clears it, and it is reported again
// when that proof is 180 days old.
func TestStaleKeyAlerts(t *testing.T) {
	f := newHealthFixture(t)
	require.Empty(t, f.stale(t))
	f.clock = f.clock.Add(100 * 24 * time.Hour)
	f.prove(t, f.c.coldA)
	require.Empty(t, f.stale(t))

	f.clock = f.clock.Add(81 * 24 * time.Hour) // day 181
	require.Equal(t, []string{"withdrawal server", "vault B"}, f.stale(t))
	require.Empty(t, f.stale(t), "reported once")

	f.prove(t, f.c.coldB)
	require.Empty(t, f.stale(t))
	f.clock = f.clock.Add(80 * 24 * time.Hour) // day 261: vault A's proof is 161 days old
	require.Empty(t, f.stale(t))
	f.clock = f.clock.Add(20 * 24 * time.Hour) // day 281
	require.Equal(t, []string{"vault A"}, f.stale(t))
	f.clock = f.clock.Add(100 * 24 * time.Hour) // day 381
	require.Equal(t, []string{"vault B"}, f.stale(t), "vault B was fresh, now stale again")
}

// TestStaleKeyLyingClocks: neither a node reporting an old time nor a
// local clock set back hides a stale key.
func TestStaleKeyLyingClocks(t *testing.T) {
	f := newHealthFixture(t)
	// The local clock is 200 days on; the node claims the record's day.
	f.clock = f.clock.Add(200 * 24 * time.Hour)
	require.Len(t, f.stale(t), 3)

	g := newHealthFixture(t)
	// The local clock is set back a year; the node's time is 200 days on.
	g.clock = g.clock.Add(-365 * 24 * time.Hour)
	g.c.node.Advance(200 * 24 * time.Hour)
	require.Len(t, g.stale(t), 3)
}

// TestStaleKeyForgedRecord: a record someone edited to hold a proof the
// key did not sign, or a record of another plan, fails the watch at start
// and at every poll rather than counting.
func TestStaleKeyForgedRecord(t *testing.T) {
	f := newHealthFixture(t)
	f.prove(t, f.c.coldA)
	b, err := os.ReadFile(f.path)
	require.NoError(t, err)
	i := strings.Index(string(b), "signature: ") + len("signature: ")
	forged := []byte(string(b[:i]) + flipHex(b[i]) + string(b[i+1:]))
	require.NoError(t, os.WriteFile(f.path, forged, 0o644))
	_, err = f.w.Poll(context.Background())
	require.ErrorIs(t, err, keyhealth.ErrForged)
	_, err = NewWatcher(f.c.client, WatchConfig{Account: f.c.plan.Address(), Health: f.path, HealthPlan: f.c.plan})
	require.ErrorIs(t, err, keyhealth.ErrForged)

	_, err = NewWatcher(f.c.client, WatchConfig{Account: f.c.plan.Address(), Health: f.path})
	require.ErrorContains(t, err, "a health record and its plan go together")
	_, err = NewWatcher(f.c.client, WatchConfig{Account: f.c.plan.Address(), Health: filepath.Join(t.TempDir(), "none.json"), HealthPlan: f.c.plan})
	require.Error(t, err)
}

func flipHex(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
