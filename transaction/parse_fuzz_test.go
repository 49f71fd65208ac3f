package transaction

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
)

// vectorPayloads returns the non-verifiable bytes of every real
// transaction in the test vectors, for seeding fuzzers and bit-flip tests.
func vectorPayloads(t testing.TB) [][]byte {
	var out [][]byte
	for _, tx := range sampleTransactions() {
		b, err := tx.MarshalBinary()
		require.NoError(t, err)
		out = append(out, b)
	}
	var php struct {
		Cases []struct {
			DataHex string `json:"expected_data_hex"`
		} `json:"transactions"`
	}
	raw, err := testvec.Open("testdata/nem-php-serialize.json")
	require.NoError(t, err)
	defer raw.Close()
	require.NoError(t, decodeLoose(raw, &php))
	for _, c := range php.Cases {
		b, err := hex.DecodeString(c.DataHex)
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// TestParseRefusesEveryBitFlip flips every bit of real transactions: the
// strict parser must either refuse the result or accept a transaction
// that re-encodes to exactly the flipped bytes (a flip in an amount or a
// key is a different valid transaction); it must never panic or accept
// bytes it would write differently.
func TestParseRefusesEveryBitFlip(t *testing.T) {
	refused, accepted := 0, 0
	for _, p := range vectorPayloads(t) {
		for bit := 0; bit < 8*len(p); bit++ {
			q := bytes.Clone(p)
			q[bit/8] ^= 1 << (bit % 8)
			tx, err := Parse(q)
			if err != nil {
				var pe *ParseError
				var fe *FieldError
				require.True(t, errors.As(err, &pe) || errors.As(err, &fe), "error %v has a position or a field", err)
				refused++
				continue
			}
			out, err := tx.MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, q, out, "accepted bytes re-encode identically")
			accepted++
		}
	}
	require.Greater(t, refused, 0)
	require.Greater(t, accepted, 0)
	t.Logf("%d flips refused, %d accepted as other valid transactions", refused, accepted)
}

// FuzzParse: never panics; whatever the strict parser accepts re-encodes to
// the same bytes and passes Check; the verifiable and layout-only modes
// never panic either.
func FuzzParse(f *testing.F) {
	for _, p := range vectorPayloads(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, opts := range []ParseOptions{{}, {Verifiable: true}, {LayoutOnly: true}, {Verifiable: true, LayoutOnly: true}} {
			s, err := ParseWithOptions(b, opts)
			if err != nil {
				continue
			}
			var out []byte
			if opts.Verifiable {
				out, err = AppendVerifiable(nil, s)
			} else {
				out, err = s.Tx.MarshalBinary()
			}
			if err != nil {
				t.Fatalf("%+v: accepted but cannot encode: %v", opts, err)
			}
			if !bytes.Equal(out, b) {
				t.Fatalf("%+v: re-encodes differently:\n in %x\nout %x", opts, b, out)
			}
			if !opts.LayoutOnly {
				if err := Check(s.Tx); err != nil {
					t.Fatalf("accepted but Check fails: %v", err)
				}
			}
		}
	})
}
