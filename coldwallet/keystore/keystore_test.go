package keystore

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

// testKeyNIS is the public NEM test key of the sign package's examples.
const (
	testKeyNIS = "575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced"
	testKeyPub = "c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844"
)

// testPassphrase is long enough for CheckPassphrase.
var testPassphrase = []byte("correct horse battery staple")

// fastOpts keeps scrypt cheap in tests.
var fastOpts = Options{WorkFactor: 10, InsecureLowWorkFactor: true}

// docPlaintext is the example in text.go, byte for byte.
const docPlaintext = "nemcustody-key v1\n" +
	"network: testnet\n" +
	"label: vault A\n" +
	"public-key: " + testKeyPub + "\n" +
	"private-key: " + testKeyNIS + "\n"

func testKey(t *testing.T) *sign.PrivateKey {
	t.Helper()
	k, err := sign.ParsePrivateKeyNIS(testKeyNIS)
	require.NoError(t, err)
	t.Cleanup(k.Destroy)
	return k
}

func otherKey(t *testing.T) *sign.PrivateKey {
	t.Helper()
	k, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	require.NoError(t, err)
	t.Cleanup(k.Destroy)
	return k
}

var testInfo = Info{Network: sign.Testnet, Label: "vault A"}

// testKeystore returns a keystore file of the test key.
func testKeystore(t *testing.T) []byte {
	t.Helper()
	data, err := Encrypt(testKey(t), testInfo, testPassphrase, fastOpts)
	require.NoError(t, err)
	return data
}

func TestKeystoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vault-a.age")
	key := testKey(t)
	require.NoError(t, writeKeystore(path, key, testInfo, testPassphrase, fastOpts))

	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")), "written armored")
	assert.Less(t, len(data), 1024)

	got, info, err := readKeystore(path, testPassphrase)
	require.NoError(t, err)
	defer got.Destroy()
	assert.True(t, got.Equal(key))
	want := testInfo
	want.PublicKey = key.PublicKey()
	assert.Equal(t, want, info)

	// Encrypting twice gives different files (fresh salt and file key)
	// that hold the same key.
	again := testKeystore(t)
	assert.NotEqual(t, data, again)
}

func TestKeystoreEveryNetworkAndLabel(t *testing.T) {
	key := testKey(t)
	for _, info := range []Info{
		{Network: sign.Mainnet, Label: "x"},
		{Network: sign.Testnet, Label: "cold 2 of 3, site B"},
		{Network: sign.Mijin, Label: strings.Repeat("é", 32)},
		{Network: sign.Mainnet, Label: "Tresor – Zürich", PublicKey: key.PublicKey()},
	} {
		t.Run(info.Network.String()+"/"+info.Label, func(t *testing.T) {
			data, err := Encrypt(key, info, testPassphrase, fastOpts)
			require.NoError(t, err)
			got, gotInfo, err := Decrypt(data, testPassphrase)
			require.NoError(t, err)
			defer got.Destroy()
			info.PublicKey = key.PublicKey()
			assert.Equal(t, info, gotInfo)
		})
	}
}

func TestKeystoreTextDoc(t *testing.T) {
	var seed [sign.SeedSize]byte
	seed, err := testKey(t).ExportSeed()
	require.NoError(t, err)
	pub, err := sign.ParsePublicKey(testKeyPub)
	require.NoError(t, err)
	info := Info{Network: sign.Testnet, Label: "vault A", PublicKey: pub}
	assert.Equal(t, docPlaintext, string(appendKeystoreText(nil, &seed, info)))

	src, err := os.ReadFile("text.go")
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSuffix(docPlaintext, "\n"), "\n") {
		assert.Contains(t, string(src), "//\t"+line+"\n", "the format comment shows this line")
	}

	k, got, err := parseKeystoreText([]byte(docPlaintext))
	require.NoError(t, err)
	defer k.Destroy()
	assert.Equal(t, info, got)
	nis, err := k.ExportNISHex()
	require.NoError(t, err)
	assert.Equal(t, testKeyNIS, nis)
}

