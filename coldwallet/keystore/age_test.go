package keystore

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ageEncrypt makes an age file the way `age -p [-a]` does, with age's own
// API, at work factor logN.
func ageEncrypt(t *testing.T, plaintext, passphrase string, logN int, armored bool) []byte {
	t.Helper()
	r, err := age.NewScryptRecipient(passphrase)
	require.NoError(t, err)
	r.SetWorkFactor(logN)
	var out bytes.Buffer
	var dst io.Writer = &out
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&out)
		dst = aw
	}
	w, err := age.Encrypt(dst, r)
	require.NoError(t, err)
	_, err = io.WriteString(w, plaintext)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	if armored {
		require.NoError(t, aw.Close())
	}
	return out.Bytes()
}

func TestKeystoreIsAPlainAgeFile(t *testing.T) {
	data := testKeystore(t)
	id, err := age.NewScryptIdentity(string(testPassphrase))
	require.NoError(t, err)
	r, err := age.Decrypt(armor.NewReader(bytes.NewReader(data)), id)
	require.NoError(t, err)
	plain, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, docPlaintext, string(plain))
}

func TestKeystoreReadsFilesMadeByAge(t *testing.T) {
	for _, armored := range []bool{false, true} {
		data := ageEncrypt(t, docPlaintext, string(testPassphrase), 10, armored)
		k, info, err := Decrypt(data, testPassphrase)
		require.NoError(t, err, "armored %v", armored)
		assert.True(t, k.Equal(testKey(t)))
		assert.Equal(t, "vault A", info.Label)
		k.Destroy()
	}
	// Leading white space before the armor, as the age CLI accepts.
	data := append([]byte("\n  \n"), ageEncrypt(t, docPlaintext, string(testPassphrase), 10, true)...)
	k, _, err := Decrypt(data, testPassphrase)
	require.NoError(t, err)
	k.Destroy()
}

func TestKeystoreRefusesAgeFilesThatAreNotKeystores(t *testing.T) {
	x, err := age.GenerateX25519Identity()
	require.NoError(t, err)
	var toKey bytes.Buffer
	w, err := age.Encrypt(&toKey, x.Recipient())
	require.NoError(t, err)
	io.WriteString(w, docPlaintext)
	require.NoError(t, w.Close())

	good := ageEncrypt(t, docPlaintext, string(testPassphrase), 10, false)
	withWorkFactor := func(logN string) []byte {
		return []byte(strings.Replace(string(good), " 10\n", " "+logN+"\n", 1))
	}
	hdr, _, ok := bytes.Cut(good, []byte("\n---"))
	require.True(t, ok)
	stanza := hdr[len(ageVersionLine)+1:]
	twoStanzas := bytes.Replace(good, stanza, append(append(bytes.Clone(stanza), '\n'), stanza...), 1)

	cases := []struct {
		name    string
		data    []byte
		wantMsg string
	}{
		{"encrypted to an age key", toKey.Bytes(), "age key, not a passphrase"},
		{"work factor 21", withWorkFactor("21"), "work factor 21 is above the maximum 20 (2^21 would need 2 GiB"},
		{"work factor 30", withWorkFactor("30"), "work factor 30 is above the maximum"},
		{"work factor absurd", withWorkFactor("99999999999999999999"), "above 64 is absurd"},
		{"work factor with leading zero", withWorkFactor("010"), "malformed scrypt stanza"},
		{"two scrypt stanzas", twoStanzas, "2 recipients"},
		{"plaintext of another format", ageEncrypt(t, "just a note\n", string(testPassphrase), 10, false), "not a nemcustody key"},
		{"empty plaintext", ageEncrypt(t, "", string(testPassphrase), 10, false), "newline"},
		{"binary age file with trailing data", append(bytes.Clone(good), 'x'), "corrupted or truncated"},
		{"empty file", nil, "not an age file"},
		{"another age version", []byte("age-encryption.org/v2\n"), "not an age file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k, _, err := Decrypt(c.data, testPassphrase)
			require.ErrorIs(t, err, ErrInvalid)
			assert.Nil(t, k)
			assert.Contains(t, err.Error(), c.wantMsg)
		})
	}
}

func TestKeystoreMismatchedPublicKeyRefused(t *testing.T) {
	text := strings.Replace(docPlaintext, testKeyPub, otherKey(t).PublicKey().String(), 1)
	path := filepath.Join(t.TempDir(), "assembled.age")
	require.NoError(t, os.WriteFile(path, ageEncrypt(t, text, string(testPassphrase), 10, true), 0o600))
	k, _, err := readKeystore(path, testPassphrase)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Nil(t, k)
	assert.Contains(t, err.Error(), "public-key does not match the private key")
	assertNoSecret(t, err)
}

// TestKeystoreAgeCLI runs the age command itself, when it is installed
// with its batchpass plugin (non-interactive passphrases):
//
//	go install filippo.io/age/cmd/age@v1.3.2 filippo.io/age/cmd/age-plugin-batchpass@v1.3.2
func TestKeystoreAgeCLI(t *testing.T) {
	ageBin, err := exec.LookPath("age")
	if err != nil {
		t.Skip("age is not installed")
	}
	if _, err := exec.LookPath("age-plugin-batchpass"); err != nil {
		t.Skip("age-plugin-batchpass is not installed")
	}
	dir := t.TempDir()
	ours := filepath.Join(dir, "ours.age")
	require.NoError(t, writeKeystore(ours, testKey(t), testInfo, testPassphrase, fastOpts))

	env := append(os.Environ(), "AGE_PASSPHRASE="+string(testPassphrase), "AGE_PASSPHRASE_WORK_FACTOR=10")
	cmd := exec.Command(ageBin, "-d", "-j", "batchpass", ours)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, docPlaintext, string(out))

	theirs := filepath.Join(dir, "theirs.age")
	cmd = exec.Command(ageBin, "-e", "-j", "batchpass", "-a", "-o", theirs)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(docPlaintext)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	k, info, err := readKeystore(theirs, testPassphrase)
	require.NoError(t, err)
	defer k.Destroy()
	assert.True(t, k.Equal(testKey(t)))
	assert.Equal(t, "vault A", info.Label)
}
