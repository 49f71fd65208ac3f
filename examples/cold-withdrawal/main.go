// Command cold-withdrawal runs the whole custody flow once, on testnet keys
// it makes itself in a temporary directory, with no network and no input:
//
//  1. keys for a 2-of-3 plan: one online withdrawal server, two offline
//     vaults, each key in its own encrypted keystore;
//  2. the conversion that makes the account multisig;
//  3. a withdrawal, wrapped and signed by the online server;
//  4. a request exported for vault A, the way it crosses the air gap;
//  5. on the "offline machine": the review, the policy, the journal, the
//     signature, the response;
//  6. back online: the combiner checks the response against the request
//     and the plan, and orders the payloads for announcing.
//
// stdout gets the announce payloads, one JSON object {"data","signature"}
// per line in announce order (the conversion, the wrapper, the
// cosignature); each decodes and verifies with `nemcustody tx decode`.
// The narrative, the review and the journal go to stderr.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// stdout and stderr are where the example writes; its test replaces them.
var stdout, stderr io.Writer = os.Stdout, os.Stderr

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cold-withdrawal: error:", err)
		os.Exit(1)
	}
}

func say(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }

// demoPassphrase protects the demo keystores. A real ceremony reads each
// passphrase from the terminal of the machine that holds the key.
var demoPassphrase = []byte("correct horse battery staple, demo only")

func run() error {
	dir, err := os.MkdirTemp("", "nemcustody-cold-withdrawal-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	say("# 1. Keys (testnet), each in its own age keystore under %s", dir)
	keys := map[string]*sign.PrivateKey{}
	for _, name := range []string{"account", "hot", "vault-a", "vault-b"} {
		k, err := sign.GenerateKey(nil)
		if err != nil {
			return err
		}
		defer k.Destroy()
		keys[name] = k
		path := filepath.Join(dir, name+".age")
		info := keystore.Info{Network: sign.Testnet, Label: name, PublicKey: k.PublicKey()}
		ks, err := keystore.Encrypt(k, info, demoPassphrase, keystore.Options{WorkFactor: 16})
		if err != nil {
			return err
		}
		// A keystore is the key: a new file, never over an existing one.
		if err := writeNewFile(path, ks); err != nil {
			return err
		}
		say("   %-8s %s", name, k.Address(sign.Testnet))
	}

	plan, err := multisig.NewPlan(keys["account"].PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: keys["hot"].PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: keys["vault-a"].PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: keys["vault-b"].PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		return err
	}
	planDoc, err := plan.MarshalJSON()
	if err != nil {
		return err
	}
	planPath := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(planPath, planDoc, 0o644); err != nil {
		return err
	}

	// There is no node here: the local clock stands in for the node's
	// network time (/time-sync/network-time), which real requests use.
	now, err := transaction.TimestampOf(time.Now())
	if err != nil {
		return err
	}
	deadline, err := transaction.Deadline(now, 2*time.Hour)
	if err != nil {
		return err
	}
	opts := multisig.TxOptions{Timestamp: now, Deadline: deadline}

	say("\n# 2. Conversion: account %s becomes 2-of-3 multisig", plan.Address())
	conv, err := plan.Conversion(opts)
	if err != nil {
		return err
	}
	signedConv, err := transaction.Sign(conv, keys["account"])
	if err != nil {
		return err
	}
	say("   signed by the account's own key; afterwards that key can sign nothing alone")

	customer, err := sign.GenerateKey(nil)
	if err != nil {
		return err
	}
	to := customer.Address(sign.Testnet)
	say("\n# 3. Withdrawal of 250 XEM to %s, wrapped and signed by the online server", to)
	withdrawal := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: now, Deadline: deadline},
		Recipient: to,
		Amount:    250 * transaction.XEM,
		Message:   &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("withdrawal #1042")},
	}
	ms, err := plan.Wrap(withdrawal, keys["hot"].PublicKey(), opts)
	if err != nil {
		return err
	}
	wrapper, err := transaction.Sign(ms, keys["hot"])
	if err != nil {
		return err
	}
	status, err := multisig.Status(plan, wrapper, nil)
	if err != nil {
		return err
	}
	say("   the online key alone: %d of %d signatures, NIS would accept: %t", len(status.Signed), status.Required, status.Complete)

	say("\n# 4. Request for vault A, the bytes that cross the air gap")
	cosig, err := plan.Cosignature(ms.Inner, keys["vault-a"].PublicKey(), opts)
	if err != nil {
		return err
	}
	// The journal heads the online side keeps (a file, in the CLI): the
	// latest journal entry seen from each offline signer. The request
	// carries them, the signer refuses unless its journal holds that
	// entry, and a response from a replaced or rolled-back journal is
	// refused. This is the first meeting: none yet.
	heads := &coldwallet.Heads{}
	signers := []sign.PublicKey{keys["vault-a"].PublicKey()}
	req := &coldwallet.Request{Network: sign.Testnet, NodeTime: now, Signers: signers, Heads: heads.Of(signers),
		Note: "withdrawal batch 1042", Items: []coldwallet.Item{{Kind: coldwallet.KindCosign, Tx: cosig, Inner: ms.Inner}}}
	reqText, err := req.MarshalText()
	if err != nil {
		return err
	}
	reqPath := filepath.Join(dir, "request.txt")
	if err := os.WriteFile(reqPath, reqText, 0o644); err != nil {
		return err
	}
	stderr.Write(reqText)

	say("\n# 5. Offline machine (vault A): keystore, plan, policy, journal")
	respText, journalPath, err := offline(dir, reqPath, planPath)
	if err != nil {
		return err
	}
	stderr.Write(respText)
	journalText, err := os.ReadFile(journalPath)
	if err != nil {
		return err
	}
	say("   journal %s:", journalPath)
	stderr.Write(journalText)

	say("\n# 6. Online again: combine the response with the request and the plan")
	resp, err := coldwallet.ParseResponse(respText)
	if err != nil {
		return err
	}
	id, err := req.ID()
	if err != nil {
		return err
	}
	if err := heads.Check(req, resp); err != nil {
		return err
	}
	combined, err := coldwallet.Combine(plan, req, id, []*coldwallet.Response{resp}, []*transaction.Signed{wrapper})
	if err != nil {
		return err
	}
	if err := heads.Accept(req, resp); err != nil {
		return err
	}
	say("   vault A answered from journal %s, entry %d: recorded", resp.JournalID, resp.JournalSeq)
	if !combined.Complete {
		return fmt.Errorf("not complete: missing items %v", combined.Missing)
	}
	r := combined.Reports[0]
	say("   %d of %d signatures, NIS would accept: %t", len(r.Signed), r.Required, r.Complete)

	convAnn, err := signedConv.Announcement()
	if err != nil {
		return err
	}
	announce := append([]transaction.Announcement{convAnn}, combined.Announce...)
	say("\n# Announce payloads on stdout, in order: conversion, wrapper, cosignature")
	for _, a := range announce {
		if err := verifyAnnouncement(a); err != nil {
			return err
		}
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, string(line))
	}
	return nil
}

