package keyhealth

import (
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/nemcustody/nemcustody/internal/strictjson"
	"github.com/nemcustody/nemcustody/multisig"
)

// The health record document, version 1 (online side):
//
//	{
//	  "format": "nemcustody-key-health",
//	  "version": 1,
//	  "plan": "<the plan's fingerprint>",
//	  "created": "2026-01-01T00:00:00Z",
//	  "challenges": [
//	    {"challenge": "<hex>", "issued": "2026-03-01T09:00:00Z"}
//	  ],
//	  "proofs": [
//	    {"proof": "<the proof text>", "issued": "2026-03-01T09:00:00Z",
//	     "recorded": "2026-03-02T10:00:00Z"}
//	  ]
//	}
//
// Times are UTC, to the second, in exactly that form. proofs holds the
// latest proof of each cosigner that has one, in plan order. Like the
// journal heads file it is small, rewritten whole after each change
// (atomically: a temporary file, synced, renamed), and kept on the online
// side; it holds no secret. Every proof in it is verified when it is
// read.

// Record format identification.
const (
	recordFormat  = "nemcustody-key-health"
	recordVersion = 1
	// maxRecordSize caps a record document.
	maxRecordSize = 1 << 20
)

type recordDoc struct {
	Format     string         `json:"format"`
	Version    int            `json:"version"`
	Plan       string         `json:"plan"`
	Created    string         `json:"created"`
	Challenges []challengeDoc `json:"challenges"`
	Proofs     []entryDoc     `json:"proofs"`
}

type challengeDoc struct {
	Challenge string `json:"challenge"`
	Issued    string `json:"issued"`
}

type entryDoc struct {
	Proof    string `json:"proof"`
	Issued   string `json:"issued"`
	Recorded string `json:"recorded"`
}

// timeLayout is the one form of a time in a record.
const timeLayout = "2006-01-02T15:04:05Z"

// parseTime reads a time in timeLayout, exactly.
func parseTime(what, s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil || t.Format(timeLayout) != s {
		return time.Time{}, fmt.Errorf("keyhealth: %w: %s: want a UTC time such as 2026-01-02T15:04:05Z", ErrRecord, what)
	}
	return t, nil
}

// MarshalJSON writes the record document, indented, with a final
// newline.
func (r *Record) MarshalJSON() ([]byte, error) {
	d := recordDoc{Format: recordFormat, Version: recordVersion, Plan: r.plan, Created: r.created.Format(timeLayout),
		Challenges: []challengeDoc{}, Proofs: []entryDoc{}}
	for _, c := range r.challenges {
		d.Challenges = append(d.Challenges, challengeDoc{hex.EncodeToString(c.Challenge), c.At.Format(timeLayout)})
	}
	for _, e := range r.entries {
		text, _ := e.Proof.MarshalText()
		d.Proofs = append(d.Proofs, entryDoc{string(text), e.Issued.Format(timeLayout), e.Recorded.Format(timeLayout)})
	}
	b, err := strictjson.EncodeIndent(d)
	if err != nil {
		return nil, fmt.Errorf("keyhealth: record: %w", err)
	}
	return b, nil
}

// DecodeRecord reads a record document strictly (strict JSON, the format
// and version, times in their one form, at most 1 MiB) for plan: the
// record must be of this plan (ErrWrongPlan), and every proof in it must
// verify, answer a challenge the record lists, and fit its dates, as
// Accept requires; a cosigner may have one proof. Errors wrap ErrRecord,
// or for a proof or challenge in it the rule it breaks (ErrForged,
// ErrDate...), after its place ("proofs[1]: ").
func DecodeRecord(b []byte, plan *multisig.Plan) (*Record, error) {
	var d recordDoc
	if err := strictjson.Decode(b, &d, strictjson.Limits{MaxSize: maxRecordSize, MaxDepth: 4}); err != nil {
		return nil, fmt.Errorf("keyhealth: %w: %w", ErrRecord, err)
	}
	if d.Format != recordFormat || d.Version != recordVersion {
		// The format is not quoted: a path given by mistake (a keystore, a
		// share file) must not be echoed.
		return nil, fmt.Errorf("keyhealth: %w: not format %q version %d", ErrRecord, recordFormat, recordVersion)
	}
	if fp := plan.Fingerprint(); d.Plan != fp {
		return nil, fmt.Errorf("keyhealth: %w: the record is of another plan, not %s", ErrWrongPlan, short(fp))
	}
	r := &Record{plan: d.Plan}
	var err error
	if r.created, err = parseTime("created", d.Created); err != nil {
		return nil, err
	}
	if len(d.Challenges) > maxChallenges {
		return nil, fmt.Errorf("keyhealth: %w: %d challenges, at most %d are kept", ErrRecord, len(d.Challenges), maxChallenges)
	}
	for i, c := range d.Challenges {
		raw, err := hex.DecodeString(c.Challenge)
		if err != nil || hex.EncodeToString(raw) != c.Challenge {
			return nil, fmt.Errorf("keyhealth: %w: challenges[%d]: not lowercase hex", ErrRecord, i)
		}
		if err := CheckChallenge(raw); err != nil {
			return nil, fmt.Errorf("challenges[%d]: %w", i, err)
		}
		at, err := parseTime(fmt.Sprintf("challenges[%d].issued", i), c.Issued)
		if err != nil {
			return nil, err
		}
		if _, dup := r.issued(raw); dup {
			return nil, fmt.Errorf("keyhealth: %w: challenges[%d]: listed twice", ErrRecord, i)
		}
		r.challenges = append(r.challenges, Issued{raw, at})
	}
	for i, x := range d.Proofs {
		p, err := ParseProof([]byte(x.Proof))
		if err != nil {
			return nil, fmt.Errorf("proofs[%d]: %w", i, err)
		}
		e := Entry{Proof: p}
		if e.Issued, err = parseTime(fmt.Sprintf("proofs[%d].issued", i), x.Issued); err != nil {
			return nil, err
		}
		if e.Recorded, err = parseTime(fmt.Sprintf("proofs[%d].recorded", i), x.Recorded); err != nil {
			return nil, err
		}
		if err := r.checkEntry(e, plan); err != nil {
			return nil, fmt.Errorf("proofs[%d]: %w", i, err)
		}
		if slices.ContainsFunc(r.entries, func(o Entry) bool { return o.Proof.Signer == p.Signer }) {
			return nil, fmt.Errorf("keyhealth: %w: proofs[%d]: a second proof of %s", ErrRecord, i, signerKey(p.Signer))
		}
		r.entries = append(r.entries, e)
	}
	r.sort(plan)
	return r, nil
}
