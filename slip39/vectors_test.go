package slip39

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// vectorCase is one case of testdata/vectors.json.
type vectorCase struct {
	Description string
	Mnemonics   []string
	Secret      string // hex; "" when the shares must be refused
	XPrv        string
}

func loadVectors(t testing.TB) []vectorCase {
	t.Helper()
	b, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	require.Equal(t, "13ebecebdd869dd2bc2cdf69e7ce3a158cf106cac76c39d17682b1c6cdabbdc4", hex.EncodeToString(sum[:]), "testdata/vectors.json is the copy SOURCES.md names")
	var raw [][]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &raw))
	var out []vectorCase
	for _, r := range raw {
		require.Len(t, r, 4)
		var c vectorCase
		require.NoError(t, json.Unmarshal(r[0], &c.Description))
		require.NoError(t, json.Unmarshal(r[1], &c.Mnemonics))
		require.NoError(t, json.Unmarshal(r[2], &c.Secret))
		require.NoError(t, json.Unmarshal(r[3], &c.XPrv))
		out = append(out, c)
	}
	return out
}

// bip32XPrv returns the BIP-32 master extended private key of seed, the
// fourth member of every valid case: HMAC-SHA512(key "Bitcoin seed"),
// serialized as mainnet xprv at depth 0, Base58Check.
func bip32XPrv(seed []byte) string {
	m := hmac.New(sha512.New, []byte("Bitcoin seed"))
	m.Write(seed)
	i := m.Sum(nil)
	data := []byte{0x04, 0x88, 0xad, 0xe4, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	data = append(data, i[32:]...)
	data = append(data, 0)
	data = append(data, i[:32]...)
	h1 := sha256.Sum256(data)
	h2 := sha256.Sum256(h1[:])
	data = append(data, h2[:4]...)
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	n := new(big.Int).SetBytes(data)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, alphabet[mod.Int64()])
	}
	for _, b := range data {
		if b != 0 {
			break
		}
		out = append(out, '1')
	}
	slices.Reverse(out)
	return string(out)
}

// refusals is the reason each invalid case must be refused for, by case
// number: a sentinel and, for a mismatch, the field.
var refusals = map[int]struct {
	err   error
	field string
}{
	2:  {ErrChecksum, ""},
	3:  {ErrPadding, ""},
	5:  {ErrNotEnoughMembers, ""},
	6:  {ErrMismatch, "identifier"},
	7:  {ErrMismatch, "iteration exponent"},
	8:  {ErrMismatch, "group threshold"},
	9:  {ErrMismatch, "group count"},
	10: {ErrGroupThreshold, ""},
	11: {ErrDuplicateMember, ""},
	12: {ErrMismatch, "member threshold"},
	13: {ErrDigest, ""},
	14: {ErrNotEnoughGroups, ""},
	15: {ErrNotEnoughGroups, ""},
	16: {ErrNotEnoughMembers, ""},
	// 21 to 35 are 2 to 16 again with 256-bit secrets.
	39: {ErrLength, ""},
	40: {ErrSecretLength, ""},
}

func refusalOf(n int) (field string, err error) {
	if n >= 21 && n <= 35 {
		n -= 19
	}
	r := refusals[n]
	return r.field, r.err
}

// combineMnemonics parses and combines, as a restore does.
func combineMnemonics(mnemonics []string, passphrase string) (*MasterSecret, error) {
	var shares []*Share
	for i, m := range mnemonics {
		s, err := ParseShare(m)
		if err != nil {
			return nil, fmt.Errorf("share %d: %w", i+1, err)
		}
		shares = append(shares, s)
	}
	return Combine(shares, []byte(passphrase))
}

func TestVectors(t *testing.T) {
	cases := loadVectors(t)
	require.Len(t, cases, 45, "cases")
	valid, refused, mnemonics := 0, 0, 0
	for n, c := range cases {
		n := n + 1
		require.True(t, strings.HasPrefix(c.Description, fmt.Sprintf("%d. ", n)), "case %d is numbered in its description", n)
		mnemonics += len(c.Mnemonics)
		t.Run(c.Description, func(t *testing.T) {
			ms, err := combineMnemonics(c.Mnemonics, "TREZOR")
			if c.Secret == "" {
				refused++
				field, want := refusalOf(n)
				require.NotNil(t, want, "case %d has an expected reason", n)
				require.ErrorIs(t, err, want)
				if field != "" {
					var me *MismatchError
					require.ErrorAs(t, err, &me)
					require.Equal(t, field, me.Field)
				}
				require.Nil(t, ms)
				return
			}
			valid++
			require.NoError(t, err)
			got, err := ms.Export()
			require.NoError(t, err)
			require.Equal(t, c.Secret, hex.EncodeToString(got))
			require.Equal(t, c.XPrv, bip32XPrv(got))

			// Any order gives the same secret, and every share re-encodes
			// to its own words.
			rev := slices.Clone(c.Mnemonics)
			slices.Reverse(rev)
			back, err := combineMnemonics(rev, "TREZOR")
			require.NoError(t, err)
			require.True(t, back.Equal(ms))
			for _, m := range c.Mnemonics {
				s, err := ParseShare(strings.ToUpper(m))
				require.NoError(t, err)
				again, err := s.ExportMnemonic()
				require.NoError(t, err)
				require.Equal(t, m, again)
			}
			// One share fewer is not enough.
			if len(c.Mnemonics) > 1 {
				_, err := combineMnemonics(c.Mnemonics[1:], "TREZOR")
				require.Error(t, err)
				require.True(t, errorIsAny(err, ErrNotEnoughGroups, ErrNotEnoughMembers), "%v", err)
			}
		})
	}
	require.Equal(t, 15, valid, "valid cases")
	require.Equal(t, 30, refused, "refused cases")
	require.Equal(t, 89, mnemonics, "share mnemonics")
}

func TestWordlistIsTheSLIP39List(t *testing.T) {
	b, err := os.ReadFile("wordlist.txt")
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	require.Equal(t, "bcc4555340332d169718aed8bf31dd9d5248cb7da6e5d355140ef4f1e601eec3", hex.EncodeToString(sum[:]))
	require.Equal(t, wordlistText, string(b))
	first, _ := Word(0)
	last, _ := Word(1023)
	require.Equal(t, "academic", first)
	require.Equal(t, "zero", last)
	_, ok := Word(1024)
	require.False(t, ok)
	i, ok := WordIndex("ZERO")
	require.True(t, ok)
	require.Equal(t, 1023, i)
	for _, w := range []string{"zer", "zeros", "\u212aidney", "kidney\x00", ""} {
		_, ok := WordIndex(w)
		require.False(t, ok, "%q is not a word", w)
	}
}
