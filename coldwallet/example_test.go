package coldwallet_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// exampleKey makes a fixed key from a label, so the examples print the same
// output every run. Real keys come from sign.GenerateKey or a keystore.
func exampleKey(label string) *sign.PrivateKey {
	seed := make([]byte, 32)
	copy(seed, label)
	k, err := sign.NewPrivateKeyFromSeed(seed)
	if err != nil {
		panic(err)
	}
	return k
}

const (
	exampleNow      transaction.Timestamp = 367_856_452
	exampleDeadline                       = exampleNow + 6*3600
)

// exampleSetup is a 2-of-3 plan: one online key on the withdrawal server,
// two offline vaults.
func exampleSetup() (plan *multisig.Plan, hot, vaultA *sign.PrivateKey) {
	account := exampleKey("example account")
	hot = exampleKey("example hot")
	vaultA = exampleKey("example vault A")
	vaultB := exampleKey("example vault B")
	plan, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: vaultA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: vaultB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		panic(err)
	}
	return plan, hot, vaultA
}

// exampleRequest wraps a withdrawal with the online key and asks vault A
// to cosign it. It returns the request envelope and the signed wrapper.
func exampleRequest(plan *multisig.Plan, hot, vaultA *sign.PrivateKey, to sign.Address, xem transaction.Amount) ([]byte, *transaction.Signed) {
	opts := multisig.TxOptions{Timestamp: exampleNow, Deadline: exampleDeadline}
	transfer := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: exampleNow, Deadline: exampleDeadline},
		Recipient: to,
		Amount:    xem * transaction.XEM,
	}
	wrapper, err := plan.Wrap(transfer, hot.PublicKey(), opts)
	if err != nil {
		panic(err)
	}
	signedWrapper, err := transaction.Sign(wrapper, hot)
	if err != nil {
		panic(err)
	}
	// The cosignature approves the inner transaction the wrapper holds
	// (Wrap filled in its signer and fee on a copy of transfer).
	cosig, err := plan.Cosignature(wrapper.Inner, vaultA.PublicKey(), opts)
	if err != nil {
		panic(err)
	}
	req := &coldwallet.Request{
		Network:  sign.Testnet,
		NodeTime: exampleNow,
		Signers:  []sign.PublicKey{vaultA.PublicKey()},
		Note:     "withdrawal batch 1",
		Items:    []coldwallet.Item{{Kind: coldwallet.KindCosign, Tx: cosig, Inner: wrapper.Inner}},
	}
	envelope, err := req.MarshalText()
	if err != nil {
		panic(err)
	}
	return envelope, signedWrapper
}