// offline plays the air-gapped machine: it sees only files.
func offline(dir, reqPath, planPath string) ([]byte, string, error) {
	ks, err := os.ReadFile(filepath.Join(dir, "vault-a.age"))
	if err != nil {
		return nil, "", err
	}
	key, _, err := keystore.Decrypt(ks, demoPassphrase)
	if err != nil {
		return nil, "", err
	}
	defer key.Destroy()
	planDoc, err := os.ReadFile(planPath)
	if err != nil {
		return nil, "", err
	}
	plan, err := multisig.DecodePlan(planDoc)
	if err != nil {
		return nil, "", err
	}
	reqText, err := os.ReadFile(reqPath)
	if err != nil {
		return nil, "", err
	}
	req, _, err := coldwallet.ParseRequest(reqText)
	if err != nil {
		return nil, "", err
	}
	// The policy lists the recipient: an exchange keeps its customers'
	// withdrawal addresses on the allowlist after they are verified.
	to := req.Items[0].Inner.(*transaction.Transfer).Recipient
	policy := &coldwallet.Policy{
		Version:                 coldwallet.PolicyVersion,
		Networks:                []sign.Network{sign.Testnet},
		Types:                   []string{"transfer"},
		MaxAmountPerTransaction: "1001", // the amount plus fees
		Window:                  &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "5000", MaxCount: 50},
		Recipients:              []sign.Address{to},
		MaxDeadline:             "6h",
	}
	// Once per offline machine: a new journal, and the custody plan
	// registered in it. The operator compares the fingerprint with the one
	// the online side shows (nemcustody plan check) before registering.
	journalPath := filepath.Join(dir, "journal.jsonl")
	j, err := journal.Create(journalPath, "demo operator", nil, journal.Options{})
	if err != nil {
		return nil, "", err
	}
	defer j.Close()
	fp := plan.Fingerprint()
	if _, err := coldwallet.Register(j, plan, nil, "demo operator"); err != nil {
		return nil, "", err
	}
	say("   journal %s created; plan %s registered", j.ID(), fp)
	signer := &coldwallet.OfflineSigner{
		Key: key, Plan: plan, Policy: policy, Journal: j, Operator: "demo operator",
		Confirm: func(rv *coldwallet.Review) (bool, error) {
			io.WriteString(stderr, rv.String())
			say("   operator confirms (scripted, like --yes)")
			return true, nil
		},
	}
	res, err := signer.Sign(reqText)
	if err != nil {
		return nil, "", err
	}
	return res.Response, journalPath, nil
}

// verifyAnnouncement parses the payload strictly and verifies its
// signature, as `nemcustody tx decode` does.
func verifyAnnouncement(a transaction.Announcement) error {
	data, err := hex.DecodeString(a.Data)
	if err != nil {
		return err
	}
	tx, err := transaction.Parse(data)
	if err != nil {
		return err
	}
	sig, err := sign.ParseSignature(a.Signature)
	if err != nil {
		return err
	}
	return transaction.VerifySigned(&transaction.Signed{Tx: tx, Signature: sig})
}

// writeNewFile writes data to a new file at path, mode 0600, and syncs it;
// it refuses to replace an existing file.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
