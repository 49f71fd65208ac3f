package hygiene

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

// shareForms returns every rendering of the shares that must never
// appear: each mnemonic, and every pair of consecutive words in it.
func shareForms(t *testing.T, shares []*slip39.Share) []string {
	var out []string
	for _, s := range shares {
		m, err := s.ExportMnemonic()
		require.NoError(t, err)
		w := strings.Fields(m)
		out = append(out, m, strings.ToUpper(m))
		for i := 0; i+1 < len(w); i++ {
			out = append(out, w[i]+" "+w[i+1])
		}
	}
	return out
}

// TestNoShareInAnyOutput: the SLIP-39 shares of the test key, and the key
// itself, appear in no error, formatted value, log line or JSON of the
// slip39 and keyhealth packages, whatever fails.
func TestNoShareInAnyOutput(t *testing.T) {
	k, err := sign.ParsePrivateKeyNIS(nisHex)
	require.NoError(t, err)
	ms, err := slip39.SeedSecret(k)
	require.NoError(t, err)
	groups, err := slip39.Split(ms, []byte(passphrase), 2, []slip39.Group{{MemberThreshold: 2, MemberCount: 3}, {MemberThreshold: 1, MemberCount: 1}}, slip39.SplitOptions{})
	require.NoError(t, err)
	all := append(append([]*slip39.Share{}, groups[0]...), groups[1]...)
	other, err := slip39.Split(ms, nil, 1, []slip39.Group{{MemberThreshold: 2, MemberCount: 2}}, slip39.SplitOptions{})
	require.NoError(t, err)
	s := &scanner{t: t, forms: append(forms(t, k), shareForms(t, append(all, other[0]...))...)}

	// Values, alone and in containers.
	s.scan("Share", all[0])
	s.scan("Share value", *all[0])
	s.scan("shares", groups)
	s.scan("MasterSecret", ms)
	s.scan("MasterSecret value", *ms)
	s.scan("ShareInfo", all[0].Info())
	st, err := slip39.Check(all[:2])
	require.NoError(t, err)
	s.scan("Status", st)

	// Parsing near-misses of every share: a typo, a swapped pair, a
	// missing and an extra word, upper case, a word in the Kelvin sign.
	for _, sh := range all {
		m, err := sh.ExportMnemonic()
		require.NoError(t, err)
		w := strings.Fields(m)
		typo := strings.Join(append(append([]string{}, w[:5]...), append([]string{w[5] + "x"}, w[6:]...)...), " ")
		swapped := append([]string{}, w...)
		swapped[7], swapped[8] = swapped[8], swapped[7]
		for _, bad := range []string{typo, strings.Join(swapped, " "), strings.Join(w[1:], " "), m + " " + w[0],
			strings.Replace(m, "k", "\u212a", 1), strings.Join(w[:19], " ")} {
			_, err := slip39.ParseShare(bad)
			s.scan("ParseShare of a near-miss", err)
		}
	}
	// Combining sets that fail for every reason.
	for _, set := range [][]*slip39.Share{
		{groups[0][0]},                             // not enough members
		{groups[0][0], groups[0][1]},               // not enough groups
		{groups[0][0], other[0][0]},                // mismatch
		{groups[0][0], groups[0][0]},               // duplicate
		{groups[0][0], groups[0][1], groups[0][2]}, // too many
		{groups[1][0], groups[0][0], groups[0][1]}, // complete
	} {
		_, err := slip39.Check(set)
		s.scan("Check", err)
		back, err := slip39.Combine(set, []byte(passphrase+"\x01"))
		s.scan("Combine", err)
		s.scan("Combine result", back)
		back, err = slip39.Combine(set, []byte("wrong"))
		s.scan("Combine with a wrong passphrase", err)
		if back != nil {
			_, err = slip39.KeySpec{Kind: slip39.SLIP10}.Key(back)
			s.scan("KeySpec.Key without a path", err)
			key, err := slip39.KeySpec{Kind: slip39.Seed}.Key(back)
			s.scan("KeySpec.Key", err)
			s.scan("restored key", key)
		}
	}
	_, err = slip39.Split(ms, []byte(passphrase+"\n"), 1, []slip39.Group{{MemberThreshold: 1, MemberCount: 1}}, slip39.SplitOptions{})
	s.scan("Split with a bad passphrase", err)
	_, err = slip39.Split(ms, nil, 3, []slip39.Group{{MemberThreshold: 1, MemberCount: 2}}, slip39.SplitOptions{})
	s.scan("Split with a bad layout", err)
	seed, err := k.ExportSeed()
	require.NoError(t, err)
	_, err = slip39.NewMasterSecret(seed[:31])
	s.scan("NewMasterSecret of 31 bytes", err)
	_, err = slip39.ParseKeySpec("slip10 " + nisHex)
	s.scan("ParseKeySpec", err)

	// keyhealth: refusals around the key, and proof text made of secrets.
	account, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	other2, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	p, err := multisig.NewPlan(account.PublicKey(), sign.Testnet, []multisig.Cosigner{{PublicKey: other2.PublicKey(), Role: multisig.Offline}}, 1,
		multisig.Relaxations{AllowSingleCustodian: true})
	require.NoError(t, err)
	_, err = keyhealth.Prove(k, p, make([]byte, 32), time.Now())
	s.scan("Prove with a key outside the plan", err)
	for _, text := range []string{nisHex + "\n", keyhealth.ProofMagic + "\nplan: " + nisHex + "\n", keyhealth.ProofMagic + "\nplan: " + mnemonic + "\n"} {
		_, err = keyhealth.ParseProof([]byte(text))
		s.scan("ParseProof of a secret", err)
	}
	_, err = keyhealth.DecodeRecord([]byte(`{"format": "`+nisHex+`"}`), p)
	s.scan("DecodeRecord of a secret", err)
	require.GreaterOrEqual(t, s.n, 60, "every call was scanned")
}
