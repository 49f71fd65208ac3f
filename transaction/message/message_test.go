package message

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func parseKey(t testing.TB, nisHex string) *sign.PrivateKey {
	t.Helper()
	k, err := sign.ParsePrivateKeyNIS(nisHex)
	require.NoError(t, err)
	return k
}

func parsePub(t testing.TB, s string) sign.PublicKey {
	t.Helper()
	p, err := sign.ParsePublicKey(s)
	require.NoError(t, err)
	return p
}

// seededKey returns a deterministic key for tests.
func seededKey(t testing.TB, b byte) *sign.PrivateKey {
	t.Helper()
	k, err := sign.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{b}, sign.SeedSize)))
	require.NoError(t, err)
	return k
}

// legacyCase is one legacy (CBC) vector: the vector's private key is the
// sender's, otherPublicKey the recipient's.
type legacyCase struct {
	sender     *sign.PrivateKey
	recipient  sign.PublicKey
	salt, iv   []byte
	plaintext  []byte
	ciphertext []byte
}

// checkLegacyCase encrypts with the vector's salt and IV, fed through the
// random reader, and expects salt || iv || ciphertext; then decrypts that
// payload. Only the sender's private key is published, so decryption runs
// on the sender's side (sender key + recipient public key), which derives
// the same shared key as the recipient's side and is how a wallet shows
// its own sent messages. The recipient's side is covered by the nem-sdk
// decode vector and by TestEncryptDecryptRoundTrip with fresh key pairs.
func checkLegacyCase(t *testing.T, name string, c legacyCase) {
	t.Helper()
	random := bytes.NewReader(append(append([]byte{}, c.salt...), c.iv...))
	m, err := Encrypt(c.sender, c.recipient, c.plaintext, random)
	require.NoError(t, err, name)
	require.Zero(t, random.Len(), "%s: reads exactly salt and IV", name)
	require.Equal(t, transaction.MessageEncrypted, m.Type, name)
	want := append(append(append([]byte{}, c.salt...), c.iv...), c.ciphertext...)
	require.Equal(t, hex.EncodeToString(want), hex.EncodeToString(m.Payload), "%s payload", name)
	require.Len(t, m.Payload, encryptedSize(len(c.plaintext)), name)

	got, err := Decrypt(c.sender, c.recipient, m)
	require.NoError(t, err, name)
	require.Equal(t, c.plaintext, got, name)
}

// TestCipherDatVectors checks every case of NemProject's 4.test-cipher.dat.
func TestCipherDatVectors(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/4.test-cipher.dat.gz", 6)
	require.NoError(t, err)
	require.Len(t, rows, 1000)
	lengths := map[int]int{}
	for i, r := range rows {
		c := legacyCase{
			sender: parseKey(t, r[0]), recipient: parsePub(t, r[1]),
			salt: unhex(t, r[2]), iv: unhex(t, r[3]), plaintext: unhex(t, r[4]), ciphertext: unhex(t, r[5]),
		}
		lengths[len(c.plaintext)/16]++
		checkLegacyCase(t, fmt.Sprintf("row %d", i), c)
	}
	require.Len(t, lengths, 2, "plaintexts of one and two blocks (16-47 bytes)")
}

type cipherDeprecatedVector struct {
	PrivateKey     string `json:"privateKey"`
	OtherPublicKey string `json:"otherPublicKey"`
	Salt           string `json:"salt"`
	IV             string `json:"iv"`
	CipherText     string `json:"cipherText"`
	ClearText      string `json:"clearText"`
}

// TestCipherDeprecatedVectors checks every case of the Symbol repository's
// NEM 4.test-cipher-deprecated.json (the legacy format).
func TestCipherDeprecatedVectors(t *testing.T) {
	var vs []cipherDeprecatedVector
	require.NoError(t, testvec.ReadJSON("testdata/4.test-cipher-deprecated.json.gz", &vs))
	require.Len(t, vs, 1000)
	for i, v := range vs {
		checkLegacyCase(t, fmt.Sprintf("case %d", i), legacyCase{
			sender: parseKey(t, v.PrivateKey), recipient: parsePub(t, v.OtherPublicKey),
			salt: unhex(t, v.Salt), iv: unhex(t, v.IV), plaintext: unhex(t, v.ClearText), ciphertext: unhex(t, v.CipherText),
		})
	}
}

