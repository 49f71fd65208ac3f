package multisig

import (
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// testKey derives a deterministic key from a label.
func testKey(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.PaddedKey(t, label)
}

func pub(t testing.TB, label string) sign.PublicKey { return testKey(t, label).PublicKey() }

// twoOfThree is the reference plan: one online key, two offline keys at
// different sites.
func twoOfThree(t testing.TB) *Plan {
	p, err := NewPlan(pub(t, "account"), sign.Testnet, []Cosigner{
		{PublicKey: pub(t, "hot"), Label: "withdrawal server", Role: Online, Custodian: "datacenter"},
		{PublicKey: pub(t, "cold-a"), Label: "vault A", Role: Offline, Custodian: "site A"},
		{PublicKey: pub(t, "cold-b"), Label: "vault B", Role: Offline, Custodian: "site B"},
	}, 2, Relaxations{})
	require.NoError(t, err)
	return p
}

func TestPlanInvariants(t *testing.T) {
	on := func(l string) Cosigner { return Cosigner{PublicKey: pub(t, l), Label: l, Role: Online} }
	off := func(l string) Cosigner { return Cosigner{PublicKey: pub(t, l), Label: l, Role: Offline} }
	at := func(c Cosigner, site string) Cosigner { c.Custodian = site; return c }
	many := func(n int) []Cosigner {
		var cs []Cosigner
		for i := range n {
			cs = append(cs, off(fmt.Sprintf("k%d", i)))
		}
		return cs
	}
	cases := []struct {
		name      string
		cosigners []Cosigner
		m         int
		relax     Relaxations
		account   sign.PublicKey
		net       sign.Network
		want      error
	}{
		{"2-of-3 one online two offline", []Cosigner{on("a"), off("b"), off("c")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, nil},
		{"1-of-1 offline: its holder alone moves funds", []Cosigner{off("a")}, 1, Relaxations{}, pub(t, "acct"), sign.Mainnet, ErrCustodianReachesThreshold},
		{"1-of-1 offline relaxed", []Cosigner{off("a")}, 1, Relaxations{AllowSingleCustodian: true}, pub(t, "acct"), sign.Mainnet, nil},
		{"2-of-2 online and offline: the server alone removes the vault (n-of-n removal)", []Cosigner{on("a"), off("b")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrOnlineReachesThreshold},
		{"2-of-2 two vaults: either alone removes the other", []Cosigner{at(off("a"), "site A"), at(off("b"), "site B")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCustodianReachesThreshold},
		{"3-of-3 whose two vaults share a site: that site removes the server", []Cosigner{on("a"), at(off("b"), "vault"), at(off("c"), "vault")}, 3, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCustodianReachesThreshold},
		{"3-of-3 two online keys remove the vault", []Cosigner{on("a"), on("b"), off("c")}, 3, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrOnlineReachesThreshold},
		{"3-of-3 allowed (warned)", []Cosigner{on("a"), off("b"), off("c")}, 3, Relaxations{}, pub(t, "acct"), sign.Mijin, nil},
		{"32 cosigners", many(32), 17, Relaxations{}, pub(t, "acct"), sign.Testnet, nil},
		{"online keys reach M", []Cosigner{on("a"), on("b"), off("c")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrOnlineReachesThreshold},
		{"1-of-2 with one online key", []Cosigner{on("a"), off("b")}, 1, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrOnlineReachesThreshold},
		{"online reach M relaxed", []Cosigner{on("a"), on("b"), off("c")}, 2, Relaxations{AllowOnlineThreshold: true}, pub(t, "acct"), sign.Testnet, nil},
		{"one site holds M", []Cosigner{on("a"), at(off("b"), "vault"), at(off("c"), "vault")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCustodianReachesThreshold},
		{"one site holds M relaxed", []Cosigner{on("a"), at(off("b"), "vault"), at(off("c"), "vault")}, 2, Relaxations{AllowSingleCustodian: true}, pub(t, "acct"), sign.Testnet, nil},
		{"online server and vault at one custodian", []Cosigner{at(on("a"), "ops"), at(off("b"), "ops"), off("c")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCustodianReachesThreshold},
		{"M zero", []Cosigner{off("a"), off("b")}, 0, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrThreshold},
		{"M above N", []Cosigner{off("a"), off("b")}, 3, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrThreshold},
		{"no cosigners", nil, 1, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCosignerCount},
		{"33 cosigners", many(33), 17, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCosignerCount},
		{"duplicate key", []Cosigner{off("a"), off("b"), {PublicKey: pub(t, "a"), Label: "again", Role: Offline}}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrDuplicateCosigner},
		{"account is its own cosigner", []Cosigner{off("a"), off("acct")}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrAccountIsCosigner},
		{"zero cosigner key", []Cosigner{off("a"), {Role: Offline}}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCosignerKey},
		{"small-order cosigner key", []Cosigner{off("a"), {PublicKey: sign.PublicKey{1}, Role: Offline}}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrCosignerKey},
		{"zero account key", []Cosigner{off("a")}, 1, Relaxations{}, sign.PublicKey{}, sign.Testnet, ErrCosignerKey},
		{"unknown role", []Cosigner{off("a"), {PublicKey: pub(t, "b"), Role: "warm"}}, 2, Relaxations{}, pub(t, "acct"), sign.Testnet, ErrRole},
		{"unknown network", []Cosigner{off("a")}, 1, Relaxations{}, pub(t, "acct"), sign.Network(0x90), sign.ErrUnknownNetwork},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := NewPlan(c.account, c.net, c.cosigners, c.m, c.relax)
			if c.want == nil {
				require.NoError(t, err)
				require.NoError(t, p.Validate())
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, ErrPlan)
			require.Nil(t, p)
		})
	}
}

func TestPlanWarnings(t *testing.T) {
	p := twoOfThree(t)
	require.Empty(t, p.Warnings())
	all, err := NewPlan(p.Account, p.Network, p.Cosigners, 3, Relaxations{})
	require.NoError(t, err)
	require.Len(t, all.Warnings(), 1)
	require.Contains(t, all.Warnings()[0], "freezes the account")
	hot, err := NewPlan(p.Account, p.Network, p.Cosigners, 1, Relaxations{AllowOnlineThreshold: true, AllowSingleCustodian: true})
	require.NoError(t, err)
	require.Contains(t, strings.Join(hot.Warnings(), "\n"), "ONLINE KEYS ALONE CAN REACH THE THRESHOLD")
	require.Contains(t, strings.Join(hot.Warnings(), "\n"), "ONE CUSTODIAN OR SITE ALONE")
}

func TestPlanJSONRoundTrip(t *testing.T) {
	p := twoOfThree(t)
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	back, err := DecodePlan(b)
	require.NoError(t, err)
	require.Equal(t, p, back)
	require.Contains(t, string(b), `"format": "nemcustody-plan"`)
	require.Contains(t, string(b), p.Address().String())

	mutate := func(from, to string) []byte { return []byte(strings.Replace(string(b), from, to, 1)) }
	hot := p.Cosigners[0].PublicKey.Address(p.Network).String()
	bad := []struct {
		name string
		doc  []byte
		want string
	}{
		{"unknown version", mutate(`"version": 1`, `"version": 2`), "version 2 is not supported"},
		{"unknown field", mutate(`"threshold": 2`, `"threshold": 2, "extra": 1`), "unknown field"},
		{"wrong format", mutate(`"nemcustody-plan"`, `"other"`), "format"},
		{"address of another key", mutate(hot, p.Cosigners[1].PublicKey.Address(p.Network).String()), "is not the testnet address of its key"},
		{"threshold now reachable online", mutate(`"threshold": 2`, `"threshold": 1`), "online cosigners alone reach the threshold"},
		{"trailing data", append(append([]byte{}, b...), []byte(" {}")...), "data after"},
		{"not JSON", []byte("threshold: 2"), "plan document"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodePlan(c.doc)
			require.ErrorContains(t, err, c.want)
		})
	}
}

// TestPlanProperty builds random plans: every plan NewPlan accepts
// satisfies the invariants (checked here independently), and every refusal
// wraps exactly one invariant sentinel.
func TestPlanProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sentinels := []error{ErrOnlineReachesThreshold, ErrCustodianReachesThreshold, ErrThreshold, ErrCosignerCount,
		ErrDuplicateCosigner, ErrAccountIsCosigner, ErrCosignerKey, ErrRole, sign.ErrUnknownNetwork, ErrCosignerName}
	rounds := 3000
	if raceEnabled { // CI runs all 3,000 without the race detector
		rounds = 600
	}
	accepted, refused := 0, 0
	for i := range rounds {
		n := r.IntN(8)
		var cs []Cosigner
		for j := range n {
			label := fmt.Sprintf("p%d-%d", i, j)
			if r.IntN(15) == 0 && j > 0 {
				label = fmt.Sprintf("p%d-%d", i, j-1) // duplicate
			}
			role := Offline
			if r.IntN(3) == 0 {
				role = Online
			}
			site := []string{"", "", "A", "B"}[r.IntN(4)]
			cs = append(cs, Cosigner{PublicKey: pub(t, label), Role: role, Custodian: site})
		}
		m := r.IntN(n+2) - 0
		relax := Relaxations{AllowOnlineThreshold: r.IntN(6) == 0, AllowSingleCustodian: r.IntN(6) == 0}
		p, err := NewPlan(pub(t, fmt.Sprintf("acct%d", i)), sign.Testnet, cs, m, relax)
		if err != nil {
			matched := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					matched++
				}
			}
			require.Equal(t, 1, matched, "%v names exactly one invariant", err)
			refused++
			continue
		}
		accepted++
		online, sites := 0, map[string]int{}
		seen := map[sign.PublicKey]bool{}
		for _, c := range p.Cosigners {
			require.False(t, seen[c.PublicKey])
			seen[c.PublicKey] = true
			if c.Role == Online {
				online++
			}
			if c.Custodian != "" {
				sites[c.Custodian]++
			}
		}
		require.True(t, p.Threshold >= 1 && p.Threshold <= len(p.Cosigners))
		require.True(t, online < p.Threshold || relax.AllowOnlineThreshold)
		for _, k := range sites {
			require.True(t, k < p.Threshold || relax.AllowSingleCustodian)
		}
	}
	require.Greater(t, accepted, rounds/10)
	require.Greater(t, refused, rounds/10)
}

// TestChangeSequenceProperty applies random sequences of changes to a
// 2-of-3 plan: every accepted change yields a plan that satisfies the
// invariants (checked independently) and differs from the previous one as
// asked; every refused change names exactly one reason.
func TestChangeSequenceProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	reasons := []error{ErrOnlineReachesThreshold, ErrCustodianReachesThreshold, ErrThreshold, ErrCosignerCount,
		ErrDuplicateCosigner, ErrAccountIsCosigner, ErrCosignerKey, ErrRole, sign.ErrUnknownNetwork, ErrCosignerName, ErrNotCosigner, ErrChange}
	accepted, refused := 0, 0
	for seq := range 200 {
		p := twoOfThree(t)
		for step := range 12 {
			var u *Update
			var err error
			m := 1 + r.IntN(len(p.Cosigners)+1)
			switch r.IntN(3) {
			case 0:
				role := Offline
				if r.IntN(3) == 0 {
					role = Online
				}
				site := []string{"", "site A", "site B", "site C"}[r.IntN(4)]
				u, err = p.AddCosigner(p.State(), Cosigner{PublicKey: pub(t, fmt.Sprintf("s%d-%d", seq, step%5)), Role: role, Custodian: site}, m, opts)
			case 1:
				victim := p.Cosigners[r.IntN(len(p.Cosigners))].PublicKey
				if r.IntN(8) == 0 {
					victim = pub(t, "nobody")
				}
				u, err = p.RemoveCosigner(p.State(), victim, m, opts)
			default:
				u, err = p.SetThreshold(p.State(), m, opts)
			}
			if err != nil {
				matched := 0
				for _, s := range reasons {
					if errors.Is(err, s) {
						matched++
					}
				}
				require.Equal(t, 1, matched, "%v names exactly one reason", err)
				refused++
				continue
			}
			accepted++
			q := u.After
			require.NoError(t, q.Validate())
			online := 0
			for _, c := range q.Cosigners {
				if c.Role == Online {
					online++
				}
			}
			require.Less(t, online, q.Threshold, "online keys never reach M")
			require.NoError(t, transaction.Check(u.Inner))
			require.Equal(t, int32(q.Threshold-p.Threshold), relative(u.Inner))
			p = q
		}
	}
	require.Greater(t, accepted, 200)
	require.Greater(t, refused, 200)
}

