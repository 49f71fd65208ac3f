package nistest

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/nemcustody/nemcustody/internal/nisresult"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// ServeHTTP answers one request to the node's REST API (the endpoints
// listed in the package documentation; anything else is 404), so that a
// Node can be given to httptest.NewServer or mounted in any HTTP server.
func (n *Node) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n.muxOnce.Do(func() {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /time-sync/network-time", n.networkTime)
		mux.HandleFunc("GET /chain/height", n.chainHeight)
		mux.HandleFunc("GET /account/get", n.accountGet)
		mux.HandleFunc("GET /account/unconfirmedTransactions", n.unconfirmed)
		mux.HandleFunc("GET /account/transfers/{dir}", n.transfers)
		mux.HandleFunc("GET /mosaic/definition", n.mosaicDefinition)
		mux.HandleFunc("GET /mosaic/supply", n.mosaicSupply)
		mux.HandleFunc("POST /transaction/announce", n.announceHTTP)
		n.mux = mux
	})
	n.mux.ServeHTTP(w, r)
}

// writeJSON answers 200 with v.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// errorResponse is NIS's ErrorResponse (org.nem.core.connect), written by
// ExceptionControllerAdvice: status, error (the reason phrase), message,
// timeStamp (network seconds).
type errorResponse struct {
	Status    int    `json:"status"`
	Error     string `json:"error"`
	Message   string `json:"message"`
	TimeStamp int64  `json:"timeStamp"`
}

