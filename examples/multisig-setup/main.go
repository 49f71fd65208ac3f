// Command multisig-setup shows the first day of a custody setup: it makes
// testnet keys for a 2-of-3 plan (one online withdrawal server, two offline
// vaults at different sites), prints the plan document, and prints the
// conversion transaction the account signs to become multisig, for review.
//
// It needs no network and no input. The keys are fresh and thrown away;
// in a real ceremony each key is generated on its own machine and only the
// public keys are brought together. Times come from the local clock here;
// real transactions take the node's network time (/time-sync/network-time).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// stdout and stderr are where the example writes; its test replaces them.
var stdout, stderr io.Writer = os.Stdout, os.Stderr

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "multisig-setup: error:", err)
		os.Exit(1)
	}
}

func run() error {
	keys := map[string]*sign.PrivateKey{}
	for _, name := range []string{"account", "hot", "vault A", "vault B"} {
		k, err := sign.GenerateKey(nil)
		if err != nil {
			return err
		}
		defer k.Destroy()
		keys[name] = k
	}
	plan, err := multisig.NewPlan(keys["account"].PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: keys["hot"].PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: keys["vault A"].PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: keys["vault B"].PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	if err != nil {
		return err
	}
	doc, err := plan.MarshalJSON()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "# The plan (keep it with the custody records; public keys only)")
	fmt.Fprint(stdout, string(doc))
	fmt.Fprintln(stdout, "# its fingerprint:", plan.Fingerprint())

	now, err := transaction.TimestampOf(time.Now())
	if err != nil {
		return err
	}
	deadline, err := transaction.Deadline(now, time.Hour)
	if err != nil {
		return err
	}
	conv, err := plan.Conversion(multisig.TxOptions{Timestamp: now, Deadline: deadline})
	if err != nil {
		return err
	}
	if err := transaction.Validate(conv, transaction.ValidateOptions{}); err != nil {
		return err
	}
	signed, err := transaction.Sign(conv, keys["account"])
	if err != nil {
		return err
	}
	hash, err := transaction.HashOf(conv)
	if err != nil {
		return err
	}
	body, err := nisjson.Encode(conv)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, body, "", "  "); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "# The conversion: the account adds its three cosigners and requires 2 signatures.")
	fmt.Fprintln(stdout, "# After it is confirmed, the account's own key can sign nothing alone.")
	fmt.Fprintln(stdout, out.String())
	fmt.Fprintln(stdout, "hash:", hash)
	ann, err := signed.Announcement()
	if err != nil {
		return err
	}
	a, err := json.Marshal(ann)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "announce:", string(a))
	for _, w := range plan.Warnings() {
		fmt.Fprintln(stdout, "warning:", w)
	}
	return nil
}
