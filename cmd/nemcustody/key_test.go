package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
)

type keyJSON struct {
	Network       string `json:"network"`
	PublicKey     string `json:"publicKey"`
	Address       string `json:"address"`
	PrettyAddress string `json:"prettyAddress"`
}

type deriveJSON struct {
	keyJSON
	Account    uint32 `json:"account"`
	Path       string `json:"path"`
	PrivateKey string `json:"privateKey"`
}

func pretty(t *testing.T, addr string) string {
	t.Helper()
	a, err := sign.ParseCanonicalAddress(addr)
	require.NoError(t, err)
	return a.Pretty()
}

// TestKeyInspectVectors feeds the first 200 NemProject key vectors through
// key inspect, in both their 64-character and BigInteger forms.
func TestKeyInspectVectors(t *testing.T) {
	rows, err := testvec.ReadDat("../../sign/testdata/1.test-keys.dat.gz", 4)
	require.NoError(t, err)
	require.Len(t, rows, 10000)
	rows = rows[:200]
	bigIntegerForms := 0
	for i, row := range rows {
		forms := []string{row[0]}
		if row[1] != row[0] {
			forms = append(forms, row[1])
			bigIntegerForms++
		}
		for _, in := range forms {
			for _, stdin := range []string{in, in + "\n", "  " + strings.ToUpper(in) + "\r\n\n"} {
				var got keyJSON
				requireOK(t, runCLI(t, stdin, "key", "inspect", "--network", "mainnet"), &got)
				require.Equal(t, keyJSON{
					Network:       "mainnet",
					PublicKey:     row[2],
					Address:       row[3],
					PrettyAddress: pretty(t, row[3]),
				}, got, "row %d", i)
			}
		}
	}
	require.Greater(t, bigIntegerForms, 50)

	// The same key on the other networks: the library decides the address.
	for _, network := range []string{"testnet", "mijin"} {
		n, err := sign.ParseNetwork(network)
		require.NoError(t, err)
		var got keyJSON
		requireOK(t, runCLI(t, rows[0][0], "key", "inspect", "--network", network), &got)
		pub, err := sign.ParsePublicKey(rows[0][2])
		require.NoError(t, err)
		require.Equal(t, pub.Address(n).String(), got.Address)
		require.Equal(t, rows[0][2], got.PublicKey)
	}
}

func TestKeyInspectBadInput(t *testing.T) {
	const good = "5b0e3fa5d3b49a79022d7c1e121ba1cbbf4db5821f47ab8c708ef88defc29bfe"
	for _, tc := range []struct {
		name, stdin string
	}{
		{"empty", ""},
		{"only white space", " \n\t\r\n"},
		{"63 characters", good[:63]},
		{"65 characters", good + "a"},
		{"non-hex", good[:63] + "g"},
		{"non-hex 0x prefix", "0x" + good[2:]},
		{"66 characters not starting with 00", "01" + good},
		{"two keys", good + "\n" + good},
		{"two keys on one line", good + " " + good},
		{"key and a comment", good + " # cold key"},
		{"mnemonic", "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"},
		{"public key form", "0x" + good},
		{"NUL byte", good[:32] + "\x00" + good[33:]},
		{"invalid UTF-8", good[:62] + "\xff\xfe"},
		{"128 characters", good + good},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, "key", "inspect", "--network", "mainnet")
			requireFailure(t, r)
			// No part of the input long enough to matter appears.
			for _, f := range strings.Fields(tc.stdin) {
				if len(f) >= 6 {
					require.NotContains(t, r.stderr, f)
					require.NotContains(t, r.stderr, f[:6])
				}
			}
		})
	}
}

type hdVectors struct {
	PublicNet []hdVector `json:"public_net"`
	TestNet   []hdVector `json:"test_net"`
}