type cipherGCMVector struct {
	PrivateKey     string `json:"privateKey"`
	OtherPublicKey string `json:"otherPublicKey"`
	Tag            string `json:"tag"`
	IV             string `json:"iv"`
	CipherText     string `json:"cipherText"`
	ClearText      string `json:"clearText"`
}

// sealGCM writes a Symbol-SDK-format payload. It lives in the tests only:
// the package reads the format but does not write it.
func sealGCM(t testing.TB, sender *sign.PrivateKey, recipient sign.PublicKey, iv, plaintext []byte) []byte {
	t.Helper()
	key, err := sender.SharedKeyHKDF(recipient)
	require.NoError(t, err)
	block, err := aes.NewCipher(key[:])
	require.NoError(t, err)
	aead, err := cipher.NewGCM(block)
	require.NoError(t, err)
	sealed := aead.Seal(nil, iv, plaintext, nil)
	ct, tag := sealed[:len(plaintext)], sealed[len(plaintext):]
	return append(append(append([]byte{}, tag...), iv...), ct...)
}

// TestCipherGCMVectors checks every case of the Symbol repository's NEM
// 4.test-cipher.json. In the Symbol SDK tests that use this file,
// privateKey is the encoder's (sender's) key and otherPublicKey the
// recipient's. Decryption therefore runs on the sender's side, which
// derives the same key as the recipient's. The test also writes each
// payload (test-only sealGCM) to pin the tag || iv || ciphertext layout,
// and checks that a one-bit change anywhere in the payload is refused.
func TestCipherGCMVectors(t *testing.T) {
	var vs []cipherGCMVector
	require.NoError(t, testvec.ReadJSON("testdata/4.test-cipher.json.gz", &vs))
	require.Len(t, vs, 1000)
	for i, v := range vs {
		k := parseKey(t, v.PrivateKey)
		other := parsePub(t, v.OtherPublicKey)
		iv, clearText := unhex(t, v.IV), unhex(t, v.ClearText)
		payload := append(append(unhex(t, v.Tag), iv...), unhex(t, v.CipherText)...)
		require.Equal(t, payload, sealGCM(t, k, other, iv, clearText), "case %d layout", i)

		m := &transaction.Message{Type: transaction.MessageEncrypted, Payload: payload}
		got, err := DecryptGCM(k, other, m)
		require.NoError(t, err, "case %d", i)
		require.Equal(t, clearText, got, "case %d", i)

		bit := (i * 7) % (8 * len(payload))
		m.Payload = bytes.Clone(payload)
		m.Payload[bit/8] ^= 1 << (bit % 8)
		_, err = DecryptGCM(k, other, m)
		require.ErrorIs(t, err, ErrDecrypt, "case %d flipped bit %d", i, bit)

		_, err = Decrypt(k, other, &transaction.Message{Type: transaction.MessageEncrypted, Payload: payload})
		require.Error(t, err, "case %d: not a legacy payload", i)
	}
}

type nemSDKMessage struct {
	Name                 string `json:"name"`
	Source               string `json:"source"`
	SenderPrivateKey     string `json:"sender_private_key_nis_hex"`
	RecipientPublicKey   string `json:"recipient_public_key"`
	PlaintextUTF8        string `json:"plaintext_utf8"`
	Salt                 string `json:"salt"`
	IV                   string `json:"iv"`
	ExpectedPayload      string `json:"expected_payload_hex"`
	RecipientPrivateKey  string `json:"recipient_private_key_nis_hex"`
	SenderPublicKey      string `json:"sender_public_key"`
	Payload              string `json:"payload_hex"`
	ExpectedPlaintextUTF string `json:"expected_plaintext_utf8"`
}

type nemSDKKeyPair struct {
	PrivateKey        string `json:"private_key_nis_hex"`
	PublicKey         string `json:"public_key"`
	PublicKeyComputed string `json:"public_key_computed"`
	Address           string `json:"address_mainnet"`
	Source            string `json:"source"`
}

func readNemSDK(t *testing.T) ([]nemSDKMessage, []nemSDKKeyPair) {
	var top map[string]json.RawMessage
	require.NoError(t, testvec.ReadJSON("testdata/nem-sdk-crypto.json", &top))
	strict := func(raw json.RawMessage, v any) {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(v))
	}
	var msgs []nemSDKMessage
	var pairs []nemSDKKeyPair
	strict(top["encrypted_messages"], &msgs)
	strict(top["key_pairs"], &pairs)
	return msgs, pairs
}

