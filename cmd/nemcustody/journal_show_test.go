package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

type journalShowJSON struct {
	Journal   string `json:"journal"`
	JournalID string `json:"journalId"`
	HeadSeq   int    `json:"headSeq"`
	HeadHash  string `json:"headHash"`
	Period    string `json:"period"`
	Entries   []struct {
		Seq           int    `json:"seq"`
		Time          string `json:"time"`
		Event         string `json:"event"`
		RequestID     string `json:"requestId"`
		Signer        string `json:"signer"`
		SignerAddress string `json:"signerAddress"`
		Operator      string `json:"operator"`
		Summary       string `json:"summary"`
		XEM           string `json:"xem"`
		Transfers     int    `json:"transfers"`
		NodeTime      uint32 `json:"nodeTime"`
		ValidFrom     uint32 `json:"validFrom"`
		ValidUntil    uint32 `json:"validUntil"`
		RepeatOf      int    `json:"repeatOf"`
		Window        *struct {
			XEM       string `json:"xem"`
			Transfers int    `json:"transfers"`
		} `json:"window"`
	} `json:"entries"`
}

// TestJournalShow: the record as a table and as JSON, with the running
// window checked against sums made here from the amounts signed.
func TestJournalShow(t *testing.T) {
	f := newCustodyFixture(t)
	f.transfer(t, "a", "100")
	f.transfer(t, "b", "250")
	f.transfer(t, "c", "5000")
	policy := f.path("policy-vault.json")
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("a.req"), "vault-a", policy, "--yes", "--operator", "alice", "--out", f.path("a.resp"))...))
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("b.req"), "vault-a", policy, "--yes", "--operator", "bob", "--out", f.path("b.resp"))...))
	requireRefused(t, runCLI(t, "", f.signArgs(f.path("c.req"), "vault-a", policy, "--yes", "--operator", "bob")...))
	requireSigned(t, runCLI(t, "", f.signArgs(f.path("a.req"), "vault-a", policy, "--yes", "--operator", "alice", "--out", f.path("a2.resp"))...))

	var out journalShowJSON
	requireOK(t, runCLI(t, "", "journal", "show", f.path("vault-a.journal"), "--json", "--policy", policy), &out)
	require.Equal(t, 6, out.HeadSeq)
	require.Len(t, out.JournalID, 32)
	require.Equal(t, "24h0m0s", out.Period)
	var events []string
	for _, en := range out.Entries {
		events = append(events, en.Event)
	}
	require.Equal(t, []string{"opened", "registered", "signed", "signed", "refused", "signed"}, events)
	// Each signing takes the amount, the inner fee (0.05) and the
	// cosignature's fee (0.15): NIS's fees for these transactions.
	fee := 200_000 * transaction.Amount(1)
	a, b := 100*transaction.XEM+fee, 250*transaction.XEM+fee
	s1, s2, refused, repeat := out.Entries[2], out.Entries[3], out.Entries[4], out.Entries[5]
	require.Equal(t, a.String(), s1.XEM)
	require.Equal(t, b.String(), s2.XEM)
	require.Equal(t, a.String(), s1.Window.XEM)
	require.Equal(t, (a + b).String(), s2.Window.XEM, "both can take effect within one day")
	require.Equal(t, 2, s2.Window.Transfers)
	require.Equal(t, "alice", s1.Operator)
	require.Equal(t, f.keys["vault-a"].Address(sign.Testnet).String(), s1.SignerAddress)
	require.Contains(t, s1.Summary, "amount 100.000000 XEM")
	require.Nil(t, refused.Window)
	require.Contains(t, refused.Summary, "refused: ")
	require.Equal(t, firstSigning, repeat.RepeatOf)
	require.Nil(t, repeat.Window, "a repeat counts nothing")

	// With a one-second period the signings still overlap (same validity).
	requireOK(t, runCLI(t, "", "journal", "show", f.path("vault-a.journal"), "--json", "--period", "1s"), &out)
	require.Equal(t, "1s", out.Period)

	r := runCLI(t, "", "journal", "show", f.path("vault-a.journal"))
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(r.stdout, "\n")
	require.True(t, strings.HasPrefix(lines[2], "SEQ  TIME (UTC)"), r.stdout)
	require.Contains(t, r.stdout, (a+b).String()+", 2")
	require.Contains(t, r.stdout, "repeat of 3, not counted")

	// A journal that does not verify is not shown.
	j := readJournal(t, f.path("vault-a.journal"))
	require.Contains(t, j[2], `"operator":"alice"`)
	j[2] = strings.Replace(j[2], `"operator":"alice"`, `"operator":"mallory"`, 1)
	require.NoError(t, os.WriteFile(f.path("edited.journal"), []byte(strings.Join(j, "\n")+"\n"), 0o600))
	r = runCLI(t, "", "journal", "show", f.path("edited.journal"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "line 3")
	requireUsage(t, runCLI(t, "", "journal", "show", f.path("vault-a.journal"), "--period", "1h", "--policy", policy))
	requireUsage(t, runCLI(t, "", "journal", "show"))
}
