package transaction

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
)

// TestPHPVectors parses the 16 transactions of the nem-php serialization
// tests strictly and re-encodes them byte for byte; the 12 real signed
// testnet transactions among them verify.
func TestPHPVectors(t *testing.T) {
	var f struct {
		Description string          `json:"description"`
		Source      json.RawMessage `json:"source"`
		Provenance  string          `json:"provenance_strength"`
		FieldsNote  string          `json:"fields_note"`
		Components  json.RawMessage `json:"components"`
		Cases       []struct {
			ID        string          `json:"id"`
			Type      string          `json:"transaction_type"`
			Network   string          `json:"network"`
			Note      string          `json:"note"`
			DataHex   string          `json:"expected_data_hex"`
			Signature string          `json:"signature"`
			Verified  bool            `json:"signature_verified"`
			Fields    json.RawMessage `json:"fields_decoded"`
		} `json:"transactions"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-php-serialize.json", &f))
	require.Len(t, f.Cases, 16)
	signed := 0
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			data, err := hex.DecodeString(c.DataHex)
			require.NoError(t, err)
			tx, err := Parse(data)
			require.NoError(t, err)
			require.Equal(t, sign.Testnet, tx.Common().Network)
			out, err := tx.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, data, out)
			if c.Signature != "" {
				sig, err := sign.ParseSignature(c.Signature)
				require.NoError(t, err)
				require.NoError(t, VerifySigned(&Signed{Tx: tx, Signature: sig}))
				signed++
			}
		})
	}
	require.Equal(t, 12, signed)
}

// decodeLoose decodes JSON without refusing unknown fields, for seed
// loading where only a few fields matter.
func decodeLoose(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
