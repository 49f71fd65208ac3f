package coldwallet

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// The request envelope (online to offline):
//
//	nemcustody-request v4
//	network: testnet
//	node-time: 367856452
//	signer: <public key hex>                       one per expected signer
//	journal-head: <signer> <journal> <seq> <hash>  optional, one per signer (v3)
//	note: <free text, shown as untrusted>          optional
//	mosaic: <base64 NIS binary MosaicDefinition>   one per mosaic moved (v2)
//	sign: <base64 transaction> [<withdrawal>]      one line per item, any mix
//	cosign: <base64 cosignature> <base64 inner> [<withdrawal>]
//	checksum: <sha256 hex of the lines above>
//
// A request whose transfers move mosaics other than nem:xem carries, on
// one "mosaic" line each, the definition of every such mosaic as the node
// reported it (transaction.MosaicDefinition.MarshalBinary), sorted by the
// "namespace:name" string, each mosaic once; no line for a mosaic no
// transfer of the request moves, and none for nem:xem. The offline side
// computes the levies NIS will charge from them (transaction.Debits) and
// checks each definition's levy against the one its policy pins. Version 2
// is written exactly when the request has mosaic lines and no
// journal-head lines; a request with neither is written, and read, as
// version 1, as before they existed.
//
// A journal-head line is the online side's record of the signing journal
// a signer's responses came from (Heads): its identity, and the latest
// entry and its hash. The signer refuses to sign unless its journal holds
// exactly that entry, so a journal restored from an older copy, or
// replaced, cannot answer even after it was padded past the recorded entry
// number; and the online side accepts a response only to a request that
// carried the head it holds (Heads.Check). Signers are listed in the order
// of the signer lines, each once; a signer the online side has not heard
// from has none. A request with journal-head lines is version 3.
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
// An item that approves a transfer may end with the exchange's ID of the
// withdrawal it pays (v4): 1 to 64 ASCII letters, digits and . _ : -
// characters, each ID at most once among one signer's items. The offline
// signer records the IDs it signs in its journal and refuses to sign an ID
// again until everything it signed for that ID before can no longer be
// executed at the request's node time: a withdrawal is built again only
// after its previous build expired (the review says "REBUILD of"). A
// request with such an ID is version 4.
//
// The request's ID is its checksum.

// Request envelope identification.
const (
	requestFormat = "nemcustody-request"
	// requestVersion is the version of a request with withdrawal IDs;
	// one with journal-head lines and no withdrawal IDs is version 3, one
	// with mosaic lines only version 2, one with none of them version 1
	// (see the format above).
	requestVersion = 4
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
	// Withdrawal is the exchange's ID of the withdrawal the item pays, ""
	// when none: only for an item that approves a transfer (see the
	// format above).
	Withdrawal string
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
	Note string
	// Heads are the online side's recorded journal heads of the signers
	// it has heard from (Heads.Of), in the order of Signers.
	Heads []journal.Head
	// Mosaics are the definitions, as the online side reported them, of
	// the mosaics other than nem:xem the request's transfers move: each
	// once, sorted by their "namespace:name" string. They are untrusted:
	// the offline policy pins the levy it accepts for each.
	Mosaics []transaction.MosaicDefinition
	Items   []Item
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
	if err := r.checkHeads(); err != nil {
		return err
	}
	if r.Note != "" && !validNote(r.Note) {
		return envelopeErr(0, "note: must be printable text without control characters, at most %d bytes", MaxNoteLength)
	}
	if len(r.Items) == 0 || len(r.Items) > MaxItems {
		return envelopeErr(0, "%d items, want 1 to %d", len(r.Items), MaxItems)
	}
	used := map[sign.PublicKey]bool{}
	type signerWithdrawal struct {
		signer sign.PublicKey
		id     string
	}
	withdrawals := map[signerWithdrawal]int{}
	for i, it := range r.Items {
		if err := it.check(r.Network); err != nil {
			return fmt.Errorf("coldwallet: %w: item %d: %w", ErrEnvelope, i+1, err)
		}
		if !slices.Contains(r.Signers, it.Signer()) {
			return envelopeErr(0, "item %d: signed by %s, which is not a signer of the request", i+1, it.Signer())
		}
		used[it.Signer()] = true
		if it.Withdrawal != "" {
			k := signerWithdrawal{it.Signer(), it.Withdrawal}
			if j, ok := withdrawals[k]; ok {
				return envelopeErr(0, "item %d: withdrawal %s is also item %d of the same signer", i+1, it.Withdrawal, j)
			}
			withdrawals[k] = i + 1
		}
	}
	for i, s := range r.Signers {
		if !used[s] {
			return envelopeErr(0, "signer %d signs no item", i+1)
		}
	}
	return r.checkMosaics()
}