// TestNemSDKEncryptedMessages: the two nem-sdk cases. The encode case
// reproduces the full on-chain payload from fixed salt and IV; the decode
// case decrypts on the recipient's side, with a published recipient key.
// Both messages are between the same two nem-sdk key pairs, so each is
// also read by the other party.
func TestNemSDKEncryptedMessages(t *testing.T) {
	msgs, pairs := readNemSDK(t)
	require.Len(t, msgs, 2)
	require.Len(t, pairs, 3)
	keys := map[string]*sign.PrivateKey{} // by public key
	for _, p := range pairs {
		k := parseKey(t, p.PrivateKey)
		require.Equal(t, p.PublicKey+p.PublicKeyComputed, k.PublicKey().String())
		keys[k.PublicKey().String()] = k
	}

	enc, dec := msgs[0], msgs[1]
	require.Equal(t, "encode_fixed_salt_iv", enc.Name)
	require.Equal(t, "decode", dec.Name)

	sender := parseKey(t, enc.SenderPrivateKey)
	recipient := parsePub(t, enc.RecipientPublicKey)
	random := bytes.NewReader(unhex(t, enc.Salt+enc.IV))
	m, err := Encrypt(sender, recipient, []byte(enc.PlaintextUTF8), random)
	require.NoError(t, err)
	require.Equal(t, enc.ExpectedPayload, hex.EncodeToString(m.Payload))
	recipientKey := keys[enc.RecipientPublicKey]
	require.NotNil(t, recipientKey, "the encode case's recipient is a published key pair")
	got, err := Decrypt(recipientKey, sender.PublicKey(), m)
	require.NoError(t, err)
	require.Equal(t, enc.PlaintextUTF8, string(got), "recipient's side")

	rk := parseKey(t, dec.RecipientPrivateKey)
	sp := parsePub(t, dec.SenderPublicKey)
	dm := &transaction.Message{Type: transaction.MessageEncrypted, Payload: unhex(t, dec.Payload)}
	got, err = Decrypt(rk, sp, dm)
	require.NoError(t, err)
	require.Equal(t, dec.ExpectedPlaintextUTF, string(got))
	require.Equal(t, "NEM is awesome !", string(got))
	senderKey := keys[dec.SenderPublicKey]
	require.NotNil(t, senderKey, "the decode case's sender is a published key pair")
	got, err = Decrypt(senderKey, rk.PublicKey(), dm)
	require.NoError(t, err)
	require.Equal(t, "NEM is awesome !", string(got), "sender's side")
}

func TestEncryptedSizes(t *testing.T) {
	require.Equal(t, 975, maxPlaintextSize)
	require.Equal(t, transaction.MaxMessageSize, encryptedSize(maxPlaintextSize))
	require.Greater(t, encryptedSize(maxPlaintextSize+1), transaction.MaxMessageSize)
	for n, want := range map[int]int{1: 64, 15: 64, 16: 80, 17: 80, 31: 80, 32: 96, 960: 1024, 975: 1024, 976: 1040} {
		require.Equal(t, want, encryptedSize(n), "n=%d", n)
	}
}

