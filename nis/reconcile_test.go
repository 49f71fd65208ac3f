package nis

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

func TestReconcile(t *testing.T) {
	intruder := testKey(t, "intruder").PublicKey()
	for _, tc := range []struct {
		name  string
		setup func(c *custody)
		want  []DifferenceKind
	}{
		{"the chain enforces the plan", func(c *custody) {}, nil},
		{"not converted yet", func(c *custody) { c.node.SetMultisig(c.account.PublicKey(), nil, 0) }, []DifferenceKind{NotMultisig}},
		{"a cosigner missing, an unknown one added", func(c *custody) {
			c.node.SetMultisig(c.account.PublicKey(), []sign.PublicKey{c.hot.PublicKey(), c.coldA.PublicKey(), intruder}, 2)
		}, []DifferenceKind{MissingCosigner, UnknownCosigner}},
		{"threshold lowered to 1", func(c *custody) { c.node.SetMultisig(c.account.PublicKey(), c.plan.Keys(), 1) }, []DifferenceKind{ThresholdDiffers}},
		{"min 0 means all 3, not 2", func(c *custody) { c.node.SetMultisig(c.account.PublicKey(), c.plan.Keys(), 0) }, []DifferenceKind{ThresholdDiffers, StoredMinZero}},
		{"everything", func(c *custody) {
			c.node.SetMultisig(c.account.PublicKey(), []sign.PublicKey{c.hot.PublicKey(), intruder}, 1)
		}, []DifferenceKind{MissingCosigner, MissingCosigner, UnknownCosigner, ThresholdDiffers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustody(t)
			tc.setup(c)
			a, err := c.client.Account(context.Background(), c.plan.Address())
			require.NoError(t, err)
			diffs := Reconcile(c.plan, a)
			var kinds []DifferenceKind
			for _, d := range diffs {
				kinds = append(kinds, d.Kind)
				require.NotEmpty(t, d.Message)
			}
			require.Equal(t, tc.want, kinds)
		})
	}

	c := newCustody(t)
	c.node.SetMultisig(c.account.PublicKey(), []sign.PublicKey{c.hot.PublicKey(), c.coldA.PublicKey(), intruder}, 1)
	a, err := c.client.Account(context.Background(), c.plan.Address())
	require.NoError(t, err)
	diffs := Reconcile(c.plan, a)
	require.Len(t, diffs, 3)
	require.Equal(t, c.coldB.Address(sign.Testnet), *diffs[0].Address)
	require.Equal(t, "vault B", diffs[0].Label)
	require.Equal(t, intruder.Address(sign.Testnet), *diffs[1].Address)
	require.Equal(t, Difference{Kind: ThresholdDiffers, Plan: 2, Chain: 1,
		Message: "the chain requires 1 of 3 signatures (minCosignatories 1), the plan 2 of 3"}, diffs[2])

	// N of N: minCosignatories 0 and N both mean all for signing, but a
	// stored 0 is reported: a relative change is added to it.
	full := newCustody(t)
	plan3, err := full.plan.SetThreshold(full.plan.State(), 3, planOpts)
	require.NoError(t, err)
	for m, want := range map[int][]DifferenceKind{0: {StoredMinZero}, 3: nil} {
		full.node.SetMultisig(full.account.PublicKey(), full.plan.Keys(), m)
		a, err := full.client.Account(context.Background(), full.plan.Address())
		require.NoError(t, err)
		var kinds []DifferenceKind
		for _, d := range Reconcile(plan3.After, a) {
			kinds = append(kinds, d.Kind)
		}
		require.Equal(t, want, kinds, "min %d", m)
		st, err := a.State()
		require.NoError(t, err)
		require.NoError(t, plan3.After.CheckState(st), "both enforce the plan's signatures")
	}

	// Another account's answer.
	a, err = c.client.Account(context.Background(), c.hot.Address(sign.Testnet))
	require.NoError(t, err)
	diffs = Reconcile(c.plan, a)
	require.Len(t, diffs, 1)
	require.Equal(t, WrongAccount, diffs[0].Kind)
}

var planOpts = multisigOpts()
