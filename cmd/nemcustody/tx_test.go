package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

type phpCase struct {
	DataHex   string `json:"expected_data_hex"`
	Signature string `json:"signature"`
}

func phpVectors(t *testing.T) []phpCase {
	var f struct {
		Cases []phpCase `json:"transactions"`
	}
	rc, err := testvec.Open("../../transaction/testdata/nem-php-serialize.json")
	require.NoError(t, err)
	defer rc.Close()
	require.NoError(t, json.NewDecoder(rc).Decode(&f))
	require.Len(t, f.Cases, 16)
	return f.Cases
}

// TestTxDecodeEncodeVectors: every nem-php transaction decodes to NIS JSON
// that encodes back to the same bytes and the library's hash; the 12 real
// signed ones decode as announce objects with a verified signature.
func TestTxDecodeEncodeVectors(t *testing.T) {
	signed := 0
	for _, c := range phpVectors(t) {
		r := runCLI(t, c.DataHex+"\n", "tx", "decode")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.True(t, json.Valid([]byte(r.stdout)))

		var enc struct {
			Data      string            `json:"data"`
			Hash      string            `json:"hash"`
			InnerHash *transaction.Hash `json:"innerHash"`
		}
		requireOK(t, runCLI(t, r.stdout, "tx", "encode"), &enc)
		require.Equal(t, c.DataHex, enc.Data)
		data, _ := hex.DecodeString(c.DataHex)
		tx, err := transaction.Parse(data)
		require.NoError(t, err)
		h, err := transaction.HashOf(tx)
		require.NoError(t, err)
		require.Equal(t, h.String(), enc.Hash)
		if ms, ok := tx.(*transaction.Multisig); ok {
			ih, _ := transaction.InnerHash(ms)
			require.Equal(t, ih, *enc.InnerHash)
		}

		sum := runCLI(t, c.DataHex, "tx", "decode", "--summary")
		require.Equal(t, exitOK, sum.code, sum.stderr)
		require.Contains(t, sum.stdout, "fee:")

		if c.Signature == "" {
			continue
		}
		ann := `{"data":"` + c.DataHex + `","signature":"` + c.Signature + `"}`
		r = runCLI(t, ann, "tx", "decode")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Contains(t, r.stdout, `"signature": "`+c.Signature+`"`)
		bad := []byte(c.Signature)
		bad[0] = "01"[(bad[0]-'0'+1)%2]
		requireFailure(t, runCLI(t, `{"data":"`+c.DataHex+`","signature":"`+string(bad)+`"}`, "tx", "decode"))
		signed++
	}
	require.Equal(t, 12, signed)
}

func TestTxSign(t *testing.T) {
	dir := t.TempDir()
	keyHex := "575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced"
	keyFile := filepath.Join(dir, "k")
	require.NoError(t, os.WriteFile(keyFile, []byte(keyHex+"\n"), 0o600))
	k, err := sign.ParsePrivateKeyNIS(keyHex)
	require.NoError(t, err)
	tx := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: 250_000_000, Signer: k.PublicKey(), Fee: 50_000, Deadline: 250_003_600},
		Recipient: sign.PublicKey{9}.Address(sign.Testnet),
		Amount:    5 * transaction.XEM,
	}
	body, err := nisjson.Encode(tx)
	require.NoError(t, err)
	want, err := transaction.Sign(tx, k)
	require.NoError(t, err)

	var out struct {
		Data      string `json:"data"`
		Signature string `json:"signature"`
		Hash      string `json:"hash"`
	}
	requireOK(t, runCLI(t, string(body), "tx", "sign", "--key-file", keyFile), &out)
	require.Equal(t, want.Signature.String(), out.Signature)
	data, _ := tx.MarshalBinary()
	require.Equal(t, hex.EncodeToString(data), out.Data)

	// Hex input signs the same.
	requireOK(t, runCLI(t, out.Data, "tx", "sign", "--key-file", keyFile), &out)
	require.Equal(t, want.Signature.String(), out.Signature)

	// The output decodes and verifies.
	ann, _ := json.Marshal(map[string]string{"data": out.Data, "signature": out.Signature})
	require.Equal(t, exitOK, runCLI(t, string(ann), "tx", "decode").code)

	// Another key than the signer's.
	other := filepath.Join(dir, "other")
	require.NoError(t, os.WriteFile(other, []byte(strings.Repeat("11", 32)+"\n"), 0o600))
	r := runCLI(t, string(body), "tx", "sign", "--key-file", other)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "signer does not match")
	require.NotContains(t, r.stderr, strings.Repeat("11", 32))

	// A fee below NIS's minimum is refused before anything is signed.
	tx.Fee = 10
	low, _ := nisjson.Encode(tx)
	r = runCLI(t, string(low), "tx", "sign", "--key-file", keyFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "FAILURE_INSUFFICIENT_FEE")

	requireUsage(t, runCLI(t, string(body), "tx", "sign"))
	requireUsage(t, runCLI(t, string(body), "tx", "sign", "--key-file", keyFile, "--keystore", keyFile))
	requireFailure(t, runCLI(t, string(body), "tx", "sign", "--key-file", filepath.Join(dir, "missing")))
}

