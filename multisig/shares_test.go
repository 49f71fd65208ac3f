package multisig

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

// each1 is a backup of groups of one share each, held by holders.
func each1(gt int, holders ...string) *ShareBackup {
	b := &ShareBackup{GroupThreshold: gt}
	for _, h := range holders {
		b.Groups = append(b.Groups, ShareGroup{MemberThreshold: 1, Holders: []string{h}})
	}
	return b
}

// withShares is the reference 2-of-3 plan with share backups recorded
// for the two vaults.
func withShares(t testing.TB, a, b *ShareBackup, relax Relaxations) (*Plan, error) {
	p := twoOfThree(t)
	cs := append([]Cosigner(nil), p.Cosigners...)
	cs[1].Shares, cs[2].Shares = a, b
	return NewPlan(p.Account, p.Network, cs, p.Threshold, relax)
}

// TestShareBackupInvariants plays whoever writes the plan: share records
// that let one custodian (under any spelling of its name) reconstruct a
// vault key, or put a share where the online key is, are refused; what
// SLIP-39 cannot make is refused.
func TestShareBackupInvariants(t *testing.T) {
	good := each1(2, "lawyer", "bank", "site B")
	cases := []struct {
		name  string
		a     *ShareBackup
		relax Relaxations
		want  error
	}{
		{"2 of 3 groups at three places", good, Relaxations{}, nil},
		{"one group 2 of 3 held by three", &ShareBackup{1, []ShareGroup{{2, []string{"lawyer", "bank", "notary"}}}}, Relaxations{}, nil},
		{"two-level: 2 of 3 groups, one of them 2 of 3", &ShareBackup{2, []ShareGroup{{1, []string{"lawyer"}}, {2, []string{"bank", "notary", "lawyer"}}, {1, []string{"site B"}}}}, Relaxations{}, nil},
		{"the vault's own custodian holds one share", each1(2, "site A", "bank", "notary"), Relaxations{}, nil},
		// One custodian can reconstruct.
		{"one holder of two of three groups", each1(2, "lawyer", "lawyer", "bank"), Relaxations{}, ErrCustodianReconstructs},
		{"look-alike spellings of one holder", each1(2, "Lawyer", "1awyer", "bank"), Relaxations{}, ErrCustodianReconstructs},
		{"punctuation and case", each1(2, "Law-Yer", "law yer", "bank"), Relaxations{}, ErrCustodianReconstructs},
		{"1 of 1 groups, one enough", each1(1, "lawyer", "bank"), Relaxations{}, ErrCustodianReconstructs},
		{"a group of 2 of 3 where one holds two shares", &ShareBackup{1, []ShareGroup{{2, []string{"bank", "bank", "notary"}}}}, Relaxations{}, ErrCustodianReconstructs},
		{"the vault's custodian holds enough shares", each1(2, "site A", "site-a", "bank"), Relaxations{}, ErrCustodianReconstructs},
		{"two-level: one holder completes two groups", &ShareBackup{2, []ShareGroup{{1, []string{"lawyer"}}, {2, []string{"lawyer", "notary", "lawyer"}}, {1, []string{"bank"}}}}, Relaxations{}, ErrCustodianReconstructs},
		{"single custodian relaxed", each1(2, "lawyer", "lawyer", "bank"), Relaxations{AllowSingleCustodian: true}, nil},
		// The online side holds no shares.
		{"the online key's custodian holds a share", each1(2, "datacenter", "bank", "notary"), Relaxations{}, ErrOnlineHoldsShares},
		{"a look-alike of the online custodian", each1(2, "DATACENTER", "bank", "notary"), Relaxations{}, ErrOnlineHoldsShares},
		{"online holder, even relaxed", each1(2, "DataCenter", "bank", "notary"), Relaxations{AllowSingleCustodian: true}, ErrOnlineHoldsShares},
		// What SLIP-39 cannot make.
		{"no groups", &ShareBackup{1, nil}, Relaxations{}, ErrShareBackup},
		{"group threshold 0", each1(0, "a", "b"), Relaxations{}, ErrShareBackup},
		{"group threshold above the groups", each1(3, "a", "b"), Relaxations{}, ErrShareBackup},
		{"17 groups", each1(2, strings.Split(strings.Repeat("x,", 17)[:33], ",")...), Relaxations{}, ErrShareBackup},
		{"a group without holders", &ShareBackup{1, []ShareGroup{{1, nil}}}, Relaxations{}, ErrShareBackup},
		{"member threshold above the holders", &ShareBackup{1, []ShareGroup{{3, []string{"a", "b"}}}}, Relaxations{}, ErrShareBackup},
		{"member threshold 0", &ShareBackup{1, []ShareGroup{{0, []string{"a"}}}}, Relaxations{}, ErrShareBackup},
		{"1 of 2 copies", &ShareBackup{1, []ShareGroup{{1, []string{"a", "b"}}}}, Relaxations{}, ErrShareBackup},
		{"a holder with a Cyrillic letter", each1(2, "lawyer", "b\u0430nk", "notary"), Relaxations{}, ErrShareBackup},
		{"an empty holder", each1(2, "lawyer", "", "notary"), Relaxations{}, ErrShareBackup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := withShares(t, c.a, good, c.relax)
			if c.want == nil {
				require.NoError(t, err)
				require.Equal(t, c.a, p.Cosigners[1].Shares)
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, ErrPlan)
			require.Nil(t, p)
		})
	}
}

