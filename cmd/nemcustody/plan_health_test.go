package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// runAt runs the CLI with this machine's clock at now.
func runAt(t *testing.T, now time.Time, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runWithClock(args, strings.NewReader(stdin), &stdout, &stderr, noTerminal{}, func() time.Time { return now })
	return result{code, stdout.String(), stderr.String()}
}

// healthPlan makes keystores for a 2-of-3 and its plan, with share
// holders recorded for vault A.
func healthPlan(t *testing.T, account string) (*keystoreFixture, string) {
	f := newKeystoreFixture(t, "hot", "vaultA", "vaultB", account)
	plan := f.path("plan-" + account + ".json")
	r := runCLI(t, "", "plan", "create", "--network", "testnet", "--account", f.pub(account), "--threshold", "2",
		"--cosigner", "online:"+f.pub("hot")+":hot:datacenter",
		"--cosigner", "offline:"+f.pub("vaultA")+":vault A:site A",
		"--cosigner", "offline:"+f.pub("vaultB")+":vault B:site B",
		"--shares", "vault A:2:lawyer;bank;site B", "--out", plan)
	require.Equal(t, exitOK, r.code, r.stderr)
	return f, plan
}

type planCheckJSON struct {
	Cosigners []struct {
		Label  string `json:"label"`
		Shares *struct {
			GroupThreshold int `json:"groupThreshold"`
			Groups         []struct {
				MemberThreshold int      `json:"memberThreshold"`
				Holders         []string `json:"holders"`
			} `json:"groups"`
			Description string `json:"description"`
		} `json:"shares"`
	} `json:"cosigners"`
}

// TestPlanShares: plan create --shares records who holds a vault's
// shares; plan check shows it; layouts that let one holder restore the
// key or put a share on the online side are refused.
func TestPlanShares(t *testing.T) {
	f, plan := healthPlan(t, "account")
	r := runCLI(t, "", "plan", "check", plan)
	require.Equal(t, exitOK, r.code, r.stderr)
	var pc planCheckJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &pc))
	require.Equal(t, 2, pc.Cosigners[1].Shares.GroupThreshold)
	require.Equal(t, []string{"bank"}, pc.Cosigners[1].Shares.Groups[1].Holders)
	require.Nil(t, pc.Cosigners[2].Shares)
	require.Contains(t, r.stdout, `"description": "2 of 3 groups: \"lawyer\"; \"bank\"; \"site B\""`)
	require.Contains(t, string(mustRead(t, plan)), `"shares": {`)

	create := func(shares ...string) result {
		args := []string{"plan", "create", "--network", "testnet", "--account", f.pub("account"), "--threshold", "2",
			"--cosigner", "online:" + f.pub("hot") + ":hot:datacenter",
			"--cosigner", "offline:" + f.pub("vaultA") + ":vault A:site A",
			"--cosigner", "offline:" + f.pub("vaultB") + ":vault B:site B"}
		for _, s := range shares {
			args = append(args, "--shares", s)
		}
		return runCLI(t, "", args...)
	}
	// The registration ceremony on the offline machine shows the holders.
	journal := f.path("vault-a.journal")
	requireOK(t, runCLI(t, "", "journal", "init", journal), &struct {
		Journal, JournalID string
		HeadSeq            int
	}{})
	var fp struct{ Fingerprint string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &fp))
	reg := runCLI(t, "", "plan", "register", "--journal", journal, "--plan", plan, "--fingerprint", fp.Fingerprint)
	require.Equal(t, exitOK, reg.code, reg.stderr)
	require.Contains(t, reg.stderr, "\n    shares of its key: 2 of 3 groups: \"lawyer\"; \"bank\"; \"site B\"\n")

	for _, c := range []struct{ spec, want string }{
		{"vault A:2:lawyer;notary;bank", ""},
		{"vault A:2:lawyer;Data-center;bank", "the online side holds shares: \"Data-center\" holds shares of \"vault A\" and is the custodian of online cosigner \"hot\""},
		{"vault A:2:lawyer;DATACENTER;bank", "the online side holds shares: \"DATACENTER\" holds shares of \"vault A\" and is the custodian of online cosigner \"hot\""},
		{"vault A:2:lawyer;LAWYER;bank", "one custodian alone can reconstruct a key from its shares: custodian \"lawyer\" holds enough shares to reconstruct \"vault A\" (2 of 3 groups: \"lawyer\"; \"LAWYER\"; \"bank\") (--allow-single-custodian relaxes this)"},
		{"vault A:1:2*bank+notary+bank", "custodian \"bank\" holds enough shares"},
		{"vault A:1:2*bank+notary+lawyer", ""},
	} {
		r := create(c.spec)
		if c.want == "" {
			require.Equal(t, exitOK, r.code, "%s: %s", c.spec, r.stderr)
			continue
		}
		requireFailure(t, r)
		require.Contains(t, r.stderr, c.want, c.spec)
	}
	for _, spec := range []string{"vault A", "vault A:2", "vault A:x:a;b", "vault A:1:x*a+b", "nobody:1:a", "vault A:1:b\u0430nk", "vault A:1:a+"} {
		requireUsage(t, create(spec))
	}
	requireUsage(t, create("vault A:1:a", "vault A:1:b"))
}