// TestEncryptDecryptRoundTrip: fresh key pairs, every plaintext length from
// 1 to 975 bytes; the recipient decrypts with its own key. A one-bit change
// anywhere in the payload, or a third party's key, gives an error or a
// different plaintext, never a panic.
func TestEncryptDecryptRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var (
		flipsRefused, flipsGarbled, thirdRefused int
	)
	for n := 1; n <= maxPlaintextSize; n++ {
		sender, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		recipient, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		plaintext := make([]byte, n)
		for i := range plaintext {
			plaintext[i] = byte(rng.UintN(256))
		}
		m, err := Encrypt(sender, recipient.PublicKey(), plaintext, nil)
		require.NoError(t, err, "n=%d", n)
		require.Len(t, m.Payload, encryptedSize(n))
		require.LessOrEqual(t, len(m.Payload), transaction.MaxMessageSize)

		got, err := Decrypt(recipient, sender.PublicKey(), m)
		require.NoError(t, err, "n=%d", n)
		require.Equal(t, plaintext, got, "n=%d recipient", n)
		got, err = Decrypt(sender, recipient.PublicKey(), m)
		require.NoError(t, err, "n=%d", n)
		require.Equal(t, plaintext, got, "n=%d sender reads its own message", n)

		bit := rng.IntN(8 * len(m.Payload))
		flipped := &transaction.Message{Type: transaction.MessageEncrypted, Payload: bytes.Clone(m.Payload)}
		flipped.Payload[bit/8] ^= 1 << (bit % 8)
		got, err = Decrypt(recipient, sender.PublicKey(), flipped)
		if err != nil {
			require.ErrorIs(t, err, ErrDecrypt)
			flipsRefused++
		} else {
			require.NotEqual(t, plaintext, got, "n=%d bit %d", n, bit)
			flipsGarbled++
		}

		third, err := sign.GenerateKey(nil)
		require.NoError(t, err)
		got, err = Decrypt(third, sender.PublicKey(), m)
		if err != nil {
			require.ErrorIs(t, err, ErrDecrypt)
			thirdRefused++
		} else {
			require.NotEqual(t, plaintext, got)
		}
		_, err = DecryptGCM(recipient, sender.PublicKey(), m)
		require.ErrorIs(t, err, ErrDecrypt, "a legacy payload is not a GCM one")
	}
	require.Equal(t, maxPlaintextSize, flipsRefused+flipsGarbled)
	t.Logf("bit flips: %d refused, %d garbled; third party refused %d of %d", flipsRefused, flipsGarbled, thirdRefused, maxPlaintextSize)
}

// cbcRaw encrypts blocks (already padded, or deliberately badly padded)
// from sender to recipient, for padding tests.
func cbcRaw(t *testing.T, sender *sign.PrivateKey, recipient sign.PublicKey, blocks []byte) *transaction.Message {
	t.Helper()
	var salt [32]byte
	for i := range salt {
		salt[i] = byte(i)
	}
	iv := bytes.Repeat([]byte{0x42}, 16)
	key, err := sender.SharedKeyLegacy(recipient, salt)
	require.NoError(t, err)
	block, err := aes.NewCipher(key[:])
	require.NoError(t, err)
	ct := make([]byte, len(blocks))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, blocks)
	return &transaction.Message{Type: transaction.MessageEncrypted, Payload: append(append(salt[:], iv...), ct...)}
}

// secretStrings lists what no error may contain: both parties' secret keys
// (seed and NIS hex), the shared point and keys, and the plaintext.
func secretStrings(t *testing.T, plaintext []byte, m *transaction.Message, keys ...*sign.PrivateKey) []string {
	t.Helper()
	var out []string
	add := func(b []byte) {
		out = append(out, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)), hex.EncodeToString(b[:8]))
	}
	for _, k := range keys {
		seed, err := k.ExportSeed()
		require.NoError(t, err)
		add(seed[:])
		nis, err := k.ExportNISHex()
		require.NoError(t, err)
		add(unhex(t, nis))
		for _, other := range keys {
			p, err := k.SharedPoint(other.PublicKey())
			require.NoError(t, err)
			add(p[:])
			h, err := k.SharedKeyHKDF(other.PublicKey())
			require.NoError(t, err)
			add(h[:])
			if m != nil && len(m.Payload) >= 32 {
				l, err := k.SharedKeyLegacy(other.PublicKey(), [32]byte(m.Payload[:32]))
				require.NoError(t, err)
				add(l[:])
			}
		}
	}
	if len(plaintext) >= 8 {
		add(plaintext)
		out = append(out, string(plaintext[:8]))
	}
	return out
}

func requireClean(t *testing.T, secrets []string, name string, err error) {
	t.Helper()
	for _, s := range [...]string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, sec := range secrets {
			require.NotContains(t, s, sec, "%s: error leaks a secret", name)
		}
	}
}

