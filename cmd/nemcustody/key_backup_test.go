package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/slip39"
)

// cardTerminal is a terminal with a screen: it records what is shown and
// answers prompts from its scripts.
type cardTerminal struct {
	scriptedTerminal
	shown []string
}

func (c *cardTerminal) Show(s string) error { c.shown = append(c.shown, s); return nil }
func (c *cardTerminal) Clear() error        { c.shown = append(c.shown, "<clear>"); return nil }

// cards returns the share cards shown, in order.
func (c *cardTerminal) cards() []string {
	var out []string
	for _, s := range c.shown {
		if strings.HasPrefix(s, "NEMCUSTODY KEY BACKUP") {
			out = append(out, s)
		}
	}
	return out
}

// cardWords returns the share on a card: its numbered words, in order.
func cardWords(t *testing.T, card string) string {
	t.Helper()
	var words []string
	for _, line := range strings.Split(card, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || len(f)%2 != 0 {
			continue
		}
		ok := true
		for i := 0; i < len(f); i += 2 {
			n, err := strconv.Atoi(f[i])
			_, isWord := slip39.WordIndex(f[i+1])
			ok = ok && err == nil && isWord && n == len(words)+i/2+1
		}
		if ok {
			for i := 1; i < len(f); i += 2 {
				words = append(words, f[i])
			}
		}
	}
	require.GreaterOrEqual(t, len(words), slip39.MinShareWords, "card: %s", card)
	return strings.Join(words, " ")
}

// requireNoShareWords checks that no two consecutive words of any share
// appear in out.
func requireNoShareWords(t *testing.T, out string, shares ...string) {
	t.Helper()
	for _, s := range shares {
		w := strings.Fields(s)
		for i := 0; i+1 < len(w); i++ {
			require.NotContains(t, out, w[i]+" "+w[i+1], "a share leaks")
		}
	}
}

// vault makes a vault key with 'key generate' and returns its keystore,
// the passphrase file and the key's JSON.
func vault(t *testing.T) (dir, keystore, pass string, key keystoreJSON) {
	dir = t.TempDir()
	pass = writeFile(t, filepath.Join(dir, "pass.txt"), testPassphrase+"\n")
	keystore = filepath.Join(dir, "vault-a.age")
	requireOK(t, runCLI(t, "", "key", "generate", "--network", "testnet", "--label", "vault A", "--out", keystore,
		"--passphrase-file", pass, "--work-factor", "16"), &key)
	return dir, keystore, pass, key
}

type backupJSON struct {
	Network        string `json:"network"`
	PublicKey      string `json:"publicKey"`
	Address        string `json:"address"`
	Label          string `json:"label"`
	Kind           string `json:"kind"`
	RestoreFlags   string `json:"restoreFlags"`
	Identifier     int    `json:"identifier"`
	GroupThreshold int    `json:"groupThreshold"`
	Groups         []struct {
		MemberThreshold int `json:"memberThreshold"`
		MemberCount     int `json:"memberCount"`
	} `json:"groups"`
	IterationExponent int      `json:"iterationExponent"`
	Passphrase        bool     `json:"passphrase"`
	Shown             int      `json:"shown"`
	ShareFiles        []string `json:"shareFiles"`
	Keystore          string   `json:"keystore"`
}

type restoreJSON struct {
	keystoreJSON
	Kind    string `json:"kind"`
	Checked bool   `json:"checked"`
}

// backup2of3 backs the keystore up 2-of-3 on a card terminal and returns
// the three shares.
func backup2of3(t *testing.T, keystore, pass string, extra ...string) (backupJSON, []string) {
	term := &cardTerminal{scriptedTerminal: scriptedTerminal{lines: []string{"\n", "\n", "\n"}}}
	r := runCLITerm(t, term, "", append([]string{"key", "backup", "--keystore", keystore, "--group", "2-of-3", "--passphrase-file", pass}, extra...)...)
	var out backupJSON
	requireOK(t, r, &out)
	cards := term.cards()
	require.Len(t, cards, 3)
	var shares []string
	for _, c := range cards {
		shares = append(shares, cardWords(t, c))
	}
	requireNoShareWords(t, r.stdout+r.stderr, shares...)
	// One card at a time: the screen is cleared before each and after the
	// last, and each is confirmed.
	require.Equal(t, "<clear>", term.shown[0])
	for i, s := range term.shown {
		if strings.HasPrefix(s, "NEMCUSTODY") {
			require.Equal(t, "<clear>", term.shown[i-1])
			require.Equal(t, "<clear>", term.shown[i+1])
		}
	}
	require.Len(t, term.prompts, 3, "one confirmation a share")
	return out, shares
}