// checkMosaics requires a valid definition, on the request's network, for
// every mosaic other than nem:xem a transfer of the request moves, in
// order, and no other.
func (r *Request) checkMosaics() error {
	moved := map[transaction.MosaicID]bool{}
	for _, it := range r.Items {
		if t, ok := approvedBy(it).(*transaction.Transfer); ok {
			for _, m := range t.Mosaics {
				if m.ID != transaction.XEMMosaic {
					moved[m.ID] = true
				}
			}
		}
	}
	for i := range r.Mosaics {
		d := &r.Mosaics[i]
		if err := d.Check(r.Network); err != nil {
			return envelopeErr(0, "mosaic %d: %w", i+1, err)
		}
		switch {
		case d.ID == transaction.XEMMosaic:
			return envelopeErr(0, "mosaic %d: nem:xem needs no definition", i+1)
		case i > 0 && d.ID.String() <= r.Mosaics[i-1].ID.String():
			return envelopeErr(0, "mosaic %d: %s must come after %s, once", i+1, d.ID, r.Mosaics[i-1].ID)
		case !moved[d.ID]:
			return envelopeErr(0, "mosaic %d: no transfer of the request moves %s", i+1, d.ID)
		}
		delete(moved, d.ID)
	}
	if len(moved) > 0 {
		var missing []string
		for id := range moved {
			missing = append(missing, id.String())
		}
		slices.Sort(missing)
		return envelopeErr(0, "no definition of %s, which a transfer moves: the levy NIS charges on it cannot be computed", strings.Join(missing, ", "))
	}
	return nil
}

// checkHeads requires valid journal heads of the request's signers, in
// the order of the signer lines, each signer once.
func (r *Request) checkHeads() error {
	last := -1
	for i, h := range r.Heads {
		if err := h.Check(); err != nil {
			return envelopeErr(0, "journal-head %d: %w", i+1, err)
		}
		at := slices.Index(r.Signers, h.Signer)
		switch {
		case at < 0:
			return envelopeErr(0, "journal-head %d: %s is not a signer of the request", i+1, h.Signer)
		case at <= last:
			return envelopeErr(0, "journal-head %d: heads follow the order of the signer lines, one per signer", i+1)
		}
		last = at
	}
	return nil
}

// carriedHead returns the journal head the request carries for signer,
// or nil.
func (r *Request) carriedHead(signer sign.PublicKey) *journal.Head {
	if h, ok := r.headOf(signer); ok {
		return &h
	}
	return nil
}

// headOf returns the journal head the request carries for signer.
func (r *Request) headOf(signer sign.PublicKey) (journal.Head, bool) {
	for _, h := range r.Heads {
		if h.Signer == signer {
			return h, true
		}
	}
	return journal.Head{}, false
}

// version is the envelope version the request is written in.
func (r *Request) version() int {
	switch {
	case slices.ContainsFunc(r.Items, func(it Item) bool { return it.Withdrawal != "" }):
		return 4
	case len(r.Heads) > 0:
		return 3
	case len(r.Mosaics) > 0:
		return 2
	}
	return 1
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
	if it.Withdrawal != "" {
		if !journal.ValidWithdrawalID(it.Withdrawal) {
			return fmt.Errorf("withdrawal: want 1 to %d ASCII letters, digits and . _ : - characters", maxWithdrawalID)
		}
		if _, ok := approvedBy(it).(*transaction.Transfer); !ok {
			return fmt.Errorf("withdrawal: only an item that approves a transfer pays a withdrawal")
		}
	}
	return nil
}

// maxWithdrawalID is the longest withdrawal ID (journal.ValidWithdrawalID).
const maxWithdrawalID = 64

