package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
	"github.com/nemcustody/nemcustody/transaction/summary"
)

var txGroup = &group{
	name:     "tx",
	summary:  "encode, decode and sign NIS1 transactions",
	commands: []*command{txEncodeCmd, txDecodeCmd, txSignCmd},
}

var txEncodeCmd = &command{
	name:    "encode",
	summary: "NIS JSON on stdin to the bytes that are signed and their hash",
	run:     runTxEncode,
	usage: `Usage: nemcustody tx encode < TX.json

Reads one transaction in the JSON shape of NIS's API (type, version,
timeStamp, signer, fee, deadline and the body; a "signature" field is
ignored) and prints JSON: "data", the hex of the non-verifiable bytes that
are signed and announced, and "hash", their Keccak-256. A multisig wrapper
also gets "innerHash", the hash its cosignatures name.

The JSON is read strictly: unknown fields, numbers as strings, values NIS
would refuse and duplicates are errors. Mosaics and cosignatory
modifications are put in NIS's order.

Example:
  nemcustody tx encode < transfer.json
`,
}

var txDecodeCmd = &command{
	name:    "decode",
	summary: "hex (or an announce object) on stdin to NIS JSON or a summary",
	run:     runTxDecode,
	usage: `Usage: nemcustody tx decode [--summary] < TX

Reads either the hex of a transaction's non-verifiable bytes, or an announce
object {"data": HEX, "signature": HEX} as 'tx sign' and the examples print
it. The bytes are parsed strictly (exact lengths, NIS's canonical form,
every address on the transaction's network). Prints the transaction as NIS
JSON; with an announce object the signature is verified first and included.

Example:
  nemcustody combine request.txt response.txt --plan plan.json --presigned wrapper.json |
    while read -r line; do echo "$line" | nemcustody tx decode --summary; done

Flags:
  --summary   print the human summary instead of JSON, with the
              transaction's hash (and a wrapper's inner hash), as a node
              and an explorer name it
`,
}

var txSignCmd = &command{
	name:    "sign",
	summary: "sign a transaction on stdin with a keystore",
	run:     runTxSign,
	usage: `Usage: nemcustody tx sign --keystore FILE
                          [--passphrase-file FILE | --passphrase-fd N] < TX
       nemcustody tx sign --key-file FILE < TX

Reads one transaction, as NIS JSON or as hex of its non-verifiable bytes,
checks it (NIS's canonical form and validation rules, except those that
need the chain: balances, and the part of the fee that depends on a
mosaic's supply, which is unknown here, so each mosaic counts the least
NIS charges for one, 0.05 XEM), and signs it with the key in the keystore
FILE ('key generate' writes one), or in a plain key file (NIS hex, as
other wallets export it). The key
must be the transaction's signer, and a keystore's network the
transaction's. Prints JSON: "data", "signature" (the body of
/transaction/announce) and "hash".

This signs whatever it is given, without a review, a policy or a journal:
for custody keys use 'nemcustody sign' with a request.

Example:
  nemcustody tx sign --keystore hot.age --passphrase-file pass.txt < tx.json

Flags:
  --keystore FILE     the keystore holding the signer's key
  --key-file FILE     a plain private key file instead (exactly one of the
                      two)
` + passphraseHelp,
}

type encodedTx struct {
	Data      string            `json:"data"`
	Signature *sign.Signature   `json:"signature,omitempty"`
	Hash      transaction.Hash  `json:"hash"`
	InnerHash *transaction.Hash `json:"innerHash,omitempty"`
}

func newEncodedTx(tx transaction.Transaction) (encodedTx, error) {
	data, err := tx.MarshalBinary()
	if err != nil {
		return encodedTx{}, err
	}
	h, err := transaction.HashOf(tx)
	if err != nil {
		return encodedTx{}, err
	}
	out := encodedTx{Data: hex.EncodeToString(data), Hash: h}
	if ms, ok := tx.(*transaction.Multisig); ok {
		ih, err := transaction.InnerHash(ms)
		if err != nil {
			return encodedTx{}, err
		}
		out.InnerHash = &ih
	}
	return out, nil
}

func runTxEncode(e *env, args []string) error {
	flags := newFlagSet("tx encode")
	if err := noArgs(flags, args, "tx encode"); err != nil {
		return err
	}
	b, err := readInput(e.stdin, "stdin")
	if err != nil {
		return err
	}
	tx, err := nisjson.Decode(bytes.TrimSpace(b))
	if err != nil {
		return err
	}
	out, err := newEncodedTx(tx)
	if err != nil {
		return err
	}
	return writeJSON(e, out)
}

