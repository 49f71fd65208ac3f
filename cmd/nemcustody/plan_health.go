package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/internal/newfile"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

var planHealthCmd = &command{
	name:    "health",
	summary: "key health checks: who last proved control of its key ('challenge', 'accept')",
	run:     runPlanHealth,
	usage: `Usage: nemcustody plan health --plan FILE --record FILE [--stale-after DURATION]
       nemcustody plan health challenge --plan FILE --record FILE
       nemcustody plan health accept --plan FILE --record FILE PROOF...

Key health checks, on the online side: a key nobody used for a year may be
lost without anyone knowing. The record (a JSON file kept beside the plan,
rewritten atomically, holding no secret) lists the challenges issued and
each cosigner's latest verified proof.

  challenge   issues a new random challenge and records it (creating the
              record if it does not exist). Give it to every cosigner:
              'nemcustody key prove --challenge HEX' on the offline machine.
              Prints JSON: challenge, issued, record.
  accept      verifies proofs and records them: each must be signed by a
              cosigner of the plan, name this plan's fingerprint, answer a
              challenge of this record, and be dated within a day of its
              challenge and of now. A forged proof, one of another plan or
              of a challenge not issued here is refused and nothing is
              recorded. Prints JSON: accepted (signer, label, date, issued).
  (none)      shows every cosigner's latest proof and whether it is stale:
              no proof within --stale-after (default 180 days), counted
              from when the challenge it answered was issued (the time this
              side knows), or from the record's creation for a key that
              never proved. Prints JSON: plan, staleAfter, keys (publicKey,
              address, label, role, lastProof, since, stale); a warning
              names each stale key. 'nemcustody watch --health' raises a
              "stale-key" alert for them.

Every proof in the record is verified each time it is read, so an edited
record fails instead of counting.

Example:
  nemcustody plan health challenge --plan plan.json --record health.json
  nemcustody plan health accept --plan plan.json --record health.json vault-a.proof
  nemcustody plan health --plan plan.json --record health.json

Flags:
  --plan FILE              the custody plan (required)
  --record FILE            the key health record (required)
  --stale-after DURATION   the period, in days (180d) or as a Go duration
                           (4320h)
`,
}

func runPlanHealth(e *env, args []string) error {
	verb := ""
	if len(args) > 0 && (args[0] == "challenge" || args[0] == "accept") {
		verb, args = args[0], args[1:]
	}
	flags := newFlagSet("plan health")
	planPath := flags.String("plan", "", "")
	recordPath := flags.String("record", "", "")
	staleFlag := flags.String("stale-after", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case *planPath == "":
		return usagef("--plan is required: the custody plan")
	case *recordPath == "":
		return usagef("--record is required: the key health record file")
	case verb == "accept" && len(pos) == 0:
		return usagef("missing PROOF: the proof files to record")
	case verb != "accept" && len(pos) > 0:
		return usagef("plan health%s takes no arguments", strings.TrimRight(" "+verb, " "))
	case verb != "" && *staleFlag != "":
		return usagef("--stale-after goes with 'plan health' alone")
	}
	staleAfter := keyhealth.DefaultStaleAfter
	if *staleFlag != "" {
		if staleAfter, err = daysFlag(*staleFlag); err != nil {
			return usagef("--stale-after must be a positive number of days (180d) or a duration (4320h)")
		}
	}
	p, err := loadPlan(*planPath)
	if err != nil {
		return planError(err)
	}
	rec, err := loadHealth(e, *recordPath, p, verb == "challenge")
	if err != nil {
		return err
	}
	switch verb {
	case "challenge":
		return healthChallenge(e, *recordPath, rec)
	case "accept":
		return healthAccept(e, *recordPath, rec, p, pos)
	}
	return healthStatus(e, rec, p, staleAfter)
}

// daysFlag parses "180d" or a Go duration.
func daysFlag(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseUint(d, 10, 16)
		if err != nil || n == 0 {
			return 0, errors.New("bad days")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("bad duration")
	}
	return d, nil
}

// loadHealth reads the record at path for plan. A missing record is an
// error, except for a challenge, which creates it.
func loadHealth(e *env, path string, p *multisig.Plan, create bool) (*keyhealth.Record, error) {
	b, err := readFileLimit(path, "health record", 1<<20)
	if errors.Is(err, fs.ErrNotExist) && create {
		e.note("health record %s does not exist yet: it is created; keys that never prove control go stale from now", path)
		return keyhealth.NewRecord(p, e.now())
	}
	if err != nil {
		return nil, err
	}
	r, err := keyhealth.DecodeRecord(b, p)
	if err != nil {
		return nil, fmt.Errorf("health record %s: %w", path, err)
	}
	return r, nil
}

