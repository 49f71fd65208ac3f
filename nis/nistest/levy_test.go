package nistest

import (
	"github.com/nemcustody/nemcustody/internal/nisresult"
	"github.com/nemcustody/nemcustody/internal/testfix"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/nisoracle"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func levyKey(t *testing.T, label string) *sign.PrivateKey {
	t.Helper()
	return testfix.HashedKey(t, label)
}

// TestLevies: the node charges a transfer the levy of the mosaic's
// definition, as the transliteration of NIS's transfer methods does; a
// balance that covers the transfer but not its levy is refused, and a
// mosaic without a definition is unknown.
func TestLevies(t *testing.T) {
	const now = 100_000
	n := New(sign.Testnet, now)
	n.AutoHarvest = true
	payer, creator := levyKey(t, "payer"), levyKey(t, "creator")
	collector := levyKey(t, "collector").Address(sign.Testnet)
	shop := levyKey(t, "shop").Address(sign.Testnet)
	coin := transaction.MosaicID{Namespace: "alice", Name: "coin"}
	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: collector, MosaicID: transaction.XEMMosaic, Fee: 40 * uint64(transaction.XEM)}
	def := transaction.MosaicDefinition{Creator: creator.PublicKey(), ID: coin, Description: "coin", Properties: transaction.MosaicProperties{InitialSupply: 1000, Transferable: true}, Levy: levy}
	n.DefineMosaic(def)
	require.Equal(t, uint64(1000), n.MosaicBalance(creator.Address(sign.Testnet), coin))
	n.Fund(payer.PublicKey(), 100*transaction.XEM)
	n.SetMosaicBalance(payer.Address(sign.Testnet), coin, 10)

	transfer := func(units uint64, id transaction.MosaicID) *transaction.Signed {
		tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: now, Deadline: now + 3600, Signer: payer.PublicKey()},
			Recipient: shop, Amount: transaction.XEM, Mosaics: []transaction.Mosaic{{ID: id, Quantity: units}}}
		fee, err := transaction.MinimumFee(tr, func(transaction.MosaicID) (transaction.MosaicSupply, bool) {
			return transaction.MosaicSupply{Supply: 1000}, true
		})
		require.NoError(t, err)
		tr.Fee = fee
		s, err := transaction.Sign(tr, payer)
		require.NoError(t, err)
		return s
	}
	announce := func(s *transaction.Signed) int {
		h, err := transaction.HashOf(s.Tx)
		require.NoError(t, err)
		n.mu.Lock()
		defer n.mu.Unlock()
		return n.announce(s, h)
	}

	first := transfer(3, coin)
	require.Equal(t, nisresult.Success, announce(first))
	notes, err := nisoracle.Execute(first.Tx, sign.Testnet, func(string) *transaction.MosaicLevy { return levy })
	require.NoError(t, err)
	var paidXEM int64
	for _, no := range notes {
		if no.Mosaic == "nem:xem" {
			paidXEM += no.Quantity
		}
	}
	require.Equal(t, 100*transaction.XEM-transaction.Amount(paidXEM), n.Balance(payer.Address(sign.Testnet)))
	require.Equal(t, 40*transaction.XEM, n.Balance(collector), "the levy's recipient is credited")
	require.Equal(t, uint64(7), n.MosaicBalance(payer.Address(sign.Testnet), coin))
	require.Equal(t, uint64(3), n.MosaicBalance(shop, coin))

	// About 60 XEM left: enough for a transfer, not for its 40 XEM levy
	// twice over; the second of two is refused.
	require.Equal(t, nisresult.Success, announce(transfer(1, coin)))
	require.Equal(t, nisresult.InsufficientBalance, announce(transfer(2, coin)), "the levy does not fit the balance")
	n.Fund(payer.PublicKey(), 1000*transaction.XEM)
	require.Equal(t, nisresult.InsufficientBalance, announce(transfer(50, coin)), "more units than the account holds")
	require.Equal(t, nisresult.Success, announce(transfer(6, coin)), "all it holds")
	require.Equal(t, nisresult.MosaicUnknown, announce(transfer(1, transaction.MosaicID{Namespace: "bob", Name: "points"})))
}

// TestMosaicEndpoints: /mosaic/definition answers the definition as NIS's
// MosaicDefinition JSON, and 404 with NIS's ErrorResponse for an unknown
// mosaic; /mosaic/supply answers MosaicIdSupplyPair.
func TestMosaicEndpoints(t *testing.T) {
	n := New(sign.Testnet, 1000)
	creator := levyKey(t, "creator")
	coin := transaction.MosaicID{Namespace: "alice", Name: "coin"}
	def := transaction.MosaicDefinition{Creator: creator.PublicKey(), ID: coin, Description: "coin", Properties: transaction.MosaicProperties{Divisibility: 2, InitialSupply: 500, Transferable: true}}
	n.DefineMosaic(def)
	srv := httptest.NewServer(n)
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, body := get("/mosaic/definition?mosaicId=alice:coin")
	require.Equal(t, 200, status)
	require.Equal(t, `{"creator":"`+creator.PublicKey().String()+`","id":{"namespaceId":"alice","name":"coin"},"description":"coin",`+
		`"properties":[{"name":"divisibility","value":"2"},{"name":"initialSupply","value":"500"},{"name":"supplyMutable","value":"false"},{"name":"transferable","value":"true"}],"levy":{}}`, body)
	status, body = get("/mosaic/definition?mosaicId=alice:gold")
	require.Equal(t, 404, status)
	require.Equal(t, `{"status":404,"error":"Not Found","message":"invalid mosaic definition 'alice:gold' (org.nem.core.model.mosaic.MosaicDefinition)","timeStamp":1000}`, body)
	status, body = get("/mosaic/supply?mosaicId=alice:coin")
	require.Equal(t, 200, status)
	require.Equal(t, `{"mosaicId":{"namespaceId":"alice","name":"coin"},"supply":500}`, body)
}