func TestKeystorePlaintextStrict(t *testing.T) {
	other := otherKey(t).PublicKey().String()
	replace := func(old, new string) string { return strings.Replace(docPlaintext, old, new, 1) }
	cases := []struct {
		name, text, wantMsg string
	}{
		{"empty", "", "newline"},
		{"no final newline", strings.TrimSuffix(docPlaintext, "\n"), "newline"},
		{"CRLF line ends", strings.ReplaceAll(docPlaintext, "\n", "\r\n"), "line 1"},
		{"version 2", replace("v1", "v2"), "unsupported keystore version"},
		{"not a keystore", "hello\n", "not a nemcustody key"},
		{"a bare NIS key", testKeyNIS + "\n", "not a nemcustody key"},
		{"extra line", docPlaintext + "comment: x\n", "6 lines"},
		{"blank line at end", docPlaintext + "\n", "6 lines"},
		{"missing line", strings.Replace(docPlaintext, "label: vault A\n", "", 1), "4 lines"},
		{"fields swapped", replace("network: testnet\nlabel: vault A", "label: vault A\nnetwork: testnet"), "line 2"},
		{"two spaces after colon", replace("network: ", "network:  "), "line 2"},
		{"network in capitals", replace("testnet", "TESTNET"), "line 2"},
		{"network alias", replace("testnet", "mijinnet"), "line 2"},
		{"empty label", replace("label: vault A", "label: "), "line 3"},
		{"label with trailing space", replace("vault A", "vault A "), "line 3"},
		{"label with tab", replace("vault A", "vault\tA"), "line 3"},
		{"label too long", replace("vault A", strings.Repeat("a", 65)), "line 3"},
		{"label not UTF-8", replace("vault A", "vault \xff"), "line 3"},
		{"public key uppercase", replace(testKeyPub, strings.ToUpper(testKeyPub)), "line 4"},
		{"public key short", replace(testKeyPub, testKeyPub[2:]), "line 4"},
		{"public key of another key", replace(testKeyPub, other), "does not match"},
		{"private key uppercase", replace(testKeyNIS, strings.ToUpper(testKeyNIS)), "line 5"},
		{"private key in 66-character BigInteger form", replace(testKeyNIS, "00"+testKeyNIS), "line 5"},
		{"private key not hex", replace(testKeyNIS, "zz"+testKeyNIS[2:]), "line 5"},
		{"private key of another public key", replace(testKeyNIS, "1"+testKeyNIS[1:]), "does not match"},
		{"too long", docPlaintext + strings.Repeat("x", maxPlaintextSize), "more than a keystore"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k, _, err := parseKeystoreText([]byte(c.text))
			require.Error(t, err)
			assert.Nil(t, k)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), c.wantMsg)
			assertNoSecret(t, err)
		})
	}
}

func TestKeystoreWrongPassphrase(t *testing.T) {
	data := testKeystore(t)
	for _, p := range []string{"correct horse battery stapl", "Correct horse battery staple", "x", "correct horse battery staple "} {
		_, _, err := Decrypt(data, []byte(p))
		require.ErrorIs(t, err, ErrIncorrectPassphrase, "passphrase %q", p)
		assert.NotErrorIs(t, err, ErrInvalid)
		assert.NotContains(t, err.Error(), p)
	}
	_, _, err := Decrypt(data, nil)
	assert.ErrorIs(t, err, ErrIncorrectPassphrase)
}

// TestKeystoreEveryTruncationRefused cuts the keystore at every length
// (under the race detector every 8th and the last 8; CI runs every length
// without it).
func TestKeystoreEveryTruncationRefused(t *testing.T) {
	t.Parallel()
	armored := testKeystore(t)
	bin, err := dearmor(armored)
	require.NoError(t, err)
	for name, data := range map[string][]byte{"armored": armored, "binary": bin} {
		t.Run(name, func(t *testing.T) {
			for n := range len(data) {
				if len(bytes.TrimSpace(data[n:])) == 0 {
					continue // only the armor's final newline is gone: the same file
				}
				if raceEnabled && n%8 != 0 && n < len(data)-8 {
					continue // under the race detector: every 8th length and the last 8
				}
				k, _, err := Decrypt(data[:n], testPassphrase)
				require.ErrorIs(t, err, ErrInvalid, "truncated to %d of %d bytes", n, len(data))
				require.Nil(t, k)
			}
		})
	}
}

func TestKeystoreBitFlipsRefused(t *testing.T) {
	t.Parallel()
	armored := testKeystore(t)
	bin, err := dearmor(armored)
	require.NoError(t, err)
	// One flipped bit, the bit position rotating, in every byte of the
	// header (text, salt, wrapped key, MAC) and of the payload nonce, and
	// in every 16th byte and the last of the ciphertext and its tag.
	macLine := bytes.Index(bin, []byte("\n--- "))
	require.Positive(t, macLine)
	nonceEnd := macLine + 1 + bytes.IndexByte(bin[macLine+1:], '\n') + 1 + 16
	for i := range bin {
		if i >= nonceEnd && (i-nonceEnd)%16 != 0 && i != len(bin)-1 {
			continue
		}
		b := bytes.Clone(bin)
		b[i] ^= 1 << (i % 8)
		k, _, err := Decrypt(b, testPassphrase)
		require.Error(t, err, "bit %d of byte %d", i%8, i)
		require.Nil(t, k)
		// A damaged salt or wrapped key is indistinguishable from a wrong
		// passphrase; everything else is a damaged keystore.
		if !errors.Is(err, ErrIncorrectPassphrase) {
			require.ErrorIs(t, err, ErrInvalid, "byte %d", i)
		}
	}
	// In the armored form, a changed base64 character is refused too.
	for _, i := range []int{40, 100, 200, len(armored) - 40} {
		b := bytes.Clone(armored)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		_, _, err := Decrypt(b, testPassphrase)
		require.Error(t, err, "armored byte %d", i)
	}
}

