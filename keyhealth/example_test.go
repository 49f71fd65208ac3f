package keyhealth_test

import (
	"fmt"
	"time"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// One round of health checks: the online side issues a challenge, a vault
// proves control of its key offline, the online side records the proof.
func Example() {
	vault, _ := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	hot, _ := sign.GenerateKey(nil)
	other, _ := sign.GenerateKey(nil)
	account, _ := sign.GenerateKey(nil)
	plan, _ := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "hot", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: vault.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: other.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	jan := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

	record, _ := keyhealth.NewRecord(plan, jan)
	challenge, _ := record.Issue(nil, jan)                   // online
	proof, _ := keyhealth.Prove(vault, plan, challenge, jan) // offline
	_, err := record.Accept(proof, plan, jan.Add(time.Hour)) // online
	fmt.Println(err)

	// Five months on nobody is stale; seven months on everybody is: two
	// keys never proved control, and vault A's proof is seven months old.
	for _, at := range []time.Time{jan.AddDate(0, 5, 0), jan.AddDate(0, 7, 0)} {
		status, _ := record.Status(plan, at, keyhealth.DefaultStaleAfter)
		for _, s := range status {
			fmt.Println(at.Format("2006-01"), s.Cosigner.Label, "stale:", s.Stale)
		}
	}
	// Output:
	// <nil>
	// 2026-06 hot stale: false
	// 2026-06 vault A stale: false
	// 2026-06 vault B stale: false
	// 2026-08 hot stale: true
	// 2026-08 vault A stale: true
	// 2026-08 vault B stale: true
}
