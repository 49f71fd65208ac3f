package keyhealth

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
)

// seeded is a deterministic random reader.
type seeded struct{ r *rand.Rand }

func (s seeded) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(s.r.Uint32())
	}
	return len(p), nil
}

func newSeeded(n uint64) seeded { return seeded{rand.New(rand.NewPCG(n, n))} }

// prove answers the record's challenge c with the key of label on day.
func prove(t *testing.T, p *multisig.Plan, label string, c []byte, day time.Time) *Proof {
	t.Helper()
	proof, err := Prove(key(t, label), p, c, day)
	require.NoError(t, err)
	return proof
}

func stale(t *testing.T, r *Record, p *multisig.Plan, now time.Time, period time.Duration) map[string]bool {
	t.Helper()
	st, err := r.Status(p, now, period)
	require.NoError(t, err)
	out := map[string]bool{}
	for _, s := range st {
		out[s.Cosigner.Label] = s.Stale
	}
	return out
}

// TestStaleKeys: a cosigner is stale when it has not proved control
// within the period, counted from when the challenge it answered was
// issued (or from the record's creation), and a new proof makes it fresh.
func TestStaleKeys(t *testing.T) {
	p := plan(t, "account")
	r, err := NewRecord(p, day0)
	require.NoError(t, err)
	require.Equal(t, map[string]bool{"hot": false, "vault A": false, "vault B": false}, stale(t, r, p, days(180), 0))
	require.Equal(t, map[string]bool{"hot": true, "vault A": true, "vault B": true}, stale(t, r, p, days(180.01), 0))

	c, err := r.Issue(newSeeded(1), days(10))
	require.NoError(t, err)
	// Vault A answers 20 days later: its proof counts from day 10.
	e, err := r.Accept(prove(t, p, "vault A", c, days(30)), p, days(30.5))
	require.NoError(t, err)
	require.Equal(t, days(10), e.Issued)
	require.Equal(t, map[string]bool{"hot": true, "vault A": false, "vault B": true}, stale(t, r, p, days(190), 0))
	require.Equal(t, map[string]bool{"hot": true, "vault A": true, "vault B": true}, stale(t, r, p, days(190.01), 0))
	require.Equal(t, map[string]bool{"hot": true, "vault A": false, "vault B": true}, stale(t, r, p, days(200.01), 200*24*time.Hour), "a longer period")

	// A newer challenge answered: fresh again. An older answer afterwards
	// does not move the date back.
	c2, err := r.Issue(newSeeded(2), days(200))
	require.NoError(t, err)
	_, err = r.Accept(prove(t, p, "vault A", c2, days(200)), p, days(200))
	require.NoError(t, err)
	e, err = r.Accept(prove(t, p, "vault A", c, days(200)), p, days(201))
	require.NoError(t, err)
	require.Equal(t, days(200), e.Issued, "the answer to the newer challenge stays the latest")
	require.False(t, stale(t, r, p, days(380), 0)["vault A"])

	// Another plan's status is refused.
	_, err = r.Status(plan(t, "other account"), days(1), 0)
	require.ErrorIs(t, err, ErrWrongPlan)

	// Judged more than a day before the times it counts from (a record
	// written by a clock years ahead, or edited): stale, not fresh.
	ahead, err := NewRecord(p, days(5*365))
	require.NoError(t, err)
	st, err := ahead.Status(p, days(5*365-1), 0)
	require.NoError(t, err)
	require.False(t, st[0].Stale, "a day ahead: clocks disagree that much")
	st, err = ahead.Status(p, days(5*365-1.01), 0)
	require.NoError(t, err)
	for _, s := range st {
		require.True(t, s.Stale && s.FromFuture, s.Cosigner.Label)
	}
}

