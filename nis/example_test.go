package nis_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// key derives a fixed key from a label, for the examples.
func key(label string) *sign.PrivateKey {
	seed := sha256.Sum256([]byte(label))
	k, err := sign.NewPrivateKeyFromSeed(seed[:])
	if err != nil {
		panic(err)
	}
	return k
}

// setup starts a fake node holding a 2-of-3 account (hot key, vaults A
// and B) and returns a client of it; a real deployment sets BaseURL to a
// NIS node, https://HOST:7891.
func setup() (*nis.Client, *nistest.Node, *multisig.Plan, func()) {
	plan, err := multisig.NewPlan(key("account").PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: key("hot").PublicKey(), Label: "withdrawal server", Role: multisig.Online},
		{PublicKey: key("vault-a").PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: key("vault-b").PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		panic(err)
	}
	node := nistest.New(sign.Testnet, 250_000_000)
	node.Fund(plan.Account, 50_000*transaction.XEM)
	node.SetMultisig(plan.Account, plan.Keys(), 2)
	srv := httptest.NewServer(node)
	return &nis.Client{BaseURL: srv.URL}, node, plan, srv.Close
}

// payout builds a withdrawal wrapped by the hot key and cosigned by vault A.
func payout(plan *multisig.Plan, now transaction.Timestamp, amount transaction.Amount) (wrapper, cosignature *transaction.Signed) {
	opts := multisig.TxOptions{Timestamp: now, Deadline: now + 3600}
	ms, err := plan.Wrap(&transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: now + 3600},
		Recipient: key("customer").Address(sign.Testnet), Amount: amount,
	}, key("hot").PublicKey(), opts)
	if err != nil {
		panic(err)
	}
	if wrapper, err = transaction.Sign(ms, key("hot")); err != nil {
		panic(err)
	}
	if cosignature, err = plan.Cosign(ms.Inner, key("vault-a"), opts); err != nil {
		panic(err)
	}
	return wrapper, cosignature
}

func ExampleClient_AnnounceInOrder() {
	c, _, plan, stop := setup()
	defer stop()
	ctx := context.Background()

	now, err := c.NetworkTime(ctx) // the node's clock, not time.Now
	if err != nil {
		panic(err)
	}
	wrapper, cosignature := payout(plan, now, 250*transaction.XEM)
	w, _ := wrapper.Announcement()
	cs, _ := cosignature.Announcement()

	// Given in any order, the wrapper goes first; running it again is safe.
	for range 2 {
		results, err := c.AnnounceInOrder(ctx, []transaction.Announcement{cs, w}, nis.AnnounceOptions{})
		if err != nil {
			panic(err)
		}
		for _, r := range results {
			fmt.Printf("%d %s: %s\n", r.Index+1, r.Type, r.Result.Code)
		}
	}
	// Output:
	// 1 multisig signature: SUCCESS
	// 2 multisig: SUCCESS
	// 1 multisig signature: NEUTRAL
	// 2 multisig: NEUTRAL
}

func ExampleReconcile() {
	c, node, plan, stop := setup()
	defer stop()
	// Someone lowered the threshold to 1 and swapped vault B for a key
	// the plan does not know.
	node.SetMultisig(plan.Account, []sign.PublicKey{key("hot").PublicKey(), key("vault-a").PublicKey(), key("stranger").PublicKey()}, 1)

	acct, err := c.Account(context.Background(), plan.Address())
	if err != nil {
		panic(err)
	}
	for _, d := range nis.Reconcile(plan, acct) {
		fmt.Println(d.Kind)
	}
	// Output:
	// missing-cosigner
	// unknown-cosigner
	// threshold
}

func ExampleWatcher_Poll() {
	c, node, plan, stop := setup()
	defer stop()
	ctx := context.Background()
	now, _ := c.NetworkTime(ctx)

	// Vault A's journal approves one payout; a second, equally well
	// cosigned (by vault B), appears in no journal.
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	approved, byA := payout(plan, now-600, 100*transaction.XEM)
	stolen, _ := payout(plan, now-300, 40_000*transaction.XEM)
	byB, _ := plan.Cosign(stolen.Tx.(*transaction.Multisig).Inner, key("vault-b"), multisig.TxOptions{Timestamp: now - 300, Deadline: now + 3300})
	for _, p := range [][2]*transaction.Signed{{approved, byA}, {stolen, byB}} {
		ms := *p[0].Tx.(*transaction.Multisig)
		ms.Cosignatures = []transaction.SignedCosignature{{Cosignature: *p[1].Tx.(*transaction.MultisigSignature), Signature: p[1].Signature}}
		_ = node.AddBlock(&transaction.Signed{Tx: &ms, Signature: p[0].Signature})
	}
	path := filepath.Join(dir, "vault-a.jsonl")
	j, _ := journal.Create(path, "", nil, journal.Options{})
	h, _ := transaction.HashOf(byA.Tx)
	_, _ = j.Append(journal.Entry{Event: journal.EventSigned, RequestID: "payout-1", Hashes: []transaction.Hash{h},
		Summary: "100 XEM to a customer", Signer: key("vault-a").PublicKey()})
	j.Close()

	w, err := nis.NewWatcher(c, nis.WatchConfig{Account: plan.Address(), Journals: []string{path},
		Signers: []sign.PublicKey{key("vault-a").PublicKey(), key("vault-b").PublicKey()}, MaxOutflow: 10_000 * transaction.XEM, Window: time.Hour})
	if err != nil {
		panic(err)
	}
	alerts, err := w.Poll(ctx)
	if err != nil {
		panic(err)
	}
	for _, a := range alerts {
		fmt.Println(a.Kind, a.Amount)
	}
	// Output:
	// unapproved 40000.000000
	// outflow 40100.850000
}
