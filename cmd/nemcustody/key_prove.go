package main

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/internal/newfile"
	"github.com/nemcustody/nemcustody/keyhealth"
)

var keyProveCmd = &command{
	name:    "prove",
	summary: "sign a key health proof for a challenge (offline)",
	run:     runKeyProve,
	usage: `Usage: nemcustody key prove --keystore FILE --plan FILE --challenge HEX
                            [--out FILE]
                            [--passphrase-file FILE | --passphrase-fd N]

Proves, on the offline machine, that this cosigner still holds its key:
signs a key health proof naming the plan's fingerprint, this machine's
date (UTC) and the challenge the online side issued ('nemcustody plan
health challenge'). Carry the proof back and record it there with
'nemcustody plan health accept'.

The proof signs "nemcustody-key-proof v1" and its lines: bytes that no NIS
node reads as a transaction (their type field would be 0x636d656e), so a
proof can never be announced or cosigned. A challenge that would itself
read as a transaction is refused, whoever wrote it. The key must be a
cosigner of the plan.

Prints the proof (six lines of text) on stdout, or with --out writes it to
a new file and prints JSON: signer, address, label, plan (fingerprint),
date, out.

Example:
  nemcustody key prove --keystore vault-a.age --plan plan.json \
    --challenge 3f9c... --out vault-a.proof

Flags:
  --keystore FILE     the cosigner's keystore (required)
  --plan FILE         the custody plan (required)
  --challenge HEX     the challenge, 32 to 2048 hex characters (required)
  --out FILE          write the proof to this new file
` + passphraseHelp,
}

func runKeyProve(e *env, args []string) error {
	flags := newFlagSet("key prove")
	keystore := flags.String("keystore", "", "")
	planPath := flags.String("plan", "", "")
	challengeHex := flags.String("challenge", "", "")
	out := flags.String("out", "", "")
	pf := addPassphraseFlags(flags)
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("key prove takes no arguments")
	case *keystore == "":
		return usagef("--keystore is required: the cosigner's key")
	case *planPath == "":
		return usagef("--plan is required: the custody plan the proof names")
	case *challengeHex == "":
		return usagef("--challenge is required: the hex the online side issued ('plan health challenge')")
	}
	challenge, err := hex.DecodeString(strings.TrimSpace(*challengeHex))
	if err != nil {
		return usagef("--challenge must be hex")
	}
	if err := keyhealth.CheckChallenge(challenge); err != nil {
		return err
	}
	if isFlagSet(flags, "out") && (*out == "" || *out == "-") {
		return usagef("--out must name a file; without --out the proof is printed on stdout")
	}
	if *out != "" {
		if err := checkOutput(*out, "proof"); err != nil {
			return err
		}
	}
	if err := pf.check(); err != nil {
		return err
	}
	p, err := loadPlan(*planPath)
	if err != nil {
		return planError(err)
	}
	k, info, err := openKeystore(e, *keystore, pf)
	if err != nil {
		return err
	}
	defer k.Destroy()
	if info.Network != p.Network {
		return fmt.Errorf("keystore %s is for %s, the plan for %s", *keystore, info.Network, p.Network)
	}
	proof, err := keyhealth.Prove(k, p, challenge, e.now())
	if err != nil {
		return err
	}
	text, err := proof.MarshalText()
	if err != nil {
		return err
	}
	if *out == "" {
		e.out.Write(text)
		return nil
	}
	if err := writeOutputs(e, newfile.File{Path: *out, What: "proof", Data: text, Perm: 0o644}); err != nil {
		return err
	}
	c, _ := p.Cosigner(k.PublicKey())
	return writeJSON(e, struct {
		Signer  string `json:"signer"`
		Address string `json:"address"`
		Label   string `json:"label"`
		Plan    string `json:"plan"`
		Date    string `json:"date"`
		Out     string `json:"out"`
	}{k.PublicKey().String(), k.Address(p.Network).String(), c.Label, proof.Plan, proof.Date.Format("2006-01-02"), *out})
}
