package main

import (
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

type payoutRecordJSON struct {
	ID            string `json:"id"`
	To            string `json:"to"`
	Amount        string `json:"amount"`
	Message       string `json:"message"`
	State         string `json:"state"`
	Attempt       int    `json:"attempt"`
	Batch         string `json:"batch"`
	Timestamp     uint32 `json:"timestamp"`
	Deadline      uint32 `json:"deadline"`
	WrapperHash   string `json:"wrapperHash"`
	InnerHash     string `json:"innerHash"`
	Height        uint64 `json:"height"`
	Confirmations uint64 `json:"confirmations"`
	Reason        string `json:"reason"`
	Submitted     string `json:"submitted"`
	Updated       string `json:"updated"`
}

type payoutBatchJSON struct {
	RequestID   string         `json:"requestId"`
	Out         string         `json:"out"`
	Withdrawals []string       `json:"withdrawals"`
	NodeTime    uint32         `json:"nodeTime"`
	Deadline    uint32         `json:"deadline"`
	Signers     []signerJSONPO `json:"signers"`
	Again       bool           `json:"again"`
}

type signerJSONPO struct {
	PublicKey string `json:"publicKey"`
	Address   string `json:"address"`
	Label     string `json:"label"`
}

type payoutStatusJSON struct {
	Changed     int                `json:"changed"`
	Withdrawals []payoutRecordJSON `json:"withdrawals"`
}

type payoutAnnounceJSON struct {
	Received  map[string][]string `json:"received"`
	Announced []payoutRecordJSON  `json:"announced"`
}

// TestPayoutFlow runs a batch end to end through the CLI against the test
// node: init, submit (again, and with a conflict), build, build again
// while the batch awaits signatures (the same request, nothing new
// built), the vault signs, announce, status --node to confirmation; each
// customer is paid once on the node's chain.
func TestPayoutFlow(t *testing.T) {
	f := newCustodyFixture(t)
	node := nistest.New(sign.Testnet, fixtureNodeTime)
	account := f.keys["account"].PublicKey()
	node.Fund(account, 10_000*transaction.XEM)
	node.SetMultisig(account, []sign.PublicKey{f.keys["hot"].PublicKey(), f.keys["vault-a"].PublicKey(), f.keys["vault-b"].PublicKey()}, 2)
	srv := httptest.NewServer(node)
	t.Cleanup(srv.Close)
	nodeRetry = nis.RetryPolicy{Attempts: 1}
	t.Cleanup(func() { nodeRetry = nis.RetryPolicy{} })
	store := f.path("payouts.sqlite")
	base := []string{"--store", store, "--plan", f.plan}
	cli := func(args ...string) result { return runCLI(t, "", args...) }

	// A store must be made first, and only once.
	requireFailure(t, cli(append([]string{"payout", "submit", "--id", "W-1", "--to", f.customer.String(), "--amount", "1"}, base...)...))
	var init struct {
		Store   string `json:"store"`
		Account string `json:"account"`
	}
	requireOK(t, cli(append([]string{"payout", "init"}, base...)...), &init)
	require.Equal(t, sign.PublicKey(account).Address(sign.Testnet).String(), init.Account)
	requireFailure(t, cli(append([]string{"payout", "init"}, base...)...))

	submit := func(id, amount string) result {
		return cli(append([]string{"payout", "submit", "--id", id, "--to", f.customer.String(), "--amount", amount, "--message", "withdrawal " + id}, base...)...)
	}
	for _, id := range []string{"W-1", "W-2", "W-3"} {
		var r payoutRecordJSON
		requireOK(t, submit(id, "10"), &r)
		require.Equal(t, payoutRecordJSON{ID: id, To: f.customer.String(), Amount: "10.000000", Message: "withdrawal " + id, State: "accepted",
			Submitted: r.Submitted, Updated: r.Updated}, r)
	}
	var again payoutRecordJSON
	requireOK(t, submit("W-2", "10"), &again)
	require.Equal(t, "accepted", again.State)
	r := submit("W-2", "11")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "withdrawal ID already used for another withdrawal")

	build := func(out string) result {
		return cli(append([]string{"payout", "build", "--node", srv.URL, "--initiator-keystore", f.keystore("hot"), "--passphrase-file", f.passFile,
			"--cosigner", f.pub("vault-a"), "--out", f.path(out)}, base...)...)
	}
	var b payoutBatchJSON
	requireOK(t, build("batch-1.txt"), &b)
	require.Equal(t, []string{"W-1", "W-2", "W-3"}, b.Withdrawals)
	require.Equal(t, uint32(fixtureNodeTime), b.NodeTime)
	require.Equal(t, uint32(fixtureNodeTime+7200), b.Deadline)
	require.False(t, b.Again)
	require.Len(t, b.Signers, 1)
	require.Equal(t, signerJSONPO{f.pub("vault-a"), f.keys["vault-a"].Address(sign.Testnet).String(), "vault A"}, b.Signers[0])

	// Built again while the batch awaits signatures: the same request,
	// with a warning, and nothing new built.
	requireOK(t, submit("W-4", "10"), new(payoutRecordJSON))
	r = build("batch-1-again.txt")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "nemcustody: warning: batch "+b.RequestID+" (3 withdrawals) still awaits the offline signatures")
	r.stderr = ""
	var b2 payoutBatchJSON
	requireOK(t, r, &b2)
	require.True(t, b2.Again)
	require.Equal(t, b.Withdrawals, b2.Withdrawals)
	require.Equal(t, mustRead(t, f.path("batch-1.txt")), mustRead(t, f.path("batch-1-again.txt")))

	// The vault signs under its policy and journal.
	r = cli(f.signArgs(f.path("batch-1.txt"), "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("batch-1.resp"))...)
	requireSigned(t, r)

	var ann payoutAnnounceJSON
	requireOK(t, cli(append([]string{"payout", "announce", "--node", srv.URL, f.path("batch-1.resp")}, base...)...), &ann)
	require.Equal(t, map[string][]string{f.path("batch-1.resp"): {"W-1", "W-2", "W-3"}}, ann.Received)
	require.Len(t, ann.Announced, 3)
	for _, a := range ann.Announced {
		require.Equal(t, "announced", a.State, a.ID)
	}
	// Received again: nothing changes.
	ann = payoutAnnounceJSON{}
	requireOK(t, cli(append([]string{"payout", "announce", "--node", srv.URL, f.path("batch-1.resp")}, base...)...), &ann)
	require.Empty(t, ann.Announced)

	require.Equal(t, 3, node.Harvest(), "the three payouts in one block")
	for range 9 {
		require.NoError(t, node.AddBlock())
	}
	var st payoutStatusJSON
	requireOK(t, cli(append([]string{"payout", "status", "--node", srv.URL}, base...)...), &st)
	require.Equal(t, 3, st.Changed)
	require.Len(t, st.Withdrawals, 4)
	for _, w := range st.Withdrawals[:3] {
		require.Equal(t, "confirmed", w.State, w.ID)
		require.Equal(t, 1, w.Attempt)
		require.Equal(t, uint64(10), w.Confirmations)
		require.True(t, node.Confirmed(mustHex(t, w.WrapperHash)), w.ID)
	}
	require.Equal(t, "accepted", st.Withdrawals[3].State)
	require.Equal(t, 30*transaction.XEM, node.Balance(f.customer), "each customer paid once")

	st = payoutStatusJSON{}
	requireOK(t, cli(append([]string{"payout", "status", "--id", "W-4"}, base...)...), &st)
	require.Equal(t, 0, st.Changed)
	require.Len(t, st.Withdrawals, 1)
	require.Equal(t, "W-4", st.Withdrawals[0].ID)
	requireFailure(t, cli(append([]string{"payout", "status", "--id", "W-9"}, base...)...))
}

// TestPayoutUsage: every missing or bad flag is a usage error that names
// it, and nothing is created.
func TestPayoutUsage(t *testing.T) {
	dir := t.TempDir()
	store := dir + "/payouts.sqlite"
	const addr = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"init without store", []string{"payout", "init", "--plan", "p"}, "--store is required"},
		{"init without plan", []string{"payout", "init", "--store", store}, "--plan is required"},
		{"init with an argument", []string{"payout", "init", "--store", store, "--plan", "p", "x"}, "takes no arguments"},
		{"submit without id", []string{"payout", "submit", "--store", store, "--plan", "p", "--to", addr, "--amount", "1"}, "--id is required"},
		{"submit without recipient", []string{"payout", "submit", "--store", store, "--plan", "p", "--id", "W", "--amount", "1"}, "--to is required"},
		{"submit without amount", []string{"payout", "submit", "--store", store, "--plan", "p", "--id", "W", "--to", addr}, "--amount is required"},
		{"submit with a bad amount", []string{"payout", "submit", "--store", store, "--plan", "p", "--id", "W", "--to", addr, "--amount", "1.0000001"}, "--amount must be"},
		{"submit with a bad recipient", []string{"payout", "submit", "--store", store, "--plan", "p", "--id", "W", "--to", "TB3J", "--amount", "1"}, "--to:"},
		{"build without node", []string{"payout", "build", "--store", store, "--plan", "p", "--initiator-keystore", "k", "--out", "o"}, "--node is required"},
		{"build without out", []string{"payout", "build", "--store", store, "--plan", "p", "--initiator-keystore", "k", "--node", "http://n:7890"}, "--out is required"},
		{"build without keystore", []string{"payout", "build", "--store", store, "--plan", "p", "--node", "http://n:7890", "--out", "o"}, "--initiator-keystore is required"},
		{"build with a long deadline", []string{"payout", "build", "--store", store, "--plan", "p", "--initiator-keystore", "k", "--node", "http://n:7890", "--out", "o", "--deadline", "25h"}, "--deadline must be"},
		{"build with a negative max", []string{"payout", "build", "--store", store, "--plan", "p", "--initiator-keystore", "k", "--node", "http://n:7890", "--out", "o", "--max", "-1"}, "--max must be"},
		{"build with a bad cosigner", []string{"payout", "build", "--store", store, "--plan", "p", "--initiator-keystore", "k", "--node", "http://n:7890", "--out", "o", "--cosigner", "ab"}, "--cosigner 1"},
		{"announce without node", []string{"payout", "announce", "--store", store, "--plan", "p", "resp.txt"}, "--node is required"},
		{"status with a bad node", []string{"payout", "status", "--store", store, "--plan", "p", "--node", "ftp://n"}, "--node must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", tc.args...)
			requireUsage(t, r)
			require.Contains(t, r.stderr, tc.want)
			_, err := os.Stat(store)
			require.True(t, os.IsNotExist(err), "nothing created")
		})
	}
}
