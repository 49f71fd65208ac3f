package multisig

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/hd"
	"github.com/nemcustody/nemcustody/internal/testvec"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

type chainFile struct {
	Description string            `json:"description"`
	Source      json.RawMessage   `json:"source"`
	FieldNotes  []string          `json:"field_notes"`
	Cases       []json.RawMessage `json:"cases"`
}

type chainCase struct {
	Name      string `json:"name"`
	Type      string `json:"transaction_type"`
	Network   string `json:"network"`
	DataHex   string `json:"data_hex_computed"`
	Hash      string `json:"expected_hash"`
	InnerData string `json:"inner_transaction_data_hex_computed"`
	InnerHash string `json:"inner_transaction_hash_computed"`
	SignerKey string `json:"signer_public_key"`
	Signature string `json:"expected_signature"`
	Inputs    struct {
		Signer    string `json:"signer"`
		Timestamp uint32 `json:"timestamp"`
		Fee       uint64 `json:"fee"`
		Deadline  uint32 `json:"deadline"`
	} `json:"inputs"`
}

func mustParse(t *testing.T, h string) transaction.Transaction {
	b, err := hex.DecodeString(h)
	require.NoError(t, err)
	tx, err := transaction.Parse(b)
	require.NoError(t, err)
	return tx
}

