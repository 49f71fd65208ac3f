package summary

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testfix"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func TestSummarizeWrapperWithMosaics(t *testing.T) {
	ms := testfix.Transactions()[4].(*transaction.Multisig)
	now := transaction.Timestamp(1000)
	lookup := func(id transaction.MosaicID) (transaction.MosaicSupply, bool) {
		if id == (transaction.MosaicID{Namespace: "alice.vouchers", Name: "gift"}) {
			return transaction.MosaicSupply{Supply: 1000, Divisibility: 2}, true
		}
		return transaction.MosaicSupply{}, false
	}
	s, err := Of(ms, Options{Now: &now, Mosaics: lookup})
	require.NoError(t, err)
	signer := sign.PublicKey{1}.Address(sign.Testnet)
	account := sign.PublicKey{1, 2, 3}.Address(sign.Testnet)
	to := sign.NewAddress(sign.PublicKey{9}, sign.Testnet)
	want := `MULTISIG WRAPPER OF A TRANSFER
  network:    testnet
  signer:     ` + signer.String() + `
  fee:        0.150000 XEM
  timestamp:  2015-03-29 00:08:05 UTC
  deadline:   2015-03-29 01:08:05 UTC (45m0s left)
  wraps:
    TRANSFER (V2, WITH MOSAICS)
      network:           testnet
      multisig account:  ` + account.String() + `
      to:                ` + to.String() + `
      multiplier:        1.000000 (each mosaic moves quantity × multiplier; shown below)
      mosaic:            alice.vouchers:gift 0.12
      mosaic:            nem:xem 25.000000
      message:           "withdrawal 8f2c1e for customer 41"
      fee:               0.150000 XEM
      timestamp:         2015-03-29 00:08:05 UTC
      deadline:          2015-03-29 01:08:05 UTC (45m0s left)
`
	require.Equal(t, want, s.String())
}

func TestSummarizeEveryType(t *testing.T) {
	for _, tx := range testfix.Transactions() {
		s, err := Of(tx, Options{})
		require.NoError(t, err, tx.Type().String())
		require.NotEmpty(t, s.Lines)
		require.Contains(t, s.String(), "fee:")
	}
	mod := testfix.Transactions()[2].(*transaction.MultisigAggregateModification)
	mod.Modifications[0].Type = transaction.ModificationDelete
	s, err := Of(mod, Options{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "REMOVE cosignatory:")
	require.Contains(t, s.String(), "+1 (relative change)")
}

func TestSummarizeEscapesText(t *testing.T) {
	tx := testfix.Transfer()
	tx.Mosaics = nil
	tx.Version = 1
	tx.Message = &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("pay \x1b[2J\u202etxe.exe\nline2")}
	now := transaction.Timestamp(99_999)
	s, err := Of(tx, Options{Now: &now})
	require.NoError(t, err)
	out := s.String()
	require.NotContains(t, out, "\x1b")
	require.NotContains(t, out, "\u202e")
	require.Contains(t, out, `"pay \x1b[2J\u202etxe.exe\nline2"`)
	require.Contains(t, out, "(EXPIRED)")
	require.Contains(t, out, "WARNING: the deadline has passed")
	require.Contains(t, out, "amount:")

	tx.Message = &transaction.Message{Type: transaction.MessagePlain, Payload: []byte{0xff, 0x00}}
	s, err = Of(tx, Options{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "hex ff00 (not UTF-8)")
	tx.Message = &transaction.Message{Type: transaction.MessageEncrypted, Payload: make([]byte, 80)}
	s, err = Of(tx, Options{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "encrypted, 80 bytes (not shown)")

	_, err = Of(&transaction.Transfer{}, Options{})
	require.Error(t, err, "an invalid transaction is not summarized")
}

// TestDescriptionWhitespaceSummary: a description NIS accepts although it
// shows nothing (package transaction's TestDescriptionWhitespace lists
// what NIS accepts) (U+00A0, U+0085, ...) reaches the operator's summary as
// visible escapes, never as blank text.
func TestDescriptionWhitespaceSummary(t *testing.T) {
	want := map[string]string{
		"\u0085":       `"\u0085"`,
		"\u00a0":       `"\u00a0"`,
		"\u2007":       `"\u2007"`,
		"\u202f":       `"\u202f"`,
		" \t\u00a0\t ": `" \t\u00a0\t "`,
	}
	for desc, shown := range want {
		t.Run(shown, func(t *testing.T) {
			s, err := Of(withDescription(desc), Options{})
			require.NoError(t, err)
			var got []string
			for _, l := range s.Lines {
				if l.Label == "description" {
					got = append(got, l.Value)
				}
			}
			require.Equal(t, []string{shown}, got)
		})
	}
	s, err := Of(withDescription("\u001c\u001fa"), Options{})
	require.NoError(t, err)
	require.Contains(t, s.String(), `"\x1c\x1fa"`)
}

// withDescription is the mosaic definition of testfix.Transactions with
// description d.
func withDescription(d string) *transaction.MosaicDefinitionCreation {
	tx := testfix.Transactions()[6].(*transaction.MosaicDefinitionCreation)
	tx.Definition.Description = d
	return tx
}

// TestOfNil: a missing transaction, or a nil pointer of any type, is
// refused with the transaction package's error, never a panic.
func TestOfNil(t *testing.T) {
	nils := []transaction.Transaction{nil, (*transaction.Transfer)(nil), (*transaction.Multisig)(nil),
		(*transaction.MultisigSignature)(nil), (*transaction.MultisigAggregateModification)(nil),
		(*transaction.ImportanceTransfer)(nil), (*transaction.ProvisionNamespace)(nil),
		(*transaction.MosaicDefinitionCreation)(nil), (*transaction.MosaicSupplyChange)(nil)}
	for _, tx := range nils {
		_, err := Of(tx, Options{})
		require.ErrorIs(t, err, transaction.ErrMalformed, "%T", tx)
	}
}