func TestKeystoreTooLarge(t *testing.T) {
	data := testKeystore(t)
	big := append(bytes.Clone(data), bytes.Repeat([]byte("\n"), MaxSize)...)
	_, _, err := Decrypt(big, testPassphrase)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "more than 16384 bytes")
}

func TestKeystoreRefusesBadInput(t *testing.T) {
	key := testKey(t)
	destroyed, err := sign.ParsePrivateKeyNIS(testKeyNIS)
	require.NoError(t, err)
	destroyed.Destroy()
	cases := []struct {
		name       string
		key        *sign.PrivateKey
		info       Info
		passphrase string
		opts       Options
		want       error
	}{
		{"unknown network", key, Info{Network: 0x90, Label: "a"}, string(testPassphrase), fastOpts, ErrInvalid},
		{"no label", key, Info{Network: sign.Testnet}, string(testPassphrase), fastOpts, ErrInvalid},
		{"label with newline", key, Info{Network: sign.Testnet, Label: "a\nprivate-key: x"}, string(testPassphrase), fastOpts, ErrInvalid},
		{"public key of another key", key, Info{Network: sign.Testnet, Label: "a", PublicKey: otherKey(t).PublicKey()}, string(testPassphrase), fastOpts, ErrInvalid},
		{"nil key", nil, testInfo, string(testPassphrase), fastOpts, ErrInvalid},
		{"destroyed key", destroyed, testInfo, string(testPassphrase), fastOpts, sign.ErrKeyDestroyed},
		{"empty passphrase", key, testInfo, "", fastOpts, ErrWeakPassphrase},
		{"short passphrase", key, testInfo, "hunter2", fastOpts, ErrWeakPassphrase},
		{"work factor too low", key, testInfo, string(testPassphrase), Options{WorkFactor: 12}, ErrInvalid},
		{"work factor too high", key, testInfo, string(testPassphrase), Options{WorkFactor: 21}, ErrInvalid},
		{"insecure work factor below 10", key, testInfo, string(testPassphrase), Options{WorkFactor: 9, InsecureLowWorkFactor: true}, ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := Encrypt(c.key, c.info, []byte(c.passphrase), c.opts)
			require.ErrorIs(t, err, c.want)
			assert.Nil(t, data)
			path := filepath.Join(t.TempDir(), "k.age")
			require.ErrorIs(t, writeKeystore(path, c.key, c.info, []byte(c.passphrase), c.opts), c.want)
			_, err = os.Stat(path)
			assert.ErrorIs(t, err, os.ErrNotExist, "no file after a refusal")
		})
	}
}

func TestKeystoreShortPassphraseAllowed(t *testing.T) {
	opts := fastOpts
	opts.AllowShortPassphrase = true
	data, err := Encrypt(testKey(t), testInfo, []byte("hunter2"), opts)
	require.NoError(t, err)
	k, _, err := Decrypt(data, []byte("hunter2"))
	require.NoError(t, err)
	k.Destroy()
}

func TestKeystoreWorkFactorOption(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		want int // 0: refused
	}{
		{"zero selects the default", Options{}, DefaultWorkFactor},
		{"minimum", Options{WorkFactor: MinWorkFactor}, MinWorkFactor},
		{"maximum", Options{WorkFactor: MaxWorkFactor}, MaxWorkFactor},
		{"below minimum", Options{WorkFactor: MinWorkFactor - 1}, 0},
		{"above maximum", Options{WorkFactor: MaxWorkFactor + 1}, 0},
		{"negative", Options{WorkFactor: -1}, 0},
		{"insecure 10", Options{WorkFactor: 10, InsecureLowWorkFactor: true}, 10},
		{"insecure 9", Options{WorkFactor: 9, InsecureLowWorkFactor: true}, 0},
		{"insecure does not lift the maximum", Options{WorkFactor: 21, InsecureLowWorkFactor: true}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wf, err := c.opts.workFactor()
			if c.want == 0 {
				require.ErrorIs(t, err, ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, wf)
		})
	}
}