// MarshalText writes the request envelope.
func (r *Request) MarshalText() ([]byte, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	w := newEnvelopeWriter(requestFormat, r.version())
	w.header("network", r.Network.String())
	w.header("node-time", strconv.FormatUint(uint64(r.NodeTime), 10))
	for _, s := range r.Signers {
		w.header("signer", s.String())
	}
	for _, h := range r.Heads {
		w.header("journal-head", fmt.Sprintf("%s %s %d %s", h.Signer, h.Journal, h.Seq, h.Hash))
	}
	if r.Note != "" {
		w.header("note", r.Note)
	}
	for i := range r.Mosaics {
		b, err := r.Mosaics[i].MarshalBinary()
		if err != nil {
			return nil, err
		}
		w.header("mosaic", base64.StdEncoding.EncodeToString(b))
	}
	for _, it := range r.Items {
		tx, err := encodeTx(it.Tx)
		if err != nil {
			return nil, err
		}
		withdrawal := ""
		if it.Withdrawal != "" {
			withdrawal = " " + it.Withdrawal
		}
		if it.Kind == KindSign {
			w.header("sign", tx+withdrawal)
			continue
		}
		inner, err := encodeTx(it.Inner)
		if err != nil {
			return nil, err
		}
		w.header("cosign", tx+" "+inner+withdrawal)
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

// parseHeadLine reads the value of a journal-head line: signer, journal
// identity, entry number and hash, one space apart.
func parseHeadLine(l envelopeLine) (journal.Head, error) {
	f := strings.Split(l.value, " ")
	if len(f) != 4 {
		return journal.Head{}, envelopeErr(l.num, "journal-head: want \"<signer> <journal> <seq> <hash>\"")
	}
	pub, err := sign.ParsePublicKey(f[0])
	if err != nil {
		return journal.Head{}, envelopeErr(l.num, "journal-head: %w", err)
	}
	seq, err := strconv.Atoi(f[2])
	if err != nil || strconv.Itoa(seq) != f[2] {
		return journal.Head{}, envelopeErr(l.num, "journal-head: the entry number is not a decimal number")
	}
	x := journal.Head{Signer: pub, Journal: f[1], Seq: seq, Hash: f[3]}
	if err := x.Check(); err != nil {
		return journal.Head{}, envelopeErr(l.num, "journal-head: %w", err)
	}
	return x, nil
}

// decodeMosaicDefinition reads the value of a mosaic line.
func decodeMosaicDefinition(line envelopeLine, n sign.Network) (*transaction.MosaicDefinition, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(line.value)
	if err != nil {
		return nil, envelopeErr(line.num, "mosaic: not base64")
	}
	d, err := transaction.ParseMosaicDefinition(b, n)
	if err != nil {
		return nil, envelopeErr(line.num, "mosaic: %w", err)
	}
	return d, nil
}

// ParseRequest reads a request envelope strictly (see the format above):
// every transaction is parsed with transaction.Parse, every rule of
// Request.Check applies, and the text must be exactly what MarshalText
// writes for the result. It returns the request and its ID.
func ParseRequest(b []byte) (*Request, string, error) {
	lines, err := readEnvelope(b, requestFormat, 1, requestVersion)
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
	if r.Heads, err = parseHeads(h, len(r.Signers)); err != nil {
		return nil, "", err
	}
	if l, ok := h.optional("note"); ok {
		r.Note = l.value
	}
	for {
		l, ok := h.optional("mosaic")
		if !ok {
			break
		}
		if len(r.Mosaics) == transaction.MaxMosaics*MaxItems {
			return nil, "", envelopeErr(l.num, "more mosaic lines than the items can move")
		}
		d, err := decodeMosaicDefinition(l, r.Network)
		if err != nil {
			return nil, "", err
		}
		r.Mosaics = append(r.Mosaics, *d)
	}
	if r.Items, err = parseItems(h); err != nil {
		return nil, "", err
	}
	if err := h.done(); err != nil {
		return nil, "", err
	}
	if want := fmt.Sprintf("%s v%d\n", requestFormat, r.version()); !bytes.HasPrefix(b, []byte(want)) {
		return nil, "", envelopeErr(1, "a request with withdrawal IDs is version 4; without, a request with journal-head lines is version 3, one with mosaic lines and no journal-head lines version 2, one with neither version 1")
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

// parseHeads reads the "journal-head" lines of a request, at most one per
// signer (signers of them).
func parseHeads(h *headerReader, signers int) ([]journal.Head, error) {
	var heads []journal.Head
	for {
		l, ok := h.optional("journal-head")
		if !ok {
			return heads, nil
		}
		if len(heads) == signers {
			return nil, envelopeErr(l.num, "journal-head: more heads than signers")
		}
		x, err := parseHeadLine(l)
		if err != nil {
			return nil, err
		}
		heads = append(heads, x)
	}
}

// parseItems reads the "sign" and "cosign" lines of a request.
func parseItems(h *headerReader) ([]Item, error) {
	var items []Item
	var err error
	for {
		l, ok := h.next()
		if !ok || (l.key != "sign" && l.key != "cosign") {
			break
		}
		h.pos++
		if len(items) == MaxItems {
			return nil, envelopeErr(l.num, "more than %d items", MaxItems)
		}
		it := Item{Kind: ItemKind(l.key)}
		f := strings.Split(l.value, " ")
		if it.Kind == KindSign {
			if len(f) > 2 {
				return nil, envelopeErr(l.num, "sign: want \"<transaction> [<withdrawal>]\"")
			}
			if it.Tx, err = decodeTx(l, f[0]); err != nil {
				return nil, err
			}
			f = f[1:]
		} else {
			if len(f) < 2 || len(f) > 3 {
				return nil, envelopeErr(l.num, "cosign: want \"<cosignature> <inner transaction> [<withdrawal>]\"")
			}
			if it.Tx, err = decodeTx(l, f[0]); err != nil {
				return nil, err
			}
			if it.Inner, err = decodeTx(l, f[1]); err != nil {
				return nil, err
			}
			f = f[2:]
		}
		if len(f) == 1 {
			if it.Withdrawal = f[0]; !journal.ValidWithdrawalID(it.Withdrawal) {
				return nil, envelopeErr(l.num, "%s: the withdrawal ID must be 1 to %d ASCII letters, digits and . _ : - characters", l.key, maxWithdrawalID)
			}
		}
		items = append(items, it)
	}
	return items, nil
}
