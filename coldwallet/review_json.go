package coldwallet

import (
	"encoding/json"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

// The review as JSON, for dashboards: the same content as String, in a
// fixed shape. Members are always present (empty lists as []), except
// those marked optional, so a consumer can tell "none" from "not known".

type reviewJSON struct {
	RequestID   string           `json:"requestId"`
	Network     sign.Network     `json:"network"`
	NodeTime    uint32           `json:"nodeTime"`
	NodeTimeUTC string           `json:"nodeTimeUtc"`
	Note        string           `json:"note,omitempty"` // UNTRUSTED
	RepeatOf    int              `json:"repeatOf,omitempty"`
	Rebuilds    []string         `json:"rebuilds,omitempty"`
	Total       int              `json:"totalItems"`
	Warnings    []string         `json:"warnings"`
	Items       []itemReviewJSON `json:"items"`
}

type itemReviewJSON struct {
	Number      int              `json:"number"`   // in the request, from 1
	Position    int              `json:"position"` // among the items shown, from 1
	Kind        ItemKind         `json:"kind"`
	Signer      sign.Address     `json:"signer"`
	SignerKey   sign.PublicKey   `json:"signerPublicKey"`
	SignerLabel string           `json:"signerLabel,omitempty"`
	Approves    *summaryJSON     `json:"approves"`
	Cosignature *cosignatureJSON `json:"cosignature,omitempty"`
	Signatures  *signaturesJSON  `json:"signatures,omitempty"`
	After       *planChangeJSON  `json:"after,omitempty"`
	Warnings    []string         `json:"warnings"`
}

type summaryJSON struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Hash     *transaction.Hash `json:"hash,omitempty"`
	Lines    []summaryLineJSON `json:"lines"`
	Warnings []string          `json:"warnings"`
	Inner    *summaryJSON      `json:"inner,omitempty"`
}

type summaryLineJSON struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

type cosignatureJSON struct {
	Fee         string           `json:"fee"`
	Deadline    uint32           `json:"deadline"`
	OtherHash   transaction.Hash `json:"otherHash"`
	Account     sign.Address     `json:"multisigAccount"`
	DeadlineUTC string           `json:"deadlineUtc"`
}

type signaturesJSON struct {
	Required    int      `json:"required"`
	Present     int      `json:"present"`
	StillNeeded int      `json:"stillNeeded"`
	Exact       bool     `json:"exact"`
	Signed      []string `json:"signed"`
	Asked       []string `json:"asked"`
	Missing     []string `json:"missing"`
}

type planChangeJSON struct {
	State            string   `json:"state"`
	Required         int      `json:"required"`
	MinCosignatories int      `json:"minCosignatories"`
	Cosigners        []string `json:"cosigners"`
	Unknown          int      `json:"unknownKeys"`
}

func summaryToJSON(s *summary.Summary) *summaryJSON {
	if s == nil {
		return nil
	}
	j := &summaryJSON{Type: s.Type.String(), Title: s.Title, Lines: []summaryLineJSON{}, Warnings: nonNil(s.Warnings), Inner: summaryToJSON(s.Inner)}
	for _, l := range s.Lines {
		j.Lines = append(j.Lines, summaryLineJSON{l.Label, l.Value})
	}
	return j
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MarshalJSON writes the review for a program: what String shows, in a
// fixed shape (requestId, network, nodeTime, totalItems, warnings, items
// with number, position, kind, signer, approves (the summary's lines),
// cosignature, signatures, after, warnings). The note is the online
// side's text and is as UNTRUSTED here as in String.
func (rv *Review) MarshalJSON() ([]byte, error) {
	j := reviewJSON{RequestID: rv.RequestID, Network: rv.Network, NodeTime: uint32(rv.NodeTime),
		NodeTimeUTC: rv.NodeTime.Time().Format(reviewTimeLayout), Note: rv.Note, RepeatOf: rv.RepeatOf, Rebuilds: rv.Rebuilds,
		Total: rv.total(), Warnings: nonNil(rv.Warnings), Items: []itemReviewJSON{}}
	for i, it := range rv.Items {
		ij := itemReviewJSON{Number: it.Number, Position: i + 1, Kind: it.Kind, Signer: it.Signer.Address(rv.Network),
			SignerKey: it.Signer, SignerLabel: it.SignerLabel, Approves: summaryToJSON(it.Summary), Warnings: nonNil(it.Warnings)}
		if cs := it.Cosignature; cs != nil {
			ij.Cosignature = &cosignatureJSON{Fee: cs.Fee.String(), Deadline: uint32(cs.Deadline), OtherHash: cs.OtherHash,
				Account: cs.MultisigAccount, DeadlineUTC: cs.Deadline.Time().Format(reviewTimeLayout)}
		}
		if it.Hash != (transaction.Hash{}) {
			h := it.Hash
			ij.Approves.Hash = &h
		}
		if s := it.Signatures; s != nil {
			ij.Signatures = &signaturesJSON{Required: s.Required, Present: s.Present, StillNeeded: s.StillNeeded, Exact: s.Exact,
				Signed: nonNil(s.Signed), Asked: nonNil(s.Asked), Missing: nonNil(s.Missing)}
		}
		if a := it.After; a != nil {
			ij.After = &planChangeJSON{State: a.State.String(), Required: a.Threshold, MinCosignatories: a.State.MinCosignatories,
				Cosigners: nonNil(a.Cosigners), Unknown: a.Unknown}
		}
		j.Items = append(j.Items, ij)
	}
	return json.Marshal(j)
}
