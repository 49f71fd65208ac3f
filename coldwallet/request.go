package coldwallet

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The request envelope (online to offline):
//
//	nemcustody-request v1
//	network: testnet
//	node-time: 367856452
//	signer: <public key hex>                       one per expected signer
//	note: <free text, shown as untrusted>          optional
//	sign: <base64 transaction>                     one line per item, any mix
//	cosign: <base64 cosignature> <base64 inner>
//	checksum: <sha256 hex of the lines above>
//
// node-time is the NIS node's network time when the request was built
// (seconds since the NEM epoch); the offline machine has no trusted clock,
// so this is the time its checks use. A "sign" item carries the full
// non-verifiable bytes of a transaction to sign (a wrapper, a conversion).
// A "cosign" item carries the cosignature to sign and the full inner
// transaction it approves: the offline side recomputes the inner hash and
// the multisig address from the inner transaction and refuses a
// cosignature that names anything else. Every item's signer is one of the
// signer lines, and every signer line signs at least one item.
//
// The request's ID is its checksum.

// Request envelope identification.
const (
	RequestFormat  = "nemcustody-request"
	RequestVersion = 1
	// MaxItems caps the transactions in one request.
	MaxItems = 64
)

// ItemKind says what the offline side signs for an item.
type ItemKind string

// Item kinds.
const (
	KindSign   ItemKind = "sign"
	KindCosign ItemKind = "cosign"
)

// Item is one transaction of a request.
type Item struct {
	Kind ItemKind
	// Tx is the transaction to sign: for KindCosign, the
	// *transaction.MultisigSignature.
	Tx transaction.Transaction
	// Inner is, for KindCosign, the full inner transaction the cosignature
	// approves.
	Inner transaction.Transaction
}

// Signer returns the key that must sign the item, or the zero key when the
// item has no transaction.
func (it Item) Signer() sign.PublicKey {
	if isNilTx(it.Tx) {
		return sign.PublicKey{}
	}
	return it.Tx.Common().Signer
}