type hdVector struct {
	Mnemonic      string `json:"mnemonic"`
	Passphrase    string `json:"passphrase"`
	Seed          string `json:"seed"`
	RootPublicKey string `json:"rootPublicKey"`
	ChildAccounts []struct {
		Path      []uint32 `json:"path"`
		PublicKey string   `json:"publicKey"`
	} `json:"childAccounts"`
}

// TestKeyDeriveVectors runs key derive on some of the Symbol repository's NEM
// HD vectors, with and without the "TREZOR" passphrase.
func TestKeyDeriveVectors(t *testing.T) {
	var f hdVectors
	require.NoError(t, testvec.ReadJSON("../../hd/testdata/6.test-hd-derivation.json", &f))
	require.Len(t, f.PublicNet, 48)
	require.Len(t, f.TestNet, 48)

	dir := t.TempDir()
	cases, withPassphrase := 0, 0
	for _, set := range []struct {
		network string
		vs      []hdVector
	}{{"mainnet", f.PublicNet}, {"testnet", f.TestNet}} {
		n, err := sign.ParseNetwork(set.network)
		require.NoError(t, err)
		// The first two mnemonics and the first two with a passphrase.
		var picked []hdVector
		plain, pass := 0, 0
		for _, v := range set.vs {
			if v.Passphrase == "" && plain < 2 {
				picked = append(picked, v)
				plain++
			}
			if v.Passphrase != "" && pass < 2 {
				picked = append(picked, v)
				pass++
			}
		}
		require.Len(t, picked, 4)
		for i, v := range picked {
			args := []string{"key", "derive", "--network", set.network}
			if v.Passphrase != "" {
				require.Equal(t, "TREZOR", v.Passphrase)
				p := filepath.Join(dir, set.network+strconv.Itoa(i)+".pass")
				require.NoError(t, os.WriteFile(p, []byte(v.Passphrase+"\n"), 0o600))
				args = append(args, "--passphrase-file", p)
				withPassphrase++
			}
			for _, c := range v.ChildAccounts {
				account := c.Path[2]
				var got deriveJSON
				requireOK(t, runCLI(t, v.Mnemonic+"\n", append(args, "--account", strconv.Itoa(int(account)))...), &got)
				pub, err := sign.ParsePublicKey(c.PublicKey)
				require.NoError(t, err)
				path, err := hd.NEMPath(n, account)
				require.NoError(t, err)
				require.Equal(t, deriveJSON{
					keyJSON: keyJSON{
						Network:       set.network,
						PublicKey:     strings.ToLower(c.PublicKey),
						Address:       pub.Address(n).String(),
						PrettyAddress: pub.Address(n).Pretty(),
					},
					Account: account,
					Path:    path.String(),
				}, got, "%s %d account %d", set.network, i, account)
				require.Equal(t, hd.Path(c.Path), path)
				cases++
			}
		}
	}
	require.Equal(t, 24, cases)
	require.Equal(t, 4, withPassphrase)
}

const (
	trezorMnemonic  = "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"
	trezorPublicKey = "edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084"
	trezorAddress   = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
)

