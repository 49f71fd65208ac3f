package coldwallet

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The lifecycle property test. A multisig account lives through random
// sequences of conversions (ours, and other tools' with and without a
// min-cosignatories change, version 1 and 2), additions, removals,
// threshold changes, rotations and modifications a compromised online
// side makes up. The online side (an attacker: it holds every online key
// and writes every byte) builds each change with the library or by hand;
// every offline vault of the current plan reviews and signs it, or not,
// with the real OfflineSigner, policy and journal; the signatures go to
// an independent transliteration of NIS's multisig validators and
// observers (internal/nisoracle), which applies the change if NIS would.
//
// After every step, against the oracle's state and the keys' true roles
// and custodians: no set of online keys, and no single custodian, can
// make NIS accept a transfer or a removal. And every modification a vault
// signed that NIS applied was shown in the review as the state NIS now
// holds.

// lcKey is a key of the test's world, with its true role and custodian.
type lcKey struct {
	name      string
	key       *sign.PrivateKey
	role      multisig.Role
	custodian string
}

type lcWorld struct {
	t       *testing.T
	r       *rand.Rand
	log     []string // what happened, for the failure message
	account *sign.PrivateKey
	keys    []*lcKey
	oracle  *nisoracle.Chain
	plan    *multisig.Plan // the plan the vaults have registered
	vaults  map[sign.PublicKey]lcVault
	now     transaction.Timestamp
	stats   *lcStats
	applied []*transaction.MultisigAggregateModification // what NIS applied, for replays
	// later: replays and vaults with an older registration, added after
	// the regression seeds were found (off for them, so that each seed
	// plays the scenario its comment describes).
	later bool
}

// lcStats counts what the scenarios did, so that the property test can
// show it tested something.
type lcStats struct {
	scenarios, applied, signed, refused, replays, stale int
}

var lcPool = []struct{ name, role, custodian string }{
	{"hot", "online", "datacenter"},
	{"hot 2", "online", "datacenter 2"},
	{"vault A", "offline", "site A"},
	{"vault B", "offline", "site B"},
	{"vault C", "offline", "site C"},
	{"vault A2", "offline", "site A"},
	{"vault D", "offline", ""},
	{"evil", "online", "attacker"},
}

func newLCWorld(t *testing.T, seed uint64) *lcWorld {
	w := &lcWorld{t: t, r: rand.New(rand.NewPCG(seed, 0x11fec1c1e)), oracle: nisoracle.New(sign.Testnet),
		account: fixtureKey(t, "lifecycle account"), vaults: map[sign.PublicKey]lcVault{}, now: fixtureTime}
	for _, k := range lcPool {
		w.keys = append(w.keys, &lcKey{name: k.name, key: fixtureKey(t, "lifecycle "+k.name), role: multisig.Role(k.role), custodian: k.custodian})
	}
	return w
}

func (w *lcWorld) logf(format string, args ...any) {
	w.log = append(w.log, fmt.Sprintf(format, args...))
}

func (w *lcWorld) byPub(k sign.PublicKey) *lcKey {
	for _, x := range w.keys {
		if x.key.PublicKey() == k {
			return x
		}
	}
	return nil
}

func (w *lcWorld) cosigner(k *lcKey) multisig.Cosigner {
	return multisig.Cosigner{PublicKey: k.key.PublicKey(), Label: k.name, Role: k.role, Custodian: k.custodian}
}

// state returns the oracle's state of the account.
func (w *lcWorld) state() multisig.State {
	cos, min := w.oracle.Cosignatories(w.account.PublicKey())
	st := multisig.State{MinCosignatories: min}
	for _, k := range w.keys {
		if cos[k.key.Address(sign.Testnet)] {
			st.Cosignatories = append(st.Cosignatories, k.key.PublicKey())
		}
	}
	require.Len(w.t, st.Cosignatories, len(cos), "the oracle holds a key the test does not know")
	return st
}

// planOf describes a state with the keys' true roles and custodians, if
// that is a valid plan.
func (w *lcWorld) planOf(st multisig.State) (*multisig.Plan, error) {
	var cs []multisig.Cosigner
	for _, k := range st.Cosignatories {
		cs = append(cs, w.cosigner(w.byPub(k)))
	}
	m := st.MinCosignatories
	if m == 0 {
		m = len(cs)
	}
	return multisig.NewPlan(w.account.PublicKey(), sign.Testnet, cs, m, multisig.Relaxations{})
}