// TestEncryptRefusals: what Encrypt refuses, with its sentinels.
func TestEncryptRefusals(t *testing.T) {
	sender, recipient := seededKey(t, 1), seededKey(t, 2)
	dead := seededKey(t, 3)
	dead.Destroy()
	plaintext := []byte("withdraw 1000 XEM to cold storage, ref 42")
	small, err := sign.ParsePublicKey("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
	require.NoError(t, err)
	secrets := secretStrings(t, plaintext, nil, sender, recipient)

	cases := []struct {
		name      string
		sender    *sign.PrivateKey
		recipient sign.PublicKey
		plaintext []byte
		random    []byte
		want      []error
	}{
		{"empty plaintext", sender, recipient.PublicKey(), nil, nil, []error{ErrEncrypt}},
		{"empty non-nil plaintext", sender, recipient.PublicKey(), []byte{}, nil, []error{ErrEncrypt}},
		{"976-byte plaintext exceeds transaction.MaxMessageSize", sender, recipient.PublicKey(), make([]byte, 976), nil, []error{ErrEncrypt, transaction.ErrRule}},
		{"2000-byte plaintext", sender, recipient.PublicKey(), make([]byte, 2000), nil, []error{ErrEncrypt, transaction.ErrRule}},
		{"all-zero recipient key", sender, sign.PublicKey{}, plaintext, nil, []error{ErrEncrypt, sign.ErrInvalidPublicKey}},
		{"small-order recipient key", sender, small, plaintext, nil, []error{ErrEncrypt, sign.ErrInvalidPublicKey}},
		{"destroyed sender key", dead, recipient.PublicKey(), plaintext, nil, []error{ErrEncrypt, sign.ErrKeyDestroyed}},
		{"nil sender key", nil, recipient.PublicKey(), plaintext, nil, []error{ErrEncrypt, sign.ErrInvalidPrivateKey}},
		{"random source runs dry after the salt", sender, recipient.PublicKey(), plaintext, make([]byte, 40), []error{ErrEncrypt, sign.ErrRandom}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var random io.Reader // nil: crypto/rand
			if c.random != nil {
				random = bytes.NewReader(c.random)
			}
			m, err := Encrypt(c.sender, c.recipient, c.plaintext, random)
			require.Nil(t, m)
			for _, w := range c.want {
				require.ErrorIs(t, err, w)
			}
			require.True(t, strings.HasPrefix(err.Error(), "message: "), err.Error())
			requireClean(t, secrets, c.name, err)
		})
	}
	m, err := Encrypt(sender, recipient.PublicKey(), make([]byte, 975), nil)
	require.NoError(t, err, "975 bytes is the limit")
	require.Len(t, m.Payload, transaction.MaxMessageSize)
}

