// Command exchange-integration shows the calls an exchange backend makes to
// pay out a batch of customer withdrawals from a 2-of-3 multisig account
// whose second key is offline. It makes its own testnet keys; no network
// and no input (the offline signature is produced in-process where a real
// deployment carries the request across the air gap).
//
// For each withdrawal the backend: checks the customer's address and
// amount, builds the transfer, computes the fee, wraps it with the online
// key, validates everything NIS will check, and adds a cosignature request
// for the offline vault. Once the vault's response comes back, Combine
// checks it and returns the payloads to POST to /transaction/announce in
// order: each wrapper, then its cosignature. A node answers a cosignature
// that arrives before its wrapper with FAILURE_MULTISIG_NO_MATCHING_MULTISIG
// (73): announce in order and retry that case after a short wait.
//
// With --node URL (a NIS node: https://HOST:7891, or http://HOST:7890) the
// backend takes the node's network time instead of the local clock,
// compares the custody plan with the account on the chain
// (nis.Reconcile), and announces the payloads with nis.AnnounceInOrder,
// printing each result. Its keys are fresh, so a real node will refuse
// the payouts (the account is not multisig and holds nothing): the point
// is the calls and the answers.
//
//	go run ./examples/exchange-integration --node http://localhost:7890
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "exchange-integration: error:", err)
		os.Exit(1)
	}
}

