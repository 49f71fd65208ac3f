package keyhealth

import (
	"github.com/nemcustody/nemcustody/internal/testfix"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// key returns a deterministic test key named label.
func key(t testing.TB, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.HashedKey(t, "keyhealth test "+label)
}

// plan returns a 2-of-3 plan: an online key and two vaults; other names
// a different account, so the same cosigners make another plan.
func plan(t testing.TB, account string) *multisig.Plan {
	t.Helper()
	p, err := multisig.NewPlan(key(t, account).PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: key(t, "hot").PublicKey(), Label: "hot", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: key(t, "vault A").PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: key(t, "vault B").PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	return p
}

// day0 is the test's first day.
var day0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// days returns day0 plus n days.
func days(n float64) time.Time { return day0.Add(time.Duration(n * 24 * float64(time.Hour))) }
