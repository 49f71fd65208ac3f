package edgecases

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

const dir = "../../testdata/edgecases"

// sentinels maps the error names the files use to the library's errors.
var sentinels = map[string]error{
	"sign.ErrInvalidSignature":               sign.ErrInvalidSignature,
	"sign.ErrInvalidPublicKey":               sign.ErrInvalidPublicKey,
	"sign.ErrInvalidAddress":                 sign.ErrInvalidAddress,
	"sign.ErrUnknownNetwork":                 sign.ErrUnknownNetwork,
	"sign.ErrWrongNetwork":                   sign.ErrWrongNetwork,
	"transaction.ErrMalformed":               transaction.ErrMalformed,
	"transaction.ErrInvalidField":            transaction.ErrInvalidField,
	"transaction.ErrNonCanonical":            transaction.ErrNonCanonical,
	"transaction.ErrUnknownType":             transaction.ErrUnknownType,
	"transaction.ErrVersion":                 transaction.ErrVersion,
	"transaction.ErrFeeTooLow":               transaction.ErrFeeTooLow,
	"transaction.ErrCosignatureFeeTooHigh":   transaction.ErrCosignatureFeeTooHigh,
	"transaction.ErrMessageTooLarge":         transaction.ErrMessageTooLarge,
	"transaction.ErrTooManyMosaics":          transaction.ErrTooManyMosaics,
	"transaction.ErrMultipleDeletes":         transaction.ErrMultipleDeletes,
	"transaction.ErrDeadlineBeforeTimestamp": transaction.ErrDeadlineBeforeTimestamp,
	"transaction.ErrDeadlineTooFar":          transaction.ErrDeadlineTooFar,
	"transaction.ErrTimestampInFuture":       transaction.ErrTimestampInFuture,
	"transaction.ErrExpired":                 transaction.ErrExpired,
	"transaction.ErrTooLarge":                transaction.ErrTooLarge,
	"coldwallet.ErrEnvelope":                 coldwallet.ErrEnvelope,
}

func load(t *testing.T, name string) *File {
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f File
	require.NoError(t, dec.Decode(&f))
	require.Equal(t, len(f.Tests), f.NumberOfTests)
	for i, c := range f.Tests {
		require.Equal(t, i+1, c.ID)
		require.Contains(t, []string{"valid", "invalid", "sign", "refuse"}, c.Result)
		for _, fl := range c.Flags {
			require.Contains(t, f.Flags, fl, "case %d uses an undocumented flag", c.ID)
		}
	}
	return &f
}

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func check(t *testing.T, c Case, err error) {
	t.Helper()
	if c.Result == "valid" || c.Result == "sign" {
		require.NoError(t, err, "case %d: %s", c.ID, c.Comment)
		return
	}
	require.Error(t, err, "case %d: %s", c.ID, c.Comment)
	want, ok := sentinels[c.Error]
	require.True(t, ok, "case %d names unknown error %q", c.ID, c.Error)
	require.ErrorIs(t, err, want, "case %d: %s", c.ID, c.Comment)
}

func TestSignatureCases(t *testing.T) {
	f := load(t, "signatures.json")
	require.Equal(t, 15, f.NumberOfTests)
	for _, c := range f.Tests {
		pub, err := sign.PublicKeyFromBytes(mustHex(t, c.Input["publicKey"]))
		require.NoError(t, err)
		sig, err := sign.SignatureFromBytes(mustHex(t, c.Input["signature"]))
		require.NoError(t, err)
		check(t, c, sign.Verify(pub, mustHex(t, c.Input["message"]), sig))
	}
}

func TestAddressCases(t *testing.T) {
	f := load(t, "addresses.json")
	require.Equal(t, 14, f.NumberOfTests)
	for _, c := range f.Tests {
		a, err := sign.ParseAddress(c.Input["address"])
		if err == nil && c.Input["network"] != "" {
			n, nerr := sign.ParseNetwork(c.Input["network"])
			require.NoError(t, nerr)
			err = a.CheckNetwork(n)
		}
		check(t, c, err)
		if c.Result == "valid" {
			require.Equal(t, c.Input["canonical"], a.String())
		}
	}
}

