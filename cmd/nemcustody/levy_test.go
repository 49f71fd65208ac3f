package main

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// TestRequestTransferMosaics: request transfer --mosaic carries the
// definition read from the node (or a file) in the request; the offline
// signer counts its 50,000 XEM levy, so one unit of the mosaic is refused
// within a 1001 XEM cap, refused when the policy does not pin the mosaic,
// and signed when the policy pins it and allows that much.
func TestRequestTransferMosaics(t *testing.T) {
	f := newCustodyFixture(t)
	coin := transaction.MosaicID{Namespace: "alice", Name: "coin"}
	creator, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	defer creator.Destroy()
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: f.customer, MosaicID: transaction.XEMMosaic, Fee: 50_000 * uint64(transaction.XEM)}
	def := transaction.MosaicDefinition{Creator: creator.PublicKey(), ID: coin, Description: "coin",
		Properties: transaction.MosaicProperties{InitialSupply: 1_000_000, Transferable: true}, Levy: levy}
	node := nistest.New(sign.Testnet, fixtureNodeTime)
	node.DefineMosaic(def)
	srv := httptest.NewServer(node)
	defer srv.Close()

	out := f.transfer(t, "coin", "2", "--mosaic", "alice:coin:1", "--node", srv.URL)
	require.Equal(t, []string{"alice:coin carries a levy of 50000.000000 XEM to " + f.customer.String() + ", paid by the account on top of the transfer"}, out.Warnings)
	b, err := os.ReadFile(out.Out)
	require.NoError(t, err)
	req, _, err := coldwallet.ParseRequest(b)
	require.NoError(t, err)
	require.Equal(t, []transaction.MosaicDefinition{def}, req.Mosaics)
	inner := req.Items[0].Inner.(*transaction.Transfer)
	require.Equal(t, []transaction.Mosaic{{ID: coin, Quantity: 1}, {ID: transaction.XEMMosaic, Quantity: 2_000_000}}, inner.Mosaics)
	require.Equal(t, transaction.XEM, inner.Amount)

	// Not pinned: refused.
	last := requireRefused(t, runCLI(t, "", f.signArgs(out.Out, "vault-a", f.path("policy-vault.json"))...))
	require.Contains(t, last, `policy rule "mosaics": the transfer moves mosaic alice:coin, which the policy does not pin`)
	// Pinned with its levy, within 1001 XEM: the levy is counted.
	p := vaultPolicy(f.customer)
	p.Mosaics = []coldwallet.PolicyMosaic{{ID: "alice:coin", MaxQuantity: "10", Levy: &coldwallet.PolicyLevy{Type: "absolute", Recipient: f.customer, Mosaic: "nem:xem", Fee: "50000000000"}}}
	pinned := f.writePolicy(t, "policy-pinned.json", p)
	last = requireRefused(t, runCLI(t, "", f.signArgs(out.Out, "vault-a", pinned)...))
	require.Contains(t, last, `policy rule "maxAmountPerTransaction": 50002.`)
	// Allowed that much: signed, and the review shows the levy.
	p.MaxAmountPerTransaction, p.Window.MaxAmount = "60000", "60000"
	rich := f.writePolicy(t, "policy-rich.json", p)
	r := runCLI(t, "", f.signArgs(out.Out, "vault-a", rich, "--yes")...)
	requireSigned(t, r)
	require.Contains(t, r.stderr, "levy on alice:coin: 50000.000000 XEM to "+f.customer.String()+" (paid by the account)")

	// From a definition file: the same request.
	js, err := nisjson.EncodeMosaicDefinition(&def)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.path("coin.json"), js, 0o644))
	fromFile := f.transfer(t, "coin-file", "2", "--mosaic", "alice:coin:1", "--mosaic-definition", f.path("coin.json"))
	b2, err := os.ReadFile(fromFile.Out)
	require.NoError(t, err)
	req2, _, err := coldwallet.ParseRequest(b2)
	require.NoError(t, err)
	require.Equal(t, req.Mosaics, req2.Mosaics)
}

// TestRequestTransferMosaicUsage: what request transfer --mosaic refuses
// before it opens a keystore.
func TestRequestTransferMosaicUsage(t *testing.T) {
	f := newCustodyFixture(t)
	mutable := transaction.MosaicDefinition{Creator: f.keys["account"].PublicKey(), ID: transaction.MosaicID{Namespace: "alice", Name: "gold"}, Description: "gold",
		Properties: transaction.MosaicProperties{InitialSupply: 10, SupplyMutable: true, Transferable: true}}
	js, err := nisjson.EncodeMosaicDefinition(&mutable)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.path("gold.json"), js, 0o644))
	base := []string{"request", "transfer", "--plan", f.plan, "--initiator-keystore", f.keystore("hot"), "--passphrase-file", f.passFile,
		"--to", f.customer.String(), "--node-time", "367856452", "--out", f.path("x.req"), "--wrapper-out", f.path("x.wrap")}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no definition", []string{"--mosaic", "alice:coin:1"}, "give its definition with --mosaic-definition, or --node"},
		{"both sources", []string{"--mosaic", "alice:coin:1", "--node", "http://127.0.0.1:1", "--mosaic-definition", f.path("gold.json")}, "not both"},
		{"a mutable supply without the node", []string{"--mosaic", "alice:gold:1", "--mosaic-definition", f.path("gold.json")}, "give --node"},
		{"a definition of another mosaic", []string{"--mosaic", "alice:coin:1", "--mosaic-definition", f.path("gold.json")}, "give its definition"},
		{"zero units", []string{"--mosaic", "alice:coin:0"}, "UNITS must be"},
		{"no units", []string{"--mosaic", "alice:coin"}, "--mosaic 1: want NS:NAME:UNITS, with a mosaic id"},
		{"nem:xem", []string{"--mosaic", "nem:xem:5"}, "give XEM with --amount"},
		{"twice", []string{"--mosaic", "alice:coin:1", "--mosaic", "alice:coin:2"}, "given twice"},
		{"a definition without mosaics", []string{"--amount", "1", "--mosaic-definition", "def.json"}, "describes the mosaics of --mosaic"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append(append([]string{}, base...), c.args...)...)
			require.NotEqual(t, exitOK, r.code)
			require.Contains(t, r.stderr, c.want)
			require.Empty(t, r.stdout)
			require.Equal(t, 1, strings.Count(r.stderr, "nemcustody: error: "), r.stderr)
		})
	}
}