func (w *lcWorld) opts() multisig.TxOptions {
	w.now += 600
	return multisig.TxOptions{Timestamp: w.now, Deadline: w.now + 3600}
}

func lcPolicy() *Policy {
	return &Policy{Version: PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"aggregate-modification"},
		MaxAmountPerTransaction: "10", MaxDeadline: "6h", AllowModifications: true}
}

// convert makes the account multisig: through our offline signer (the
// account key's vault), or as another tool did it.
func (w *lcWorld) convert() bool {
	var cs []multisig.Cosigner
	for _, k := range w.keys[:7] {
		if w.r.IntN(2) == 0 {
			cs = append(cs, w.cosigner(k))
		}
	}
	if len(cs) == 0 {
		return false
	}
	m := 1 + w.r.IntN(len(cs))
	p, err := multisig.NewPlan(w.account.PublicKey(), sign.Testnet, cs, m, multisig.Relaxations{})
	if err != nil {
		return false
	}
	conv, err := p.Conversion(w.opts())
	require.NoError(w.t, err)
	switch kind := w.r.IntN(4); kind {
	case 0: // ours: the account's vault signs it, or not
		w.logf("conversion of ours to %d of %d", m, len(cs))
		v := lcNewVault(w.t, w.account)
		v.register(w.t, p, nil)
		req := &Request{Network: sign.Testnet, NodeTime: conv.Timestamp, Signers: []sign.PublicKey{w.account.PublicKey()},
			Items: []Item{{Kind: KindSign, Tx: conv}}}
		env, err := req.MarshalText()
		require.NoError(w.t, err)
		res, err := v.sign(env)
		if err != nil {
			w.logf("  refused: %v", err)
			return false
		}
		require.Equal(w.t, nisoracle.Success, w.oracle.ValidateOwn(conv))
		w.oracle.ApplyModification(conv)
		w.plan = p
		w.checkReviewAfter(res, conv, nil)
		return true
	default: // another tool: version 1, version 2 with change 0, or another change
		other := *conv
		other.Modifications = slices.Clone(conv.Modifications)
		switch kind {
		case 1:
			other.Version, other.MinCosignatories = 1, nil
		case 2:
			other.MinCosignatories = &transaction.MinCosignatoriesChange{}
		case 3:
			other.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: int32(w.r.IntN(len(cs) + 1))}
		}
		w.logf("conversion by another tool (kind %d) of %d keys", kind, len(cs))
		if w.oracle.ValidateOwn(&other) != nisoracle.Success {
			return false
		}
		w.oracle.ApplyModification(&other)
		plan, err := w.planOf(w.state())
		if err != nil {
			w.logf("  the account is in no valid plan (%v): the scenario ends", err)
			return false
		}
		w.plan = plan
		return true
	}
}

// step makes one change and reports whether the scenario goes on.
func (w *lcWorld) step() bool {
	chain := w.state()
	p := w.plan
	var updates []*multisig.Update
	var err error
	pick := func() *lcKey { return w.keys[w.r.IntN(7)] }
	switch op := w.r.IntN(5); op {
	case 0:
		k := pick()
		t := 1 + w.r.IntN(len(p.Cosigners)+1)
		w.logf("add %s, threshold %d", k.name, t)
		var u *multisig.Update
		u, err = lcAdd(p, chain, w.cosigner(k), t, w.opts())
		updates = append(updates, u)
	case 1:
		k := p.Cosigners[w.r.IntN(len(p.Cosigners))]
		t := 1 + w.r.IntN(max(1, len(p.Cosigners)-1))
		w.logf("remove %s, threshold %d", k.Label, t)
		var u *multisig.Update
		u, err = lcRemove(p, chain, k.PublicKey, t, w.opts())
		updates = append(updates, u)
	case 2:
		t := 1 + w.r.IntN(len(p.Cosigners))
		w.logf("threshold %d", t)
		var u *multisig.Update
		u, err = lcThreshold(p, chain, t, w.opts())
		updates = append(updates, u)
	case 3:
		old := p.Cosigners[w.r.IntN(len(p.Cosigners))]
		k := pick()
		w.logf("rotate %s to %s", old.Label, k.name)
		var two [2]*multisig.Update
		two, err = lcRotate(p, chain, old.PublicKey, w.cosigner(k), w.opts(), w.opts())
		updates = two[:]
	default:
		return w.attack()
	}
	if err != nil {
		w.logf("  the library refuses: %v", err)
		return true
	}
	for _, u := range updates {
		if !w.propose(u.Inner, u.After) {
			return true
		}
	}
	return true
}

