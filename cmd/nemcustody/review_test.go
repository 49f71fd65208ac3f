package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

type reviewJSONOut struct {
	RequestID  string   `json:"requestId"`
	Network    string   `json:"network"`
	NodeTime   uint32   `json:"nodeTime"`
	UTC        string   `json:"nodeTimeUtc"`
	Note       string   `json:"note"`
	RepeatOf   int      `json:"repeatOf"`
	TotalItems int      `json:"totalItems"`
	Warnings   []string `json:"warnings"`
	Items      []struct {
		Number      int    `json:"number"`
		Position    int    `json:"position"`
		Kind        string `json:"kind"`
		Signer      string `json:"signer"`
		SignerKey   string `json:"signerPublicKey"`
		SignerLabel string `json:"signerLabel"`
		Approves    struct {
			Type  string `json:"type"`
			Title string `json:"title"`
			Hash  string `json:"hash"`
			Lines []struct {
				Label string `json:"label"`
				Value string `json:"value"`
			} `json:"lines"`
			Warnings []string        `json:"warnings"`
			Inner    json.RawMessage `json:"inner"`
		} `json:"approves"`
		Cosignature *struct {
			Fee         string `json:"fee"`
			Deadline    uint32 `json:"deadline"`
			OtherHash   string `json:"otherHash"`
			Account     string `json:"multisigAccount"`
			DeadlineUTC string `json:"deadlineUtc"`
		} `json:"cosignature"`
		After      json.RawMessage `json:"after"`
		Signatures *struct {
			Required    int      `json:"required"`
			Present     int      `json:"present"`
			StillNeeded int      `json:"stillNeeded"`
			Exact       bool     `json:"exact"`
			Signed      []string `json:"signed"`
			Asked       []string `json:"asked"`
			Missing     []string `json:"missing"`
		} `json:"signatures"`
		Warnings []string `json:"warnings"`
	} `json:"items"`
}

// TestReviewNumbersItemsPerSigner: vault B signs item 2 of a request for
// two vaults; its review numbers the item for it and names the request's
// number, and says what NIS requires and who is asked.
func TestReviewNumbersItemsPerSigner(t *testing.T) {
	f := newCustodyFixture(t)
	req := f.transfer(t, "w", "250")
	require.Equal(t, 2, req.Items)
	r := runCLI(t, "", f.signArgs(f.path("w.req"), "vault-b", f.path("policy-vault.json"), "--yes", "--out", f.path("w-b.resp"))...)
	requireSigned(t, r)
	require.Contains(t, r.stderr, "\nITEM 1 of 1 for this key (request item 2 of 2): cosign")
	require.NotContains(t, r.stderr, "ITEM 2 of 1")
	a, b := f.keys["vault-a"].Address(sign.Testnet), f.keys["vault-b"].Address(sign.Testnet)
	require.Contains(t, r.stderr, `signatures: NIS requires 2, the wrapper's initiator included (its wrapper counts as 1); this request asks "vault A" `+
		a.String()+`, "vault B" `+b.String()+`; still needed after the wrapper: 1 of those asked`)

	// The whole request, as the online side reviews it.
	r = runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "\nITEM 1 of 2: cosign")
	require.Contains(t, r.stdout, "\nITEM 2 of 2: cosign")

	// With the wrapper: exactly who signed and who is still needed.
	hot := f.keys["hot"].Address(sign.Testnet)
	r = runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--presigned", f.path("w.wrap"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, 2, strings.Count(r.stdout, `signatures: the wrapper has 1 of the 2 NIS requires: "withdrawal server" `+hot.String()+
		` (initiator); still needed: 1 of "vault A" `+a.String()+`, "vault B" `+b.String()+"\n"), r.stdout)
	r = runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--presigned", f.path("w.wrap"), "--response", f.path("w-b.resp"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, `signatures: the wrapper has 2 of the 2 NIS requires: "withdrawal server" `+hot.String()+
		` (initiator), "vault B" `+b.String()+"; complete\n")

	// The same as JSON, for a dashboard.
	r = runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--presigned", f.path("w.wrap"), "--response", f.path("w-b.resp"), "--json")
	var out reviewJSONOut
	requireOK(t, r, &out)
	require.Equal(t, req.RequestID, out.RequestID)
	require.Equal(t, 2, out.TotalItems)
	require.Len(t, out.Items, 2)
	it := out.Items[1]
	require.Equal(t, 2, it.Number)
	require.Equal(t, "cosign", it.Kind)
	require.Equal(t, b.String(), it.Signer)
	require.Equal(t, "vault B", it.SignerLabel)
	require.Equal(t, req.InnerHash, it.Approves.Hash, "a cosignature approves the inner transaction")
	require.Equal(t, "transfer", it.Approves.Type)
	require.Equal(t, req.InnerHash, it.Cosignature.OtherHash)
	require.Equal(t, "0.150000", it.Cosignature.Fee)
	require.NotNil(t, it.Signatures)
	require.Equal(t, 2, it.Signatures.Required)
	require.Equal(t, 2, it.Signatures.Present)
	require.Zero(t, it.Signatures.StillNeeded)
	require.True(t, it.Signatures.Exact)
	require.Equal(t, []string{`"vault A" ` + a.String()}, it.Signatures.Missing, "who could still sign, though not needed")
	require.NotNil(t, it.Warnings)

	// Without --plan, JSON too (a conversion needs none); JSON and text
	// agree on the request.
	r = runCLI(t, "", "review", f.path("w.req"), "--json")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no plan was given")
}

// TestReviewStatusRefusesForgedResponses: the dashboard counts only
// signatures that verify over the request's bytes.
func TestReviewStatusRefusesForgedResponses(t *testing.T) {
	f := newCustodyFixture(t)
	f.transfer(t, "w", "250")
	f.transfer(t, "x", "251")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("x.req"), "vault-b", f.path("policy-vault.json"), "--yes", "--out", f.path("x-b.resp"))...))
	r := runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--presigned", f.path("w.wrap"), "--response", f.path("x-b.resp"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "response belongs to another request")
	r = runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--presigned", f.path("x.wrap"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "is not one this request cosigns")
	requireUsage(t, runCLI(t, "", "review", f.path("w.req"), "--plan", f.plan, "--response", f.path("x-b.resp")))
	requireUsage(t, runCLI(t, "", "review", f.path("w.req"), "--presigned", f.path("w.wrap")))
	var v any
	require.Error(t, json.Unmarshal([]byte(r.stdout), &v))
}
