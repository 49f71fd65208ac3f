package multisig

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestNilInput: every exported function given a nil plan, transaction,
// signature or signer returns a one-line error wrapping ErrMissing, never
// a panic.
func TestNilInput(t *testing.T) {
	p, keys := offlinePlan(t, 3, 2)
	ms, err := p.Wrap(withdrawal(t, p), keys[0].PublicKey(), opts)
	require.NoError(t, err)
	w, err := transaction.Sign(ms, keys[0])
	require.NoError(t, err)
	var nilPlan *Plan
	var nilTransfer *transaction.Transfer
	var nilWrapper *transaction.Multisig
	var nilCosig *transaction.MultisigSignature
	noInner := *ms
	noInner.Inner = nil
	nilInner := *ms
	nilInner.Inner = nilTransfer

	cases := []struct {
		name string
		call func() error
	}{
		{"Validate, nil plan", func() error { return nilPlan.Validate() }},
		{"MarshalJSON, nil plan", func() error { _, err := nilPlan.MarshalJSON(); return err }},
		{"Conversion, nil plan", func() error { _, err := nilPlan.Conversion(opts); return err }},
		{"AddCosigner, nil plan", func() error {
			_, err := nilPlan.AddCosigner(nilPlan.State(), Cosigner{PublicKey: pub(t, "new"), Role: Offline}, 1, opts)
			return err
		}},
		{"RemoveCosigner, nil plan", func() error {
			_, err := nilPlan.RemoveCosigner(nilPlan.State(), keys[0].PublicKey(), 1, opts)
			return err
		}},
		{"SetThreshold, nil plan", func() error { _, err := nilPlan.SetThreshold(nilPlan.State(), 1, opts); return err }},
		{"Rotate, nil plan", func() error {
			_, err := nilPlan.Rotate(nilPlan.State(), keys[0].PublicKey(), Cosigner{PublicKey: pub(t, "new"), Role: Offline}, opts, opts)
			return err
		}},
		{"Wrap, nil plan", func() error { _, err := nilPlan.Wrap(withdrawal(t, p), keys[0].PublicKey(), opts); return err }},
		{"Wrap, nil inner", func() error { _, err := p.Wrap(nil, keys[0].PublicKey(), opts); return err }},
		{"Wrap, typed nil inner", func() error { _, err := p.Wrap(nilTransfer, keys[0].PublicKey(), opts); return err }},
		{"Cosignature, nil plan", func() error { _, err := nilPlan.Cosignature(ms.Inner, keys[1].PublicKey(), opts); return err }},
		{"Cosignature, nil inner", func() error { _, err := p.Cosignature(nil, keys[1].PublicKey(), opts); return err }},
		{"Cosignature, typed nil inner", func() error { _, err := p.Cosignature(nilTransfer, keys[1].PublicKey(), opts); return err }},
		{"Cosign, nil signer", func() error { _, err := p.Cosign(ms.Inner, nil, opts); return err }},
		{"Cosign, typed nil signer", func() error { _, err := p.Cosign(ms.Inner, (*sign.PrivateKey)(nil), opts); return err }},
		{"Status, nil plan", func() error { _, err := Status(nil, w, nil); return err }},
		{"Status, nil wrapper", func() error { _, err := Status(p, nil, nil); return err }},
		{"Status, wrapper without transaction", func() error { _, err := Status(p, &transaction.Signed{}, nil); return err }},
		{"Status, typed nil wrapper", func() error { _, err := Status(p, &transaction.Signed{Tx: nilWrapper}, nil); return err }},
		{"Status, wrapper without inner", func() error {
			_, err := Status(p, &transaction.Signed{Tx: &noInner, Signature: w.Signature}, nil)
			return err
		}},
		{"Status, wrapper with typed nil inner", func() error {
			_, err := Status(p, &transaction.Signed{Tx: &nilInner, Signature: w.Signature}, nil)
			return err
		}},
		{"Status, nil cosignature", func() error { _, err := Status(p, w, []*transaction.Signed{nil}); return err }},
		{"Status, cosignature without transaction", func() error { _, err := Status(p, w, []*transaction.Signed{{}}); return err }},
		{"Status, typed nil cosignature", func() error {
			_, err := Status(p, w, []*transaction.Signed{{Tx: nilCosig}})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			require.ErrorIs(t, err, ErrMissing)
			require.True(t, strings.HasPrefix(err.Error(), "multisig: "), err.Error())
			require.NotContains(t, err.Error(), "\n")
		})
	}

	// The lookups that cannot fail answer "nothing" for a nil plan.
	_, ok := nilPlan.Cosigner(keys[0].PublicKey())
	require.False(t, ok)
	require.Nil(t, nilPlan.Keys())
	require.Nil(t, nilPlan.Warnings())
}