func relative(m *transaction.MultisigAggregateModification) int32 {
	if m.MinCosignatories == nil {
		return 0
	}
	return m.MinCosignatories.RelativeChange
}

// TestPlanErrorsWrapTheCause: a plan error wraps ErrPlan, its invariant
// and the underlying error, so errors.Is finds all three.
func TestPlanErrorsWrapTheCause(t *testing.T) {
	cosigners := []Cosigner{{PublicKey: pub(t, "a"), Label: "a", Role: Offline}}
	_, err := NewPlan(sign.PublicKey{1}, sign.Testnet, cosigners, 1, Relaxations{})
	require.ErrorIs(t, err, ErrPlan)
	require.ErrorIs(t, err, ErrCosignerKey)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey, "the account key's own error")
	require.ErrorContains(t, err, "multisig: invalid custody plan: unusable cosigner key: multisig account key: sign: invalid public key: ")

	cosigners = append(cosigners, Cosigner{PublicKey: sign.PublicKey{1}, Label: "small order", Role: Offline})
	_, err = NewPlan(pub(t, "acct"), sign.Testnet, cosigners, 1, Relaxations{})
	require.ErrorIs(t, err, ErrPlan)
	require.ErrorIs(t, err, ErrCosignerKey)
	require.ErrorIs(t, err, sign.ErrInvalidPublicKey, "the cosigner key's own error")
	require.ErrorContains(t, err, `multisig: invalid custody plan: unusable cosigner key: cosigner 2 ("small order"): sign: invalid public key: `)
}