// TestKeyBackupRestore is the acceptance case: a vault key made
// with 'key generate', backed up 2-of-3, restored from two shares in
// another order to the same public key; one share alone is refused with
// a clear error and nothing is written.
func TestKeyBackupRestore(t *testing.T) {
	dir, keystore, pass, key := vault(t)
	out, shares := backup2of3(t, keystore, pass)
	require.Equal(t, key.PublicKey, out.PublicKey)
	require.Equal(t, "seed", out.Kind)
	require.Equal(t, "--network testnet --kind seed", out.RestoreFlags)
	require.Equal(t, 3, out.Shown)
	require.False(t, out.Passphrase)
	for _, s := range shares {
		require.Len(t, strings.Fields(s), 33, "a 256-bit seed gives 33 words")
	}

	restored := filepath.Join(dir, "restored.age")
	restore := func(out, stdin string, extra ...string) result {
		return runCLI(t, stdin, append([]string{"key", "restore", "--network", "testnet", "--kind", "seed", "--label", "vault A",
			"--out", out, "--shares-stdin", "--passphrase-file", pass, "--work-factor", "16"}, extra...)...)
	}
	var got restoreJSON
	requireOK(t, restore(restored, shares[2]+"\n\n"+shares[0]+"\n", "--address", key.Address), &got)
	require.Equal(t, key.PublicKey, got.PublicKey)
	require.Equal(t, key.Address, got.Address)
	require.True(t, got.Checked)
	require.Equal(t, "seed", got.Kind)
	var again keystoreJSON
	requireOK(t, runCLI(t, "", "key", "inspect", "--keystore", restored, "--passphrase-file", pass), &again)
	require.Equal(t, key.PublicKey, again.PublicKey)

	// One share alone.
	alone := filepath.Join(dir, "alone.age")
	r := restore(alone, shares[1]+"\n", "--address", key.Address)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "not enough shares in a group: group 1 has 1 of the 2 shares it needs")
	requireNoShareWords(t, r.stderr, shares...)
	requireNoFile(t, alone)

	// key backup verify agrees, in either order, from the keystore or the
	// public key.
	var v struct {
		OK             bool   `json:"ok"`
		PublicKey      string `json:"publicKey"`
		Address        string `json:"address"`
		Kind           string `json:"kind"`
		GroupThreshold int    `json:"groupThreshold"`
		Groups         []struct {
			Group, MemberThreshold, Shares int
		} `json:"groups"`
	}
	requireOK(t, runCLI(t, shares[1]+"\n"+shares[2]+"\n", "key", "backup", "verify", "--keystore", keystore, "--kind", "seed",
		"--shares-stdin", "--passphrase-file", pass), &v)
	require.True(t, v.OK)
	require.Equal(t, key.PublicKey, v.PublicKey)
	requireOK(t, runCLI(t, shares[0]+"\n"+shares[1]+"\n", "key", "backup", "verify", "--public-key", key.PublicKey, "--network", "testnet",
		"--kind", "seed", "--shares-stdin"), &v)
}