func TestKeyDeriveTrezor(t *testing.T) {
	want := deriveJSON{
		keyJSON: keyJSON{
			Network:       "testnet",
			PublicKey:     trezorPublicKey,
			Address:       trezorAddress,
			PrettyAddress: pretty(t, trezorAddress),
		},
		Account: 0,
		Path:    "m/44'/1'/0'/0'/0'",
	}
	k, _, err := hd.FromMnemonic(trezorMnemonic, "", sign.Testnet, 0)
	require.NoError(t, err)
	priv, err := k.ExportNISHex()
	require.NoError(t, err)

	// Flags in any order, mnemonic with extra white space and upper case.
	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{trezorMnemonic, []string{"key", "derive", "--network", "testnet", "--account", "0"}},
		{trezorMnemonic + "\n", []string{"key", "derive", "--account=0", "-network=testnet"}},
		{"  " + strings.ToUpper(strings.ReplaceAll(trezorMnemonic, " ", "\n  ")) + "\n\n", []string{"key", "derive", "--account", "0", "--network", "TESTNET"}},
	} {
		r := runCLI(t, tc.stdin, tc.args...)
		var got deriveJSON
		requireOK(t, r, &got)
		require.Equal(t, want, got)
		require.NotContains(t, r.stdout, priv)
		require.NotContains(t, r.stdout, "privateKey")
	}

	// --show-private-key adds the NIS hex form, and only then.
	r := runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--show-private-key")
	var got deriveJSON
	requireOK(t, r, &got)
	require.Equal(t, priv, got.PrivateKey)
	got.PrivateKey = ""
	require.Equal(t, want, got)

	// The private key it shows inspects back to the same key.
	var inspected keyJSON
	requireOK(t, runCLI(t, priv, "key", "inspect", "--network", "testnet"), &inspected)
	require.Equal(t, want.keyJSON, inspected)

	// Account 1 is another path and key.
	requireOK(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "1"), &got)
	require.Equal(t, "m/44'/1'/1'/0'/0'", got.Path)
	require.NotEqual(t, trezorPublicKey, got.PublicKey)

	// Mainnet uses coin type 43.
	requireOK(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "mainnet", "--account", "0"), &got)
	require.Equal(t, "m/44'/43'/0'/0'/0'", got.Path)
	require.True(t, strings.HasPrefix(got.Address, "N"))
}