// TestDecryptRefusals: what Decrypt and DecryptGCM refuse.
// Every error wraps ErrDecrypt and leaks neither plaintext nor keys.
func TestDecryptRefusals(t *testing.T) {
	sender, recipient, third := seededKey(t, 1), seededKey(t, 2), seededKey(t, 3)
	plaintext := []byte("withdraw 1000 XEM to cold storage, ref 42")
	good, err := Encrypt(sender, recipient.PublicKey(), plaintext, bytes.NewReader(bytes.Repeat([]byte{7}, 48)))
	require.NoError(t, err)
	secrets := secretStrings(t, plaintext, good, sender, recipient, third)
	dead := seededKey(t, 2)
	dead.Destroy()
	small, err := sign.ParsePublicKey("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
	require.NoError(t, err)
	sp := sender.PublicKey()
	enc := func(p []byte) *transaction.Message {
		return &transaction.Message{Type: transaction.MessageEncrypted, Payload: p}
	}
	block := func(b ...byte) []byte { // 15 filler bytes then b, cut to one block
		out := append(bytes.Repeat([]byte{'x'}, 16), b...)
		return out[len(out)-16:]
	}
	flipped := func(i int) *transaction.Message {
		p := bytes.Clone(good.Payload)
		p[i] ^= 0x01
		return enc(p)
	}

	type tc struct {
		name      string
		recipient *sign.PrivateKey
		sender    sign.PublicKey
		m         *transaction.Message
		want      error // besides ErrDecrypt
	}
	legacy := []tc{
		{"nil message", recipient, sp, nil, nil},
		{"plain message", recipient, sp, &transaction.Message{Type: transaction.MessagePlain, Payload: good.Payload}, nil},
		{"unknown message type", recipient, sp, &transaction.Message{Type: 3, Payload: good.Payload}, nil},
		{"empty payload", recipient, sp, enc(nil), nil},
		{"48 bytes: salt and IV only", recipient, sp, enc(good.Payload[:48]), nil},
		{"63 bytes: one short of NIS's minimum", recipient, sp, enc(good.Payload[:63]), nil},
		{"65 bytes: not whole blocks", recipient, sp, enc(append(bytes.Clone(good.Payload[:64]), 0)), nil},
		{"79 bytes: not whole blocks", recipient, sp, enc(good.Payload[:79]), nil},
		{"padding byte 0", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), block(0)), nil},
		{"padding byte 17", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), block(17)), nil},
		{"padding byte 0xff", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), block(0xff)), nil},
		{"padding 3 with one byte wrong", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), block(3, 2, 3)), nil},
		{"padding 16 with first byte wrong", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), block(append([]byte{15}, bytes.Repeat([]byte{16}, 15)...)...)), nil},
		{"padding 2 in the second block, first block fine", recipient, sp, cbcRaw(t, sender, recipient.PublicKey(), append(block(2, 2), block(1, 2)...)), nil},
		{"third party's key", third, sp, good, nil},
		{"wrong sender public key", recipient, third.PublicKey(), good, nil},
		{"salt changed", recipient, sp, flipped(0), nil},
		{"last ciphertext byte changed", recipient, sp, flipped(len(good.Payload) - 1), nil},
		{"small-order sender key", recipient, small, good, sign.ErrInvalidPublicKey},
		{"all-zero sender key", recipient, sign.PublicKey{}, good, sign.ErrInvalidPublicKey},
		{"destroyed recipient key", dead, sp, good, sign.ErrKeyDestroyed},
		{"nil recipient key", nil, sp, good, sign.ErrInvalidPrivateKey},
	}
	for _, c := range legacy {
		t.Run("legacy/"+c.name, func(t *testing.T) {
			out, err := Decrypt(c.recipient, c.sender, c.m)
			require.Nil(t, out)
			require.ErrorIs(t, err, ErrDecrypt)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
			}
			requireClean(t, secrets, c.name, err)
		})
	}
	// The padding cases are well-formed blocks under the right key; make
	// sure it is the padding that fails, by fixing it.
	ok := cbcRaw(t, sender, recipient.PublicKey(), block(bytes.Repeat([]byte{5}, 5)...))
	out, err := Decrypt(recipient, sp, ok)
	require.NoError(t, err)
	require.Equal(t, bytes.Repeat([]byte{'x'}, 11), out)
	full := cbcRaw(t, sender, recipient.PublicKey(), append(block(1), bytes.Repeat([]byte{16}, 16)...))
	out, err = Decrypt(recipient, sp, full)
	require.NoError(t, err)
	require.Equal(t, block(1), out)

	gcmGood := &transaction.Message{Type: transaction.MessageEncrypted, Payload: sealGCM(t, sender, recipient.PublicKey(), bytes.Repeat([]byte{9}, 12), plaintext)}
	got, err := DecryptGCM(recipient, sp, gcmGood)
	require.NoError(t, err)
	require.Equal(t, plaintext, got)
	gcmFlip := func(i int) *transaction.Message {
		p := bytes.Clone(gcmGood.Payload)
		p[i] ^= 0x80
		return enc(p)
	}
	gcm := []tc{
		{"nil message", recipient, sp, nil, nil},
		{"plain message", recipient, sp, &transaction.Message{Type: transaction.MessagePlain, Payload: gcmGood.Payload}, nil},
		{"empty payload", recipient, sp, enc(nil), nil},
		{"27 bytes: short of tag and IV", recipient, sp, enc(gcmGood.Payload[:27]), nil},
		{"tag and IV only", recipient, sp, enc(gcmGood.Payload[:28]), nil},
		{"truncated ciphertext", recipient, sp, enc(gcmGood.Payload[:len(gcmGood.Payload)-1]), nil},
		{"tag changed", recipient, sp, gcmFlip(0), nil},
		{"IV changed", recipient, sp, gcmFlip(20), nil},
		{"ciphertext changed", recipient, sp, gcmFlip(30), nil},
		{"legacy payload", recipient, sp, good, nil},
		{"third party's key", third, sp, gcmGood, nil},
		{"small-order sender key", recipient, small, gcmGood, sign.ErrInvalidPublicKey},
		{"destroyed recipient key", dead, sp, gcmGood, sign.ErrKeyDestroyed},
	}
	for _, c := range gcm {
		t.Run("gcm/"+c.name, func(t *testing.T) {
			out, err := DecryptGCM(c.recipient, c.sender, c.m)
			require.Nil(t, out)
			require.ErrorIs(t, err, ErrDecrypt)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
			}
			requireClean(t, secrets, c.name, err)
		})
	}
}