// TestKeyRestoreRefusesAnotherKey plays the operator who restores with
// the wrong kind, account or passphrase, and the insider who swaps in
// shares of another backup: with --address nothing is written; without
// it, a warning names the address to compare.
func TestKeyRestoreRefusesAnotherKey(t *testing.T) {
	dir, keystore, pass, key := vault(t)
	_, shares := backup2of3(t, keystore, pass)
	sharePass := writeFile(t, filepath.Join(dir, "share-pass.txt"), "Pa55 phrase\n")
	_, withPass := backup2of3(t, keystore, pass, "--share-passphrase-file", sharePass)
	wrongPass := writeFile(t, filepath.Join(dir, "wrong.txt"), "pa55 phrase\n")
	_, otherKeystore, _, _ := vault(t)
	_, other := backup2of3(t, otherKeystore, pass)

	out := filepath.Join(dir, "r.age")
	base := []string{"key", "restore", "--network", "testnet", "--label", "vault A", "--out", out, "--shares-stdin",
		"--passphrase-file", pass, "--work-factor", "16", "--address", key.Address}
	for _, c := range []struct {
		name  string
		stdin string
		extra []string
		want  string
	}{
		{"slip10 instead of seed", shares[0] + "\n" + shares[1], []string{"--kind", "slip10", "--account", "0"}, "the shares restore T"},
		{"a wrong share passphrase", withPass[0] + "\n" + withPass[1], []string{"--kind", "seed", "--share-passphrase-file", wrongPass}, "the shares restore T"},
		{"no share passphrase", withPass[0] + "\n" + withPass[1], []string{"--kind", "seed"}, "the shares restore T"},
		{"shares of two backups", shares[0] + "\n" + other[1], []string{"--kind", "seed"}, "shares do not belong together: share 2 has another identifier"},
		{"two backups of the same key", shares[0] + "\n" + withPass[1], []string{"--kind", "seed"}, "shares do not belong together"},
		{"the same share twice", shares[0] + "\n" + shares[0], []string{"--kind", "seed"}, "duplicate member index: shares 1 and 2"},
		{"three shares of a 2-of-3", shares[0] + "\n" + shares[1] + "\n" + shares[2], []string{"--kind", "seed"}, "more shares in a group than its member threshold"},
		{"a typo", replaceWord(shares[0], 6, "zebra") + "\n" + shares[1], []string{"--kind", "seed"}, "share 1 on stdin: slip39: word 7 is not in the SLIP-39 word list"},
		{"a swapped word", swapWords(shares[0], 8, 9) + "\n" + shares[1], []string{"--kind", "seed"}, "checksum does not match"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.stdin, append(slices.Clone(base), c.extra...)...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, c.want)
			requireNoShareWords(t, r.stderr, append(append(append([]string{}, shares...), withPass...), other...)...)
			require.NotContains(t, r.stderr, "zebra")
			requireNoFile(t, out)
		})
	}
	// The right passphrase restores the key.
	var got restoreJSON
	requireOK(t, runCLI(t, withPass[2]+"\n"+withPass[0], append(slices.Clone(base), "--kind", "seed", "--share-passphrase-file", sharePass)...), &got)
	require.Equal(t, key.PublicKey, got.PublicKey)

	// Without --address: restored, with a warning naming the address.
	out2 := filepath.Join(dir, "r2.age")
	r := runCLI(t, shares[0]+"\n"+shares[1], "key", "restore", "--network", "testnet", "--kind", "seed", "--label", "vault A",
		"--out", out2, "--shares-stdin", "--passphrase-file", pass, "--work-factor", "16")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "nemcustody: warning: the restored key was not compared with an expected address (--address): check that "+key.Address)
}

// swapWords swaps word i with word j, or with the first word after j that
// differs from word i (a random share may hold the same word twice, and
// swapping equal words would change nothing).
func swapWords(s string, i, j int) string {
	w := strings.Fields(s)
	for j < len(w)-1 && w[j] == w[i] {
		j++
	}
	w[i], w[j] = w[j], w[i]
	return strings.Join(w, " ")
}

// TestKeyRestoreTyped: shares typed on the terminal, in any order; a typo
// is reported by the word's position and not repeated, a share of another
// backup is refused, and the others are kept.
func TestKeyRestoreTyped(t *testing.T) {
	dir, keystore, pass, key := vault(t)
	_, shares := backup2of3(t, keystore, pass)
	_, otherKeystore, _, _ := vault(t)
	_, other := backup2of3(t, otherKeystore, pass)
	typo := replaceWord(shares[2], 11, "qwerty")
	term := &cardTerminal{scriptedTerminal: scriptedTerminal{passphrases: []string{typo, shares[2], other[0], shares[1]}}}
	out := filepath.Join(dir, "typed.age")
	r := runCLITerm(t, term, "", "key", "restore", "--network", "testnet", "--kind", "seed", "--label", "vault A", "--out", out,
		"--address", key.Address, "--passphrase-file", pass, "--work-factor", "16")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stderr, "nemcustody: note: share 1 not accepted: slip39: word 12 is not in the SLIP-39 word list; type it again")
	require.Contains(t, r.stderr, "nemcustody: note: share accepted: group 1 has 1 of 2")
	require.Contains(t, r.stderr, "nemcustody: note: share 2 not accepted: slip39: shares do not belong together: share 2 has another identifier")
	require.Contains(t, r.stderr, "group 1 has 2 of 2; the set is complete")
	require.NotContains(t, r.stderr, "qwerty")
	requireNoShareWords(t, r.stdout+r.stderr, append(slices.Clone(shares), other...)...)
	require.Len(t, term.prompts, 4)
	for _, p := range term.prompts {
		require.Contains(t, p, "not shown as you type")
	}
	var got restoreJSON
	requireOK(t, result{r.code, r.stdout, ""}, &got)
	require.Equal(t, key.PublicKey, got.PublicKey)

	// No terminal: the error says how to give them instead.
	r = runCLI(t, "", "key", "restore", "--network", "testnet", "--kind", "seed", "--label", "vault A", "--out", filepath.Join(dir, "x.age"),
		"--passphrase-file", pass)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "--shares-stdin")
}