// attack: the online side makes up a modification and a next plan.
func (w *lcWorld) attack() bool {
	chain := w.state()
	m := &transaction.MultisigAggregateModification{Header: transaction.Header{Network: sign.Testnet, Version: 2, Signer: w.account.PublicKey()}}
	o := w.opts()
	m.Timestamp, m.Deadline, m.Fee = o.Timestamp, o.Deadline, transaction.MultisigAggregateModificationFee
	if w.later && len(w.applied) > 0 && w.r.IntN(4) == 0 {
		// A replay: the changes of a modification NIS applied before,
		// asked for again (a new transaction: another timestamp).
		old := w.applied[w.r.IntN(len(w.applied))]
		m.Modifications = slices.Clone(old.Modifications)
		if old.MinCosignatories != nil {
			c := *old.MinCosignatories
			m.MinCosignatories = &c
		}
		w.stats.replays++
		w.logf("replay of an applied modification")
	} else {
		deleted := false
		for _, k := range w.keys {
			switch x := w.r.IntN(6); {
			case x == 0 && !chain.Has(k.key.PublicKey()):
				m.Modifications = append(m.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: k.key.PublicKey()})
			case x == 1 && chain.Has(k.key.PublicKey()) && !deleted:
				deleted = true
				m.Modifications = append(m.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationDelete, Cosignatory: k.key.PublicKey()})
			}
		}
		if c := int32(w.r.IntN(7) - 3); c != 0 || len(m.Modifications) == 0 {
			m.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: c}
		}
	}
	if transaction.Canonicalize(m) != nil || transaction.Check(m) != nil {
		return true
	}
	// The next plan the attacker shows: what the modification would make
	// of the plan's threshold arithmetic, with the keys' true roles (the
	// key ceremony shows who holds a key). A person registers it only if
	// it is a valid plan.
	var next *multisig.Plan
	cs := slices.Clone(w.plan.Keys())
	t := w.plan.Threshold
	for _, mod := range m.Modifications {
		if mod.Type == transaction.ModificationAdd {
			cs = append(cs, mod.Cosignatory)
		} else {
			cs = slices.DeleteFunc(cs, func(k sign.PublicKey) bool { return k == mod.Cosignatory })
		}
	}
	if m.MinCosignatories != nil {
		t += int(m.MinCosignatories.RelativeChange)
	}
	var desc []multisig.Cosigner
	for _, k := range cs {
		desc = append(desc, w.cosigner(w.byPub(k)))
	}
	if p, err := multisig.NewPlan(w.account.PublicKey(), sign.Testnet, desc, t, multisig.Relaxations{}); err == nil {
		next = p
	}
	w.logf("attack: %d modification(s), change %v, next plan %v", len(m.Modifications), m.MinCosignatories, next != nil)
	w.propose(m, next)
	return true
}

// propose wraps inner with an online key (or a vault, if the state has
// no online key), asks every offline cosigner of the state to cosign it
// with next registered as the plan's next version, and applies it to the
// oracle if NIS accepts the signatures. It reports whether NIS applied it.
func (w *lcWorld) propose(inner *transaction.MultisigAggregateModification, next *multisig.Plan) bool {
	chain := w.state()
	if next != nil && lcTransition(w.plan, next) != nil {
		next = nil // a person registers only a possible next version
	}
	var online, offline []*lcKey
	for _, k := range chain.Cosignatories {
		x := w.byPub(k)
		if x.role == multisig.Online {
			online = append(online, x)
		} else {
			offline = append(offline, x)
		}
	}
	if len(online) == 0 {
		// The attacker holds no key of the account: nothing to propose.
		return false
	}
	initiator := online[0]
	o := w.opts()
	ms := &transaction.Multisig{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: o.Timestamp, Deadline: o.Deadline,
		Signer: initiator.key.PublicKey(), Fee: transaction.FlatFee}, Inner: inner}
	if transaction.Check(ms) != nil {
		return false
	}
	signers := []sign.PublicKey{}
	for _, k := range online[1:] {
		signers = append(signers, k.key.PublicKey())
	}
	applied := false
	var reviews []*SignResult
	for _, v := range offline {
		cs := &transaction.MultisigSignature{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: o.Timestamp, Deadline: o.Deadline,
			Signer: v.key.PublicKey(), Fee: transaction.FlatFee}, MultisigAccount: w.account.Address(sign.Testnet)}
		h, err := transaction.HashOf(inner)
		require.NoError(w.t, err)
		cs.OtherHash = h
		req := &Request{Network: sign.Testnet, NodeTime: o.Timestamp, Signers: []sign.PublicKey{v.key.PublicKey()},
			Items: []Item{{Kind: KindCosign, Tx: cs, Inner: inner}}}
		env, err := req.MarshalText()
		require.NoError(w.t, err)
		vault, stale := w.vault(v.key, next)
		res, err := vault.sign(env)
		if err != nil {
			w.logf("  %s refuses: %v", v.name, err)
			w.stats.refused++
			continue
		}
		w.logf("  %s signs (stale registration: %t)", v.name, stale)
		w.stats.signed++
		signers = append(signers, v.key.PublicKey())
		if !stale {
			// A vault with an older registration reviews the change
			// against the plan it knows; only the invariant binds it.
			reviews = append(reviews, res)
		}
	}
	if w.oracle.ValidateWrapper(inner, initiator.key.PublicKey(), signers) == nisoracle.Success {
		w.oracle.ApplyModification(inner)
		applied = true
		w.stats.applied++
		w.applied = append(w.applied, inner)
		w.logf("  NIS applies it: %v", w.state())
		for _, res := range reviews {
			w.checkReviewAfter(res, inner, next)
		}
		if next != nil {
			if _, err := w.planOf(w.state()); err == nil {
				w.plan = next
			}
		}
	}
	return applied
}

