package hygiene

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/message"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

const (
	nisHex     = "575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced"
	mnemonic   = "alcohol woman abuse must during monitor noble actual mixed trade anger aisle"
	passphrase = "hunter2-correct-horse-battery"
	plaintext  = "the vault combination is 31-41-59"
)

// forms returns every rendering of the secrets that must never appear.
func forms(t *testing.T, k *sign.PrivateKey) []string {
	seed, err := k.ExportSeed()
	require.NoError(t, err)
	nis, err := hex.DecodeString(nisHex)
	require.NoError(t, err)
	var out []string
	for _, b := range [][]byte{seed[:], nis} {
		out = append(out, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)), hex.EncodeToString(b[8:20]),
			base64.StdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b))
	}
	out = append(out, passphrase, plaintext, hex.EncodeToString([]byte(plaintext)),
		"alcohol woman", "noble actual", "anger aisle")
	return out
}

type scanner struct {
	t     *testing.T
	forms []string
	n     int
}

func (s *scanner) scan(what string, v any) {
	s.t.Helper()
	var texts []string
	switch x := v.(type) {
	case nil:
		return
	case error:
		texts = append(texts, x.Error(), fmt.Sprintf("%+v", x), fmt.Sprintf("%#v", x))
	case string:
		texts = append(texts, x)
	case []byte:
		texts = append(texts, string(x))
	default:
		texts = append(texts, fmt.Sprintf("%v", x), fmt.Sprintf("%+v", x), fmt.Sprintf("%#v", x))
		if b, err := json.Marshal(x); err == nil {
			texts = append(texts, string(b))
		} else {
			texts = append(texts, err.Error())
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("value", "v", x)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("value", "v", x)
		texts = append(texts, buf.String())
	}
	for _, text := range texts {
		for _, f := range s.forms {
			require.NotContains(s.t, text, f, "%s leaks a secret", what)
		}
	}
	s.n++
}

func TestNoSecretInAnyOutput(t *testing.T) {
	k, err := sign.ParsePrivateKeyNIS(nisHex)
	require.NoError(t, err)
	s := &scanner{t: t, forms: forms(t, k)}

	// sign: parsing errors on near-misses of the secret.
	for _, bad := range []string{nisHex[:63], nisHex + "0", "zz" + nisHex[2:], strings.ToUpper(nisHex[:60]) + "GGGG", nisHex + " " + nisHex} {
		_, err := sign.ParsePrivateKeyNIS(bad)
		s.scan("ParsePrivateKeyNIS", err)
	}
	_, err = hd.Seed(strings.Replace(mnemonic, "monitor", "monitr", 1), passphrase)
	s.scan("Seed, a mistyped word", err)
	_, err = hd.Seed(mnemonic, passphrase+"é")
	s.scan("MnemonicToSeed passphrase", err)
	_, _, err = hd.FromMnemonic(mnemonic+" aisle", passphrase, sign.Testnet, 0)
	s.scan("KeyFromMnemonic", err)
	_, err = k.SharedPoint(sign.PublicKey{1})
	s.scan("SharedPoint", err)
	_, err = k.SharedKeyLegacy(sign.PublicKey{}, [32]byte{1})
	require.Error(t, err, "SharedKeyLegacy")
	s.scan("SharedKeyLegacy", err)
	_, err = k.SharedKeyHKDF(sign.PublicKey{})
	require.Error(t, err, "SharedKeyHKDF")
	s.scan("SharedKeyHKDF", err)
	seed, err := hd.Seed(mnemonic, passphrase)
	require.NoError(t, err)
	_, err = hd.Derive(seed[:15], hd.Path{44})
	require.Error(t, err, "DeriveFromSeed short seed")
	s.scan("DeriveFromSeed short seed", err)
	_, err = hd.Derive(seed, hd.Path{0x8000002c})
	require.Error(t, err, "DeriveFromSeed index above 2^31")
	s.scan("DeriveFromSeed index above 2^31", err)
	_, err = hd.ParsePath("m/44'/43'/" + nisHex)
	require.Error(t, err, "ParseHDPath")
	s.scan("ParseHDPath", err)
	s.scan("PrivateKey", k)
	s.scan("PrivateKey value", *k)

	// transaction: signing with the wrong key, messages.
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: sign.PublicKey{9}, Fee: 50_000, Deadline: 10},
		Recipient: k.Address(sign.Testnet), Amount: transaction.XEM}
	_, err = transaction.Sign(tr, k)
	s.scan("transaction.Sign", err)
	other, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	msg, err := message.Encrypt(k, other.PublicKey(), []byte(plaintext), nil)
	require.NoError(t, err)
	tr.Message = msg
	sum, err := summary.Of(tr, summary.Options{})
	require.NoError(t, err)
	s.scan("Summarize of an encrypted message", sum.String())
	bad := *msg
	bad.Payload = append([]byte{}, msg.Payload...)
	bad.Payload[len(bad.Payload)-1] ^= 1
	_, err = message.Decrypt(other, k.PublicKey(), &bad)
	s.scan("message.Decrypt", err)
	_, err = message.DecryptGCM(other, k.PublicKey(), msg)
	s.scan("message.DecryptGCM", err)
	_, err = message.Encrypt(k, sign.PublicKey{}, []byte(plaintext), nil)
	s.scan("message.Encrypt", err)

	// multisig: cosigning with a key that is not a cosigner.
	cosigner, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	p, err := multisig.NewPlan(other.PublicKey(), sign.Testnet, []multisig.Cosigner{{PublicKey: cosigner.PublicKey(), Role: multisig.Offline}}, 1, multisig.Relaxations{AllowSingleCustodian: true})
	require.NoError(t, err)
	inner := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: other.PublicKey(), Fee: 50_000, Timestamp: 1, Deadline: 10},
		Recipient: k.Address(sign.Testnet), Amount: transaction.XEM}
	_, err = p.Cosign(inner, k, multisig.TxOptions{Timestamp: 1, Deadline: 10})
	s.scan("Plan.Cosign", err)

	// coldwallet/keystore: keystores and passphrases. (Reading a
	// passphrase is the command's: cmd/nemcustody TestReadPassphrase.)
	dir := t.TempDir()
	info := keystore.Info{Network: sign.Testnet, Label: "vault", PublicKey: k.PublicKey()}
	opts := keystore.Options{WorkFactor: 10, InsecureLowWorkFactor: true}
	_, err = keystore.Encrypt(k, info, []byte("short"), opts)
	s.scan("Encrypt weak passphrase", err)
	_, err = keystore.Encrypt(k, keystore.Info{Network: sign.Testnet, Label: nisHex, PublicKey: sign.PublicKey{1}}, []byte(passphrase), opts)
	require.Error(t, err, "Encrypt with a mismatched public key")
	s.scan("Encrypt with a mismatched public key", err)
	_, err = keystore.Encrypt(k, info, []byte(passphrase), keystore.Options{WorkFactor: 30})
	require.Error(t, err, "Encrypt bad work factor")
	s.scan("Encrypt bad work factor", err)
	ks, err := keystore.Encrypt(k, info, []byte(passphrase), opts)
	require.NoError(t, err)
	s.scan("keystore file", ks)
	_, _, err = keystore.Decrypt(ks, []byte(passphrase+"x"))
	require.ErrorIs(t, err, keystore.ErrIncorrectPassphrase)
	s.scan("Decrypt wrong passphrase", err)
	damaged := append([]byte{}, ks...)
	damaged[len(damaged)/2] ^= 1
	_, _, err = keystore.Decrypt(damaged, []byte(passphrase))
	s.scan("Decrypt damaged", err)
	back, gotInfo, err := keystore.Decrypt(ks, []byte(passphrase))
	require.NoError(t, err)
	require.True(t, back.Equal(k))
	s.scan("keystore.Info", gotInfo)

	// The offline signer, printed and logged whole, and its refusal.
	j, err := journal.Create(filepath.Join(dir, "journal.jsonl"), "", nil, journal.Options{})
	require.NoError(t, err)
	defer j.Close()
	signer := &coldwallet.OfflineSigner{Key: k, Plan: p, Policy: &coldwallet.Policy{Version: 1}, Journal: j}
	s.scan("OfflineSigner", signer)
	for _, env := range []string{nisHex + "\n", "nemcustody-request " + nisHex + "\n", "nemcustody-request v1\nnote: " + nisHex + "\n", mnemonic + "\n"} {
		_, err = signer.Sign([]byte(env))
		s.scan("OfflineSigner.Sign of a key given as a request", err)
		_, err = coldwallet.ParseResponse([]byte(env))
		s.scan("ParseResponse of a key", err)
	}

	require.GreaterOrEqual(t, s.n, 20, "every call was scanned")
}
