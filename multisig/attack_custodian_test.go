package multisig

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestAttackCustodianSpacingVariants: whoever writes the plan gives one
// site two of the M keys under custodian names that differ from "Site A"
// only in where the separators are: "SiteA", "S-i-t-e A", "Si te A".
// CustodianKey turns a run of separators into one space but keeps the
// absence of one, so their skeletons ("sltea", "s l t e a", "sl te a")
// differ from "slte a" and the plan counts two custodians; a reviewer,
// and the skeleton's own stated purpose (a name that reads as the first
// custodian must count as it), reads one site.
//
// NIS plays no part: the custodian rule is this library's.
//
// Breaks: "Custodian names are ASCII and compared by a skeleton that
// folds letter case, punctuation and the ASCII look-alikes" (SECURITY.md):
// punctuation and spacing are folded only where they are present in both.
// Note: TestLookAlikeCustodians ("no separator is another name") asserts
// the opposite on purpose; the lead decides.
//
// A fix: drop separators from the skeleton entirely (compare "sltea"),
// so that spacing and punctuation never tell custodians apart.
func TestAttackCustodianSpacingVariants(t *testing.T) {
	for _, variant := range []string{"SiteA", "S-i-t-e A", "Si te A"} {
		t.Run(variant, func(t *testing.T) {
			cs := []Cosigner{
				{PublicKey: pub(t, "hot"), Label: "withdrawal server", Role: Online, Custodian: "datacenter"},
				{PublicKey: pub(t, "cold-a"), Label: "vault A", Role: Offline, Custodian: "Site A"},
				{PublicKey: pub(t, "cold-b"), Label: "vault B", Role: Offline, Custodian: variant},
			}
			_, err := NewPlan(pub(t, "account"), sign.Testnet, cs, 2, Relaxations{})
			require.ErrorIs(t, err, ErrCustodianReachesThreshold, "%q and \"Site A\" hold 2 of 2 needed keys", variant)
		})
	}
}