// A withdrawal goes from the online side to vault A's offline signer and
// back: the signer reviews it, applies the policy, journals the decision
// and answers; the online side combines the answer into announce payloads.
// A second withdrawal over the policy's cap is refused, and the refusal is
// journaled too.
func ExampleOfflineSigner_Sign() {
	plan, hot, vaultA := exampleSetup()
	customer := exampleKey("example customer").Address(sign.Testnet)

	// Online: build the request.
	envelope, wrapper := exampleRequest(plan, hot, vaultA, customer, 1000)

	// Offline: the signer with its policy and journal.
	dir, err := os.MkdirTemp("", "coldwallet-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// Once: a new journal, and the plan registered in it after the
	// operator compared its fingerprint with the online side's.
	j, err := journal.Create(filepath.Join(dir, "journal.jsonl"), "alice", nil, journal.Options{
		Now: func() time.Time { return time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		panic(err)
	}
	defer j.Close()
	if _, err := coldwallet.Register(j, plan, nil, "alice"); err != nil {
		panic(err)
	}
	policy := &coldwallet.Policy{
		Version:                 coldwallet.PolicyVersion,
		Networks:                []sign.Network{sign.Testnet},
		Types:                   []string{"transfer"},
		MaxAmountPerTransaction: "1001", // the amount plus fees
		Window:                  &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "5000", MaxCount: 20},
		Recipients:              []sign.Address{customer},
		MaxDeadline:             "6h",
	}
	signer := &coldwallet.OfflineSigner{
		Key:     vaultA,
		Plan:    plan,
		Policy:  policy,
		Journal: j,
		// A real ceremony shows rv.String() to the operator and asks.
		Confirm:  func(rv *coldwallet.Review) (bool, error) { return true, nil },
		Operator: "alice",
		// The offline machine's clock (nil: time.Now), fixed here so the
		// example runs on any day; a node time more than a day away from
		// it is refused unless AcceptNodeTime is set.
		Now: func() time.Time { return exampleNow.Time() },
	}
	res, err := signer.Sign(envelope)
	if err != nil {
		panic(err)
	}
	fmt.Println("journal entry", res.Entry.Seq, res.Entry.Event)

	// Online: check the response against the request and combine.
	resp, err := coldwallet.ParseResponse(res.Response)
	if err != nil {
		panic(err)
	}
	req, id, err := coldwallet.ParseRequest(envelope)
	if err != nil {
		panic(err)
	}
	c, err := coldwallet.Combine(plan, req, id, []*coldwallet.Response{resp}, []*transaction.Signed{wrapper})
	if err != nil {
		panic(err)
	}
	fmt.Println("complete:", c.Complete, "- payloads to announce:", len(c.Announce))

	// Offline again: 5000 XEM is over the cap.
	big, _ := exampleRequest(plan, hot, vaultA, customer, 5000)
	res, err = signer.Sign(big)
	fmt.Println("refused by policy:", errors.Is(err, coldwallet.ErrPolicy), "- response released:", res.Response != nil)
	fmt.Println("journal entry", res.Entry.Seq, res.Entry.Event)
	// Output:
	// journal entry 3 signed
	// complete: true - payloads to announce: 2
	// refused by policy: true - response released: false
	// journal entry 4 refused
}

// A policy file is strict, canonical JSON (white space is free, nothing
// else is); its zero value refuses everything, so an empty policy signs
// nothing.
func ExampleDecodePolicy() {
	plan, hot, vaultA := exampleSetup()
	customer := exampleKey("example customer").Address(sign.Testnet)
	envelope, _ := exampleRequest(plan, hot, vaultA, customer, 250)
	req, _, err := coldwallet.ParseRequest(envelope)
	if err != nil {
		panic(err)
	}

	for _, doc := range []string{
		`{"version": 1, "networks": [], "types": [], "recipients": []}`,
		`{"version": 1, "networks": ["testnet"], "types": ["transfer"], "maxAmountPerTransaction": "1001",
		  "window": {"period": "24h", "maxAmount": "5000", "maxCount": 20},
		  "recipients": ["` + customer.String() + `"], "maxDeadline": "6h"}`,
		`{"version": 1, "networks": ["testnet"], "typo": true}`,
		`{"version": 1, "killSwitch": true, "killSwitch": false, "networks": [], "types": [], "recipients": []}`,
		`{"version": 1, "types": [], "networks": [], "recipients": []}`,
	} {
		p, err := coldwallet.DecodePolicy([]byte(doc))
		if err != nil {
			fmt.Println("bad policy file:", err)
			continue
		}
		if err := p.Evaluate(req, nil); err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Println("allowed")
	}
	// Output:
	// refused: coldwallet: refused by policy rule "networks": testnet is not an allowed network
	// allowed
	// bad policy file: coldwallet: policy: typo: unknown field
	// bad policy file: coldwallet: policy: killSwitch: duplicate key
	// bad policy file: coldwallet: policy: types: not in canonical form: members are out of order: networks comes first
}

// Any change to a request envelope in transit, even one character, is
// refused before anything else is read.
func ExampleParseRequest() {
	plan, hot, vaultA := exampleSetup()
	customer := exampleKey("example customer").Address(sign.Testnet)
	envelope, _ := exampleRequest(plan, hot, vaultA, customer, 250)

	_, id, err := coldwallet.ParseRequest(envelope)
	fmt.Println("intact:", err == nil, len(id) > 0)

	tampered := append([]byte(nil), envelope...)
	tampered[len(tampered)/2] ^= 0x01
	_, _, err = coldwallet.ParseRequest(tampered)
	fmt.Println("tampered:", errors.Is(err, coldwallet.ErrEnvelope))
	// Output:
	// intact: true true
	// tampered: true
}
