package edgecases

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// custody is the 2-of-3 setup the envelope and policy cases use.
type custody struct {
	plan              *multisig.Plan
	hot, vault, other *sign.PrivateKey
	customer          sign.Address
	opts              multisig.TxOptions
}

func newCustody() (*custody, error) {
	c := &custody{hot: key("edgecases hot"), vault: key("edgecases vault A"), other: key("edgecases vault B"),
		customer: key("edgecases customer").Address(sign.Testnet),
		opts:     multisig.TxOptions{Timestamp: nodeTime, Deadline: nodeTime + 3600}}
	var err error
	c.plan, err = multisig.NewPlan(key("edgecases account").PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: c.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online},
		{PublicKey: c.vault.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: c.other.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	return c, err
}

// request asks vault A to cosign a withdrawal of amount to the customer.
func (c *custody) request(amount transaction.Amount, inner transaction.Transaction) (*coldwallet.Request, error) {
	if inner == nil {
		inner = &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Timestamp: nodeTime, Deadline: nodeTime + 3600},
			Recipient: c.customer, Amount: amount}
	}
	ms, err := c.plan.Wrap(inner, c.hot.PublicKey(), c.opts)
	if err != nil {
		return nil, err
	}
	cs, err := c.plan.Cosignature(ms.Inner, c.vault.PublicKey(), c.opts)
	if err != nil {
		return nil, err
	}
	return &coldwallet.Request{Network: sign.Testnet, NodeTime: nodeTime, Signers: []sign.PublicKey{c.vault.PublicKey()},
		Note: "edge case", Items: []coldwallet.Item{{Kind: coldwallet.KindCosign, Tx: cs, Inner: ms.Inner}}}, nil
}

// levyCoin is the mosaic of the levy cases.
var levyCoin = transaction.MosaicID{Namespace: "alice", Name: "coin"}

// coinDefinition is alice:coin as the online side reports it: 1,000,000
// units by a third party, with levy.
func coinDefinition(levy *transaction.MosaicLevy) transaction.MosaicDefinition {
	return transaction.MosaicDefinition{Creator: key("edgecases mosaic creator").PublicKey(), ID: levyCoin, Description: "a coin",
		Properties: transaction.MosaicProperties{InitialSupply: 1_000_000, Transferable: true}, Levy: levy}
}

// mosaicRequest asks vault A to cosign a transfer of units of alice:coin
// (the multiplier 1 XEM) to the customer, carrying def as its definition.
func (c *custody) mosaicRequest(units uint64, def transaction.MosaicDefinition) (*coldwallet.Request, error) {
	opts := c.opts
	opts.Mosaics = func(transaction.MosaicID) (transaction.MosaicSupply, bool) {
		return transaction.MosaicSupply{Supply: def.Properties.InitialSupply, Divisibility: def.Properties.Divisibility}, true
	}
	inner := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 2, Timestamp: nodeTime, Deadline: nodeTime + 3600},
		Recipient: c.customer, Amount: transaction.XEM, Mosaics: []transaction.Mosaic{{ID: levyCoin, Quantity: units}}}
	ms, err := c.plan.Wrap(inner, c.hot.PublicKey(), opts)
	if err != nil {
		return nil, err
	}
	cs, err := c.plan.Cosignature(ms.Inner, c.vault.PublicKey(), c.opts)
	if err != nil {
		return nil, err
	}
	return &coldwallet.Request{Network: sign.Testnet, NodeTime: nodeTime, Signers: []sign.PublicKey{c.vault.PublicKey()},
		Note: "edge case", Mosaics: []transaction.MosaicDefinition{def}, Items: []coldwallet.Item{{Kind: coldwallet.KindCosign, Tx: cs, Inner: ms.Inner}}}, nil
}

// reseal replaces the checksum line so that only the edit is wrong.
func reseal(text string) string {
	body := text[:strings.LastIndex(strings.TrimSuffix(text, "\n"), "\n")+1]
	sum := sha256.Sum256([]byte(body))
	return body + "checksum: " + hex.EncodeToString(sum[:]) + "\n"
}