// TestKeyHealthCLI: a round of health checks through the CLI, with the
// clock moved: challenge online, prove offline, accept online, status;
// stale keys are named; forged proofs, proofs of another plan and
// challenges that read as transactions are refused.
func TestKeyHealthCLI(t *testing.T) {
	f, plan := healthPlan(t, "account")
	record := f.path("health.json")
	t0 := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)

	var ch struct{ Challenge, Issued, Record string }
	r := runAt(t, t0, "", "plan", "health", "challenge", "--plan", plan, "--record", record)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "nemcustody: note: health record "+record+" does not exist yet")
	requireOK(t, result{r.code, r.stdout, ""}, &ch)
	require.Len(t, ch.Challenge, 64)
	require.Equal(t, "2026-01-05T12:00:00Z", ch.Issued)

	proofs := 0
	prove := func(name, planPath, challenge string, at time.Time) string {
		proofs++
		out := f.path(fmt.Sprintf("%s-%d.proof", name, proofs))
		var pj struct{ Signer, Address, Label, Plan, Date, Out string }
		requireOK(t, runAt(t, at, "", "key", "prove", "--keystore", f.keystore(name), "--plan", planPath, "--challenge", challenge,
			"--passphrase-file", f.passFile, "--out", out), &pj)
		require.Equal(t, at.Format("2006-01-02"), pj.Date)
		return out
	}
	proofA := prove("vaultA", plan, ch.Challenge, t0.Add(2*time.Hour))
	text := string(mustRead(t, proofA))
	require.True(t, strings.HasPrefix(text, "nemcustody-key-proof v1\nplan: "))
	// The proof printed on stdout is the same text.
	r = runAt(t, t0.Add(2*time.Hour), "", "key", "prove", "--keystore", f.keystore("vaultA"), "--plan", plan, "--challenge", ch.Challenge,
		"--passphrase-file", f.passFile)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, text, r.stdout)

	var acc struct {
		Accepted []struct {
			Proof, Signer, Label, Date, Issued, Address string
			Latest                                      bool
		} `json:"accepted"`
	}
	requireOK(t, runAt(t, t0.Add(3*time.Hour), "", "plan", "health", "accept", "--plan", plan, "--record", record, proofA), &acc)
	require.Equal(t, "vault A", acc.Accepted[0].Label)
	require.True(t, acc.Accepted[0].Latest)

	// Refused: a forged proof, a proof of another plan; the record does
	// not change.
	before := mustRead(t, record)
	forged := f.path("forged.proof")
	i := strings.Index(text, "signature: ") + len("signature: ") + 3
	writeFile(t, forged, text[:i]+flipChar(text[i])+text[i+1:])
	r = runAt(t, t0.Add(3*time.Hour), "", "plan", "health", "accept", "--plan", plan, "--record", record, forged)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "proof signature does not verify")
	require.Contains(t, r.stderr, "nothing was recorded")
	_, otherPlan := healthPlanWith(t, f, "other")
	otherProof := prove("vaultA", otherPlan, ch.Challenge, t0.Add(2*time.Hour))
	r = runAt(t, t0.Add(3*time.Hour), "", "plan", "health", "accept", "--plan", plan, "--record", record, proofA, otherProof)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "proof of another plan")
	require.Equal(t, before, mustRead(t, record), "nothing recorded, not even the good proof given with it")

	// A challenge that reads as a transaction is not signed.
	txHex := hex.EncodeToString(transferBytes(t, f))
	r = runAt(t, t0, "", "key", "prove", "--keystore", f.keystore("vaultA"), "--plan", plan, "--challenge", txHex, "--passphrase-file", f.passFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "unusable challenge: it reads as a NIS transaction")
	// A key outside the plan proves nothing.
	r = runAt(t, t0, "", "key", "prove", "--keystore", f.keystore("account"), "--plan", plan, "--challenge", ch.Challenge, "--passphrase-file", f.passFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "not a cosigner of the plan")

	// 150 days on, vault B answers a new challenge; at day 181 the hot key
	// (never) and vault A (day 0) are stale, vault B is not.
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }
	r = runAt(t, day(150), "", "plan", "health", "challenge", "--plan", plan, "--record", record)
	requireOK(t, r, &ch)
	requireOK(t, runAt(t, day(150), "", "plan", "health", "accept", "--plan", plan, "--record", record,
		prove("vaultB", plan, ch.Challenge, day(150))), &acc)

	var st struct {
		Plan       string `json:"plan"`
		StaleAfter string `json:"staleAfter"`
		Keys       []struct {
			PublicKey, Address, Label, Role, LastProof, Since string
			Stale                                             bool
		} `json:"keys"`
	}
	r = runAt(t, day(181), "", "plan", "health", "--plan", plan, "--record", record)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, `nemcustody: warning: STALE KEY: "hot"`)
	require.Contains(t, r.stderr, `nemcustody: warning: STALE KEY: "vault A"`)
	require.NotContains(t, r.stderr, `"vault B"`)
	requireOK(t, result{r.code, r.stdout, ""}, &st)
	require.Equal(t, []bool{true, true, false}, []bool{st.Keys[0].Stale, st.Keys[1].Stale, st.Keys[2].Stale})
	require.Equal(t, "2026-01-05T12:00:00Z", st.Keys[1].LastProof)
	requireOK(t, runAt(t, day(181), "", "plan", "health", "--plan", plan, "--record", record, "--stale-after", "200d"), &st)
	require.False(t, st.Keys[1].Stale)

	// An edited record fails rather than counting.
	b := mustRead(t, record)
	require.NoError(t, os.WriteFile(record, bytes.Replace(b, []byte(`"issued": "2026-01-05T12:00:00Z",
      "recorded"`), []byte(`"issued": "2026-06-01T12:00:00Z",
      "recorded"`), 1), 0o644))
	r = runAt(t, day(181), "", "plan", "health", "--plan", plan, "--record", record)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "health record "+record)

	requireUsage(t, runCLI(t, "", "plan", "health", "accept", "--plan", plan, "--record", record))
	requireUsage(t, runCLI(t, "", "plan", "health", "--plan", plan))
	requireUsage(t, runCLI(t, "", "plan", "health", "--plan", plan, "--record", record, "--stale-after", "-3d"))
	requireFailure(t, runCLI(t, "", "plan", "health", "--plan", plan, "--record", filepath.Join(t.TempDir(), "none.json")))
}