// TestKeyBackupToFiles: --shares-dir writes one new file a share (mode
// 0600), all or none; without it and without a terminal nothing is
// shown or written.
func TestKeyBackupToFiles(t *testing.T) {
	dir, keystore, pass, key := vault(t)
	sharesDir := filepath.Join(dir, "shares")
	require.NoError(t, os.Mkdir(sharesDir, 0o700))
	var out backupJSON
	r := runCLI(t, "", "key", "backup", "--keystore", keystore, "--group-threshold", "2", "--group", "1-of-1", "--group", "2-of-3",
		"--group", "1-of-1", "--shares-dir", sharesDir, "--passphrase-file", pass)
	requireOK(t, r, &out)
	require.Len(t, out.ShareFiles, 5)
	require.Zero(t, out.Shown)
	var shares []string
	for _, f := range out.ShareFiles {
		st, err := os.Stat(f)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		card := string(mustRead(t, f))
		require.Contains(t, card, "restore:  nemcustody key restore --network testnet --kind seed --address "+key.Address)
		shares = append(shares, cardWords(t, card))
	}
	requireNoShareWords(t, r.stdout, shares...)
	require.Equal(t, filepath.Join(sharesDir, "share-2-3.txt"), out.ShareFiles[3])
	var v struct {
		OK                       bool `json:"ok"`
		PublicKey, Address, Kind string
		GroupThreshold           int
		Groups                   []struct{ Group, MemberThreshold, Shares int }
	}
	// Group 1's share and two of group 2's.
	requireOK(t, runCLI(t, shares[3]+"\n"+shares[0]+"\n"+shares[1]+"\n", "key", "backup", "verify", "--public-key", key.PublicKey,
		"--network", "testnet", "--kind", "seed", "--shares-stdin"), &v)
	require.True(t, v.OK)

	// A taken name: nothing is written.
	again := runCLI(t, "", "key", "backup", "--keystore", keystore, "--group", "2-of-3", "--shares-dir", sharesDir, "--passphrase-file", pass)
	requireFailure(t, again)
	require.Contains(t, again.stderr, "already exists")
	entries, err := os.ReadDir(sharesDir)
	require.NoError(t, err)
	require.Len(t, entries, 5)

	// No terminal, no --shares-dir.
	r = runCLI(t, "", "key", "backup", "--keystore", keystore, "--group", "2-of-3", "--passphrase-file", pass)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "no terminal to show the shares on (--shares-dir DIR writes them to files instead)")
}