// saveHealth replaces the record at path.
func saveHealth(path string, r *keyhealth.Record) error {
	b, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	return newfile.Replace(path, "health record", b, 0o644)
}

func healthChallenge(e *env, path string, r *keyhealth.Record) error {
	now := e.now()
	c, err := r.Issue(nil, now)
	if err != nil {
		return err
	}
	if err := saveHealth(path, r); err != nil {
		return err
	}
	issued := r.Challenges()[len(r.Challenges())-1].At
	return writeJSON(e, struct {
		Challenge string `json:"challenge"`
		Issued    string `json:"issued"`
		Record    string `json:"record"`
	}{hex.EncodeToString(c), issued.Format(time.RFC3339), path})
}

// acceptedProof is one proof plan health accept recorded.
type acceptedProof struct {
	Proof   string         `json:"proof"`
	Signer  sign.PublicKey `json:"signer"`
	Label   string         `json:"label"`
	Date    string         `json:"date"`
	Issued  string         `json:"issued"`
	Latest  bool           `json:"latest"`
	Address sign.Address   `json:"address"`
}

func healthAccept(e *env, path string, r *keyhealth.Record, p *multisig.Plan, files []string) error {
	now := e.now()
	var out []acceptedProof
	for _, f := range files {
		b, err := readFileLimit(f, "proof", 4096)
		if err != nil {
			return err
		}
		proof, err := keyhealth.ParseProof(b)
		if err != nil {
			return fmt.Errorf("proof %s: %w; nothing was recorded", f, err)
		}
		entry, err := r.Accept(proof, p, now)
		if err != nil {
			return fmt.Errorf("proof %s: %w; nothing was recorded", f, err)
		}
		c, _ := p.Cosigner(proof.Signer)
		out = append(out, acceptedProof{Proof: f, Signer: proof.Signer, Address: proof.Signer.Address(p.Network), Label: c.Label,
			Date: proof.Date.Format("2006-01-02"), Issued: entry.Issued.Format(time.RFC3339), Latest: entry.Proof == proof})
		if entry.Proof != proof {
			e.note("proof %s answers an older challenge than %q's latest proof, which stays", f, c.Label)
		}
	}
	if err := saveHealth(path, r); err != nil {
		return err
	}
	return writeJSON(e, struct {
		Accepted []acceptedProof `json:"accepted"`
	}{out})
}

// keyHealth is one cosigner in plan health's output.
type keyHealth struct {
	PublicKey sign.PublicKey `json:"publicKey"`
	Address   sign.Address   `json:"address"`
	Label     string         `json:"label"`
	Role      multisig.Role  `json:"role"`
	LastProof string         `json:"lastProof,omitempty"`
	Since     string         `json:"since"`
	Stale     bool           `json:"stale"`
}

func healthStatus(e *env, r *keyhealth.Record, p *multisig.Plan, staleAfter time.Duration) error {
	status, err := r.Status(p, e.now(), staleAfter)
	if err != nil {
		return err
	}
	out := struct {
		Plan       string      `json:"plan"`
		StaleAfter string      `json:"staleAfter"`
		Keys       []keyHealth `json:"keys"`
	}{Plan: p.Fingerprint(), StaleAfter: staleAfter.String()}
	for _, s := range status {
		k := keyHealth{PublicKey: s.Cosigner.PublicKey, Address: s.Cosigner.PublicKey.Address(p.Network), Label: s.Cosigner.Label,
			Role: s.Cosigner.Role, Since: s.Since.Format(time.RFC3339), Stale: s.Stale}
		if !s.LastProof.IsZero() {
			k.LastProof = s.LastProof.Format(time.RFC3339)
		}
		if s.Stale {
			last := "never proved control"
			if k.LastProof != "" {
				last = "last proved control on a challenge of " + k.LastProof
			}
			e.warn("STALE KEY: %q (%s) %s; ask for a proof ('plan health challenge', then 'key prove' offline)", k.Label, k.Address, last)
		}
		out.Keys = append(out.Keys, k)
	}
	return writeJSON(e, out)
}
