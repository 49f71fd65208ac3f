package multisig_test

import (
	"fmt"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// key makes a deterministic example key; real keys come from
// sign.GenerateKey or an HD wallet, each on its own machine.
func key(label string) *sign.PrivateKey {
	seed := make([]byte, 32)
	copy(seed, label)
	k, err := sign.NewPrivateKeyFromSeed(seed)
	if err != nil {
		panic(err)
	}
	return k
}

var (
	account = key("example account")
	hot     = key("example hot")
	coldA   = key("example cold A")
	coldB   = key("example cold B")
	opts    = multisig.TxOptions{Timestamp: 250_000_000, Deadline: 250_003_600}
)

func examplePlan() *multisig.Plan {
	p, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: coldA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: coldB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		panic(err)
	}
	return p
}

// Step 1: a 2-of-3 plan, one online and two offline keys. A plan where the
// online keys alone reach M is refused.
func ExampleNewPlan() {
	p := examplePlan()
	fmt.Println(p.Threshold, "of", len(p.Cosigners), p.Address())

	_, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Role: multisig.Online},
		{PublicKey: coldA.PublicKey(), Role: multisig.Offline},
	}, 1, multisig.Relaxations{})
	fmt.Println(err)
	// Output:
	// 2 of 3 TCTBHI3KU5FB7LJNSTSBWHAYMQUWRJBVPN6Z6YQ5
	// multisig: invalid custody plan: online cosigners alone reach the threshold: 1 online key(s) and 1 are needed: a compromised server could move funds
}

// Step 2: the conversion, signed by the account itself.
func ExamplePlan_Conversion() {
	p := examplePlan()
	conv, err := p.Conversion(opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(conv.Modifications), "cosigners added, min cosignatories", conv.MinCosignatories.RelativeChange, "fee", conv.Fee, "XEM")
	signed, err := transaction.Sign(conv, account)
	if err != nil {
		panic(err)
	}
	fmt.Println(transaction.VerifySigned(signed) == nil)
	// Output:
	// 3 cosigners added, min cosignatories 2 fee 0.500000 XEM
	// true
}

// Steps 3 to 5: the online server wraps a withdrawal, one vault cosigns,
// and the status says NIS would accept; announce in the order given.
func ExampleStatus() {
	p := examplePlan()
	withdrawal := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: opts.Timestamp, Deadline: opts.Deadline},
		Recipient: key("customer").Address(sign.Testnet),
		Amount:    1000 * transaction.XEM,
	}
	ms, err := p.Wrap(withdrawal, hot.PublicKey(), opts)
	if err != nil {
		panic(err)
	}
	wrapper, err := transaction.Sign(ms, hot)
	if err != nil {
		panic(err)
	}
	r, _ := multisig.Status(p, wrapper, nil)
	fmt.Println("online key alone:", r.Complete)

	cosig, err := p.Cosign(ms.Inner, coldA, opts)
	if err != nil {
		panic(err)
	}
	r, err = multisig.Status(p, wrapper, []*transaction.Signed{cosig})
	if err != nil {
		panic(err)
	}
	fmt.Println("with vault A:", r.Complete, len(r.Signed), "of", r.Required, "signatures,", len(r.Announce), "announcements")
	// Output:
	// online key alone: false
	// with vault A: true 2 of 2 signatures, 2 announcements
}

// Rotating a vault key takes two transactions, each wrapped and cosigned
// like a withdrawal. Changes are computed from the state the chain holds
// (read it with package nis); here the chain enforces the plan.
func ExamplePlan_Rotate() {
	p := examplePlan()
	chain := p.State()
	later := multisig.TxOptions{Timestamp: opts.Timestamp + 600, Deadline: opts.Deadline + 600}
	steps, err := p.Rotate(chain, coldA.PublicKey(), multisig.Cosigner{PublicKey: key("new vault A").PublicKey(), Role: multisig.Offline, Custodian: "site C"}, opts, later)
	if err != nil {
		panic(err)
	}
	for _, u := range steps {
		m := u.Inner.Modifications[0]
		fmt.Println(m.Type == transaction.ModificationAdd, len(u.After.Cosigners), "cosigners,", u.Required, "signatures needed")
	}
	// Output:
	// true 4 cosigners, 2 signatures needed
	// false 3 cosigners, 2 signatures needed
}