func TestCheckNewPassphrase(t *testing.T) {
	cases := []struct {
		name       string
		passphrase string
		allowShort bool
		ok         bool
	}{
		{"twelve bytes", "abcdefghijkl", false, true},
		{"words with spaces", "correct horse battery staple", false, true},
		{"non-ASCII counts bytes", "ééééééé", false, true},
		{"leading and trailing spaces are kept and allowed", " padded passphrase ", false, true},
		{"eleven bytes", "abcdefghijk", false, false},
		{"eleven bytes allowed when asked", "abcdefghijk", true, true},
		{"empty", "", false, false},
		{"empty even when short is allowed", "", true, false},
		{"newline", "correct horse\nbattery", false, false},
		{"trailing newline", "correct horse battery\n", false, false},
		{"carriage return", "correct horse battery\r", false, false},
		{"tab", "correct\thorse battery", false, false},
		{"NUL", "correct horse\x00battery", false, false},
		{"DEL", "correct horse\x7fbattery", false, false},
		{"invalid UTF-8", "correct horse \xff battery", false, false},
		{"maximum length", strings.Repeat("a", MaxPassphraseSize), false, true},
		{"too long", strings.Repeat("a", MaxPassphraseSize+1), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckPassphrase([]byte(c.passphrase), Options{AllowShortPassphrase: c.allowShort})
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrWeakPassphrase)
			if len(c.passphrase) > 3 {
				assert.NotContains(t, err.Error(), strings.TrimSpace(c.passphrase))
			}
		})
	}
}

// secretForms are renderings of the test key and passphrase that must
// never appear in an error.
func secretForms() []string {
	nis, _ := hex.DecodeString(testKeyNIS)
	var seed []byte
	for i := len(nis) - 1; i >= 0; i-- {
		seed = append(seed, nis[i])
	}
	forms := []string{string(testPassphrase), "horse battery"}
	for _, b := range [][]byte{nis, seed} {
		forms = append(forms,
			hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
			hex.EncodeToString(b[:8]), hex.EncodeToString(b[24:]),
			base64.StdEncoding.EncodeToString(b)[:16])
	}
	return forms
}

func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secretForms() {
		assert.NotContains(t, err.Error(), s)
	}
}

func TestKeystoreErrorsHaveNoSecrets(t *testing.T) {
	data := testKeystore(t)
	dir := t.TempDir()
	plainKeyFile := filepath.Join(dir, "plain.key")
	require.NoError(t, os.WriteFile(plainKeyFile, []byte(testKeyNIS+"\n"), 0o600))
	plainText := filepath.Join(dir, "plain.txt")
	require.NoError(t, os.WriteFile(plainText, []byte(docPlaintext), 0o600))
	armoredPlain := filepath.Join(dir, "armored-plain.txt")
	require.NoError(t, os.WriteFile(armoredPlain, []byte("-----BEGIN AGE ENCRYPTED FILE-----\n"+testKeyNIS+"\n-----END AGE ENCRYPTED FILE-----\n"), 0o600))
	fakeAge := filepath.Join(dir, "fake.age")
	require.NoError(t, os.WriteFile(fakeAge, []byte("age-encryption.org/v1\n-> scrypt "+testKeyNIS+" 10\n"+testKeyNIS+"\n--- "+testKeyNIS+"\n"), 0o600))

	var errs []error
	for _, p := range []string{plainKeyFile, plainText, armoredPlain, fakeAge} {
		_, _, err := readKeystore(p, testPassphrase)
		require.ErrorIs(t, err, ErrInvalid, p)
		errs = append(errs, err)
	}
	_, _, err := Decrypt(data, []byte(string(testPassphrase)+"!"))
	errs = append(errs, err)
	errs = append(errs, CheckPassphrase([]byte("horse battery\n"), Options{}))
	_, err = Encrypt(testKey(t), Info{Network: sign.Testnet, Label: "a", PublicKey: otherKey(t).PublicKey()}, testPassphrase, fastOpts)
	errs = append(errs, err)
	for _, text := range []string{
		strings.Replace(docPlaintext, "v1", "v9", 1),
		strings.Replace(docPlaintext, testKeyPub, otherKey(t).PublicKey().String(), 1),
		strings.Replace(docPlaintext, "private-key: ", "private-key:", 1),
		strings.Replace(docPlaintext, "label: vault A", "label: "+testKeyNIS+" ", 1),
	} {
		_, _, err := parseKeystoreText([]byte(text))
		errs = append(errs, err)
	}
	for _, err := range errs {
		require.Error(t, err)
		assertNoSecret(t, err)
	}
}