// vault returns k's vault, with the current plan and next registered,
// unless (one time in four) its operator skips the ceremony and it keeps
// an older registration: stale reports that.
func (w *lcWorld) vault(k *sign.PrivateKey, next *multisig.Plan) (v lcVault, stale bool) {
	v, ok := w.vaults[k.PublicKey()]
	if !ok {
		v = lcNewVault(w.t, k)
		w.vaults[k.PublicKey()] = v
	} else if w.later && w.r.IntN(4) == 0 {
		w.stats.stale++
		return v, true
	}
	v.register(w.t, w.plan, next)
	return v, false
}

// checkReviewAfter: the review a vault signed showed the state NIS now
// holds.
func (w *lcWorld) checkReviewAfter(res *SignResult, m *transaction.MultisigAggregateModification, next *multisig.Plan) {
	require.NotNil(w.t, res.Review, strings.Join(w.log, "\n"))
	got, ok := lcAfter(res.Review.Items[0])
	require.True(w.t, ok, "the review of a signed modification shows the cosigners afterwards\n%s", strings.Join(w.log, "\n"))
	st := w.state()
	require.ElementsMatch(w.t, st.Cosignatories, got.keys, "cosigners afterwards\n%s", strings.Join(w.log, "\n"))
	require.Equal(w.t, st.Required(), got.required, "signatures required afterwards\n%s", strings.Join(w.log, "\n"))
}

// checkInvariant: no online keys and no single custodian can act alone.
func (w *lcWorld) checkInvariant() {
	st := w.state()
	if !st.IsMultisig() {
		return
	}
	groups := map[string][]sign.PublicKey{}
	var online []sign.PublicKey
	for _, k := range st.Cosignatories {
		x := w.byPub(k)
		if x.role == multisig.Online {
			online = append(online, k)
		}
		c := multisig.CustodianKey(x.custodian)
		if c == "" {
			c = "key " + x.name
		}
		groups[c] = append(groups[c], k)
	}
	transfer := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: w.account.PublicKey()}}
	actions := []transaction.Transaction{transfer}
	for _, x := range st.Cosignatories {
		actions = append(actions, &transaction.MultisigAggregateModification{Header: transaction.Header{Network: sign.Testnet, Version: 2, Signer: w.account.PublicKey()},
			Modifications:    []transaction.CosignatoryModification{{Type: transaction.ModificationDelete, Cosignatory: x}},
			MinCosignatories: &transaction.MinCosignatoriesChange{RelativeChange: -int32(max(0, st.MinCosignatories-len(st.Cosignatories)+1))}})
	}
	can := func(inner transaction.Transaction, keys []sign.PublicKey) bool {
		for _, initiator := range keys {
			if w.oracle.ValidateWrapper(inner, initiator, keys) == nisoracle.Success {
				return true
			}
		}
		return false
	}
	for i, a := range actions {
		what := "a transfer"
		if i > 0 {
			what = "the removal of " + w.byPub(st.Cosignatories[i-1]).name
		}
		require.False(w.t, can(a, online), "the online keys alone can make NIS accept %s in state %v\n%s", what, st, strings.Join(w.log, "\n"))
		for name, g := range groups {
			require.False(w.t, can(a, g), "custodian %q alone can make NIS accept %s in state %v\n%s", name, what, st, strings.Join(w.log, "\n"))
		}
	}
}