func lookup(t *testing.T, spec string) transaction.MosaicLookup {
	m := map[transaction.MosaicID]transaction.MosaicSupply{}
	for _, item := range strings.Split(spec, ",") {
		if item == "" {
			continue
		}
		id, sd, ok := strings.Cut(item, "=")
		require.True(t, ok)
		supply, div, ok := strings.Cut(sd, "/")
		require.True(t, ok)
		mid, err := transaction.ParseMosaicID(id)
		require.NoError(t, err)
		s, err := strconv.ParseUint(supply, 10, 64)
		require.NoError(t, err)
		d, err := strconv.ParseUint(div, 10, 8)
		require.NoError(t, err)
		m[mid] = transaction.MosaicSupply{Supply: s, Divisibility: uint8(d)}
	}
	return func(id transaction.MosaicID) (transaction.MosaicSupply, bool) { s, ok := m[id]; return s, ok }
}

func TestTransactionCases(t *testing.T) {
	f := load(t, "transactions.json")
	require.Equal(t, 60, f.NumberOfTests)
	for _, c := range f.Tests {
		tx, err := transaction.Parse(mustHex(t, c.Input["tx"]))
		if err == nil {
			now, perr := strconv.ParseUint(c.Input["nodeTime"], 10, 32)
			require.NoError(t, perr)
			nt := transaction.Timestamp(now)
			err = transaction.Validate(tx, transaction.ValidateOptions{NodeTime: &nt, Mosaics: lookup(t, c.Input["mosaicSupply"])})
		}
		check(t, c, err)
	}
}

func TestEnvelopeCases(t *testing.T) {
	f := load(t, "envelopes.json")
	require.Equal(t, 21, f.NumberOfTests)
	for _, c := range f.Tests {
		_, _, err := coldwallet.ParseRequest([]byte(c.Input["envelope"]))
		check(t, c, err)
	}
}

func TestPolicyCases(t *testing.T) {
	f := load(t, "policies.json")
	require.Equal(t, 26, f.NumberOfTests)
	for _, c := range f.Tests {
		p, err := coldwallet.DecodePolicy([]byte(c.Input["policy"]))
		require.NoError(t, err, "case %d", c.ID)
		req, _, err := coldwallet.ParseRequest([]byte(c.Input["request"]))
		require.NoError(t, err, "case %d", c.ID)
		var hist []struct {
			Time       transaction.Timestamp  `json:"time"`
			XEM        transaction.Amount     `json:"xem"`
			Transfers  int                    `json:"transfers"`
			ValidFrom  *transaction.Timestamp `json:"validFrom"`
			ValidUntil *transaction.Timestamp `json:"validUntil"`
		}
		require.NoError(t, json.Unmarshal([]byte(c.Input["history"]), &hist))
		var spent []journal.Spent
		for _, h := range hist {
			s := journal.Spent{Time: h.Time, Amount: h.XEM, Transfers: h.Transfers}
			require.Equal(t, h.ValidFrom == nil, h.ValidUntil == nil, "case %d", c.ID)
			if h.ValidFrom != nil {
				s.Validity = &journal.Validity{From: *h.ValidFrom, Until: *h.ValidUntil}
			}
			spent = append(spent, s)
		}
		err = p.Evaluate(req, spent)
		if c.Result == "sign" {
			require.NoError(t, err, "case %d: %s", c.ID, c.Comment)
			continue
		}
		if _, ok := sentinels[c.Error]; ok {
			check(t, c, err)
			continue
		}
		var pe *coldwallet.PolicyError
		require.True(t, errors.As(err, &pe), "case %d: %s: %v", c.ID, c.Comment, err)
		require.Equal(t, c.Error, pe.Rule, "case %d: %s", c.ID, c.Comment)
	}
}

// TestFilesAreFresh: regenerating gives exactly the committed files.
func TestFilesAreFresh(t *testing.T) {
	files, err := All()
	require.NoError(t, err)
	require.Len(t, files, 5)
	for _, f := range files {
		want, err := f.Encode()
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "%s is stale: run go generate ./internal/edgecases", f.Name)
	}
}
