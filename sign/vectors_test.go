package sign

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/internal/testvec"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestKeyVectors checks every case of NemProject's 1.test-keys.dat: the key
// in canonical NIS hex and in Java BigInteger form (62, 64 or 66 characters)
// gives the same key, the expected public key and the mainnet address.
func TestKeyVectors(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/1.test-keys.dat.gz", 4)
	require.NoError(t, err)
	require.Len(t, rows, 10000)
	lengths := map[int]int{}
	for _, r := range rows {
		lengths[len(r[1])]++
	}
	require.Equal(t, map[int]int{62: 16, 64: 4985, 66: 4999}, lengths, "BigInteger form lengths in the file")
	for i, r := range testvec.Sample(rows) {
		k1, err := ParsePrivateKeyNIS(r[0])
		require.NoError(t, err, "row %d canonical", i)
		k2, err := ParsePrivateKeyNIS(r[1])
		require.NoError(t, err, "row %d BigInteger form", i)
		require.True(t, k1.Equal(k2), "row %d: both forms are one key", i)
		require.Equal(t, r[2], k1.PublicKey().String(), "row %d public key", i)
		require.Equal(t, r[3], k1.Address(Mainnet).String(), "row %d address", i)
		exported, err := k2.ExportNISHex()
		require.NoError(t, err)
		require.Equal(t, r[0], exported, "row %d export is canonical", i)
		upper, err := ParsePrivateKeyNIS(strings.ToUpper(r[0]))
		require.NoError(t, err)
		require.True(t, k1.Equal(upper), "row %d upper case", i)
	}
}

// TestSignVectors reproduces every signature of 2.test-sign.dat byte for
// byte, verifies it, and checks that flipping one bit of the data or of the
// signature makes verification fail.
func TestSignVectors(t *testing.T) {
	rows, err := testvec.ReadDat("testdata/2.test-sign.dat.gz", 5)
	require.NoError(t, err)
	require.Len(t, rows, 10000)
	for i, r := range testvec.Sample(rows) {
		k, err := ParsePrivateKeyNIS(r[0])
		require.NoError(t, err, "row %d", i)
		require.Equal(t, r[1], k.PublicKey().String(), "row %d public key", i)
		data := mustHex(t, r[4])
		require.Equal(t, r[3], strconv.Itoa(len(data)), "row %d length column", i)
		sig, err := k.Sign(data)
		require.NoError(t, err)
		require.Equal(t, r[2], sig.String(), "row %d signature", i)
		pub := k.PublicKey()
		require.NoError(t, Verify(pub, data, sig), "row %d verifies", i)

		bit := i % (8 * len(data))
		data[bit/8] ^= 1 << (bit % 8)
		require.ErrorIs(t, Verify(pub, data, sig), ErrInvalidSignature, "row %d flipped data bit %d", i, bit)
		data[bit/8] ^= 1 << (bit % 8)

		sbit := i % (8 * SignatureSize)
		bad := sig
		bad[sbit/8] ^= 1 << (sbit % 8)
		require.ErrorIs(t, Verify(pub, data, bad), ErrInvalidSignature, "row %d flipped signature bit %d", i, sbit)
	}
}

type addressVector struct {
	PublicKey     string `json:"publicKey"`
	AddressPublic string `json:"address_Public"`
	AddressTest   string `json:"address_PublicTest"`
	AddressMijin  string `json:"address_Mijin"`
}

// TestAddressVectors derives and parses all 10,000 x 3 addresses of the
// Symbol repository's NEM address vectors.
func TestAddressVectors(t *testing.T) {
	var vs []addressVector
	require.NoError(t, testvec.ReadJSON("testdata/1.test-address.json.gz", &vs))
	require.Len(t, vs, 10000)
	cases := 0
	for i, v := range testvec.Sample(vs) {
		pub, err := ParsePublicKey(v.PublicKey)
		require.NoError(t, err)
		for _, c := range []struct {
			n    Network
			want string
		}{{Mainnet, v.AddressPublic}, {Testnet, v.AddressTest}, {Mijin, v.AddressMijin}} {
			a := NewAddress(pub, c.n)
			require.Equal(t, c.want, a.String(), "case %d %s", i, c.n)
			parsed, err := ParseAddress(c.want)
			require.NoError(t, err)
			require.Equal(t, a, parsed)
			require.NoError(t, parsed.CheckNetwork(c.n))
			cases++
		}
	}
	require.Equal(t, 3*testvec.SampleLen(10000), cases)
}