// fail answers with NIS's error object; the caller holds no lock.
func (n *Node) fail(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(errorResponse{Status: status, Error: http.StatusText(status), Message: msg, TimeStamp: int64(n.Time())})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// address reads the address parameter as NIS's AccountId does: 400
// "address is required" or "address must be valid".
func (n *Node) address(w http.ResponseWriter, r *http.Request) (sign.Address, bool) {
	s := r.URL.Query().Get("address")
	if s == "" {
		n.fail(w, http.StatusBadRequest, "address is required")
		return sign.Address{}, false
	}
	a, err := sign.ParseCanonicalAddress(strings.ToUpper(s))
	if err != nil {
		n.fail(w, http.StatusBadRequest, "address must be valid")
		return sign.Address{}, false
	}
	return a, true
}

// mosaicID reads the mosaicId parameter as MosaicIdBuilder does
// ("namespace:name").
func (n *Node) mosaicID(w http.ResponseWriter, r *http.Request) (transaction.MosaicID, bool) {
	id, err := transaction.ParseMosaicID(r.URL.Query().Get("mosaicId"))
	if err != nil {
		n.fail(w, http.StatusBadRequest, "mosaicId must be namespace:name")
		return id, false
	}
	return id, true
}

// mosaicDefinition is MosaicDefinitionController.getMosaicDefinition: the
// MosaicDefinition JSON, or 404 from a MissingResourceException.
func (n *Node) mosaicDefinition(w http.ResponseWriter, r *http.Request) {
	id, ok := n.mosaicID(w, r)
	if !ok {
		return
	}
	n.mu.Lock()
	d := n.mosaics[id]
	n.mu.Unlock()
	if d == nil {
		n.fail(w, http.StatusNotFound, "invalid mosaic definition '"+id.String()+"' (org.nem.core.model.mosaic.MosaicDefinition)")
		return
	}
	b, err := nisjson.EncodeMosaicDefinition(d)
	if err != nil {
		n.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// mosaicSupply is MosaicController.getMosaicSupply: MosaicIdSupplyPair
// {"mosaicId": {...}, "supply": whole units}.
func (n *Node) mosaicSupply(w http.ResponseWriter, r *http.Request) {
	id, ok := n.mosaicID(w, r)
	if !ok {
		return
	}
	n.mu.Lock()
	s, known := n.supplies(id)
	n.mu.Unlock()
	if !known {
		n.fail(w, http.StatusNotFound, "mosaic id "+id.String()+" is unknown '"+id.String()+"' (org.nem.core.model.mosaic.MosaicIdSupplyPair)")
		return
	}
	writeJSON(w, struct {
		MosaicID struct {
			NamespaceID string `json:"namespaceId"`
			Name        string `json:"name"`
		} `json:"mosaicId"`
		Supply uint64 `json:"supply"`
	}{MosaicID: struct {
		NamespaceID string `json:"namespaceId"`
		Name        string `json:"name"`
	}{id.Namespace, id.Name}, Supply: s.Supply})
}

func (n *Node) networkTime(w http.ResponseWriter, _ *http.Request) {
	n.mu.Lock()
	ms := n.nowMillis
	n.mu.Unlock()
	writeJSON(w, struct {
		Send    int64 `json:"sendTimeStamp"`
		Receive int64 `json:"receiveTimeStamp"`
	}{ms, ms})
}

// chainHeight is ChainController.chainHeight: BlockHeight {"height": N},
// the height of the last block.
func (n *Node) chainHeight(w http.ResponseWriter, _ *http.Request) {
	n.mu.Lock()
	h := n.height
	n.mu.Unlock()
	writeJSON(w, struct {
		Height uint64 `json:"height"`
	}{h})
}

// accountInfoJSON is AccountInfo.serialize, in its member order.
type accountInfoJSON struct {
	Address         string          `json:"address"`
	PublicKey       *string         `json:"publicKey"`
	Balance         int64           `json:"balance"`
	VestedBalance   int64           `json:"vestedBalance"`
	HarvestedBlocks int64           `json:"harvestedBlocks"`
	Label           *string         `json:"label"`
	Importance      json.RawMessage `json:"importance"`
	MultisigInfo    map[string]int  `json:"multisigInfo"`
}

func (n *Node) info(a *account) accountInfoJSON {
	j := accountInfoJSON{Address: a.addr.String(), Balance: int64(a.balance), VestedBalance: int64(a.balance),
		Importance: json.RawMessage("0.0"), MultisigInfo: map[string]int{}}
	if a.pub != nil {
		s := a.pub.String()
		j.PublicKey = &s
	}
	if len(a.cosignatories) > 0 {
		j.MultisigInfo = map[string]int{"cosignatoriesCount": len(a.cosignatories), "minCosignatories": a.minCos}
	}
	return j
}

// accountGet is AccountInfoController.accountGet: an AccountMetaDataPair.
func (n *Node) accountGet(w http.ResponseWriter, r *http.Request) {
	addr, ok := n.address(w, r)
	if !ok {
		return
	}
	n.mu.Lock()
	a := n.acct(addr)
	cosignatories := []accountInfoJSON{}
	for _, c := range a.cosignatories {
		cosignatories = append(cosignatories, n.info(n.acct(c.Address(n.Network))))
	}
	cosignatoryOf := []accountInfoJSON{}
	for _, m := range a.cosignatoryOf {
		cosignatoryOf = append(cosignatoryOf, n.info(n.acct(m)))
	}
	v := struct {
		Account accountInfoJSON `json:"account"`
		Meta    struct {
			Status        string            `json:"status"`
			RemoteStatus  string            `json:"remoteStatus"`
			CosignatoryOf []accountInfoJSON `json:"cosignatoryOf"`
			Cosignatories []accountInfoJSON `json:"cosignatories"`
		} `json:"meta"`
	}{Account: n.info(a)}
	v.Meta.Status, v.Meta.RemoteStatus = "LOCKED", "INACTIVE"
	v.Meta.CosignatoryOf, v.Meta.Cosignatories = cosignatoryOf, cosignatories
	n.mu.Unlock()
	writeJSON(w, v)
}

// hashJSON is Hash.serialize: {"data": hex}; nil writes {} as
// JsonSerializer writes a null object.
func hashJSON(h *transaction.Hash) any {
	if h == nil {
		return struct{}{}
	}
	return map[string]string{"data": h.String()}
}

// pairJSON is AbstractMetaDataPair: the entity, then its metadata.
type pairJSON struct {
	Transaction json.RawMessage `json:"transaction"`
	Meta        any             `json:"meta"`
}

// metaJSON is TransactionMetaData.
type metaJSON struct {
	Height    uint64 `json:"height"`
	ID        int64  `json:"id"`
	Hash      any    `json:"hash"`
	InnerHash any    `json:"innerHash"`
}

// txJSON is the verifiable NIS JSON of a transaction (with a wrapper's
// cosignatures).
func txJSON(s *transaction.Signed) json.RawMessage {
	b, err := nisjson.EncodeSigned(s)
	if err != nil {
		panic(err)
	}
	return b
}

// involves reports whether e concerns addr, as ImpactfulTransactionPredicate
// decides for the pool: addr is an account of the transaction (signer,
// recipient, a wrapper's inner accounts) or a cosignatory of a wrapper's
// multisig account.
func (n *Node) involves(e *entry, addr sign.Address) bool {
	return n.outgoing(e, addr) || n.incoming(e, addr) || n.cosignerOf(e, addr)
}

func (n *Node) cosignerOf(e *entry, addr sign.Address) bool {
	ms, ok := e.signed.Tx.(*transaction.Multisig)
	return ok && slices.Contains(n.acct(addr).cosignatoryOf, ms.Inner.Common().Signer.Address(n.Network))
}

// outgoing: addr signed it, or (a wrapper) signed its inner transaction
// (NIS's multisigsends).
func (n *Node) outgoing(e *entry, addr sign.Address) bool {
	tx := e.signed.Tx
	if tx.Common().Signer.Address(n.Network) == addr {
		return true
	}
	ms, ok := tx.(*transaction.Multisig)
	return ok && ms.Inner.Common().Signer.Address(n.Network) == addr
}

// incoming: addr receives a transfer, possibly wrapped (multisigreceives).
func (n *Node) incoming(e *entry, addr sign.Address) bool {
	tx := e.signed.Tx
	if ms, ok := tx.(*transaction.Multisig); ok {
		tx = ms.Inner
	}
	t, ok := tx.(*transaction.Transfer)
	return ok && t.Recipient == addr
}

// unconfirmed is AccountController.transactionsUnconfirmed: the 25 newest
// (by timestamp) pool transactions involving the address, each with
// UnconfirmedTransactionMetaData {"data": inner hash or null}.
func (n *Node) unconfirmed(w http.ResponseWriter, r *http.Request) {
	addr, ok := n.address(w, r)
	if !ok {
		return
	}
	n.mu.Lock()
	var es []*entry
	for _, e := range n.pool {
		if n.involves(e, addr) {
			es = append(es, e)
		}
	}
	slices.SortStableFunc(es, func(a, b *entry) int {
		return -cmp.Compare(a.signed.Tx.Common().Timestamp, b.signed.Tx.Common().Timestamp)
	})
	data := []any{}
	for _, e := range es[:min(len(es), 25)] {
		var inner any = map[string]any{"data": nil}
		if e.inner != nil {
			inner = hashJSON(e.inner)
		}
		data = append(data, pairJSON{Transaction: txJSON(e.signed), Meta: inner})
	}
	n.mu.Unlock()
	writeJSON(w, map[string]any{"data": data})
}

// transfers is AccountTransfersController: confirmed transactions, id
// descending, below the "id" parameter, "pageSize" clamped to 5..100
// (default 25), each with TransactionMetaData.
func (n *Node) transfers(w http.ResponseWriter, r *http.Request) {
	dir := r.PathValue("dir")
	if dir != "all" && dir != "incoming" && dir != "outgoing" {
		http.NotFound(w, r)
		return
	}
	addr, ok := n.address(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	before := int64(-1)
	if s := q.Get("id"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			n.fail(w, http.StatusBadRequest, "For input string: \""+s+"\"")
			return
		}
		before = v
	}
	size := 25
	if s := q.Get("pageSize"); s != "" {
		v, err := strconv.ParseInt(s, 10, 16)
		if err != nil {
			n.fail(w, http.StatusBadRequest, "For input string: \""+s+"\"")
			return
		}
		size = max(5, min(100, int(v)))
	}
	n.mu.Lock()
	data := []any{}
	for i := len(n.chain) - 1; i >= 0 && len(data) < size; i-- {
		e := n.chain[i]
		if before >= 0 && e.id >= before {
			continue
		}
		match := dir == "outgoing" && n.outgoing(e, addr) || dir == "incoming" && n.incoming(e, addr) ||
			dir == "all" && (n.outgoing(e, addr) || n.incoming(e, addr))
		if !match {
			continue
		}
		meta := metaJSON{Height: e.height, ID: e.id, Hash: hashJSON(&e.hash), InnerHash: hashJSON(e.inner)}
		data = append(data, pairJSON{Transaction: txJSON(e.signed), Meta: meta})
	}
	n.mu.Unlock()
	writeJSON(w, map[string]any{"data": data})
}

// announceRequest is RequestAnnounce.
type announceRequest struct {
	Data      *string `json:"data"`
	Signature *string `json:"signature"`
}

// announceHTTP is TransactionController.transactionAnnounce: the
// NemAnnounceResult {type, code, message, innerTransactionHash,
// transactionHash}.
func (n *Node) announceHTTP(w http.ResponseWriter, r *http.Request) {
	var req announceRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Data == nil || req.Signature == nil {
		n.fail(w, http.StatusBadRequest, "expected a RequestAnnounce {data, signature}")
		return
	}
	data, err1 := hex.DecodeString(*req.Data)
	sigBytes, err2 := hex.DecodeString(*req.Signature)
	sig, err3 := sign.SignatureFromBytes(sigBytes)
	if err := errors.Join(err1, err2, err3); err != nil {
		n.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	tx, err := transaction.Parse(data)
	if err != nil {
		if errors.Is(err, transaction.ErrNonCanonical) {
			// NIS reads it, re-serializes it canonically, and the
			// signature no longer verifies.
			writeJSON(w, announceResult(nisresult.SignatureNotVerifiable, nil, nil))
			return
		}
		n.fail(w, http.StatusBadRequest, err.Error())
		return
	}
	s := &transaction.Signed{Tx: tx, Signature: sig}
	h, err := transaction.HashOf(tx)
	if err != nil {
		n.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	var inner *transaction.Hash
	if ms, ok := tx.(*transaction.Multisig); ok {
		ih, err := transaction.InnerHash(ms)
		if err != nil {
			n.fail(w, http.StatusInternalServerError, err.Error())
			return
		}
		inner = &ih
	}
	n.mu.Lock()
	code := n.announce(s, h)
	n.mu.Unlock()
	writeJSON(w, announceResult(code, &h, inner))
}

// announceResult is NemAnnounceResult.serialize.
func announceResult(code int, h, inner *transaction.Hash) any {
	name, ok := nisresult.Name(code)
	if !ok {
		name = "FAILURE_UNKNOWN"
	}
	return struct {
		Type                 int    `json:"type"`
		Code                 int    `json:"code"`
		Message              string `json:"message"`
		InnerTransactionHash any    `json:"innerTransactionHash"`
		TransactionHash      any    `json:"transactionHash"`
	}{1, code, name, hashJSON(inner), hashJSON(h)}
}