func TestTxBadInput(t *testing.T) {
	good := phpVectors(t)[0].DataHex
	cases := []struct{ name, cmd, stdin string }{
		{"decode empty", "decode", ""},
		{"decode not hex", "decode", "zz" + good},
		{"decode odd length", "decode", good + "0"},
		{"decode trailing byte", "decode", good + "00"},
		{"decode truncated", "decode", good[:len(good)-2]},
		{"decode two values", "decode", good + " " + good},
		{"decode unknown type", "decode", "ffff" + good[4:]},
		{"decode announce without signature", "decode", `{"data":"` + good + `"}`},
		{"decode announce with extra field", "decode", `{"data":"` + good + `","signature":"00","x":1}`},
		{"decode announce garbage", "decode", `{"data":`},
		{"encode empty", "encode", ""},
		{"encode not JSON", "encode", "hello"},
		{"encode hex instead of JSON", "encode", good},
		{"encode unknown field", "encode", `{"type":257,"bogus":1}`},
		{"encode array", "encode", `[]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.stdin, "tx", c.cmd)
			requireFailure(t, r)
		})
	}
	requireUsage(t, runCLI(t, good, "tx", "decode", "extra"))
	requireUsage(t, runCLI(t, good, "tx", "decode", "--bogus"))
	r := runCLI(t, "", "tx", "decode", "--help")
	require.Equal(t, exitOK, r.code)
	require.Contains(t, r.stdout, "Usage: nemcustody tx decode")
}

// TestTxSignKeystore signs with a keystore instead of a key file.
func TestTxSignKeystore(t *testing.T) {
	t.Parallel()
	f := newKeystoreFixture(t, "hot", "vault-a")
	k := f.keys["hot"]
	tx := &transaction.Transfer{
		Header:    transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: 250_000_000, Signer: k.PublicKey(), Fee: 50_000, Deadline: 250_003_600},
		Recipient: f.keys["vault-a"].Address(sign.Testnet),
		Amount:    5 * transaction.XEM,
	}
	body, err := nisjson.Encode(tx)
	require.NoError(t, err)
	want, err := transaction.Sign(tx, k)
	require.NoError(t, err)

	var out struct {
		Data      string `json:"data"`
		Signature string `json:"signature"`
		Hash      string `json:"hash"`
	}
	requireOK(t, runCLI(t, string(body), "tx", "sign", "--keystore", f.keystore("hot"), "--passphrase-file", f.passFile), &out)
	require.Equal(t, want.Signature.String(), out.Signature)

	pf, err := os.Open(f.passFile)
	require.NoError(t, err)
	defer pf.Close()
	requireOK(t, runCLI(t, string(body), "tx", "sign", "--keystore", f.keystore("hot"), "--passphrase-fd", fmt.Sprint(pf.Fd())), &out)
	require.Equal(t, want.Signature.String(), out.Signature)

	// Another key than the signer's; a mainnet transaction with a testnet
	// keystore; a wrong passphrase; no terminal to ask on.
	r := runCLI(t, string(body), "tx", "sign", "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "signer does not match")
	tx.Network, tx.Recipient = sign.Mainnet, k.Address(sign.Mainnet)
	mainnet, err := nisjson.Encode(tx)
	require.NoError(t, err)
	r = runCLI(t, string(mainnet), "tx", "sign", "--keystore", f.keystore("hot"), "--passphrase-file", f.passFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the keystore is for testnet, the transaction for mainnet")
	wrong := writeFile(t, f.path("wrong"), "a wrong passphrase\n")
	r = runCLI(t, string(body), "tx", "sign", "--keystore", f.keystore("hot"), "--passphrase-file", wrong)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "incorrect passphrase")
	require.NotContains(t, r.stderr, "a wrong passphrase")
	r = runCLI(t, string(body), "tx", "sign", "--keystore", f.keystore("hot"))
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no terminal to prompt on")
}

// TestTxSignMosaicRules: a transfer with a mosaic whose supply tx sign
// cannot know, alone or wrapped, still meets every rule but the
// supply-dependent part of the fee, which counts one fee unit per mosaic.
func TestTxSignMosaicRules(t *testing.T) {
	dir := t.TempDir()
	keyHex := "575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced"
	keyFile := filepath.Join(dir, "k")
	require.NoError(t, os.WriteFile(keyFile, []byte(keyHex+"\n"), 0o600))
	k, err := sign.ParsePrivateKeyNIS(keyHex)
	require.NoError(t, err)
	multisig := sign.PublicKey{7}
	transfer := func(signer sign.PublicKey, edit func(*transaction.Header)) *transaction.Transfer {
		tr := &transaction.Transfer{
			Header:    transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: 250_000_000, Signer: signer, Fee: transaction.FeeUnit, Deadline: 250_003_600},
			Recipient: sign.PublicKey{9}.Address(sign.Testnet),
			Amount:    transaction.XEM,
			Mosaics:   []transaction.Mosaic{{ID: transaction.MosaicID{Namespace: "zz", Name: "token"}, Quantity: 5}},
		}
		if edit != nil {
			edit(&tr.Header)
		}
		return tr
	}
	wrapped := func(edit func(*transaction.Header)) transaction.Transaction {
		return &transaction.Multisig{
			Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: 250_000_000, Signer: k.PublicKey(), Fee: transaction.FlatFee, Deadline: 250_003_600},
			Inner:  transfer(multisig, edit),
		}
	}
	tooFar := func(h *transaction.Header) { h.Deadline = h.Timestamp + 86_401 }
	before := func(h *transaction.Header) { h.Deadline = h.Timestamp - 1 }
	noFee := func(h *transaction.Header) { h.Fee = 0 }
	tests := []struct {
		name string
		tx   transaction.Transaction
		err  string // the whole error line; "" signs
	}{
		{"at the lower bound", transfer(k.PublicKey(), nil), ""},
		{"wrapped at the lower bound", wrapped(nil), ""},
		{"deadline more than 24 hours ahead", transfer(k.PublicKey(), tooFar),
			"transaction: deadline: deadline is more than 24 hours after the timestamp (DeadlineValidator, FAILURE_FUTURE_DEADLINE): deadline 250086401 is 86401 s after timestamp 250000000, at most 86400"},
		{"deadline before the timestamp", transfer(k.PublicKey(), before),
			"transaction: deadline: deadline is not after the timestamp (DeadlineValidator, FAILURE_PAST_DEADLINE): deadline 249999999, timestamp 250000000"},
		{"fee 0", transfer(k.PublicKey(), noFee),
			"transaction: fee: fee below the minimum (MinimumFeeValidator, FAILURE_INSUFFICIENT_FEE): 0.000000 XEM, at least 0.050000 XEM for this transfer, counting each of 1 mosaics of unknown supply at one fee unit"},
		{"wrapped, deadline more than 24 hours ahead", wrapped(tooFar), "transaction: otherTrans.deadline: deadline is more than 24 hours after the timestamp"},
		{"wrapped, deadline before the timestamp", wrapped(before), "transaction: otherTrans.deadline: deadline is not after the timestamp"},
		{"wrapped, fee 0", wrapped(noFee), "transaction: otherTrans.fee: fee below the minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := nisjson.Encode(tt.tx)
			require.NoError(t, err)
			lib := transaction.Validate(tt.tx, transaction.ValidateOptions{SkipUnknownMosaicFees: true})
			r := runCLI(t, string(body), "tx", "sign", "--key-file", keyFile)
			if tt.err == "" {
				require.NoError(t, lib)
				var out struct {
					Data      string `json:"data"`
					Signature string `json:"signature"`
					Hash      string `json:"hash"`
					InnerHash string `json:"innerHash"`
				}
				requireOK(t, r, &out)
				return
			}
			require.ErrorContains(t, lib, tt.err)
			requireFailure(t, r)
			require.True(t, strings.HasPrefix(r.stderr, "nemcustody: error: "+tt.err), "stderr: %q", r.stderr)
		})
	}
}

// TestTxDecodeAnnouncementStrict: an announce object is read with exact
// key names, each once, and nothing after it (what combine --presigned
// reads too).
func TestTxDecodeAnnouncementStrict(t *testing.T) {
	var c phpCase
	for _, c = range phpVectors(t) {
		if c.Signature != "" {
			break
		}
	}
	require.NotEmpty(t, c.Signature)
	d, s := `"data":"`+c.DataHex+`"`, `"signature":"`+c.Signature+`"`
	good := "{" + d + "," + s + "}"
	require.Equal(t, exitOK, runCLI(t, good, "tx", "decode").code)
	for _, tc := range []struct{ name, in, want string }{
		{"trailing }", good + "}", "nemcustody: error: announce object on stdin: nisjson: malformed transaction: data after the JSON value"},
		{"two objects", good + good, "nemcustody: error: announce object on stdin: nisjson: malformed transaction: data after the JSON value"},
		{"upper-case DATA", `{"DATA":"` + c.DataHex + `",` + s + "}", "nemcustody: error: announce object on stdin: nisjson: data: malformed transaction: missing\n"},
		{"Signature capitalized", "{" + d + `,"Signature":"` + c.Signature + `"}`, "nemcustody: error: announce object on stdin: nisjson: signature: malformed transaction: missing\n"},
		{"duplicate data", "{" + d + "," + d + "," + s + "}", "nemcustody: error: announce object on stdin: nisjson: data: malformed transaction: duplicate key\n"},
		{"duplicate data, the second another transaction", "{" + d + `,"data":"00",` + s + "}", "nemcustody: error: announce object on stdin: nisjson: data: malformed transaction: duplicate key\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.in, "tx", "decode")
			requireFailure(t, r)
			require.True(t, strings.HasPrefix(r.stderr, tc.want), "stderr: %q", r.stderr)
		})
	}
}

// TestTxDecodeSummaryShowsHash: the summary names the transaction by the
// hash a node and an explorer use, checked against the nemesis blocks'
// transactions (signed by NIS's own nemesis signer; timestamps 0, so the
// deadline rules do not apply to them here).
func TestTxDecodeSummaryShowsHash(t *testing.T) {
	flat, err := testvec.ReadNemesis("../../transaction/testdata/nemesis-transactions.json.gz")
	require.NoError(t, err)
	n := 0
	for name, b := range flat.Blocks {
		for _, tx := range b.Transactions[:min(5, len(b.Transactions))] {
			r := runCLI(t, `{"data":"`+tx.DataHex+`","signature":"`+tx.Signature+`"}`, "tx", "decode", "--summary")
			require.Equal(t, exitOK, r.code, "%s %d: %s", name, tx.Index, r.stderr)
			require.Regexp(t, `(?m)^  hash: +`+tx.Hash+`$`, r.stdout, "%s %d", name, tx.Index)
			n++
		}
	}
	require.Equal(t, 15, n)
}