func mustHexBytes(t *testing.T, tx transaction.Transaction) string {
	b, err := tx.MarshalBinary()
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// TestRealMultisigTransactions rebuilds the real mainnet and testnet
// wrappers and cosignatures of the Trezor chain fixtures with Plan.Wrap and
// Plan.Cosignature: the bytes, the inner hashes and the on-chain signatures
// match, and Status finds both groups complete (the testnet one removes a
// cosigner, whose signature NIS does not need).
func TestRealMultisigTransactions(t *testing.T) {
	var f chainFile
	require.NoError(t, testvec.ReadJSON("testdata/nem-chain-tx.json", &f))
	require.Len(t, f.Cases, 24)
	type group struct {
		wrapper *transaction.Signed
		cosigs  []*transaction.Signed
		inner   transaction.Transaction
		net     sign.Network
	}
	groups := map[string]*group{}
	wrappers, cosignatures := 0, 0
	for _, raw := range f.Cases {
		var c chainCase
		require.NoError(t, json.Unmarshal(raw, &c))
		if c.Type != "multisig" && c.Type != "multisig_signature" {
			continue
		}
		net := sign.Testnet
		if strings.HasPrefix(c.Network, "mainnet") {
			net = sign.Mainnet
		}
		inner := mustParse(t, c.InnerData)
		g := groups[c.InnerHash]
		if g == nil {
			g = &group{inner: inner, net: net}
			groups[c.InnerHash] = g
		}
		signer, err := sign.ParsePublicKey(c.SignerKey)
		require.NoError(t, err)
		sig, err := sign.ParseSignature(c.Signature)
		require.NoError(t, err)
		// A plan that holds the signer; Wrap and Cosignature need no more.
		p, err := NewPlan(inner.Common().Signer, net, []Cosigner{{PublicKey: signer, Role: Offline}}, 1, fixtureRelax)
		require.NoError(t, err)
		o := TxOptions{Timestamp: transaction.Timestamp(c.Inputs.Timestamp), Deadline: transaction.Timestamp(c.Inputs.Deadline), Fee: transaction.Amount(c.Inputs.Fee)}
		var tx transaction.Transaction
		if c.Type == "multisig" {
			ms, err := p.Wrap(inner, signer, o)
			require.NoError(t, err, c.Name)
			ih, err := transaction.InnerHash(ms)
			require.NoError(t, err)
			require.Equal(t, c.InnerHash, ih.String())
			h, err := transaction.HashOf(ms)
			require.NoError(t, err)
			require.Equal(t, c.Hash, h.String(), "on-chain wrapper hash")
			tx = ms
			wrappers++
		} else {
			cs, err := p.Cosignature(inner, signer, o)
			require.NoError(t, err, c.Name)
			tx = cs
			cosignatures++
		}
		require.Equal(t, c.DataHex, mustHexBytes(t, tx), c.Name)
		s := &transaction.Signed{Tx: tx, Signature: sig}
		require.NoError(t, transaction.VerifySigned(s), "real signature: %s", c.Name)
		if c.Type == "multisig" {
			g.wrapper = s
		} else {
			g.cosigs = append(g.cosigs, s)
		}
	}
	require.Equal(t, 2, wrappers)
	require.Equal(t, 3, cosignatures)
	require.Len(t, groups, 2)
	for ih, g := range groups {
		// The plan: every key seen signing, n-of-n (the on-chain minimum
		// is not in the fixture); for the removal, the removed key too.
		keys := []sign.PublicKey{g.wrapper.Tx.Common().Signer}
		for _, c := range g.cosigs {
			keys = append(keys, c.Tx.Common().Signer)
		}
		if x, ok := deletedCosigner(g.inner); ok {
			keys = append(keys, x)
		}
		var cs []Cosigner
		for _, k := range keys {
			cs = append(cs, Cosigner{PublicKey: k, Role: Offline})
		}
		p, err := NewPlan(g.inner.Common().Signer, g.net, cs, len(cs), fixtureRelax)
		require.NoError(t, err)
		r, err := Status(p, g.wrapper, g.cosigs)
		require.NoError(t, err, ih)
		require.True(t, r.Complete, ih)
		require.Equal(t, ih, r.InnerHash.String())
		require.Len(t, r.Announce, 1+len(g.cosigs))
	}
}

// TestPHPMultisig reproduces the real signed testnet wrapper of nem-php
// with Plan.Wrap and checks its signature; the aggregate modifications with
// relative changes -1, -2 and +3 reproduce through the transaction codec.
func TestPHPMultisig(t *testing.T) {
	var f struct {
		Description string            `json:"description"`
		Source      json.RawMessage   `json:"source"`
		Provenance  string            `json:"provenance_strength"`
		FieldsNote  string            `json:"fields_note"`
		Components  json.RawMessage   `json:"components"`
		Cases       []json.RawMessage `json:"transactions"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-php-serialize.json", &f))
	require.Len(t, f.Cases, 16)
	seen := map[string]int{}
	for _, raw := range f.Cases {
		var c struct {
			ID        string `json:"id"`
			Type      string `json:"transaction_type"`
			DataHex   string `json:"expected_data_hex"`
			Signature string `json:"signature"`
		}
		require.NoError(t, json.Unmarshal(raw, &c))
		if !strings.Contains(c.Type, "multisig") {
			continue
		}
		tx := mustParse(t, c.DataHex)
		seen[c.Type]++
		switch tx := tx.(type) {
		case *transaction.Multisig:
			p, err := NewPlan(tx.Inner.Common().Signer, tx.Network, []Cosigner{{PublicKey: tx.Signer, Role: Offline}}, 1, fixtureRelax)
			require.NoError(t, err)
			inner := mustParse(t, mustHexBytes(t, tx.Inner))
			ms, err := p.Wrap(inner, tx.Signer, TxOptions{Timestamp: tx.Timestamp, Deadline: tx.Deadline, Fee: tx.Fee})
			require.NoError(t, err)
			require.Equal(t, c.DataHex, mustHexBytes(t, ms))
		case *transaction.MultisigAggregateModification:
			require.NotNil(t, tx.MinCosignatories)
		}
		if c.Signature != "" {
			sig, err := sign.ParseSignature(c.Signature)
			require.NoError(t, err)
			require.NoError(t, transaction.VerifySigned(&transaction.Signed{Tx: tx, Signature: sig}), c.ID)
		}
	}
	require.Equal(t, map[string]int{"multisig": 2, "multisig_signature": 1, "multisig_aggregate_modification": 3}, seen)
}

// TestDeviceMultisigFixtures: the Trezor device fixtures sign transactions
// with dummy fees below the minimum. Their signatures reproduce with the
// test account's key over the fixture bytes, while Plan.Wrap and
// Plan.Cosignature refuse those fees, as NIS would.
func TestDeviceMultisigFixtures(t *testing.T) {
	var f struct {
		Description      string            `json:"description"`
		Source           json.RawMessage   `json:"source"`
		InputConventions json.RawMessage   `json:"input_conventions"`
		Verification     json.RawMessage   `json:"verification"`
		Account          map[string]any    `json:"account"`
		Cases            []json.RawMessage `json:"cases"`
	}
	require.NoError(t, testvec.ReadJSON("testdata/nem-sign-tx.json", &f))
	key, _, err := hd.FromMnemonic(f.Account["mnemonic"].(string), "", sign.Testnet, 0)
	require.NoError(t, err)
	wrappers, cosigs := 0, 0
	var someInner transaction.Transaction
	var cosigFees []transaction.Amount
	for _, raw := range f.Cases {
		var c struct {
			ID        string `json:"id"`
			Type      string `json:"transaction_type"`
			DataHex   string `json:"expected_data_hex"`
			Signature string `json:"expected_signature_hex"`
		}
		require.NoError(t, json.Unmarshal(raw, &c))
		if c.Type != "TYPE_MULTISIG" && c.Type != "TYPE_MULTISIG_SIGNATURE" {
			continue
		}
		b, err := hex.DecodeString(c.DataHex)
		require.NoError(t, err)
		sig, err := key.Sign(b)
		require.NoError(t, err)
		require.Equal(t, c.Signature, sig.String(), c.ID)
		// One fixture wraps a namespace "ABCDE" that NIS refuses: read the
		// layout only.
		s, err := transaction.ParseWithOptions(b, transaction.ParseOptions{LayoutOnly: true})
		require.NoError(t, err)
		require.Equal(t, key.PublicKey(), s.Tx.Common().Signer)
		switch tx := s.Tx.(type) {
		case *transaction.Multisig:
			p, err := NewPlan(tx.Inner.Common().Signer, sign.Testnet, []Cosigner{{PublicKey: key.PublicKey(), Role: Offline}}, 1, fixtureRelax)
			require.NoError(t, err)
			_, err = p.Wrap(tx.Inner, key.PublicKey(), TxOptions{Timestamp: tx.Timestamp, Deadline: tx.Deadline, Fee: tx.Fee})
			require.Error(t, err, c.ID)
			if transaction.Check(tx.Inner) == nil {
				require.ErrorIs(t, err, transaction.ErrFeeTooLow, c.ID)
				someInner = tx.Inner
			}
			wrappers++
		case *transaction.MultisigSignature:
			require.Equal(t, uint32(1), tx.Version)
			cosigFees = append(cosigFees, tx.Fee)
			cosigs++
		}
	}
	require.Equal(t, 2, wrappers)
	require.Equal(t, 2, cosigs)
	require.NotNil(t, someInner)
	p, err := NewPlan(someInner.Common().Signer, sign.Testnet, []Cosigner{{PublicKey: key.PublicKey(), Role: Offline}}, 1, fixtureRelax)
	require.NoError(t, err)
	require.ElementsMatch(t, []transaction.Amount{200, 200_000}, cosigFees)
	_, err = p.Cosignature(someInner, key.PublicKey(), TxOptions{Timestamp: 1, Deadline: 2, Fee: 200})
	require.ErrorIs(t, err, transaction.ErrFeeTooLow, "0.0002 XEM is below the cosignature's 0.15 XEM")
	_, err = p.Cosignature(someInner, key.PublicKey(), TxOptions{Timestamp: 1, Deadline: 2, Fee: 200_000})
	require.NoError(t, err, "0.2 XEM is enough")
}

// TestNemesisConversions: the six multisig conversions of the mainnet
// nemesis block (version 1, no min-cosignatories change, so n-of-n) verify,
// their cosigner lists are in NIS's order (Canonicalize of a reversed list
// gives the same bytes), and each cosigner set is a valid n-of-n plan.
func TestNemesisConversions(t *testing.T) {
	f, err := testvec.ReadNemesis("testdata/nemesis-transactions.json.gz")
	require.NoError(t, err)
	conversions := 0
	for _, tx := range f.Blocks["nemesis.bin"].Transactions {
		if tx.Type != "multisig_aggregate_modification" {
			continue
		}
		m := mustParse(t, tx.DataHex).(*transaction.MultisigAggregateModification)
		sig, err := sign.ParseSignature(tx.Signature)
		require.NoError(t, err)
		require.NoError(t, transaction.VerifySigned(&transaction.Signed{Tx: m, Signature: sig}))

		shuffled := *m
		shuffled.Modifications = nil
		for i := len(m.Modifications) - 1; i >= 0; i-- {
			shuffled.Modifications = append(shuffled.Modifications, m.Modifications[i])
		}
		require.NoError(t, transaction.Canonicalize(&shuffled))
		require.Equal(t, tx.DataHex, mustHexBytes(t, &shuffled))

		var cs []Cosigner
		for _, mod := range m.Modifications {
			require.Equal(t, transaction.ModificationAdd, mod.Type)
			cs = append(cs, Cosigner{PublicKey: mod.Cosignatory, Role: Offline})
		}
		p, err := NewPlan(m.Signer, sign.Mainnet, cs, len(cs), fixtureRelax)
		require.NoError(t, err)
		require.Equal(t, len(cs), p.State().Required())
		conversions++
	}
	require.Equal(t, 6, conversions)
}

// fixtureRelax is for plans that describe real chain accounts, whose keys
// have no custodians: each key is then a custodian of its own, and an
// account of one or two keys would break the single-custodian invariant.
var fixtureRelax = Relaxations{AllowSingleCustodian: true}