// runLifecycle plays one scenario of steps changes.
func runLifecycle(t *testing.T, seed uint64, steps int, stats *lcStats, later bool) {
	w := newLCWorld(t, seed)
	w.later = later
	w.stats = stats
	w.logf("seed %d", seed)
	for range 5 {
		if w.state().IsMultisig() || w.convert() {
			break
		}
	}
	if w.plan == nil {
		return
	}
	stats.scenarios++
	w.checkInvariant()
	for range steps {
		if !w.step() {
			return
		}
		w.checkInvariant()
	}
}

// TestLifecycleProperty runs many random scenarios: seeds 0 to 199, or 0
// to 39 with -short or under the race detector (CI runs all 200 without
// it).
func TestLifecycleProperty(t *testing.T) {
	n := uint64(200)
	if testing.Short() || raceEnabled {
		n = 40
	}
	var stats lcStats
	for seed := range n {
		runLifecycle(t, seed, 12, &stats, true)
	}
	t.Logf("%d scenarios: %d modifications applied by NIS, %d signed and %d refused by vaults, %d replays, %d requests to a vault with an older registration", stats.scenarios, stats.applied, stats.signed, stats.refused, stats.replays, stats.stale)
	require.Greater(t, stats.scenarios, int(n)/2)
	require.Greater(t, stats.applied, int(n)/2, "the scenarios change the account")
	require.Greater(t, stats.signed, int(n))
	require.Greater(t, stats.refused, int(n))
	require.Greater(t, stats.replays, int(n)/10, "the attacker replays applied modifications")
}

// TestLifecycleRegressions are scenarios that broke the invariants
// before the state model, or before a later fix (see the seeds' comments).
func TestLifecycleRegressions(t *testing.T) {
	for _, seed := range lcRegressionSeeds {
		runLifecycle(t, seed, 12, &lcStats{}, false)
	}
	for _, seed := range lcLaterSeeds {
		runLifecycle(t, seed, 12, &lcStats{}, true)
	}
}

// TestLifecycleStoredZero is class 1 of the custody review, step by step:
// a 3-of-3 (a server and two vaults) converted by another tool without a
// min-cosignatories change stores 0. Adding vault C at 4 of 4 by the
// plan's arithmetic (+1) would leave NIS storing 1: 1 of 4, the server
// alone. Computed from the chain's state the change is +4; the vaults sign
// it and the account is 4 of 4 on the chain.
func TestLifecycleStoredZero(t *testing.T) {
	w := newLCWorld(t, 0)
	w.stats = &lcStats{}
	hot, a, b, c := w.keys[0], w.keys[2], w.keys[3], w.keys[4]
	conv := &transaction.MultisigAggregateModification{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: w.account.PublicKey(),
		Timestamp: w.now, Deadline: w.now + 3600, Fee: transaction.MultisigAggregateModificationFee}}
	for _, k := range []*lcKey{hot, a, b} {
		conv.Modifications = append(conv.Modifications, transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: k.key.PublicKey()})
	}
	require.NoError(t, transaction.Canonicalize(conv))
	require.Equal(t, nisoracle.Success, w.oracle.ValidateOwn(conv))
	w.oracle.ApplyModification(conv)
	require.Equal(t, 0, w.state().MinCosignatories)
	var err error
	w.plan, err = w.planOf(w.state())
	require.NoError(t, err)
	require.Equal(t, 3, w.plan.Threshold)

	naive, err := lcAdd(w.plan, w.plan.State(), w.cosigner(c), 4, w.opts())
	require.NoError(t, err)
	require.Equal(t, int32(1), naive.Inner.MinCosignatories.RelativeChange, "the plan's arithmetic")
	require.False(t, w.propose(naive.Inner, naive.After), "no vault signs what would make it 1 of 4:\n%s", strings.Join(w.log, "\n"))

	u, err := lcAdd(w.plan, w.state(), w.cosigner(c), 4, w.opts())
	require.NoError(t, err)
	require.Equal(t, int32(4), u.Inner.MinCosignatories.RelativeChange, "from the stored 0")
	require.True(t, w.propose(u.Inner, u.After), strings.Join(w.log, "\n"))
	require.Equal(t, 4, w.state().MinCosignatories)
	w.checkInvariant()
}