// TestTrezorAddressVectors checks the hardware-wallet address fixtures:
// derivations and the validation verdicts, including a mainnet address
// checked against testnet.
func TestTrezorAddressVectors(t *testing.T) {
	var f struct {
		Description string          `json:"description"`
		Source      json.RawMessage `json:"source"`
		Derive      []struct {
			PublicKey   string `json:"public_key"`
			NetworkByte byte   `json:"network_byte"`
			Address     string `json:"address"`
			Note        string `json:"note"`
		} `json:"public_key_to_address"`
		Validate []struct {
			Address     string `json:"address"`
			NetworkByte byte   `json:"network_byte"`
			Valid       bool   `json:"valid"`
			Reason      string `json:"reason"`
		} `json:"validate_address"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-address.json", &f))
	require.Len(t, f.Derive, 4)
	require.Len(t, f.Validate, 5)
	for _, d := range f.Derive {
		pub, err := ParsePublicKey(d.PublicKey)
		require.NoError(t, err)
		require.Equal(t, d.Address, NewAddress(pub, Network(d.NetworkByte)).String())
	}
	for _, v := range f.Validate {
		a, err := ParseAddress(v.Address)
		if err == nil {
			err = a.CheckNetwork(Network(v.NetworkByte))
		}
		if v.Valid {
			require.NoError(t, err, v.Address)
		} else {
			require.Error(t, err, "%s: %s", v.Address, v.Reason)
		}
	}
}

type trezorSignFile struct {
	Description      string          `json:"description"`
	Source           json.RawMessage `json:"source"`
	InputConventions json.RawMessage `json:"input_conventions"`
	Verification     json.RawMessage `json:"verification"`
	Account          trezorAccount   `json:"account"`
	Cases            []trezorSignTx  `json:"cases"`
}

type trezorAccount struct {
	Mnemonic       string   `json:"mnemonic"`
	MnemonicSource string   `json:"mnemonic_source"`
	Passphrase     string   `json:"passphrase"`
	Path           string   `json:"path"`
	Derivation     string   `json:"derivation"`
	RawSeedHex     string   `json:"private_key_raw_seed_hex_computed"`
	NISHex         string   `json:"private_key_nis_hex_computed"`
	PublicKey      string   `json:"public_key"`
	AddressMainnet string   `json:"address_mainnet"`
	AddressTestnet string   `json:"address_testnet"`
	Notes          []string `json:"notes"`
}

type trezorSignTx struct {
	ID              string          `json:"id"`
	Path            string          `json:"path"`
	NetworkByte     byte            `json:"network_byte"`
	Network         string          `json:"network"`
	TransactionType string          `json:"transaction_type"`
	Input           json.RawMessage `json:"trezorlib_input"`
	DataHex         string          `json:"expected_data_hex"`
	DataPrefixHex   string          `json:"expected_data_prefix_hex"`
	SignatureHex    string          `json:"expected_signature_hex"`
	HashHex         string          `json:"transaction_hash_computed"`
	Note            string          `json:"note"`
}

// TestTrezorDeviceSignatures reproduces the 17 signatures the device
// returned for the Trezor test account.
func TestTrezorDeviceSignatures(t *testing.T) {
	var f trezorSignFile
	require.NoError(t, testvec.ReadJSON("testdata/nem-sign-tx.json", &f))
	require.Len(t, f.Cases, 18)
	acct := f.Account
	// The account's key as its raw Ed25519 seed; package hd derives the
	// same seed from the account's mnemonic and path.
	k, err := NewPrivateKeyFromSeed(mustHex(t, acct.RawSeedHex))
	require.NoError(t, err)
	nisHex, err := k.ExportNISHex()
	require.NoError(t, err)
	require.Equal(t, acct.NISHex, nisHex)
	require.Equal(t, acct.PublicKey, k.PublicKey().String())
	require.Equal(t, acct.AddressMainnet, k.Address(Mainnet).String())
	require.Equal(t, acct.AddressTestnet, k.Address(Testnet).String())

	signed := 0
	for _, c := range f.Cases {
		if c.SignatureHex == "" {
			require.NotEmpty(t, c.DataPrefixHex, c.ID)
			continue
		}
		require.Equal(t, acct.Path, c.Path)
		data := mustHex(t, c.DataHex)
		sig, err := k.Sign(data)
		require.NoError(t, err)
		require.Equal(t, c.SignatureHex, sig.String(), c.ID)
		require.NoError(t, Verify(k.PublicKey(), data, sig), c.ID)
		signed++
	}
	require.Equal(t, 17, signed)
}

// TestFacadeVectors checks the Symbol SDK's NEM facade key pairs (package
// hd checks the file's BIP-32 child keys).
func TestFacadeVectors(t *testing.T) {
	var f struct {
		Description    string            `json:"description"`
		Source         json.RawMessage   `json:"source"`
		KeyConventions string            `json:"key_conventions"`
		Transactions   json.RawMessage   `json:"transactions"`
		NetworkFacts   json.RawMessage   `json:"network_facts"`
		Verification   json.RawMessage   `json:"verification"`
		KeyPairs       []json.RawMessage `json:"key_pairs"`
		BIP32          struct {
			Source       string `json:"source"`
			Curve        string `json:"curve"`
			Mnemonic     string `json:"mnemonic"`
			PathTemplate string `json:"path_template"`
			Note         string `json:"note"`
			Cases        []struct {
				Passphrase string   `json:"passphrase"`
				Children   []string `json:"child_public_keys"`
			} `json:"cases"`
		} `json:"bip32"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-facade-vectors.json", &f))
	require.Len(t, f.KeyPairs, 2)
	pairs := 0
	for _, raw := range f.KeyPairs {
		var kp map[string]string
		require.NoError(t, json.Unmarshal(raw, &kp))
		k, err := ParsePrivateKeyNIS(kp["private_key_nis_hex"])
		require.NoError(t, err)
		require.Equal(t, strings.ToLower(kp["public_key"]), k.PublicKey().String())
		if a, ok := kp["address_mainnet"]; ok {
			require.Equal(t, a, k.Address(Mainnet).String())
		}
		if a, ok := kp["address_testnet"]; ok {
			require.Equal(t, a, k.Address(Testnet).String())
			parsed, err := ParseAddress(a)
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(kp["address_testnet_decoded_hex"]), hex.EncodeToString(parsed[:]))
		}
		pairs++
	}
	require.Equal(t, 2, pairs)
}

