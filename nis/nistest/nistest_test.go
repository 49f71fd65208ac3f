package nistest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// TestShapes pins the JSON the fake writes to NIS's serializers: member
// names and order (JsonSerializer writes them in serialize() order), {}
// for a null object, null for a null string or byte array.
func TestShapes(t *testing.T) {
	n := New(sign.Testnet, 1000)
	srv := httptest.NewServer(n)
	defer srv.Close()
	get := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	const addr = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		// TimeSynchronizationController: CommunicationTimeStamps.
		{"GET", "/time-sync/network-time", "", 200, `{"sendTimeStamp":1000000,"receiveTimeStamp":1000000}`},
		// AccountInfoController: AccountMetaDataPair of an unknown account.
		{"GET", "/account/get?address=" + addr, "", 200, `{"account":{"address":"` + addr + `","publicKey":null,"balance":0,"vestedBalance":0,"harvestedBlocks":0,"label":null,"importance":0.0,"multisigInfo":{}},` +
			`"meta":{"status":"LOCKED","remoteStatus":"INACTIVE","cosignatoryOf":[],"cosignatories":[]}}`},
		// AccountId: IllegalArgumentException → ExceptionControllerAdvice → 400 ErrorResponse.
		{"GET", "/account/get?address=TALICE", "", 400, `{"status":400,"error":"Bad Request","message":"address must be valid","timeStamp":1000}`},
		{"GET", "/account/get", "", 400, `{"status":400,"error":"Bad Request","message":"address is required","timeStamp":1000}`},
		{"GET", "/account/unconfirmedTransactions?address=" + addr, "", 200, `{"data":[]}`},
		{"GET", "/account/transfers/outgoing?address=" + addr, "", 200, `{"data":[]}`},
		// A cosignature of nothing: NemAnnounceResult with both hashes;
		// {} for the inner hash of a non-multisig transaction.
		{"POST", "/transaction/announce", `{"data":"` + cosignatureHex + `","signature":"` + strings.Repeat("00", 64) + `"}`, 200,
			`{"type":1,"code":8,"message":"FAILURE_SIGNATURE_NOT_VERIFIABLE","innerTransactionHash":{},"transactionHash":{"data":"HASH"}}`},
		{"POST", "/transaction/announce", `{"data":"zz"}`, 400, `{"status":400,"error":"Bad Request","message":"expected a RequestAnnounce {data, signature}","timeStamp":1000}`},
	} {
		status, body := get(tc.method, tc.path, tc.body)
		require.Equal(t, tc.status, status, "%s %s: %s", tc.method, tc.path, body)
		body = regexp.MustCompile(`"transactionHash":\{"data":"[0-9a-f]{64}"\}`).ReplaceAllString(body, `"transactionHash":{"data":"HASH"}`)
		require.Equal(t, tc.want, body, "%s %s", tc.method, tc.path)
	}
}

// cosignatureHex is a testnet cosignature (spec §15.2's layout) with a
// zero signer, so that nothing verifies it.
const cosignatureHex = "02100000" + "01000098" + "e8030000" + "20000000" +
	"0000000000000000000000000000000000000000000000000000000000000000" +
	"f049020000000000" + "f0030000" +
	"24000000" + "20000000" + "0101010101010101010101010101010101010101010101010101010101010101" +
	"28000000" + "5442334a4348564152514e47445333555647414a505446453232555146474d43514853424e424d46"