// healthPlanWith makes a second plan of the same cosigners for another
// account.
func healthPlanWith(t *testing.T, f *keystoreFixture, account string) (*keystoreFixture, string) {
	k, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	plan := f.path("plan-" + account + ".json")
	r := runCLI(t, "", "plan", "create", "--network", "testnet", "--account", k.PublicKey().String(), "--threshold", "2",
		"--cosigner", "online:"+f.pub("hot")+":hot:datacenter",
		"--cosigner", "offline:"+f.pub("vaultA")+":vault A:site A",
		"--cosigner", "offline:"+f.pub("vaultB")+":vault B:site B", "--out", plan)
	require.Equal(t, exitOK, r.code, r.stderr)
	return f, plan
}

func flipChar(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

// transferBytes returns the bytes NIS signs of a transfer from vault A.
func transferBytes(t *testing.T, f *keystoreFixture) []byte {
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: f.keys["vaultA"].PublicKey(),
		Fee: 50_000, Timestamp: 100, Deadline: 3700}, Recipient: f.keys["hot"].Address(sign.Testnet), Amount: transaction.XEM}
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	return b
}

// TestWatchStaleKey: watch --health raises stale-key for the plan's
// cosigners that have not proved control within --stale-after.
func TestWatchStaleKey(t *testing.T) {
	w := newWatchFixture(t)
	p := loadTestPlan(t, w.plan)
	created := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	rec, err := keyhealth.NewRecord(p, created)
	require.NoError(t, err)
	c, err := rec.Issue(nil, created)
	require.NoError(t, err)
	proof, err := keyhealth.Prove(seedKey(t, "cold-a"), p, c, created)
	require.NoError(t, err)
	_, err = rec.Accept(proof, p, created)
	require.NoError(t, err)
	b, err := rec.MarshalJSON()
	require.NoError(t, err)
	record := writeFile(t, filepath.Join(t.TempDir(), "health.json"), string(b))

	r := runAt(t, created.Add(100*24*time.Hour), "", w.args("--once", "--lookback", "1m", "--plan", w.plan, "--health", record)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runAt(t, created.Add(100*24*time.Hour), "", w.args("--once", "--lookback", "1m", "--plan", w.plan, "--health", record, "--stale-after", "90d")...)
	require.Equal(t, exitAlerts, r.code, r.stderr)
	alerts := alertsOf(t, r.stdout)
	require.Len(t, alerts, 3)
	for _, a := range alerts {
		require.Equal(t, nis.StaleKey, a.Kind)
	}
	require.Equal(t, seedKey(t, "cold-a").PublicKey(), *alerts[1].Cosigner)
	require.Equal(t, "2026-01-05T12:00:00Z", alerts[1].LastProof)
	require.Contains(t, r.stderr, `nemcustody: alert: cosigner "vault A"`)

	requireUsage(t, runCLI(t, "", w.args("--once", "--health", record)...))
	requireUsage(t, runCLI(t, "", w.args("--once", "--stale-after", "9d")...))
}

func loadTestPlan(t *testing.T, path string) *multisig.Plan {
	p, err := multisig.DecodePlan(mustRead(t, path))
	require.NoError(t, err)
	return p
}