// TestNemSDKVectors checks the nem-sdk key pairs, address and signatures,
// including its verify case whose data is the 8 bytes CryptoJS really
// hashed.
func TestNemSDKVectors(t *testing.T) {
	var f struct {
		Description    string          `json:"description"`
		Source         json.RawMessage `json:"source"`
		KeyConventions string          `json:"key_conventions"`
		KeyPairs       []struct {
			NISHex     string `json:"private_key_nis_hex"`
			PublicKey  string `json:"public_key"`
			PublicKeyC string `json:"public_key_computed"`
			Address    string `json:"address_mainnet"`
			Source     string `json:"source"`
		} `json:"key_pairs"`
		Signatures []struct {
			Name        string `json:"name"`
			NISHex      string `json:"private_key_nis_hex"`
			PublicKey   string `json:"public_key"`
			DataHex     string `json:"data_hex"`
			DataWritten string `json:"data_as_written_in_test"`
			DataSigned  string `json:"data_hex_actually_signed"`
			Signature   string `json:"signature"`
			Note        string `json:"note"`
		} `json:"signatures"`
		EncryptedMessages json.RawMessage `json:"encrypted_messages"`
		Format            string          `json:"encrypted_message_format"`
		Verification      json.RawMessage `json:"verification"`
		NotExtracted      string          `json:"not_extracted"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-sdk-crypto.json", &f))
	require.Len(t, f.KeyPairs, 3)
	for _, kp := range f.KeyPairs {
		k, err := ParsePrivateKeyNIS(kp.NISHex)
		require.NoError(t, err)
		want := kp.PublicKey + kp.PublicKeyC
		require.Equal(t, want, k.PublicKey().String())
		if kp.Address != "" {
			require.Equal(t, kp.Address, k.Address(Mainnet).String())
		}
	}
	require.Len(t, f.Signatures, 2)
	for _, s := range f.Signatures {
		pub, err := ParsePublicKey(s.PublicKey)
		require.NoError(t, err)
		sig, err := ParseSignature(s.Signature)
		require.NoError(t, err)
		data := s.DataHex
		if data == "" {
			data = s.DataSigned
		}
		require.NoError(t, Verify(pub, mustHex(t, data), sig), s.Name)
		if s.DataWritten != "" {
			require.Error(t, Verify(pub, []byte(s.DataWritten), sig), "the UTF-8 text was never signed")
		}
		if s.NISHex != "" {
			k, err := ParsePrivateKeyNIS(s.NISHex)
			require.NoError(t, err)
			got, err := k.Sign(mustHex(t, data))
			require.NoError(t, err)
			require.Equal(t, sig, got, s.Name)
		}
	}
}