// TestAcceptRules plays a hostile online side or a confused operator:
// proofs of unknown challenges, of another plan, forged, or dated outside
// their challenge's life are refused and change nothing.
func TestAcceptRules(t *testing.T) {
	p := plan(t, "account")
	r, err := NewRecord(p, day0)
	require.NoError(t, err)
	c, err := r.Issue(newSeeded(3), days(10))
	require.NoError(t, err)
	own, err := newChallenge(newSeeded(4))
	require.NoError(t, err)
	other := plan(t, "other account")
	forged := prove(t, p, "vault A", c, days(10))
	forged.Signature[5] ^= 1
	for _, x := range []struct {
		name  string
		proof *Proof
		at    time.Time
		want  error
	}{
		{"a challenge the record did not issue", prove(t, p, "vault A", own, days(10)), days(10), ErrUnknownChallenge},
		{"another plan", prove(t, other, "vault A", c, days(10)), days(10), ErrWrongPlan},
		{"a forged signature", forged, days(10), ErrForged},
		{"dated two days before the challenge", prove(t, p, "vault A", c, days(8)), days(10), ErrDate},
		{"dated in the future", prove(t, p, "vault A", c, days(12)), days(10), ErrDate},
		{"nil", nil, days(10), ErrProof},
	} {
		t.Run(x.name, func(t *testing.T) {
			_, err := r.Accept(x.proof, p, x.at)
			require.ErrorIs(t, err, x.want)
			require.Empty(t, r.Entries())
		})
	}
	// The day before (UTC dates, clocks apart) and the next day are fine.
	_, err = r.Accept(prove(t, p, "vault A", c, days(9)), p, days(10))
	require.NoError(t, err)
	_, err = r.Accept(prove(t, p, "vault B", c, days(11)), p, days(10))
	require.NoError(t, err)
	_, err = r.Accept(prove(t, p, "hot", c, days(10)), other, days(10))
	require.ErrorIs(t, err, ErrWrongPlan, "a record of another plan")
}

// TestChallengesKept: the record keeps the newest 64 challenges.
func TestChallengesKept(t *testing.T) {
	p := plan(t, "account")
	r, err := NewRecord(p, day0)
	require.NoError(t, err)
	first, err := r.Issue(newSeeded(5), day0)
	require.NoError(t, err)
	for i := range 64 {
		_, err := r.Issue(newSeeded(uint64(100+i)), days(1))
		require.NoError(t, err)
	}
	require.Len(t, r.Challenges(), 64)
	_, err = r.Accept(prove(t, p, "vault A", first, day0), p, day0)
	require.ErrorIs(t, err, ErrUnknownChallenge)
}

// record returns a record with proofs of vault A and vault B, and its
// document.
func record(t *testing.T, p *multisig.Plan) (*Record, string) {
	r, err := NewRecord(p, day0)
	require.NoError(t, err)
	c, err := r.Issue(newSeeded(6), days(10))
	require.NoError(t, err)
	_, err = r.Accept(prove(t, p, "vault B", c, days(11)), p, days(11))
	require.NoError(t, err)
	_, err = r.Accept(prove(t, p, "vault A", c, days(10)), p, days(10))
	require.NoError(t, err)
	doc, err := r.MarshalJSON()
	require.NoError(t, err)
	return r, string(doc)
}

