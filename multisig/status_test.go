package multisig

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// offlinePlan makes an all-offline plan of n keys named k0..k(n-1),
// without custodians. These plans test NIS's counting, not the custody
// invariants: the single-custodian rule is relaxed (with one or two keys,
// or after a removal to two, one key alone could act).
func offlinePlan(t *testing.T, n, m int) (*Plan, []*sign.PrivateKey) {
	var cs []Cosigner
	var keys []*sign.PrivateKey
	for i := range n {
		k := testKey(t, fmt.Sprintf("k%d", i))
		keys = append(keys, k)
		cs = append(cs, Cosigner{PublicKey: k.PublicKey(), Label: fmt.Sprintf("k%d", i), Role: Offline})
	}
	p, err := NewPlan(pub(t, "account"), sign.Testnet, cs, m, Relaxations{AllowSingleCustodian: true})
	require.NoError(t, err)
	return p, keys
}

// TestStatusCounting applies NIS's MultisigSignaturesPresentValidator
// rules: m-of-n, n-of-n, and a removal, where the removed cosigner's
// signature does not count and is not required.
func TestStatusCounting(t *testing.T) {
	cases := []struct {
		name      string
		n, m      int
		removes   int   // index of a cosigner the inner transaction deletes, or -1
		initiator int   // index of the wrapper signer
		cosigners []int // indexes of cosignature signers
		required  int
		complete  bool
	}{
		{"2-of-3 initiator only", 3, 2, -1, 0, nil, 2, false},
		{"2-of-3 initiator and one", 3, 2, -1, 0, []int{2}, 2, true},
		{"2-of-3 all three", 3, 2, -1, 0, []int{1, 2}, 2, true},
		{"3-of-3 two of three", 3, 3, -1, 1, []int{0}, 3, false},
		{"3-of-3 all", 3, 3, -1, 1, []int{0, 2}, 3, true},
		{"1-of-2 initiator alone", 2, 1, -1, 1, nil, 1, true},
		{"3-of-3 removal needs n-1", 3, 3, 2, 0, []int{1}, 2, true},
		{"3-of-3 removal, n-1 minus one", 3, 3, 2, 0, nil, 2, false},
		{"3-of-3 removed cosigner's signature does not count", 3, 3, 2, 0, []int{2}, 2, false},
		{"removed cosigner initiates: not counted", 3, 3, 0, 0, []int{1}, 2, false},
		{"removed cosigner initiates, both others sign", 3, 3, 0, 0, []int{1, 2}, 2, true},
		{"2-of-4 removal still needs m", 4, 2, 3, 0, []int{3}, 2, false},
		{"2-of-4 removal with m others", 4, 2, 3, 0, []int{1}, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, keys := offlinePlan(t, c.n, c.m)
			var inner transaction.Transaction = withdrawal(t, p)
			if c.removes >= 0 {
				newM := min(c.m, c.n-1)
				u, err := p.RemoveCosigner(p.State(), keys[c.removes].PublicKey(), newM, opts)
				require.NoError(t, err)
				inner = u.Inner
				require.Equal(t, c.required, u.Required, "Update agrees with Status")
				require.NotContains(t, u.Signers, keys[c.removes].PublicKey())
			}
			ms, err := p.Wrap(inner, keys[c.initiator].PublicKey(), opts)
			require.NoError(t, err)
			w, err := transaction.Sign(ms, keys[c.initiator])
			require.NoError(t, err)
			var cosigs []*transaction.Signed
			for _, i := range c.cosigners {
				cs, err := p.Cosign(ms.Inner, keys[i], opts)
				require.NoError(t, err)
				cosigs = append(cosigs, cs)
			}
			r, err := Status(p, w, cosigs)
			require.NoError(t, err)
			require.Equal(t, c.required, r.Required)
			require.Equal(t, c.complete, r.Complete)
			if c.removes >= 0 {
				require.Equal(t, keys[c.removes].PublicKey(), *r.Removed)
				require.NotContains(t, r.Signed, keys[c.removes].PublicKey())
				require.NotContains(t, r.Missing, keys[c.removes].PublicKey())
			}
			// The wrapper, then every counted cosignature: all counted
			// signers but the initiator, whose wrapper is its signature.
			require.Equal(t, len(r.Signed)+boolInt(c.removes == c.initiator), len(r.Announce), "wrapper plus counted cosignatures")
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestStatusRefuses: each way a cosignature or wrapper can be wrong.
func TestStatusRefuses(t *testing.T) {
	p, keys := offlinePlan(t, 3, 2)
	other, otherKeys := offlinePlan(t, 3, 2)
	other.Account = pub(t, "another account")
	outsider := testKey(t, "outsider")

	ms, err := p.Wrap(withdrawal(t, p), keys[0].PublicKey(), opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, keys[0])
	require.NoError(t, err)
	good, err := p.Cosign(ms.Inner, keys[1], opts)
	require.NoError(t, err)

	// Cosignature for another account's transaction with the same keys.
	otherInner := withdrawal(t, other)
	otherInner.Signer = other.Account
	otherCs, err := other.Cosign(otherInner, otherKeys[1], opts)
	require.NoError(t, err)

	// A cosignature by someone outside the plan (built by hand: the plan
	// refuses to build it).
	outsiderTx := &transaction.MultisigSignature{
		Header:          transaction.Header{Network: p.Network, Version: 1, Timestamp: now, Signer: outsider.PublicKey(), Fee: 150_000, Deadline: deadline},
		OtherHash:       good.Tx.(*transaction.MultisigSignature).OtherHash,
		MultisigAccount: p.Address(),
	}
	outsiderCs, err := transaction.Sign(outsiderTx, outsider)
	require.NoError(t, err)

	tampered := *good
	tampered.Signature[10] ^= 1

	// A wrapper signed by a non-cosigner.
	msOut := *ms
	msOut.Signer = outsider.PublicKey()
	wOut, err := transaction.Sign(&msOut, outsider)
	require.NoError(t, err)

	// A wrapper of another account's inner transaction.
	msOther, err := other.Wrap(otherInner, otherKeys[0].PublicKey(), opts)
	require.NoError(t, err)
	wOther, err := transaction.Sign(msOther, otherKeys[0])
	require.NoError(t, err)

	cases := []struct {
		name    string
		wrapper *transaction.Signed
		cosigs  []*transaction.Signed
		want    error
	}{
		{"cosignature of another account's inner transaction", w, []*transaction.Signed{otherCs}, ErrWrongHash},
		{"signer not a cosigner", w, []*transaction.Signed{outsiderCs}, ErrNotCosigner},
		{"duplicate cosignature", w, []*transaction.Signed{good, good}, ErrDuplicateSignature},
		{"tampered signature", w, []*transaction.Signed{&tampered}, ErrBadSignature},
		{"wrapper by a non-cosigner", wOut, nil, ErrNotCosigner},
		{"wrapper of another account", wOther, nil, ErrWrongAccount},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Status(p, c.wrapper, c.cosigs)
			require.ErrorIs(t, err, c.want)
		})
	}

	// A cosignature naming the right inner hash but another account.
	wrongAcct := *good.Tx.(*transaction.MultisigSignature)
	wrongAcct.MultisigAccount = other.Address()
	wa, err := transaction.Sign(&wrongAcct, keys[1])
	require.NoError(t, err)
	_, err = Status(p, w, []*transaction.Signed{wa})
	require.ErrorIs(t, err, ErrWrongAccount)
}

func TestBuildersRefuse(t *testing.T) {
	p, keys := offlinePlan(t, 3, 2)
	outsider := pub(t, "outsider")
	_, err := p.Wrap(withdrawal(t, p), outsider, opts)
	require.ErrorIs(t, err, ErrNotCosigner)

	foreign := withdrawal(t, p)
	foreign.Signer = outsider
	_, err = p.Wrap(foreign, keys[0].PublicKey(), opts)
	require.ErrorIs(t, err, ErrWrongAccount)

	low := opts
	low.Fee = 100_000
	_, err = p.Wrap(withdrawal(t, p), keys[0].PublicKey(), low)
	require.ErrorIs(t, err, transaction.ErrFeeTooLow, "0.10 XEM is below the wrapper's 0.15 XEM")

	_, err = p.Cosignature(withdrawal(t, p), outsider, opts)
	require.ErrorIs(t, err, ErrNotCosigner)
	unsigned := withdrawal(t, p) // signer not set to the account
	_, err = p.Cosignature(unsigned, keys[1].PublicKey(), opts)
	require.ErrorIs(t, err, ErrWrongAccount)

	ms, err := p.Wrap(withdrawal(t, p), keys[0].PublicKey(), opts)
	require.NoError(t, err)
	_, err = p.Wrap(ms, keys[0].PublicKey(), opts)
	require.Error(t, err, "a wrapper cannot be wrapped")
}

func TestChanges(t *testing.T) {
	p := twoOfThree(t)
	newCold := Cosigner{PublicKey: pub(t, "cold-c"), Label: "vault C", Role: Offline, Custodian: "site C"}

	u, err := p.AddCosigner(p.State(), newCold, 3, opts)
	require.NoError(t, err)
	require.Len(t, u.After.Cosigners, 4)
	require.Equal(t, 3, u.After.Threshold)
	require.Equal(t, int32(1), u.Inner.MinCosignatories.RelativeChange)
	require.Equal(t, 2, u.Required)
	require.Len(t, u.Signers, 3)

	u, err = p.AddCosigner(p.State(), newCold, 2, opts)
	require.NoError(t, err)
	require.Nil(t, u.Inner.MinCosignatories, "no threshold change: no min-cosignatories object")

	_, err = p.AddCosigner(p.State(), Cosigner{PublicKey: pub(t, "hot2"), Role: Online}, 2, opts)
	require.ErrorIs(t, err, ErrOnlineReachesThreshold, "a second online key would reach 2")

	_, err = p.AddCosigner(p.State(), p.Cosigners[1], 2, opts)
	require.ErrorIs(t, err, ErrDuplicateCosigner)

	_, err = p.RemoveCosigner(p.State(), p.Cosigners[2].PublicKey, 1, opts)
	require.ErrorIs(t, err, ErrOnlineReachesThreshold, "1-of-2 with the online key: the server alone could sign")

	_, err = p.RemoveCosigner(p.State(), p.Cosigners[2].PublicKey, 2, opts)
	require.ErrorIs(t, err, ErrOnlineReachesThreshold, "2-of-2, one online and one offline: NIS lets the server alone remove the vault")
	require.ErrorContains(t, err, "can remove \"vault A\"")

	u, err = p.AddCosigner(p.State(), newCold, 3, opts)
	require.NoError(t, err)
	u, err = u.After.RemoveCosigner(u.AfterState, p.Cosigners[2].PublicKey, 2, opts)
	require.NoError(t, err, "3-of-4 to 2-of-3")
	require.Equal(t, 3, u.Required, "m-of-n: m others than the removed one")
	require.Equal(t, []sign.PublicKey{p.Cosigners[0].PublicKey, p.Cosigners[1].PublicKey, newCold.PublicKey}, u.Signers)
	require.Equal(t, int32(-1), u.Inner.MinCosignatories.RelativeChange)
	require.Equal(t, transaction.ModificationDelete, u.Inner.Modifications[0].Type)

	_, err = p.RemoveCosigner(p.State(), pub(t, "stranger"), 2, opts)
	require.ErrorIs(t, err, ErrNotCosigner)
	_, err = p.SetThreshold(p.State(), 2, opts)
	require.ErrorIs(t, err, ErrChange)
	u, err = p.SetThreshold(p.State(), 3, opts)
	require.NoError(t, err)
	require.Empty(t, u.Inner.Modifications)
	require.Equal(t, int32(1), u.Inner.MinCosignatories.RelativeChange)

	// Rotation: add the new key, then remove the old one, two transactions.
	second := opts
	second.Timestamp, second.Deadline = now+600, deadline+600
	steps, err := p.Rotate(p.State(), p.Cosigners[1].PublicKey, Cosigner{PublicKey: pub(t, "cold-a2"), Role: Offline, Custodian: "site C"}, opts, second)
	require.NoError(t, err)
	require.Equal(t, transaction.ModificationAdd, steps[0].Inner.Modifications[0].Type, "add first when possible")
	require.Equal(t, transaction.ModificationDelete, steps[1].Inner.Modifications[0].Type)
	require.Len(t, steps[0].After.Cosigners, 4)
	require.Len(t, steps[1].After.Cosigners, 3)
	require.Equal(t, "vault A", steps[1].After.Cosigners[2].Label, "label carried over")
	require.Equal(t, second.Timestamp, steps[1].Inner.Timestamp)

	// At the same site, adding first at 2 of 4 would give site A two keys,
	// and removing first would leave a 2-of-2 whose server alone can
	// remove the other vault: the new key is added at 3 of 4, then the
	// old one removed back to 2 of 3.
	steps, err = p.Rotate(p.State(), p.Cosigners[1].PublicKey, Cosigner{PublicKey: pub(t, "cold-a2"), Role: Offline, Custodian: "site A"}, opts, second)
	require.NoError(t, err)
	require.Equal(t, transaction.ModificationAdd, steps[0].Inner.Modifications[0].Type)
	require.Equal(t, 3, steps[0].After.Threshold)
	require.Equal(t, State{Cosignatories: steps[0].After.Keys(), MinCosignatories: 3}, steps[0].AfterState)
	require.Equal(t, transaction.ModificationDelete, steps[1].Inner.Modifications[0].Type)
	require.Equal(t, 2, steps[1].After.Threshold)
	require.Len(t, steps[1].After.Cosigners, 3)
	require.Equal(t, 3, steps[1].Required, "3 of 4: three others than the removed key")
	_, err = p.Rotate(p.State(), p.Cosigners[1].PublicKey, Cosigner{PublicKey: pub(t, "hot-2"), Role: Online}, opts, second)
	require.ErrorIs(t, err, ErrOnlineReachesThreshold, "replacing an offline key with an online one breaks the split")
}

// TestStatusRefusesImpossibleModification: NIS refuses an aggregate
// modification that deletes a key that is not a cosigner
// (FAILURE_MULTISIG_NOT_A_COSIGNER), adds one that already is
// (FAILURE_MULTISIG_ALREADY_A_COSIGNER), adds the account itself
// (FAILURE_MULTISIG_ACCOUNT_CANNOT_BE_COSIGNER) or deletes two
// (FAILURE_MULTISIG_MODIFICATION_MULTIPLE_DELETES). Status must not count
// such a wrapper as complete: before, a 2-of-2 wrapper deleting a stranger,
// signed by the initiator alone, was reported required=1 complete=true.
func TestStatusRefusesImpossibleModification(t *testing.T) {
	p, keys := offlinePlan(t, 2, 2)
	stranger := pub(t, "stranger")
	mod := func(mods ...transaction.CosignatoryModification) *transaction.MultisigAggregateModification {
		m := &transaction.MultisigAggregateModification{
			Header:        transaction.Header{Network: p.Network, Version: 2, Timestamp: now, Deadline: deadline, Signer: p.Account},
			Modifications: mods,
		}
		require.NoError(t, transaction.Canonicalize(m))
		return m
	}
	add := func(k sign.PublicKey) transaction.CosignatoryModification {
		return transaction.CosignatoryModification{Type: transaction.ModificationAdd, Cosignatory: k}
	}
	del := func(k sign.PublicKey) transaction.CosignatoryModification {
		return transaction.CosignatoryModification{Type: transaction.ModificationDelete, Cosignatory: k}
	}
	cases := []struct {
		name  string
		inner *transaction.MultisigAggregateModification
		want  []error
	}{
		{"deletes a stranger", mod(del(stranger)), []error{ErrChange, ErrNotCosigner}},
		{"adds a stranger, deletes another", mod(add(pub(t, "new")), del(stranger)), []error{ErrChange, ErrNotCosigner}},
		{"adds an existing cosigner", mod(add(keys[1].PublicKey())), []error{ErrChange, ErrDuplicateCosigner}},
		{"adds the account itself", mod(add(p.Account)), []error{ErrChange, ErrAccountIsCosigner}},
		{"deletes two cosigners", mod(del(keys[0].PublicKey()), del(keys[1].PublicKey())), []error{ErrChange}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms, err := p.Wrap(c.inner, keys[0].PublicKey(), opts)
			require.NoError(t, err)
			w, err := transaction.Sign(ms, keys[0])
			require.NoError(t, err)
			r, err := Status(p, w, nil)
			require.Nil(t, r)
			for _, want := range c.want {
				require.ErrorIs(t, err, want)
			}
			require.NotContains(t, err.Error(), "\n")
		})
	}

	// The control: deleting a real cosigner of a 2-of-2 needs the other one.
	u, err := p.RemoveCosigner(p.State(), keys[1].PublicKey(), 1, opts)
	require.NoError(t, err)
	ms, err := p.Wrap(u.Inner, keys[0].PublicKey(), opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, keys[0])
	require.NoError(t, err)
	r, err := Status(p, w, nil)
	require.NoError(t, err)
	require.Equal(t, 1, r.Required)
	require.True(t, r.Complete)
	require.Equal(t, keys[1].PublicKey(), *r.Removed)
}
