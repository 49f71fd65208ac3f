// Command offline-signing shows the custody engineer's side of the air gap:
// what the offline signer refuses, what it records, and how an auditor
// checks the record. It makes its own testnet keys, plan, policy and
// requests in a temporary directory; no network and no input.
//
// It walks through: a request signed under the policy; a request over the
// per-transaction limit refused (and journaled); a tampered request refused
// before anything else; the kill switch; the journal verified against the
// anchor the last response carried; and an edited journal that the signer
// refuses to open.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// stdout and stderr are where the example writes; its test replaces them.
var stdout, stderr io.Writer = os.Stdout, os.Stderr

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "offline-signing: error:", err)
		os.Exit(1)
	}
}

type setup struct {
	plan          *multisig.Plan
	hot, vault    *sign.PrivateKey
	customer      sign.Address
	now, deadline transaction.Timestamp
}

func run() error {
	dir, err := os.MkdirTemp("", "nemcustody-offline-signing-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s, err := newSetup()
	if err != nil {
		return err
	}

	policy := &coldwallet.Policy{
		Version:                 coldwallet.PolicyVersion,
		Networks:                []sign.Network{sign.Testnet},
		Types:                   []string{"transfer"},
		MaxAmountPerTransaction: "500",
		Window:                  &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "2000", MaxCount: 20},
		Recipients:              []sign.Address{s.customer},
		MaxDeadline:             "6h",
	}
	// Once: the journal is created (never implicitly) and the custody plan
	// registered in it; the signer signs for the account only what the
	// registered plan allows.
	journalPath := filepath.Join(dir, "journal.jsonl")
	j, err := journal.Create(journalPath, "custody engineer", nil, journal.Options{})
	if err != nil {
		return err
	}
	if _, err := coldwallet.Register(j, s.plan, nil, "custody engineer"); err != nil {
		return err
	}
	signer := &coldwallet.OfflineSigner{Key: s.vault, Plan: s.plan, Policy: policy, Journal: j, Operator: "custody engineer",
		Confirm: func(*coldwallet.Review) (bool, error) { return true, nil }}

	fmt.Fprintln(stdout, "# 1. A 200 XEM withdrawal within the policy is signed")
	ok, err := s.request(200 * transaction.XEM)
	if err != nil {
		return err
	}
	res, err := signer.Sign(ok)
	if err != nil {
		return err
	}
	resp, err := coldwallet.ParseResponse(res.Response)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "   signed; journal entry %d, %s\n", resp.JournalSeq, resp.JournalHash)

	fmt.Fprintln(stdout, "# 2. A 900 XEM withdrawal is over the 500 XEM limit: refused and journaled")
	big, err := s.request(900 * transaction.XEM)
	if err != nil {
		return err
	}
	_, err = signer.Sign(big)
	var pe *coldwallet.PolicyError
	if !errors.As(err, &pe) {
		return fmt.Errorf("expected a policy refusal, got %v", err)
	}
	fmt.Fprintf(stdout, "   refused by rule %q: %s\n", pe.Rule, pe.Reason)

	fmt.Fprintln(stdout, "# 3. A request with one character changed is refused before anything else")
	tampered := bytes.Replace(ok, []byte("network: testnet"), []byte("network: tustnet"), 1)
	_, err = signer.Sign(tampered)
	if !errors.Is(err, coldwallet.ErrEnvelope) {
		return fmt.Errorf("expected an envelope error, got %v", err)
	}
	fmt.Fprintf(stdout, "   %v\n", err)

	fmt.Fprintln(stdout, "# 4. The kill switch refuses everything")
	policy.KillSwitch = true
	_, err = signer.Sign(ok)
	if !errors.As(err, &pe) || pe.Rule != "killSwitch" {
		return fmt.Errorf("expected the kill switch, got %v", err)
	}
	fmt.Fprintf(stdout, "   %v\n", err)
	if err := j.Close(); err != nil {
		return err
	}

	fmt.Fprintln(stdout, "# 5. An auditor verifies the journal against the anchor the first response carried")
	anchor, err := journal.ParseHash(resp.JournalHash)
	if err != nil {
		return err
	}
	lines, err := os.ReadFile(journalPath)
	if err != nil {
		return err
	}
	_, vr, err := journal.Verify(bytes.NewReader(lines), journal.VerifyOptions{ExpectHeadSeq: resp.JournalSeq, ExpectHeadHash: anchor})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "   %d entries, chain intact, head %s\n", vr.HeadSeq, vr.HeadHash)
	stdout.Write(lines)

	fmt.Fprintln(stdout, "# 6. Someone edits the record of the first withdrawal: the signer refuses to open the journal")
	edited := bytes.Replace(lines, []byte("200.000000 XEM"), []byte("20.000000 XEM"), 1)
	if err := os.WriteFile(journalPath, edited, 0o600); err != nil {
		return err
	}
	_, err = journal.Open(journalPath, journal.Options{})
	if !errors.Is(err, journal.ErrCorrupt) {
		return fmt.Errorf("expected a corrupt journal, got %v", err)
	}
	fmt.Fprintf(stdout, "   %v\n", err)
	return nil
}

func newSetup() (*setup, error) {
	keys := make([]*sign.PrivateKey, 5)
	for i := range keys {
		k, err := sign.GenerateKey(nil)
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	plan, err := multisig.NewPlan(keys[0].PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: keys[1].PublicKey(), Label: "withdrawal server", Role: multisig.Online},
		{PublicKey: keys[2].PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: keys[3].PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		return nil, err
	}
	now, err := transaction.TimestampOf(time.Now())
	if err != nil {
		return nil, err
	}
	deadline, err := transaction.Deadline(now, time.Hour)
	if err != nil {
		return nil, err
	}
	return &setup{plan: plan, hot: keys[1], vault: keys[2], customer: keys[4].Address(sign.Testnet), now: now, deadline: deadline}, nil
}

// request builds, online, a withdrawal wrapped by the hot key and the
// request that asks vault A to cosign it.
func (s *setup) request(amount transaction.Amount) ([]byte, error) {
	opts := multisig.TxOptions{Timestamp: s.now, Deadline: s.deadline}
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: s.now, Deadline: s.deadline},
		Recipient: s.customer, Amount: amount}
	ms, err := s.plan.Wrap(tr, s.hot.PublicKey(), opts)
	if err != nil {
		return nil, err
	}
	cs, err := s.plan.Cosignature(ms.Inner, s.vault.PublicKey(), opts)
	if err != nil {
		return nil, err
	}
	req := &coldwallet.Request{Network: sign.Testnet, NodeTime: s.now, Signers: []sign.PublicKey{s.vault.PublicKey()},
		Items: []coldwallet.Item{{Kind: coldwallet.KindCosign, Tx: cs, Inner: ms.Inner}}}
	return req.MarshalText()
}
