package nis

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// Transaction is a transaction as a node lists it: decoded from NIS JSON,
// its signatures verified, and its hashes computed here and checked
// against what the node claims.
type Transaction struct {
	// Signed is the transaction and its signature; a multisig wrapper
	// carries the cosignatures the node has attached to it.
	Signed *transaction.Signed
	// Hash is the transaction's hash (a wrapper's own hash).
	Hash transaction.Hash
	// InnerHash is a wrapper's inner hash, zero for other types.
	InnerHash transaction.Hash
	// Height is the block height, 0 for an unconfirmed transaction.
	Height uint64
	// ID is the node's database id (the paging key), 0 for an
	// unconfirmed transaction. It differs from node to node.
	ID int64
}

// Direction selects the confirmed transactions of an account.
type Direction string

// Directions, as NIS's /account/transfers/{all,incoming,outgoing}. For a
// multisig account, outgoing includes the wrappers whose inner transaction
// it signed: that is how funds leave it.
const (
	All      Direction = "all"
	Incoming Direction = "incoming"
	Outgoing Direction = "outgoing"
)

// Page selects a page of confirmed transactions, newest first.
type Page struct {
	// BeforeID asks for transactions with an id below it (the ID of the
	// last transaction of the previous page); 0 asks for the newest.
	BeforeID int64
	// Size is 5 to 100 (NIS clamps other values); 0 means NIS's default
	// of 25.
	Size int
}

// Limits of NIS's DefaultPage.
const (
	// minPageSize is the smallest page NIS returns.
	minPageSize = 5
	// MaxPageSize is the largest page NIS returns.
	MaxPageSize = 100
)

// maxUnconfirmed is how many unconfirmed transactions NIS lists for an
// account (AccountController.MAX_UNCONFIRMED_TRANSACTIONS): the 25 with
// the newest timestamps.
const maxUnconfirmed = 25

type pageJSON struct {
	Data []pairJSON `json:"data"`
}

type pairJSON struct {
	Transaction json.RawMessage `json:"transaction"`
	Meta        json.RawMessage `json:"meta"`
}

// confirmedMetaJSON is NIS's TransactionMetaData.
type confirmedMetaJSON struct {
	Height    *int64      `json:"height"`
	ID        *int64      `json:"id"`
	Hash      *hashObject `json:"hash"`
	InnerHash *hashObject `json:"innerHash"`
}

// Transfers returns a page of the confirmed transactions of the account at
// addr (GET /account/transfers/all, incoming or outgoing), newest first.
// Every transaction is decoded strictly, its signatures verified (the
// wrapper's and its cosignatures'), its hash and inner hash checked
// against the node's metadata, and a wrapper's cosignatures checked to
// name its inner transaction and account; any failure makes the whole page
// an ErrBadResponse. So does a page that lists one transaction twice (see
// onceListed): a caller may sum a page.
func (c *Client) Transfers(ctx context.Context, addr sign.Address, dir Direction, page Page) ([]Transaction, error) {
	if err := addr.Validate(); err != nil {
		return nil, fmt.Errorf("nis: transfers: %w", err)
	}
	switch dir {
	case All, Incoming, Outgoing:
	default:
		return nil, fmt.Errorf("nis: transfers: unknown direction %q", dir)
	}
	q := url.Values{"address": {addr.String()}}
	if page.BeforeID < 0 || page.Size != 0 && (page.Size < minPageSize || page.Size > MaxPageSize) {
		return nil, fmt.Errorf("nis: transfers: page size must be %d to %d and the id not negative", minPageSize, MaxPageSize)
	}
	if page.BeforeID > 0 {
		q.Set("id", strconv.FormatInt(page.BeforeID, 10))
	}
	if page.Size > 0 {
		q.Set("pageSize", strconv.Itoa(page.Size))
	}
	b, err := c.get(ctx, "/account/transfers/"+string(dir), q)
	if err != nil {
		return nil, err
	}
	return parseTransfers(b, page)
}

// parseTransfers reads and checks a page of confirmed transactions.
func parseTransfers(b []byte, page Page) ([]Transaction, error) {
	var p pageJSON
	if err := decodeStrict("transfers", b, &p); err != nil {
		return nil, err
	}
	size := page.Size
	if size == 0 {
		size = 25
	}
	if p.Data == nil || len(p.Data) > size {
		return nil, badResponse("transfers: data must be a list of at most %d transactions", size)
	}
	out := make([]Transaction, 0, len(p.Data))
	listed := onceListed{}
	for i, pr := range p.Data {
		what := fmt.Sprintf("transfers: data[%d]", i)
		var m confirmedMetaJSON
		if err := decodeStrict(what+".meta", pr.Meta, &m); err != nil {
			return nil, err
		}
		if m.Height == nil || m.ID == nil || m.Hash == nil || m.InnerHash == nil || *m.Height < 1 || *m.ID < 1 {
			return nil, badResponse("%s.meta: height, id, hash and innerHash are required, height and id positive", what)
		}
		if page.BeforeID > 0 && *m.ID >= page.BeforeID || i > 0 && *m.ID >= out[i-1].ID {
			return nil, badResponse("%s.meta: ids must decrease and stay below the page's", what)
		}
		t, err := readTransaction(what, pr.Transaction, m.Hash, m.InnerHash)
		if err != nil {
			return nil, err
		}
		if err := listed.check(what, t); err != nil {
			return nil, err
		}
		t.Height, t.ID = uint64(*m.Height), *m.ID
		out = append(out, *t)
	}
	return out, nil
}