func runTxDecode(e *env, args []string) error {
	flags := newFlagSet("tx decode")
	wantSummary := flags.Bool("summary", false, "")
	if err := noArgs(flags, args, "tx decode"); err != nil {
		return err
	}
	b, err := readInput(e.stdin, "stdin")
	if err != nil {
		return err
	}
	s, err := readTxOrAnnouncement(b)
	if err != nil {
		return err
	}
	if *wantSummary {
		sum, err := summary.Of(s.Tx, summary.Options{})
		if err != nil {
			return err
		}
		enc, err := newEncodedTx(s.Tx)
		if err != nil {
			return err
		}
		sum.Lines = append(sum.Lines, summary.Line{Label: "hash", Value: enc.Hash.String()})
		if enc.InnerHash != nil {
			sum.Lines = append(sum.Lines, summary.Line{Label: "inner hash", Value: enc.InnerHash.String() + " (what cosignatures name)"})
		}
		e.out.WriteString(sum.String())
		return nil
	}
	var body []byte
	if s.Signature != (sign.Signature{}) {
		body, err = nisjson.EncodeSigned(s)
	} else {
		body, err = nisjson.Encode(s.Tx)
	}
	if err != nil {
		return err
	}
	if err := json.Indent(e.out, body, "", "  "); err != nil {
		return fmt.Errorf("encoding output: %w", err)
	}
	e.out.WriteByte('\n')
	return nil
}

// readTxOrAnnouncement reads hex, or an announce object whose signature it
// verifies.
func readTxOrAnnouncement(b []byte) (*transaction.Signed, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, errors.New("stdin is empty: want a transaction in hex or an announce object")
	}
	if b[0] != '{' {
		tx, err := parseHexTx(b, "stdin")
		if err != nil {
			return nil, err
		}
		return &transaction.Signed{Tx: tx}, nil
	}
	return parseAnnouncement(b, "stdin")
}

// parseAnnouncement reads one announce object {"data": HEX, "signature":
// HEX} strictly (nisjson.DecodeAnnouncement: exact key names, no
// duplicates, nothing after the object), parses the transaction strictly
// and verifies the signature. what names the input in errors ("stdin",
// "wrapper file w.json").
func parseAnnouncement(b []byte, what string) (*transaction.Signed, error) {
	s, err := nisjson.DecodeAnnouncement(b)
	if err != nil {
		return nil, fmt.Errorf("announce object on %s: %w", what, err)
	}
	if err := transaction.VerifySigned(s); err != nil {
		return nil, err
	}
	return s, nil
}

func parseHexTx(b []byte, what string) (transaction.Transaction, error) {
	s := string(bytes.TrimSpace(b))
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, fmt.Errorf("%s holds more than one value: want one transaction in hex", what)
	}
	data, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not hexadecimal: want the transaction's bytes in hex", what)
	}
	return transaction.Parse(data)
}

func runTxSign(e *env, args []string) error {
	flags := newFlagSet("tx sign")
	keyFile := flags.String("key-file", "", "")
	keystorePath := flags.String("keystore", "", "")
	pf := addPassphraseFlags(flags)
	if err := noArgs(flags, args, "tx sign"); err != nil {
		return err
	}
	switch {
	case *keyFile == "" && *keystorePath == "":
		return usagef("--keystore or --key-file is required")
	case *keyFile != "" && *keystorePath != "":
		return usagef("--keystore and --key-file are alternatives: give one")
	case *keyFile != "" && pf.given():
		return usagef("--passphrase-file and --passphrase-fd go with --keystore")
	case pf.usesStdin():
		return usagef("--passphrase-fd 0 is stdin, which carries the transaction")
	}
	if err := pf.check(); err != nil {
		return err
	}
	b, err := readInput(e.stdin, "stdin")
	if err != nil {
		return err
	}
	var tx transaction.Transaction
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		tx, err = nisjson.Decode(t)
	} else {
		tx, err = parseHexTx(t, "stdin")
	}
	if err != nil {
		return err
	}
	// The supply of mosaics is not known here: their part of the minimum
	// fee is checked at its lower bound, and every other rule applies.
	if err := transaction.Validate(tx, transaction.ValidateOptions{SkipUnknownMosaicFees: true}); err != nil {
		return err
	}
	var k *sign.PrivateKey
	if *keystorePath != "" {
		var info keystore.Info
		if k, info, err = openKeystore(e, *keystorePath, pf); err != nil {
			return err
		}
		defer k.Destroy()
		if n := tx.Common().Network; n != info.Network {
			return fmt.Errorf("the keystore is for %s, the transaction for %s", info.Network, n)
		}
	} else {
		f, err := os.Open(*keyFile)
		if err != nil {
			return fmt.Errorf("opening key file: %w", err)
		}
		k, err = readPrivateKey(f, "key file")
		f.Close()
		if err != nil {
			return err
		}
		defer k.Destroy()
	}
	s, err := transaction.Sign(tx, k)
	if err != nil {
		return err
	}
	out, err := newEncodedTx(tx)
	if err != nil {
		return err
	}
	out.Signature = &s.Signature
	return writeJSON(e, out)
}

// noArgs parses flags for a command that reads stdin and takes no
// positional arguments; it returns flag.ErrHelp for --help.
func noArgs(flags *flag.FlagSet, args []string, name string) error {
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments: it reads stdin", name)
	}
	return nil
}
