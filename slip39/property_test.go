package slip39

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// randomLayout returns a random valid layout: 1 to 5 groups (up to 16
// for a few), 1-of-1 groups or T-of-N with T >= 2.
func randomLayout(r *rand.Rand) (int, []Group) {
	g := 1 + r.IntN(5)
	if r.IntN(10) == 0 {
		g = 1 + r.IntN(16)
	}
	groups := make([]Group, g)
	for i := range groups {
		n := 1 + r.IntN(5)
		if r.IntN(10) == 0 {
			n = 1 + r.IntN(16)
		}
		t := 1
		if n > 1 {
			t = 2 + r.IntN(n-1)
		}
		groups[i] = Group{MemberThreshold: t, MemberCount: n}
	}
	return 1 + r.IntN(g), groups
}

// pick returns a random recovery set: groupThreshold random groups, and
// in each its threshold of random members, shuffled together.
func pick(r *rand.Rand, shares [][]*Share, groupThreshold int) []*Share {
	var out []*Share
	for _, gi := range r.Perm(len(shares))[:groupThreshold] {
		g := shares[gi]
		t := int(g[0].info.MemberThreshold)
		for _, mi := range r.Perm(len(g))[:t] {
			out = append(out, g[mi])
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestSplitCombineProperty: random secrets (16 to 64 bytes), layouts and
// passphrases split and recover from any threshold set in any order,
// through the words; one share fewer (from a group that needs more than
// one, or a whole group) never recovers.
func TestSplitCombineProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(39, 1))
	for round := range 64 {
		size := 16 + 2*r.IntN(25)
		secret := make([]byte, size)
		for i := range secret {
			secret[i] = byte(r.Uint32())
		}
		ms, err := NewMasterSecret(secret)
		require.NoError(t, err)
		pass := []byte{}
		if r.IntN(2) == 0 {
			pass = []byte("correct horse ~ battery!")[:r.IntN(24)]
		}
		gt, groups := randomLayout(r)
		shares, err := Split(ms, pass, gt, groups, SplitOptions{Random: r2(r)})
		require.NoError(t, err, "round %d: %d of %v", round, gt, groups)
		require.Len(t, shares, len(groups))
		for gi, g := range shares {
			require.Len(t, g, groups[gi].MemberCount)
		}

		set := pick(r, shares, gt)
		// Through the words, as a restore reads them.
		var typed []*Share
		for _, s := range set {
			m, err := s.ExportMnemonic()
			require.NoError(t, err)
			require.Len(t, bytes.Fields([]byte(m)), metadataWords+(size*8+9)/10)
			p, err := ParseShare(m)
			require.NoError(t, err)
			require.Equal(t, s.Info(), p.Info())
			typed = append(typed, p)
		}
		st, err := Check(typed)
		require.NoError(t, err)
		require.True(t, st.Complete)
		back, err := Combine(typed, pass)
		require.NoError(t, err, "round %d", round)
		require.True(t, back.Equal(ms), "round %d: the secret comes back", round)

		// Below a threshold: drop one share.
		drop := r.IntN(len(typed))
		fewer := slices.Delete(slices.Clone(typed), drop, drop+1)
		if len(fewer) == 0 {
			_, err = Combine(fewer, pass)
			require.ErrorIs(t, err, ErrNoShares)
			continue
		}
		_, err = Combine(fewer, pass)
		require.Error(t, err, "round %d: one share fewer", round)
		require.True(t, errorIsAny(err, ErrNotEnoughGroups, ErrNotEnoughMembers), "round %d: %v", round, err)
		st, err = Check(fewer)
		require.NoError(t, err)
		require.False(t, st.Complete)
	}
}

// r2 returns a deterministic reader drawing from r.
func r2(r *rand.Rand) *randReader { return &randReader{r} }

type randReader struct{ r *rand.Rand }

func (rr *randReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(rr.r.Uint32())
	}
	return len(p), nil
}