// Unconfirmed returns the unconfirmed transactions of the account at addr
// (GET /account/unconfirmedTransactions): those that involve it, and the
// wrappers waiting for its cosignature if it is a cosignatory. NIS lists
// at most 25, the newest by timestamp, and never cosignatures on their
// own (they are attached to their wrapper). The checks are those of
// Transfers, a transaction listed twice included; the inner hash NIS
// reports (meta.data) must match.
func (c *Client) Unconfirmed(ctx context.Context, addr sign.Address) ([]Transaction, error) {
	if err := addr.Validate(); err != nil {
		return nil, fmt.Errorf("nis: unconfirmed: %w", err)
	}
	b, err := c.get(ctx, "/account/unconfirmedTransactions", url.Values{"address": {addr.String()}})
	if err != nil {
		return nil, err
	}
	return parseUnconfirmed(b)
}

// parseUnconfirmed reads and checks a list of unconfirmed transactions.
func parseUnconfirmed(b []byte) ([]Transaction, error) {
	var p pageJSON
	if err := decodeStrict("unconfirmed", b, &p); err != nil {
		return nil, err
	}
	if p.Data == nil || len(p.Data) > maxUnconfirmed {
		return nil, badResponse("unconfirmed: data must be a list of at most %d transactions", maxUnconfirmed)
	}
	out := make([]Transaction, 0, len(p.Data))
	listed := onceListed{}
	for i, pr := range p.Data {
		what := fmt.Sprintf("unconfirmed: data[%d]", i)
		// UnconfirmedTransactionMetaData: {"data": <inner hash or null>}.
		var m hashObject
		if err := decodeStrict(what+".meta", pr.Meta, &m); err != nil {
			return nil, err
		}
		t, err := readTransaction(what, pr.Transaction, nil, &m)
		if err != nil {
			return nil, err
		}
		if err := listed.check(what, t); err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, nil
}

// readTransaction decodes, verifies and checks one listed transaction.
// hash is the node's claim of its hash (nil when the node does not send
// one), inner that of its inner hash ({} or a null data for none).
func readTransaction(what string, raw json.RawMessage, hash, inner *hashObject) (*Transaction, error) {
	if len(raw) == 0 {
		return nil, badResponse("%s: transaction is required", what)
	}
	if err := checkJSON(raw); err != nil {
		return nil, badResponse("%s.transaction: %v", what, err)
	}
	s, err := nisjson.DecodeSigned(raw)
	if err != nil {
		return nil, badResponse("%s.transaction: %v", what, err)
	}
	if s.Tx.Type() == transaction.TypeMultisigSignature {
		return nil, badResponse("%s: a cosignature listed on its own", what)
	}
	if err := transaction.VerifySigned(s); err != nil {
		return nil, badResponse("%s: %v", what, err)
	}
	t := &Transaction{Signed: s}
	if t.Hash, err = transaction.HashOf(s.Tx); err != nil {
		return nil, badResponse("%s: %v", what, err)
	}
	if h, ok, err := hash.hash(what + ".meta.hash"); err != nil {
		return nil, err
	} else if ok && h != t.Hash {
		return nil, badResponse("%s: meta.hash %s is not the transaction's hash %s", what, h, t.Hash)
	}
	claimed, hasClaim, err := inner.hash(what + ".meta inner hash")
	if err != nil {
		return nil, err
	}
	ms, isWrapper := s.Tx.(*transaction.Multisig)
	if !isWrapper {
		if hasClaim {
			return nil, badResponse("%s: an inner hash for a transaction that is not a multisig wrapper", what)
		}
		return t, nil
	}
	if t.InnerHash, err = transaction.InnerHash(ms); err != nil {
		return nil, badResponse("%s: %v", what, err)
	}
	if !hasClaim || claimed != t.InnerHash {
		return nil, badResponse("%s: the node's inner hash does not match the wrapper's inner transaction %s", what, t.InnerHash)
	}
	account := ms.Inner.Common().Signer.Address(ms.Network)
	seen := map[sign.PublicKey]bool{ms.Signer: true}
	for i, cs := range ms.Cosignatures {
		c := &cs.Cosignature
		if c.OtherHash != t.InnerHash || c.MultisigAccount != account || seen[c.Signer] {
			return nil, badResponse("%s: cosignature %d does not belong to the wrapper (another inner hash or account, or a second signature of one key)", what, i)
		}
		seen[c.Signer] = true
	}
	return t, nil
}

// onceListed holds the hashes a page listed so far: each transaction's
// own hash and a wrapper's inner hash. NIS stores a transaction once and
// refuses a transaction whose hash, or whose inner transaction's hash, it
// already knows (BlockUniqueHashTransactionValidator and
// BatchUniqueHashTransactionValidator over TransactionExtensions.
// streamDefault; UnconfirmedTransactionsCache), and AccountTransfers-
// Controller lists each stored transaction once (TransferDaoImpl.
// sortAndLimit drops the row an "all" page would see twice). A page that
// lists one payout twice, under two ids or in two wrappers, is therefore a
// lie, and a caller summing the page would count it twice: the page is
// refused rather than de-duplicated, so that every caller sees the lie.
type onceListed map[transaction.Hash]bool

// check records t, listed at what, and refuses a hash listed before.
func (l onceListed) check(what string, t *Transaction) error {
	hashes := []transaction.Hash{t.Hash}
	if t.InnerHash != (transaction.Hash{}) {
		hashes = append(hashes, t.InnerHash)
	}
	for _, h := range hashes {
		if l[h] {
			return badResponse("%s: transaction %s is listed twice on the page (NIS lists a transaction, and an inner transaction, once)", what, h)
		}
	}
	for _, h := range hashes {
		l[h] = true
	}
	return nil
}