// Envelopes builds the request envelope tampering cases.
func Envelopes() (*File, error) {
	f := &File{
		Name:      "envelopes.json",
		Subject:   "request envelopes (coldwallet.ParseRequest): strict text, a SHA-256 checksum, canonical form, cosignatures bound to their inner transaction",
		Generator: "go generate ./internal/edgecases",
		Schema: map[string]string{
			"input.envelope": "the request text",
			"result":         "valid if ParseRequest accepts it",
			"error":          "for an invalid case, the sentinel error (package.Name) ParseRequest returns",
		},
		Flags: map[string]string{
			"Valid":     "a correct request",
			"Damaged":   "a change the checksum catches",
			"Resealed":  "a change with the checksum recomputed: the strict reader catches it",
			"Binding":   "a cosignature that does not match the inner transaction it carries",
			"Truncated": "the envelope is cut short",
			"Mosaics":   "a request whose transfer moves a mosaic other than nem:xem: version 2, with one \"mosaic\" line (the base64 of NIS's binary MosaicDefinition) per mosaic moved, and no other",
		},
	}
	c, err := newCustody()
	if err != nil {
		return nil, err
	}
	req, err := c.request(250*transaction.XEM, nil)
	if err != nil {
		return nil, err
	}
	b, err := req.MarshalText()
	if err != nil {
		return nil, err
	}
	good := string(b)
	add := func(comment string, flags []string, env string, valid bool) {
		cs := Case{Comment: comment, Flags: flags, Input: map[string]string{"envelope": env}, Result: "invalid", Error: "coldwallet.ErrEnvelope"}
		if valid {
			cs.Result, cs.Error = "valid", ""
		}
		f.Tests = append(f.Tests, cs)
	}
	add("a cosign request", []string{"Valid"}, good, true)
	i := strings.Index(good, "checksum: ") + len("checksum: ")
	flip := good[:i] + string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", good[i])+1)%16]) + good[i+1:]
	add("one checksum digit changed", []string{"Damaged"}, flip, false)
	add("note changed without resealing", []string{"Damaged"}, strings.Replace(good, "note: edge case", "note: edge cases", 1), false)
	add("truncated before the checksum", []string{"Truncated"}, good[:strings.Index(good, "checksum: ")], false)
	add("final newline missing", []string{"Truncated"}, strings.TrimSuffix(good, "\n"), false)
	add("version 2", []string{"Resealed"}, reseal(strings.Replace(good, "nemcustody-request v1", "nemcustody-request v2", 1)), false)
	add("an unknown header", []string{"Resealed"}, reseal(strings.Replace(good, "note: ", "priority: high\nnote: ", 1)), false)
	nt := good[strings.Index(good, "node-time: "):]
	nt = nt[:strings.Index(nt, "\n")+1]
	add("headers out of order", []string{"Resealed"}, reseal(strings.Replace(strings.Replace(good, nt, "", 1), "network: testnet\n", nt+"network: testnet\n", 1)), false)
	add("CRLF line ends", []string{"Resealed"}, strings.ReplaceAll(good, "\n", "\r\n"), false)
	add("network changed to mainnet", []string{"Resealed"}, reseal(strings.Replace(good, "network: testnet", "network: mainnet", 1)), false)
	add("a terminal escape in the note", []string{"Resealed"}, reseal(strings.Replace(good, "note: edge case", "note: edge \x1b[2J case", 1)), false)
	add("two spaces after a colon", []string{"Resealed"}, reseal(strings.Replace(good, "note: edge case", "note:  edge case", 1)), false)

	other, err := c.request(9000*transaction.XEM, nil)
	if err != nil {
		return nil, err
	}
	otherInner, _ := other.Items[0].Inner.MarshalBinary()
	line := good[strings.Index(good, "cosign: "):]
	line = line[:strings.Index(line, "\n")]
	csPart := strings.Fields(line)[1]
	add("the cosignature of the 250 XEM withdrawal carried with a 9000 XEM inner transaction", []string{"Binding", "Resealed"},
		reseal(strings.Replace(good, line, "cosign: "+csPart+" "+base64.StdEncoding.EncodeToString(otherInner), 1)), false)
	add("a cosign item without its inner transaction", []string{"Binding", "Resealed"}, reseal(strings.Replace(good, line, "cosign: "+csPart, 1)), false)
	add("the cosignature as a sign item", []string{"Binding", "Resealed"}, reseal(strings.Replace(good, line, "sign: "+csPart, 1)), false)

	levy := &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: c.customer, MosaicID: transaction.XEMMosaic, Fee: 5_000_000}
	mreq, err := c.mosaicRequest(1, coinDefinition(levy))
	if err != nil {
		return nil, err
	}
	mb, err := mreq.MarshalText()
	if err != nil {
		return nil, err
	}
	withMosaic := string(mb)
	mline := withMosaic[strings.Index(withMosaic, "mosaic: "):]
	mline = mline[:strings.Index(mline, "\n")+1]
	add("a transfer of alice:coin with its definition", []string{"Valid", "Mosaics"}, withMosaic, true)
	add("the definition left out (version 1, as a request without mosaics)", []string{"Mosaics", "Resealed"},
		reseal(strings.Replace(strings.Replace(withMosaic, mline, "", 1), "nemcustody-request v2", "nemcustody-request v1", 1)), false)
	add("the definition left out, version 2 kept", []string{"Mosaics", "Resealed"}, reseal(strings.Replace(withMosaic, mline, "", 1)), false)
	add("version 1 with a mosaic line", []string{"Mosaics", "Resealed"}, reseal(strings.Replace(withMosaic, "nemcustody-request v2", "nemcustody-request v1", 1)), false)
	gold := coinDefinition(nil)
	gold.ID.Name = "gold"
	ob, err := gold.MarshalBinary()
	if err != nil {
		return nil, err
	}
	add("a second definition, of a mosaic no transfer moves", []string{"Mosaics", "Resealed"},
		reseal(strings.Replace(withMosaic, mline, mline+"mosaic: "+base64.StdEncoding.EncodeToString(ob)+"\n", 1)), false)
	add("the mosaic line after the items", []string{"Mosaics", "Resealed"},
		reseal(strings.Replace(strings.Replace(withMosaic, mline, "", 1), "checksum: ", mline+"checksum: ", 1)), false)
	return f, nil
}