// TestBelowThresholdSharesAreRandom: the first T-2 shares of a split are
// the random source's bytes, whatever the secret (SLIP-39 step 4), and
// the others depend on it.
func TestBelowThresholdSharesAreRandom(t *testing.T) {
	a := bytes.Repeat([]byte{0xaa}, 16)
	b := bytes.Repeat([]byte{0x55}, 16)
	pa, err := splitSecret(3, 5, a, bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	require.NoError(t, err)
	pb, err := splitSecret(3, 5, b, bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	require.NoError(t, err)
	require.Equal(t, pa[0].y, pb[0].y, "share x=0 is the random draw, whatever the secret")
	require.Equal(t, bytes.Repeat([]byte{7}, 16), pa[0].y)
	require.NotEqual(t, pa[1].y, pb[1].y)
}

// TestTamperedShareRefused: changing any one word of a share in a
// recovery set is caught (the checksum detects up to three wrong words);
// changing the share value behind a valid checksum (what a forger who
// recomputes the checksum does) is caught by the digest.
func TestTamperedShareRefused(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	ms, err := GenerateMasterSecret(r2(r), 32)
	require.NoError(t, err)
	shares, err := Split(ms, nil, 2, []Group{{2, 3}, {1, 1}, {3, 4}}, SplitOptions{Random: r2(r)})
	require.NoError(t, err)
	set := []*Share{shares[0][0], shares[0][2], shares[2][1], shares[2][3], shares[2][0]}
	for i := range 200 {
		which := r.IntN(len(set))
		words, err := set[which].ExportWords()
		require.NoError(t, err)
		changes := 1 + r.IntN(3)
		for range changes {
			pos := r.IntN(len(words))
			old, _ := WordIndex(words[pos])
			words[pos], _ = Word((old + 1 + r.IntN(1023)) % 1024)
		}
		_, err = ParseShare(joinWords(words))
		require.ErrorIs(t, err, ErrChecksum, "round %d: %d changed words", i, changes)
	}
	for i := range 50 {
		which := r.IntN(len(set))
		forged := &Share{info: set[which].info, value: newHidden(set[which].value.bytes())}
		forged.value.bytes()[r.IntN(32)] ^= byte(1 + r.IntN(255))
		m, err := forged.ExportMnemonic()
		require.NoError(t, err)
		p, err := ParseShare(m)
		require.NoError(t, err, "a forged value with its checksum recomputed parses")
		tampered := slices.Clone(set)
		tampered[which] = p
		_, err = Combine(tampered, nil)
		require.ErrorIs(t, err, ErrDigest, "round %d", i)
	}
}

func joinWords(w []string) string {
	var b bytes.Buffer
	for i, x := range w {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

// TestSplitNotExtendableRoundTrip: shares without the extendable flag (the
// identifier salts the encryption) recover too, and a different
// identifier with the same values gives another secret.
func TestSplitNotExtendableRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	secret := bytes.Repeat([]byte{0x42}, 32)
	info := ShareInfo{Identifier: 12345, IterationExponent: 0, GroupThreshold: 1, GroupCount: 1}
	shares, err := split(secret, []byte("TREZOR"), info, []Group{{2, 3}}, r2(r))
	require.NoError(t, err)
	ms, err := Combine(shares[0][1:], []byte("TREZOR"))
	require.NoError(t, err)
	got, err := ms.Export()
	require.NoError(t, err)
	require.Equal(t, secret, got)

	for _, s := range shares[0] {
		s.info.Identifier = 54321
	}
	other, err := Combine(shares[0][:2], []byte("TREZOR"))
	require.NoError(t, err, "the shares still fit together")
	require.False(t, other.Equal(ms), "the identifier salts the encryption")
}

// TestLayoutRefused: layouts Split cannot make.
func TestLayoutRefused(t *testing.T) {
	ms, err := NewMasterSecret(make([]byte, 16))
	require.NoError(t, err)
	for _, c := range []struct {
		name   string
		gt     int
		groups []Group
	}{
		{"no groups", 1, nil},
		{"17 groups", 1, slices.Repeat([]Group{{1, 1}}, 17)},
		{"group threshold 0", 0, []Group{{1, 1}}},
		{"group threshold above the groups", 2, []Group{{1, 1}}},
		{"member threshold 0", 1, []Group{{0, 1}}},
		{"member threshold above the count", 1, []Group{{3, 2}}},
		{"17 members", 1, []Group{{2, 17}}},
		{"1 of 2 would make copies", 1, []Group{{1, 2}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Split(ms, nil, c.gt, c.groups, SplitOptions{})
			require.ErrorIs(t, err, ErrLayout)
		})
	}
	_, err = Split(ms, nil, 1, []Group{{1, 1}}, SplitOptions{IterationExponent: 16})
	require.ErrorIs(t, err, ErrLayout)
	_, err = Split(ms, []byte("caf\xc3\xa9"), 1, []Group{{1, 1}}, SplitOptions{})
	require.ErrorIs(t, err, ErrPassphrase)
	_, err = Split(ms, []byte("tab\there"), 1, []Group{{1, 1}}, SplitOptions{})
	require.ErrorIs(t, err, ErrPassphrase)
	ms.Destroy()
	_, err = Split(ms, nil, 1, []Group{{1, 1}}, SplitOptions{})
	require.ErrorIs(t, err, ErrDestroyed)
}

// TestSecretSizes: what NewMasterSecret accepts.
func TestSecretSizes(t *testing.T) {
	for n := range 70 {
		_, err := NewMasterSecret(make([]byte, n))
		if n >= 16 && n <= 64 && n%2 == 0 {
			require.NoError(t, err, "%d bytes", n)
		} else {
			require.ErrorIs(t, err, ErrSecretLength, "%d bytes", n)
		}
	}
}

// TestRandomFailure: a failing random source fails the split and leaves
// nothing.
func TestRandomFailure(t *testing.T) {
	ms, err := NewMasterSecret(make([]byte, 16))
	require.NoError(t, err)
	for n := range 40 {
		_, err := Split(ms, nil, 2, []Group{{2, 3}, {3, 5}}, SplitOptions{Random: &failAfter{n: n}})
		if err != nil {
			require.ErrorIs(t, err, ErrRandom)
		}
	}
	_, err = GenerateMasterSecret(&failAfter{n: 0}, 16)
	require.ErrorIs(t, err, ErrRandom)
}

type failAfter struct{ n int }

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("no entropy")
	}
	f.n--
	clear(p)
	p[0] = 1
	return len(p), nil
}