// isNilTx reports whether tx is nil or holds a nil pointer (a
// (*transaction.Transfer)(nil), say), whose methods would panic.
func isNilTx(tx transaction.Transaction) bool {
	if tx == nil {
		return true
	}
	v := reflect.ValueOf(tx)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Request asks one or more offline keys to sign a batch of transactions.
type Request struct {
	Network sign.Network
	// NodeTime is the node's network time when the request was built.
	NodeTime transaction.Timestamp
	// Signers are the expected signers, in the order listed.
	Signers []sign.PublicKey
	// Note is shown to the operator and marked untrusted: it is written
	// by the online side. Printable text only, at most MaxNoteLength
	// bytes.
	Note  string
	Items []Item
}

// Check applies every rule the reader applies; MarshalText calls it.
func (r *Request) Check() error {
	if r == nil {
		return envelopeErr(0, "no request")
	}
	if !r.Network.Valid() {
		return envelopeErr(0, "network: %s is not a NIS1 network", r.Network)
	}
	if r.NodeTime > transaction.MaxTimestamp {
		return envelopeErr(0, "node-time: %d is not a network time", r.NodeTime)
	}
	if len(r.Signers) == 0 {
		return envelopeErr(0, "no signer")
	}
	for i, s := range r.Signers {
		if err := s.Check(); err != nil {
			return envelopeErr(0, "signer %d: %w", i+1, err)
		}
		if slices.Index(r.Signers, s) != i {
			return envelopeErr(0, "signer %d is listed twice", i+1)
		}
	}
	if r.Note != "" && !validNote(r.Note) {
		return envelopeErr(0, "note: must be printable text without control characters, at most %d bytes", MaxNoteLength)
	}
	if len(r.Items) == 0 || len(r.Items) > MaxItems {
		return envelopeErr(0, "%d items, want 1 to %d", len(r.Items), MaxItems)
	}
	used := map[sign.PublicKey]bool{}
	for i, it := range r.Items {
		if err := it.check(r.Network); err != nil {
			return fmt.Errorf("coldwallet: %w: item %d: %w", ErrEnvelope, i+1, err)
		}
		if !slices.Contains(r.Signers, it.Signer()) {
			return envelopeErr(0, "item %d: signed by %s, which is not a signer of the request", i+1, it.Signer())
		}
		used[it.Signer()] = true
	}
	for i, s := range r.Signers {
		if !used[s] {
			return envelopeErr(0, "signer %d signs no item", i+1)
		}
	}
	return nil
}

func (it Item) check(n sign.Network) error {
	if isNilTx(it.Tx) {
		return fmt.Errorf("no transaction")
	}
	if err := transaction.Check(it.Tx); err != nil {
		return err
	}
	if it.Tx.Common().Network != n {
		return fmt.Errorf("a %s transaction in a %s request", it.Tx.Common().Network, n)
	}
	switch it.Kind {
	case KindSign:
		if it.Inner != nil {
			return fmt.Errorf("a sign item has no inner transaction")
		}
		if it.Tx.Type() == transaction.TypeMultisigSignature {
			return fmt.Errorf("a cosignature must be a cosign item, with its inner transaction")
		}
	case KindCosign:
		cs, ok := it.Tx.(*transaction.MultisigSignature)
		if !ok {
			return fmt.Errorf("a cosign item holds a %s, not a cosignature", it.Tx.Type())
		}
		if isNilTx(it.Inner) {
			return fmt.Errorf("a cosign item needs its inner transaction")
		}
		if err := transaction.Check(it.Inner); err != nil {
			return fmt.Errorf("inner transaction: %w", err)
		}
		if !it.Inner.Type().Wrappable() {
			return fmt.Errorf("inner transaction: a %s cannot be wrapped", it.Inner.Type())
		}
		h, err := transaction.HashOf(it.Inner)
		if err != nil {
			return err
		}
		if cs.OtherHash != h {
			return fmt.Errorf("the cosignature names inner hash %s, the inner transaction's hash is %s", cs.OtherHash, h)
		}
		if want := sign.NewAddress(it.Inner.Common().Signer, n); cs.MultisigAccount != want {
			return fmt.Errorf("the cosignature names account %s, the inner transaction's signer is %s", cs.MultisigAccount, want)
		}
	default:
		return fmt.Errorf("unknown kind %q", it.Kind)
	}
	return nil
}

// MarshalText writes the request envelope.
func (r *Request) MarshalText() ([]byte, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	w := newEnvelopeWriter(RequestFormat, RequestVersion)
	w.header("network", r.Network.String())
	w.header("node-time", strconv.FormatUint(uint64(r.NodeTime), 10))
	for _, s := range r.Signers {
		w.header("signer", s.String())
	}
	if r.Note != "" {
		w.header("note", r.Note)
	}
	for _, it := range r.Items {
		tx, err := encodeTx(it.Tx)
		if err != nil {
			return nil, err
		}
		if it.Kind == KindSign {
			w.header("sign", tx)
			continue
		}
		inner, err := encodeTx(it.Inner)
		if err != nil {
			return nil, err
		}
		w.header("cosign", tx+" "+inner)
	}
	return w.finish(), nil
}

// ID returns the request's ID: its checksum.
func (r *Request) ID() (string, error) {
	b, err := r.MarshalText()
	if err != nil {
		return "", err
	}
	return envelopeChecksum(b), nil
}

// envelopeChecksum returns the checksum value of a written envelope.
func envelopeChecksum(b []byte) string {
	i := bytes.LastIndex(b[:len(b)-1], []byte("\nchecksum: "))
	return string(b[i+len("\nchecksum: ") : len(b)-1])
}

func encodeTx(tx transaction.Transaction) (string, error) {
	b, err := tx.MarshalBinary()
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

func decodeTx(line envelopeLine, s string) (transaction.Transaction, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, envelopeErr(line.num, "%s: not base64", line.key)
	}
	tx, err := transaction.Parse(b)
	if err != nil {
		return nil, envelopeErr(line.num, "%s: %w", line.key, err)
	}
	return tx, nil
}

// ParseRequest reads a request envelope strictly (see the format above):
// every transaction is parsed with transaction.Parse, every rule of
// Request.Check applies, and the text must be exactly what MarshalText
// writes for the result. It returns the request and its ID.
func ParseRequest(b []byte) (*Request, string, error) {
	lines, err := readEnvelope(b, RequestFormat, RequestVersion)
	if err != nil {
		return nil, "", err
	}
	h := &headerReader{lines: lines, end: len(lines) + 2}
	r := &Request{}
	l, err := h.one("network")
	if err != nil {
		return nil, "", err
	}
	if r.Network, err = sign.ParseNetwork(l.value); err != nil || r.Network.String() != l.value {
		return nil, "", envelopeErr(l.num, "network: want mainnet, testnet or mijin")
	}
	if l, err = h.one("node-time"); err != nil {
		return nil, "", err
	}
	t, err := strconv.ParseUint(l.value, 10, 32)
	if err != nil {
		return nil, "", envelopeErr(l.num, "node-time: not a network time")
	}
	r.NodeTime = transaction.Timestamp(t)
	for {
		l, ok := h.optional("signer")
		if !ok {
			break
		}
		pub, err := sign.ParsePublicKey(l.value)
		if err != nil {
			return nil, "", envelopeErr(l.num, "signer: %w", err)
		}
		r.Signers = append(r.Signers, pub)
	}
	if l, ok := h.optional("note"); ok {
		r.Note = l.value
	}
	for {
		l, ok := h.next()
		if !ok || (l.key != "sign" && l.key != "cosign") {
			break
		}
		h.pos++
		if len(r.Items) == MaxItems {
			return nil, "", envelopeErr(l.num, "more than %d items", MaxItems)
		}
		it := Item{Kind: ItemKind(l.key)}
		if it.Kind == KindSign {
			if it.Tx, err = decodeTx(l, l.value); err != nil {
				return nil, "", err
			}
		} else {
			tx, inner, ok := strings.Cut(l.value, " ")
			if !ok || strings.Contains(inner, " ") {
				return nil, "", envelopeErr(l.num, "cosign: want \"<cosignature> <inner transaction>\"")
			}
			if it.Tx, err = decodeTx(l, tx); err != nil {
				return nil, "", err
			}
			if it.Inner, err = decodeTx(l, inner); err != nil {
				return nil, "", err
			}
		}
		r.Items = append(r.Items, it)
	}
	if err := h.done(); err != nil {
		return nil, "", err
	}
	again, err := r.MarshalText()
	if err != nil {
		return nil, "", err
	}
	if !bytes.Equal(again, b) {
		return nil, "", envelopeErr(0, "not in canonical form")
	}
	return r, envelopeChecksum(b), nil
}