// TestPKCS7Unpad checks the constant-time padding check against a plain
// reference on every last-block pattern that matters: each pad value 0-255
// in the last byte, with the preceding bytes all equal to it or one of
// them different.
func TestPKCS7Unpad(t *testing.T) {
	reference := func(b []byte) (int, bool) {
		p := int(b[len(b)-1])
		if p < 1 || p > 16 {
			return 0, false
		}
		for _, c := range b[len(b)-p:] {
			if int(c) != p {
				return 0, false
			}
		}
		return len(b) - p, true
	}
	checked := 0
	for v := range 256 {
		for wrong := -1; wrong < 16; wrong++ {
			b := bytes.Repeat([]byte{byte(v)}, 32)
			if wrong >= 0 {
				b[16+wrong] ^= 0x55
			}
			n, ok := pkcs7Unpad(b)
			wn, wok := reference(b)
			require.Equal(t, wok, ok, "v=%d wrong=%d", v, wrong)
			require.Equal(t, wn, n, "v=%d wrong=%d", v, wrong)
			checked++
		}
	}
	require.Equal(t, 256*17, checked)
}

// fuzzPair is the nem-sdk key pair whose two messages seed the fuzzers.
func fuzzPair(t testing.TB) (*sign.PrivateKey, sign.PublicKey) {
	return parseKey(t, "2618090794e9c9682f2ac6504369a2f4fb9fe7ee7746f9560aca228d355b1cb9"),
		parsePub(t, "9291abb3c52134be9d20ef21a796743497df7776d2661237bda9cadade34e44c")
}

// FuzzDecrypt: any payload and type, under a real key pair: never
// panics; failures wrap ErrDecrypt; what decrypts is at most the
// ciphertext length minus one padding byte.
func FuzzDecrypt(f *testing.F) {
	recipient, sender := fuzzPair(f)
	f.Add(uint32(2), unhex(f, "dd31d6b4111c1023bae6533399e74f73a29c6e6b48ab550f8a7bea127e27dddb4fd3fe4fad3c835307c0da52d9c268f56237d1810e07912e6a6568cba09d9a9176ee6b1ade9569c2e1e273e9675bd4ff"))
	f.Add(uint32(2), unhex(f, "5f8d37e8116b6dc9171ffeb7617b0988bfd8abe0e611c2c34cc127b637d8192af396cf605ee7cb0e7618df82aa48c684eb60d26923a2672758f7df7b1430a026e88fea1f4bb3171ab213a5679b9fb9d9"))
	f.Add(uint32(2), make([]byte, 64))
	f.Add(uint32(2), make([]byte, 63))
	f.Add(uint32(1), make([]byte, 80))
	f.Add(uint32(2), []byte{})
	f.Fuzz(func(t *testing.T, typ uint32, payload []byte) {
		m := &transaction.Message{Type: transaction.MessageType(typ), Payload: payload}
		out, err := Decrypt(recipient, sender, m)
		if err != nil {
			if !errors.Is(err, ErrDecrypt) {
				t.Fatalf("error does not wrap ErrDecrypt: %v", err)
			}
			return
		}
		if len(out) > len(payload)-legacyHeaderSize-1 || len(out) < len(payload)-legacyHeaderSize-aes.BlockSize {
			t.Fatalf("%d-byte plaintext from a %d-byte payload", len(out), len(payload))
		}
	})
}

// FuzzDecryptGCM: never panics; failures wrap ErrDecrypt; success
// only for a payload that authenticates, whose plaintext is the ciphertext
// length.
func FuzzDecryptGCM(f *testing.F) {
	recipient, sender := fuzzPair(f)
	senderKey := parseKey(f, "2a91e1d5c110a8d0105aad4683f962c2a56663a3cad46666b16d243174673d90")
	f.Add(uint32(2), sealGCM(f, senderKey, recipient.PublicKey(), make([]byte, 12), []byte("NEM is awesome !")))
	f.Add(uint32(2), make([]byte, 28))
	f.Add(uint32(2), make([]byte, 27))
	f.Add(uint32(1), make([]byte, 44))
	f.Fuzz(func(t *testing.T, typ uint32, payload []byte) {
		m := &transaction.Message{Type: transaction.MessageType(typ), Payload: payload}
		out, err := DecryptGCM(recipient, sender, m)
		if err != nil {
			if !errors.Is(err, ErrDecrypt) {
				t.Fatalf("error does not wrap ErrDecrypt: %v", err)
			}
			return
		}
		if len(out) != len(payload)-gcmHeaderSize {
			t.Fatalf("%d-byte plaintext from a %d-byte payload", len(out), len(payload))
		}
	})
}
