package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKeyImport: Trezor's public test mnemonic at account 0 on testnet is
// TB3JCH... (the address Trezor's own fixtures and the README show); the
// keystore holds that key, and only it.
func TestKeyImport(t *testing.T) {
	f := newKeystoreFixture(t)
	const addr = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	const pub = "edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084"
	base := []string{"key", "import", "--network", "testnet", "--account", "0", "--label", "vault A", "--work-factor", "16"}
	var out struct {
		keystoreJSON
		Path string `json:"path"`
	}
	requireOK(t, runCLI(t, trezorMnemonic+"\n", append(base, "--mnemonic-stdin", "--keystore-passphrase-file", f.passFile,
		"--expect-address", addr, "--out", f.path("a.age"))...), &out)
	require.Equal(t, addr, out.Address)
	require.Equal(t, pub, out.PublicKey)
	require.Equal(t, "m/44'/1'/0'/0'/0'", out.Path)
	var inspected keystoreJSON
	requireOK(t, runCLI(t, "", "key", "inspect", "--keystore", f.path("a.age"), "--passphrase-file", f.passFile), &inspected)
	require.Equal(t, out.keystoreJSON, inspected)

	// The same by --path, the mnemonic and both passphrases at the
	// terminal: each prompt names which passphrase it asks for.
	term := &scriptedTerminal{passphrases: []string{trezorMnemonic, "", "", testPassphrase, testPassphrase}}
	r := runCLITerm(t, term, "", "key", "import", "--network", "testnet", "--path", "m/44'/1'/0'/0'/0'", "--label", "b",
		"--work-factor", "16", "--bip39-passphrase-prompt", "--out", f.path("b.age"))
	requireOK(t, r, &out)
	require.Equal(t, addr, out.Address)
	require.Equal(t, []string{"BIP-39 mnemonic (words separated by spaces; not shown): ",
		"BIP-39 passphrase (the mnemonic's \"25th word\", not the keystore's): ", "Repeat the BIP-39 passphrase: ",
		"Passphrase for the new keystore: ", "Repeat the passphrase: "}, term.prompts)

	// A BIP-39 passphrase gives another wallet: --expect-address stops it
	// before a keystore exists.
	trezor := writeFile(t, f.path("bip39.txt"), "TREZOR\n")
	r = runCLI(t, trezorMnemonic, append(base, "--mnemonic-stdin", "--bip39-passphrase-file", trezor, "--keystore-passphrase-file", f.passFile,
		"--expect-address", addr, "--out", f.path("c.age"))...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "not the expected "+addr)
	requireNoFile(t, f.path("c.age"))

	// Two BIP-39 passphrases that differ; a bad mnemonic word (never
	// repeated).
	term = &scriptedTerminal{passphrases: []string{trezorMnemonic, "one", "two"}}
	r = runCLITerm(t, term, "", append(base, "--bip39-passphrase-prompt", "--out", f.path("d.age"))...)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "the two BIP-39 passphrases differ")
	r = runCLI(t, "zebra"+trezorMnemonic[7:], append(base, "--mnemonic-stdin", "--keystore-passphrase-file", f.passFile, "--out", f.path("d.age"))...)
	requireFailure(t, r)
	require.NotContains(t, r.stderr, "zebra")
	requireNoFile(t, f.path("d.age"))

	// "passphrase" never means two things here.
	r = runCLI(t, trezorMnemonic, append(base, "--mnemonic-stdin", "--passphrase-file", f.passFile)...)
	requireUsage(t, r)
	require.Contains(t, r.stderr, "unknown flag --passphrase-file")
	for _, extra := range [][]string{
		{"--path", "m/44'/1'/0'/0'/0'"},
		{"--path", "m/44/1/0/0/0"},
		{"--bip39-passphrase-prompt", "--bip39-passphrase-file", trezor},
		{"--mnemonic-stdin", "--keystore-passphrase-fd", "0"},
		{"--expect-address", "TNOTANADDRESS"},
		{"--out", "-"},
	} {
		requireUsage(t, runCLI(t, "", append(base, extra...)...))
	}
	requireUsage(t, runCLI(t, "", "key", "import", "--network", "testnet", "--label", "x"))
}