// TestSharesCheckedOnChainStates: CheckCustody applies the share rules to
// a state NIS may hold, with the descriptions given, as the review of a
// modification does.
func TestSharesCheckedOnChainStates(t *testing.T) {
	p := twoOfThree(t)
	who := append([]Cosigner(nil), p.Cosigners...)
	who[1].Shares = each1(2, "datacenter", "bank", "notary")
	require.ErrorIs(t, CheckCustody(p.State(), who, Relaxations{}), ErrOnlineHoldsShares)
	who[1].Shares = each1(2, "bank", "bank", "notary")
	require.ErrorIs(t, CheckCustody(p.State(), who, Relaxations{}), ErrCustodianReconstructs)
	// A state without the online key: nobody online to compare with (a
	// 2-of-2 of one custodian each needs the relaxation).
	s := State{Cosignatories: []sign.PublicKey{p.Cosigners[1].PublicKey, p.Cosigners[2].PublicKey}, MinCosignatories: 2}
	who[1].Shares = each1(2, "datacenter", "bank", "notary")
	require.NoError(t, CheckCustody(s, who, Relaxations{AllowSingleCustodian: true}))
	require.ErrorIs(t, CheckCustody(p.State(), who, Relaxations{AllowSingleCustodian: true}), ErrOnlineHoldsShares)
}

// TestShareBackupDocument: the record is part of the canonical plan
// document and of its fingerprint, so an insider who moves a share on
// paper and edits the plan to match changes what the offline signer
// registered.
func TestShareBackupDocument(t *testing.T) {
	two := &ShareBackup{2, []ShareGroup{{1, []string{"lawyer"}}, {2, []string{"bank", "notary", "lawyer"}}, {1, []string{"site B"}}}}
	p, err := withShares(t, two, each1(2, "lawyer", "bank", "site A"), Relaxations{})
	require.NoError(t, err)
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(doc), `"custodian": "site A",
      "shares": {
        "groupThreshold": 2,
        "groups": [
          {
            "memberThreshold": 1,
            "holders": [
              "lawyer"
            ]
          },`)
	back, err := DecodePlan(doc)
	require.NoError(t, err)
	require.Equal(t, p, back)
	require.Equal(t, p.Fingerprint(), back.Fingerprint())

	plain := twoOfThree(t)
	require.NotEqual(t, plain.Fingerprint(), p.Fingerprint())
	moved, err := withShares(t, &ShareBackup{2, []ShareGroup{{1, []string{"notary"}}, {2, []string{"bank", "notary", "lawyer"}}, {1, []string{"site B"}}}}, each1(2, "lawyer", "bank", "site A"), Relaxations{})
	require.NoError(t, err)
	require.NotEqual(t, moved.Fingerprint(), p.Fingerprint(), "a moved share changes the fingerprint")

	for _, c := range []struct{ name, from, to, want string }{
		{"holders before the threshold", `"memberThreshold": 1,
            "holders": [
              "lawyer"
            ]`, `"holders": ["lawyer"], "memberThreshold": 1`, "not in canonical form"},
		{"a share moved to the online custodian", `"lawyer"
            ]
          },`, `"datacenter"
            ]
          },`, "the online side holds shares"},
		{"a second group given to the lawyer", `"site B"`, `"lawyer"`, "one custodian alone can reconstruct a key"},
		{"shares null", `"shares": {`, `"shares": null, "x": {`, "multisig: plan document: cosigners[1].x: unknown field"},
		{"an unknown member", `"groupThreshold": 2,`, `"groupThreshold": 2, "extra": 1,`, "unknown field"},
		{"a threshold as a float", `"groupThreshold": 2,`, `"groupThreshold": 2.0,`, "groupThreshold"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, string(doc), c.from)
			_, err := DecodePlan([]byte(strings.Replace(string(doc), c.from, c.to, 1)))
			require.ErrorContains(t, err, c.want)
		})
	}

	// NewPlan keeps its own copy: the caller's record changed later does
	// not change the plan.
	mine := each1(2, "lawyer", "bank", "notary")
	q, err := withShares(t, mine, nil, Relaxations{})
	require.NoError(t, err)
	mine.Groups[1].Holders[0] = "lawyer"
	require.NoError(t, q.Validate())
	require.Equal(t, "bank", q.Cosigners[1].Shares.Groups[1].Holders[0])
}