type withdrawal struct{ address, amount, reference string }

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("exchange-integration", flag.ContinueOnError)
	node := flags.String("node", "", "a NIS node's URL: take its time and announce the payouts to it")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var client *nis.Client
	if *node != "" {
		if err := nis.CheckURL(*node); err != nil {
			return err
		}
		client = &nis.Client{BaseURL: *node}
	}
	ctx := context.Background()

	keys := make([]*sign.PrivateKey, 4)
	for i := range keys {
		k, err := sign.GenerateKey(nil)
		if err != nil {
			return err
		}
		defer k.Destroy()
		keys[i] = k
	}
	account, hot, vaultA, vaultB := keys[0], keys[1], keys[2], keys[3]
	plan, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: vaultA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: vaultB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		return err
	}

	// The node's network time (GET /time-sync/network-time); without a
	// node, the local clock stands in.
	var nodeTime transaction.Timestamp
	if client != nil {
		nodeTime, err = client.NetworkTime(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "node time %d (%s)\n", nodeTime, nodeTime.Time().Format(time.RFC3339))
		acct, err := client.Account(ctx, plan.Address())
		if err != nil {
			return err
		}
		for _, d := range nis.Reconcile(plan, acct) {
			fmt.Fprintf(out, "reconcile: %s: %s\n", d.Kind, d.Message)
		}
	} else if nodeTime, err = transaction.TimestampOf(time.Now()); err != nil {
		return err
	}
	deadline, err := transaction.Deadline(nodeTime, 3*time.Hour)
	if err != nil {
		return err
	}
	opts := multisig.TxOptions{Timestamp: nodeTime, Deadline: deadline}

	customers := make([]withdrawal, 3)
	for i, amount := range []string{"12.5", "250", "0.000001"} {
		c, err := sign.GenerateKey(nil)
		if err != nil {
			return err
		}
		customers[i] = withdrawal{address: c.Address(sign.Testnet).Pretty(), amount: amount, reference: fmt.Sprintf("W-%04d", 1000+i)}
	}
	// A mainnet address given for a testnet payout: refused up front.
	customers = append(customers, withdrawal{address: "NDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5JFXJ4R4", amount: "5", reference: "W-9999"})

	req := &coldwallet.Request{Network: sign.Testnet, NodeTime: nodeTime, Signers: []sign.PublicKey{vaultA.PublicKey()}, Note: "payout batch 2026-11-23 14:00"}
	var wrappers []*transaction.Signed
	for _, w := range customers {
		to, err := sign.ParseAddress(w.address)
		if err == nil {
			err = to.CheckNetwork(sign.Testnet)
		}
		if err != nil {
			fmt.Fprintf(out, "%s: refused: %v\n", w.reference, err)
			continue
		}
		amount, err := transaction.ParseXEM(w.amount)
		if err != nil {
			fmt.Fprintf(out, "%s: refused: %v\n", w.reference, err)
			continue
		}
		tr := &transaction.Transfer{
			Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: nodeTime, Deadline: deadline},
			Recipient: to, Amount: amount,
			Message: &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(w.reference)},
		}
		ms, err := plan.Wrap(tr, hot.PublicKey(), opts)
		if err != nil {
			return err
		}
		if err := transaction.Validate(ms, transaction.ValidateOptions{NodeTime: &nodeTime}); err != nil {
			return fmt.Errorf("%s: %w", w.reference, err)
		}
		total, err := transaction.MultisigTotalFee(ms, plan.Threshold-1, nil)
		if err != nil {
			return err
		}
		signed, err := transaction.Sign(ms, hot)
		if err != nil {
			return err
		}
		wrappers = append(wrappers, signed)
		cs, err := plan.Cosignature(ms.Inner, vaultA.PublicKey(), opts)
		if err != nil {
			return err
		}
		req.Items = append(req.Items, coldwallet.Item{Kind: coldwallet.KindCosign, Tx: cs, Inner: ms.Inner})
		fmt.Fprintf(out, "%s: %s XEM to %s, fees %s XEM in all (inner, wrapper, cosignature), paid by the multisig account\n", w.reference, amount, to, total)
	}
	envelope, err := req.MarshalText()
	if err != nil {
		return err
	}
	id, err := req.ID()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "request %s: %d cosignatures for vault A, %d bytes to carry across the air gap\n", id, len(req.Items), len(envelope))

	// --- the offline machine, in a real deployment ---
	respText, err := offlineVault(vaultA, plan, envelope)
	if err != nil {
		return err
	}
	// --- back on the exchange backend ---
	resp, err := coldwallet.ParseResponse(respText)
	if err != nil {
		return err
	}
	combined, err := coldwallet.Combine(plan, req, id, []*coldwallet.Response{resp}, wrappers)
	if err != nil {
		return err
	}
	if !combined.Complete {
		return fmt.Errorf("batch incomplete: items %v unsigned", combined.Missing)
	}
	if client != nil {
		fmt.Fprintf(out, "combined: %d wrappers complete; announcing %d payloads in order\n", len(combined.Reports), len(combined.Announce))
		results, err := client.AnnounceInOrder(ctx, combined.Announce, nis.AnnounceOptions{})
		for _, r := range results {
			answer := "not sent"
			if r.Result != nil {
				answer = r.Result.Code.String()
			}
			fmt.Fprintf(out, "announce %d: %s %s: %s", r.Index+1, r.Type, r.Hash, answer)
			if r.Note != "" {
				fmt.Fprintf(out, " (%s)", r.Note)
			}
			fmt.Fprintln(out)
		}
		if err != nil {
			fmt.Fprintf(out, "some payloads were not accepted; running again is safe: the node answers NEUTRAL or FAILURE_HASH_EXISTS for what it has\n")
		}
		return nil
	}
	fmt.Fprintf(out, "combined: %d wrappers complete; POST these to /transaction/announce in order:\n", len(combined.Reports))
	for _, a := range combined.Announce {
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, string(b))
	}
	return nil
}

// offlineVault stands for the air-gapped machine of vault A.
func offlineVault(key *sign.PrivateKey, plan *multisig.Plan, envelope []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "nemcustody-exchange-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	j, err := journal.Create(dir+"/journal.jsonl", "", nil, journal.Options{})
	if err != nil {
		return nil, err
	}
	defer j.Close()
	if _, err := coldwallet.Register(j, plan, nil, ""); err != nil {
		return nil, err
	}
	req, _, err := coldwallet.ParseRequest(envelope)
	if err != nil {
		return nil, err
	}
	var allow []sign.Address
	for _, it := range req.Items {
		allow = append(allow, it.Inner.(*transaction.Transfer).Recipient)
	}
	policy := &coldwallet.Policy{Version: coldwallet.PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"transfer"},
		MaxAmountPerTransaction: "1001", Window: &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "10000", MaxCount: 100},
		Recipients: allow, MaxDeadline: "6h"}
	s := &coldwallet.OfflineSigner{Key: key, Plan: plan, Policy: policy, Journal: j,
		Confirm: func(*coldwallet.Review) (bool, error) { return true, nil }}
	res, err := s.Sign(envelope)
	if err != nil {
		return nil, err
	}
	return res.Response, nil
}