// TestKeyBackupNewHD: a new HD key's shares are shown before its keystore
// is written; they restore it as slip10 at the account, and not as a
// seed. A ceremony stopped halfway leaves no keystore.
func TestKeyBackupNewHD(t *testing.T) {
	dir := t.TempDir()
	pass := writeFile(t, filepath.Join(dir, "pass.txt"), testPassphrase+"\n")
	ks := filepath.Join(dir, "hd.age")
	term := &cardTerminal{scriptedTerminal: scriptedTerminal{lines: []string{"\n", "\n"}}}
	r := runCLITerm(t, term, "", "key", "backup", "--new-hd", "--network", "testnet", "--account", "3", "--label", "vault H", "--out", ks,
		"--group", "2-of-2", "--passphrase-file", pass, "--work-factor", "16")
	var out backupJSON
	requireOK(t, r, &out)
	require.Equal(t, "slip10 m/44'/1'/3'/0'/0'", out.Kind)
	require.Equal(t, "--network testnet --kind slip10 --account 3", out.RestoreFlags)
	require.Equal(t, ks, out.Keystore)
	cards := term.cards()
	require.Len(t, cards, 2)
	require.Contains(t, cards[0], "kind:     slip10 m/44'/1'/3'/0'/0' (an HD master secret")
	shares := []string{cardWords(t, cards[0]), cardWords(t, cards[1])}
	var inspected keystoreJSON
	requireOK(t, runCLI(t, "", "key", "inspect", "--keystore", ks, "--passphrase-file", pass), &inspected)
	require.Equal(t, out.PublicKey, inspected.PublicKey)

	var got restoreJSON
	requireOK(t, runCLI(t, shares[1]+"\n"+shares[0], "key", "restore", "--network", "testnet", "--kind", "slip10", "--account", "3",
		"--address", out.Address, "--label", "vault H", "--out", filepath.Join(dir, "back.age"), "--shares-stdin",
		"--passphrase-file", pass, "--work-factor", "16"), &got)
	require.Equal(t, out.PublicKey, got.PublicKey)
	r = runCLI(t, shares[1]+"\n"+shares[0], "key", "backup", "verify", "--public-key", out.PublicKey, "--network", "testnet",
		"--kind", "seed", "--shares-stdin")
	requireFailure(t, r)

	// Stopped after the first card: no keystore.
	stopped := filepath.Join(dir, "stopped.age")
	term = &cardTerminal{scriptedTerminal: scriptedTerminal{lines: []string{"\n"}}}
	r = runCLITerm(t, term, "", "key", "backup", "--new-hd", "--network", "testnet", "--account", "0", "--label", "vault H", "--out", stopped,
		"--group", "2-of-2", "--passphrase-file", pass, "--work-factor", "16")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "share 2 of 2 was shown but not confirmed")
	requireNoFile(t, stopped)
	require.Equal(t, "<clear>", term.shown[len(term.shown)-1], "the screen is cleared")
}

// TestKeyBackupUsage: layouts SLIP-39 cannot make and flag mistakes are
// usage errors, before any passphrase is asked.
func TestKeyBackupUsage(t *testing.T) {
	for _, args := range [][]string{
		{"key", "backup", "--keystore", "k.age"},
		{"key", "backup", "--keystore", "k.age", "--group", "2of3"},
		{"key", "backup", "--keystore", "k.age", "--group", "1-of-3"},
		{"key", "backup", "--keystore", "k.age", "--group", "4-of-3"},
		{"key", "backup", "--keystore", "k.age", "--group", "2-of-17"},
		{"key", "backup", "--keystore", "k.age", "--group", "2-of-3", "--group-threshold", "2"},
		{"key", "backup", "--keystore", "k.age", "--group", "2-of-3", "--iteration-exponent", "16"},
		{"key", "backup", "--keystore", "k.age", "--group", "2-of-3", "extra words"},
		{"key", "restore", "--network", "testnet", "--label", "x", "--out", "x.age"},
		{"key", "restore", "--network", "testnet", "--kind", "slip10", "--label", "x", "--out", "x.age"},
		{"key", "restore", "--network", "testnet", "--kind", "seed", "--account", "1", "--label", "x", "--out", "x.age"},
		{"key", "restore", "--network", "testnet", "--kind", "seed", "--label", "x", "--out", "x.age", "--address", "NALICE"},
		{"key", "restore", "--network", "testnet", "--kind", "seed", "--label", "x", "--out", "x.age", "--shares-stdin", "--passphrase-fd", "0"},
		{"key", "backup", "verify", "--kind", "seed"},
		{"key", "backup", "verify", "--public-key", "00", "--network", "testnet", "--kind", "seed"},
	} {
		r := runCLI(t, "", args...)
		requireUsage(t, r)
	}
	r := runCLI(t, "", "key", "backup", "verify", "--help")
	require.Equal(t, exitOK, r.code)
	require.True(t, strings.HasPrefix(r.stdout, "Usage: nemcustody key backup verify"))
	require.Contains(t, r.stdout, "\nExample:\n  nemcustody key backup verify")
	r = runCLI(t, "", "key", "backup", "verify", "--bogus")
	requireUsage(t, r)
	require.Contains(t, r.stderr, "run 'nemcustody key backup verify --help'")
}

// replaceWord returns share with its i-th word (from 0) replaced by w;
// the same word may stand earlier in the share, so it goes by position.
func replaceWord(share string, i int, w string) string {
	words := strings.Fields(share)
	words[i] = w
	return strings.Join(words, " ")
}