// TestCanReconstructAgainstSLIP39 checks the plan's arithmetic against
// the real thing: for random records, a SLIP-39 backup with that layout
// is made and each holder's shares are combined; they recover the key
// exactly when CanReconstruct says so.
func TestCanReconstructAgainstSLIP39(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 39))
	names := []string{"alice", "bob", "carol", "dave"}
	key, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	ms, err := slip39.SeedSecret(key)
	require.NoError(t, err)
	yes, no := 0, 0
	for round := range 60 {
		b := &ShareBackup{}
		var layout []slip39.Group
		for range 1 + r.IntN(4) {
			n := 1 + r.IntN(4)
			mt := 1
			if n > 1 {
				mt = 2 + r.IntN(n-1)
			}
			g := ShareGroup{MemberThreshold: mt}
			for range n {
				g.Holders = append(g.Holders, names[r.IntN(len(names))])
			}
			b.Groups = append(b.Groups, g)
			layout = append(layout, slip39.Group{MemberThreshold: mt, MemberCount: n})
		}
		b.GroupThreshold = 1 + r.IntN(len(b.Groups))
		require.Empty(t, b.problem())
		shares, err := slip39.Split(ms, nil, b.GroupThreshold, layout, slip39.SplitOptions{})
		require.NoError(t, err)
		for _, h := range names {
			// The holder's complete groups (its shares trimmed to what
			// Combine takes), and the shares of one group it cannot
			// complete, if any.
			var complete [][]*slip39.Share
			var partial []*slip39.Share
			for gi, g := range b.Groups {
				var inGroup []*slip39.Share
				for mi, holder := range g.Holders {
					if holder == h && len(inGroup) < g.MemberThreshold {
						inGroup = append(inGroup, shares[gi][mi])
					}
				}
				switch {
				case len(inGroup) == g.MemberThreshold:
					complete = append(complete, inGroup)
				case len(inGroup) > 0 && partial == nil:
					partial = inGroup
				}
			}
			var mine []*slip39.Share
			for _, g := range complete[:min(len(complete), b.GroupThreshold)] {
				mine = append(mine, g...)
			}
			if len(complete) < b.GroupThreshold {
				mine = append(mine, partial...)
			}
			back, err := slip39.Combine(mine, nil)
			recovered := err == nil && back.Equal(ms)
			require.Equal(t, recovered, b.CanReconstruct(h), "round %d: %s with %s", round, h, b)
			if recovered {
				yes++
			} else {
				no++
			}
		}
	}
	require.Positive(t, yes)
	require.Positive(t, no)
}

func TestShareBackupString(t *testing.T) {
	b := &ShareBackup{2, []ShareGroup{{1, []string{"lawyer"}}, {2, []string{"bank", "notary", "lawyer"}}}}
	require.Equal(t, `2 of 2 groups: "lawyer"; 2 of 3 shares held by "bank", "notary", "lawyer"`, b.String())
	require.Equal(t, []string{"lawyer", "bank", "notary"}, b.Holders())
	var nilB *ShareBackup
	require.Equal(t, "no share backup recorded", nilB.String())
	require.Nil(t, nilB.Clone())
}