func TestKeyDerivePassphraseFile(t *testing.T) {
	dir := t.TempDir()
	derive := func(passphrase string) deriveJSON {
		t.Helper()
		k, _, err := hd.FromMnemonic(trezorMnemonic, passphrase, sign.Testnet, 0)
		require.NoError(t, err)
		return deriveJSON{keyJSON: keyJSON{PublicKey: k.PublicKey().String()}}
	}
	for _, tc := range []struct {
		name, content, passphrase string
	}{
		{"no newline", "TREZOR", "TREZOR"},
		{"one newline removed", "TREZOR\n", "TREZOR"},
		{"CRLF removed", "TREZOR\r\n", "TREZOR"},
		{"spaces kept", " TREZOR \n", " TREZOR "},
		{"empty file", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			require.NoError(t, os.WriteFile(p, []byte(tc.content), 0o600))
			var got deriveJSON
			requireOK(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", p), &got)
			require.Equal(t, derive(tc.passphrase).PublicKey, got.PublicKey)
		})
	}
	require.NotEqual(t, derive("").PublicKey, derive("TREZOR").PublicKey)
	// Only one newline is removed; a second one is a control character in
	// the passphrase, refused rather than silently another wallet.
	two := filepath.Join(dir, "two-newlines")
	require.NoError(t, os.WriteFile(two, []byte("TREZOR\n\n"), 0o600))
	r := runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", two)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "character 7 is a control character")

	t.Run("missing file", func(t *testing.T) {
		requireFailure(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", filepath.Join(dir, "absent")))
	})
	t.Run("Unicode passphrase, normalized to NFKD", func(t *testing.T) {
		composed, decomposed := filepath.Join(dir, "composed"), filepath.Join(dir, "decomposed")
		require.NoError(t, os.WriteFile(composed, []byte("p\u00e4ssw\u00f6rd\n"), 0o600))
		require.NoError(t, os.WriteFile(decomposed, []byte("pa\u0308sswo\u0308rd\n"), 0o600))
		var a, b deriveJSON
		requireOK(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", composed), &a)
		requireOK(t, runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", decomposed), &b)
		require.Equal(t, a, b)
		require.NotEqual(t, derive("").PublicKey, a.PublicKey)
		bad := filepath.Join(dir, "bad")
		require.NoError(t, os.WriteFile(bad, []byte("p\xe4ssw\xf6rd\n"), 0o600))
		r := runCLI(t, trezorMnemonic, "key", "derive", "--network", "testnet", "--account", "0", "--passphrase-file", bad)
		requireFailure(t, r)
		require.Contains(t, r.stderr, "not valid UTF-8")
	})
}

func TestKeyDeriveBadInput(t *testing.T) {
	const valid = "legal winner thank year wave sausage worth useful legal winner thank yellow"
	for _, tc := range []struct {
		name, stdin string
	}{
		{"empty", ""},
		{"bad checksum", "legal winner thank year wave sausage worth useful legal winner thank thank"},
		{"words swapped", "winner legal thank year wave sausage worth useful legal winner thank yellow"},
		{"unknown word", "legal winner thank year wave sausage worth useful legal winner thank yellowish"},
		{"misspelt word", "legal winer thank year wave sausage worth useful legal winner thank yellow"},
		{"11 words", "legal winner thank year wave sausage worth useful legal winner thank"},
		{"13 words", valid + " legal"},
		{"two mnemonics", valid + "\n" + valid},
		{"private key", "5b0e3fa5d3b49a79022d7c1e121ba1cbbf4db5821f47ab8c708ef88defc29bfe"},
		{"non-English word", "légal winner thank year wave sausage worth useful legal winner thank yellow"},
		{"invalid UTF-8", "legal winner thank year wave sausage worth useful legal winner thank \xff\xfe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, "key", "derive", "--network", "mainnet", "--account", "0", "--show-private-key")
			requireFailure(t, r)
			require.NotContains(t, r.stderr, "nemcustody: error: \n")
			for _, w := range strings.Fields(tc.stdin) {
				if len(w) >= 4 {
					require.NotContains(t, r.stderr, w, "error repeats a word of the input")
				}
			}
		})
	}
	// The valid one does derive, so the cases above fail for their stated reason.
	requireOK(t, runCLI(t, valid, "key", "derive", "--network", "mainnet", "--account", "0"), new(deriveJSON))
}

// TestKeyGeneratePassphraseInput: refused when the two typed differ, when
// it is weak, or when there is no terminal; never echoed; no file made.
// (TestCustodyFlow makes keystores with --passphrase-file,
// TestBinaryCustodyFlow with --passphrase-fd and the default file name:
// each costs scrypt at 64 MiB, so they are not made here too.)
func TestKeyGeneratePassphraseInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "k.age")
	args := []string{"key", "generate", "--network", "testnet", "--label", "x", "--out", out, "--work-factor", "16"}

	r := runCLI(t, "", args...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no terminal to prompt on")

	term := &scriptedTerminal{passphrases: []string{testPassphrase, testPassphrase + "!"}}
	r = runCLITerm(t, term, "", args...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the two passphrases differ")
	require.NotContains(t, r.stderr, testPassphrase)
	require.Equal(t, []string{"Passphrase for the new keystore: ", "Repeat the passphrase: "}, term.prompts)

	for _, weak := range []string{"short", "tab\tinside the passphrase"} {
		term = &scriptedTerminal{passphrases: []string{weak, weak}}
		r = runCLITerm(t, term, "", args...)
		requireFailure(t, r)
		require.Contains(t, r.stderr, "passphrase not accepted for a new keystore")
		require.NotContains(t, r.stderr, weak)
		require.Len(t, term.prompts, 1, "a weak passphrase is refused before it is asked again")
	}
	weakFile := writeFile(t, filepath.Join(dir, "weak"), "short\n")
	r = runCLI(t, "", append(args, "--passphrase-file", weakFile)...)
	requireFailure(t, r)
	require.NotContains(t, r.stderr, "short\n")
	requireFailure(t, runCLI(t, "", append(args, "--passphrase-file", filepath.Join(dir, "absent"))...))
	requireNoFile(t, out)

	// Typed twice alike, the passphrase is accepted.
	e := &env{term: &scriptedTerminal{passphrases: []string{testPassphrase, testPassphrase}}}
	none := ""
	pass, err := (&passphraseFlags{file: &none, fd: &none}).readNew(e)
	require.NoError(t, err)
	require.Equal(t, testPassphrase, string(pass))
}

func TestKeyGenerateRefusesExistingFiles(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	require.NoError(t, os.WriteFile(existing, []byte("do not touch\n"), 0o644))
	target := filepath.Join(dir, "target")
	require.NoError(t, os.WriteFile(target, []byte("target content\n"), 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, link))
	dangling := filepath.Join(dir, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), dangling))
	pass := writeFile(t, filepath.Join(dir, "pass"), testPassphrase+"\n")

	// Each is refused before the passphrase is read or a key is made.
	for _, path := range []string{existing, link, dangling, dir, filepath.Join(dir, "no", "such", "dir", "k")} {
		r := runCLI(t, "", "key", "generate", "--network", "testnet", "--label", "x", "--passphrase-file", pass, "--out", path)
		requireFailure(t, r)
	}
	got, err := os.ReadFile(existing)
	require.NoError(t, err)
	require.Equal(t, "do not touch\n", string(got))
	got, err = os.ReadFile(target)
	require.NoError(t, err)
	require.Equal(t, "target content\n", string(got))
	_, err = os.Lstat(filepath.Join(dir, "nowhere"))
	require.True(t, os.IsNotExist(err), "a dangling symlink must not be followed")
	_, err = os.Stat(filepath.Join(dir, "no"))
	require.True(t, os.IsNotExist(err))
}