// TestRecordDocument: the record round-trips, and an insider with write
// access to it cannot make a key look fresh without a fresh signature:
// every proof is verified on reading, its challenge must be listed with
// the same issue time, and its signed date bounds that time.
func TestRecordDocument(t *testing.T) {
	p := plan(t, "account")
	r, doc := record(t, p)
	back, err := DecodeRecord([]byte(doc), p)
	require.NoError(t, err)
	require.Equal(t, r, back)
	again, err := back.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, doc, string(again))
	require.Equal(t, []string{"vault A", "vault B"}, []string{labelOf(p, back.Entries()[0]), labelOf(p, back.Entries()[1])}, "plan order")
	_, err = DecodeRecord([]byte(doc), plan(t, "other account"))
	require.ErrorIs(t, err, ErrWrongPlan)

	edit := func(from, to string) []byte {
		require.Contains(t, doc, from)
		return []byte(strings.Replace(doc, from, to, 1))
	}
	issued := `"issued": "2026-03-11T09:00:00Z"`
	for _, c := range []struct {
		name string
		doc  []byte
		want error
	}{
		{"a proof's issue time moved to now", edit(`"issued": "2026-03-11T09:00:00Z",
      "recorded"`, `"issued": "2026-09-01T00:00:00Z",
      "recorded"`), ErrRecord},
		{"issue and record times moved a year on", []byte(strings.ReplaceAll(doc, `": "2026-03-1`, `": "2027-03-1`)), ErrDate},
		{"recorded before issued", []byte(strings.ReplaceAll(doc, issued, `"issued": "2026-03-12T10:00:00Z"`)), ErrRecord},
		{"a signature flipped", []byte(flipSignature(t, doc)), ErrForged},
		{"the challenge dropped", []byte(dropChallenge(t, doc)), ErrUnknownChallenge},
		{"a second proof of one key", []byte(duplicateProof(t, doc)), ErrRecord},
		{"another format", edit(recordFormat, "nemcustody-key-health2"), ErrRecord},
		{"an unknown member", edit(`"version": 1,`, `"version": 1, "x": 1,`), ErrRecord},
		{"a time with an offset", edit(`"created": "2026-03-01T09:00:00Z"`, `"created": "2026-03-01T10:00:00+01:00"`), ErrRecord},
		{"an upper-case challenge", []byte(upperChallenge(t, doc)), ErrRecord},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeRecord(c.doc, p)
			require.ErrorIs(t, err, c.want)
		})
	}

	// Deleting a proof is possible, and fails safe: the key goes stale.
	lessDoc := removeProof(t, doc)
	less, err := DecodeRecord([]byte(lessDoc), p)
	require.NoError(t, err)
	require.Len(t, less.Entries(), 1)
	require.True(t, stale(t, less, p, days(181), 0)["vault A"] || stale(t, less, p, days(181), 0)["vault B"])
}

func labelOf(p *multisig.Plan, e Entry) string {
	c, _ := p.Cosigner(e.Proof.Signer)
	return c.Label
}

func flipSignature(t *testing.T, doc string) string {
	i := strings.Index(doc, `signature: `)
	require.Positive(t, i)
	j := i + len("signature: ") + 10
	c := byte('0')
	if doc[j] == '0' {
		c = '1'
	}
	return doc[:j] + string(c) + doc[j+1:]
}

func dropChallenge(t *testing.T, doc string) string {
	i := strings.Index(doc, `"challenges": [`)
	j := strings.Index(doc, `"proofs": [`)
	require.Positive(t, i)
	return doc[:i] + `"challenges": [],
  ` + doc[j:]
}

func duplicateProof(t *testing.T, doc string) string {
	i := strings.Index(doc, `"proofs": [`) + len(`"proofs": [`)
	j := strings.Index(doc[i:], "},") + i + 2
	return doc[:i] + doc[i:j] + doc[i:j] + doc[j:]
}

func removeProof(t *testing.T, doc string) string {
	i := strings.Index(doc, `"proofs": [`) + len(`"proofs": [`)
	j := strings.Index(doc[i:], "},") + i + 2
	return doc[:i] + doc[j:]
}

func upperChallenge(t *testing.T, doc string) string {
	i := strings.Index(doc, `"challenge": "`) + len(`"challenge": "`)
	return doc[:i] + strings.ToUpper(doc[i:i+64]) + doc[i+64:]
}

// FuzzDecodeRecord: never panics; what decodes re-encodes to a document
// that decodes to the same record.
func FuzzDecodeRecord(f *testing.F) {
	p := plan(f, "account")
	r, err := NewRecord(p, day0)
	if err != nil {
		f.Fatal(err)
	}
	c, _ := r.Issue(newSeeded(7), days(1))
	proof, _ := Prove(key(f, "vault A"), p, c, days(1))
	if _, err := r.Accept(proof, p, days(1)); err != nil {
		f.Fatal(err)
	}
	doc, _ := r.MarshalJSON()
	f.Add(doc)
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := DecodeRecord(b, p)
		if err != nil {
			return
		}
		again, err := got.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeRecord(again, p)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if !bytes.Equal(mustJSON(t, back), again) {
			t.Fatal("re-encoding is not stable")
		}
	})
}

func mustJSON(t *testing.T, r *Record) []byte {
	b, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
