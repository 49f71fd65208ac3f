package transaction

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

func TestSummarizeWrapperWithMosaics(t *testing.T) {
	ms := sampleTransactions()[4].(*Multisig)
	now := Timestamp(1000)
	lookup := func(id MosaicID) (MosaicSupply, bool) {
		if id == (MosaicID{"alice.vouchers", "gift"}) {
			return MosaicSupply{Supply: 1000, Divisibility: 2}, true
		}
		return MosaicSupply{}, false
	}
	s, err := Summarize(ms, SummaryOptions{Now: &now, Mosaics: lookup})
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
	for _, tx := range sampleTransactions() {
		s, err := Summarize(tx, SummaryOptions{})
		require.NoError(t, err, tx.Type().String())
		require.NotEmpty(t, s.Lines)
		require.Contains(t, s.String(), "fee:")
	}
	mod := sampleTransactions()[2].(*MultisigAggregateModification)
	mod.Modifications[0].Type = ModificationDelete
	s, err := Summarize(mod, SummaryOptions{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "REMOVE cosignatory:")
	require.Contains(t, s.String(), "+1 (relative change)")
}

func TestSummarizeEscapesText(t *testing.T) {
	tx := benchTransfer()
	tx.Mosaics = nil
	tx.Version = 1
	tx.Message = &Message{Type: MessagePlain, Payload: []byte("pay \x1b[2J\u202etxe.exe\nline2")}
	now := Timestamp(99_999)
	s, err := Summarize(tx, SummaryOptions{Now: &now})
	require.NoError(t, err)
	out := s.String()
	require.NotContains(t, out, "\x1b")
	require.NotContains(t, out, "\u202e")
	require.Contains(t, out, `"pay \x1b[2J\u202etxe.exe\nline2"`)
	require.Contains(t, out, "(EXPIRED)")
	require.Contains(t, out, "WARNING: the deadline has passed")
	require.Contains(t, out, "amount:")

	tx.Message = &Message{Type: MessagePlain, Payload: []byte{0xff, 0x00}}
	s, err = Summarize(tx, SummaryOptions{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "hex ff00 (not UTF-8)")
	tx.Message = &Message{Type: MessageEncrypted, Payload: make([]byte, 80)}
	s, err = Summarize(tx, SummaryOptions{})
	require.NoError(t, err)
	require.Contains(t, s.String(), "encrypted, 80 bytes (not shown)")

	_, err = Summarize(&Transfer{}, SummaryOptions{})
	require.Error(t, err, "an invalid transaction is not summarized")
}