// TestKeyInspectKeystore opens keystores made by the library.
func TestKeyInspectKeystore(t *testing.T) {
	t.Parallel()
	f := newKeystoreFixture(t, "vault-a")
	k := f.keys["vault-a"]
	want := keystoreJSON{keyJSON: keyJSON{Network: "testnet", PublicKey: k.PublicKey().String(),
		Address: k.Address(sign.Testnet).String(), PrettyAddress: k.Address(sign.Testnet).Pretty()},
		Label: "vault-a", Keystore: f.keystore("vault-a")}
	var got keystoreJSON
	requireOK(t, runCLI(t, "", "key", "inspect", "--keystore", f.keystore("vault-a"), "--passphrase-file", f.passFile), &got)
	require.Equal(t, want, got)
	requireOK(t, runCLI(t, testPassphrase+"\n", "key", "inspect", "--keystore", f.keystore("vault-a"), "--passphrase-fd", "0", "--network", "testnet"), &got)
	require.Equal(t, want, got)
	term := &scriptedTerminal{passphrases: []string{testPassphrase}}
	requireOK(t, runCLITerm(t, term, "", "key", "inspect", "--keystore", f.keystore("vault-a")), &got)
	require.Equal(t, want, got)

	for _, tc := range []struct {
		name, stdin, want string
		args              []string
	}{
		{"other network", "", "is for testnet, not mainnet", []string{"--passphrase-file", f.passFile, "--network", "mainnet"}},
		{"wrong passphrase", "not the right passphrase\n", "incorrect passphrase", []string{"--passphrase-fd", "0"}},
		{"no terminal", "", "no terminal to prompt on", nil},
		{"missing passphrase file", "", "passphrase file", []string{"--passphrase-file", f.path("absent")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, append([]string{"key", "inspect", "--keystore", f.keystore("vault-a")}, tc.args...)...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
			require.NotContains(t, r.stderr, "not the right")
		})
	}
	plain := writeFile(t, f.path("plain.key"), strings.Repeat("ab", 32)+"\n")
	r := runCLI(t, "", "key", "inspect", "--keystore", plain, "--passphrase-file", f.passFile)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "is not an age file")
	require.NotContains(t, r.stderr, "abab")
	requireFailure(t, runCLI(t, "", "key", "inspect", "--keystore", f.path("absent.age"), "--passphrase-file", f.passFile))
}
