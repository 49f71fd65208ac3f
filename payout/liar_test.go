package payout

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/transaction"
)

// liar is a node that lies, in front of an honest test node: it can hide
// transactions from its pool and its chain, show pool transactions as
// confirmed, misreport its time and height, list the chain without end,
// answer an announce with a refusal it did not mean, or answer garbage.
type liar struct {
	node *nistest.Node

	mu sync.Mutex
	// hidePool and hideChain hide transactions by hash or inner hash.
	hidePool, hideChain map[transaction.Hash]bool
	// confirm shows the pool wrapper with this inner hash as confirmed,
	// with that hash, in a block at fakeHeight.
	confirm    map[transaction.Hash]transaction.Hash
	fakeHeight uint64
	// timeShift is added to the node's time; heightShift to its height.
	timeShift   time.Duration
	heightShift uint64
	// endless answers every page of the chain with its first page.
	endless bool
	// refuse answers every announce with this code, after passing it on
	// to the node (0: the node's answer).
	refuse int
	// garbage answers the chain's pages with something that is not JSON.
	garbage bool
}

func newLiar(node *nistest.Node) *liar {
	return &liar{node: node, hidePool: map[transaction.Hash]bool{}, hideChain: map[transaction.Hash]bool{}, confirm: map[transaction.Hash]transaction.Hash{}}
}

func (l *liar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rec := httptest.NewRecorder()
	before := int64(1 << 40)
	if r.URL.Path == "/account/transfers/outgoing" && l.endless {
		q := r.URL.Query()
		if id := q.Get("id"); id != "" {
			before, _ = strconv.ParseInt(id, 10, 64)
		}
		q.Del("id")
		r.URL.RawQuery = q.Encode()
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	l.node.ServeHTTP(rec, r)
	out := rec.Body.Bytes()
	switch r.URL.Path {
	case "/time-sync/network-time":
		ms := int64(l.node.Time())*1000 + l.timeShift.Milliseconds()
		out, _ = json.Marshal(map[string]int64{"sendTimeStamp": ms, "receiveTimeStamp": ms})
	case "/chain/height":
		var h struct{ Height uint64 }
		_ = json.Unmarshal(out, &h)
		out, _ = json.Marshal(map[string]uint64{"height": h.Height + l.heightShift})
	case "/account/unconfirmedTransactions":
		out = l.filter(out, l.hidePool)
	case "/account/transfers/outgoing":
		if l.garbage {
			out = []byte("<html>maintenance</html>")
			break
		}
		out = l.filter(out, l.hideChain)
		out = l.addConfirmed(out, r)
		if l.endless {
			out = renumber(out, before)
		}
	case "/transaction/announce":
		var m map[string]any
		if l.refuse != 0 && json.Unmarshal(out, &m) == nil {
			m["code"], m["message"] = l.refuse, nis.Result(l.refuse).String()
			out, _ = json.Marshal(m)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(out)
}

// page is a list answer: {"data": [{"transaction": ..., "meta": ...}]}.
type page struct {
	Data []map[string]json.RawMessage `json:"data"`
}

// hashesOf returns the hashes a listed item's meta names: the pool's
// inner hash ({"data": HEX}), or the chain's hash and innerHash.
func hashesOf(meta json.RawMessage) []transaction.Hash {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(meta, &m)
	var out []transaction.Hash
	add := func(raw json.RawMessage) {
		var h struct{ Data *string }
		if json.Unmarshal(raw, &h) == nil && h.Data != nil {
			if x, err := transaction.ParseHash(*h.Data); err == nil {
				out = append(out, x)
			}
		}
	}
	if d, ok := m["data"]; ok {
		var s *string
		if json.Unmarshal(d, &s) == nil && s != nil {
			if x, err := transaction.ParseHash(*s); err == nil {
				out = append(out, x)
			}
		}
	}
	add(m["hash"])
	add(m["innerHash"])
	return out
}

// filter drops the listed items that name a hidden hash.
func (l *liar) filter(b []byte, hidden map[transaction.Hash]bool) []byte {
	var p page
	if json.Unmarshal(b, &p) != nil {
		return b
	}
	kept := []map[string]json.RawMessage{}
	for _, it := range p.Data {
		hide := false
		for _, h := range hashesOf(it["meta"]) {
			hide = hide || hidden[h]
		}
		if !hide {
			kept = append(kept, it)
		}
	}
	out, _ := json.Marshal(page{Data: kept})
	return out
}

// addConfirmed puts the pool wrappers l.confirm names at the head of the
// chain's first page.
func (l *liar) addConfirmed(b []byte, r *http.Request) []byte {
	if len(l.confirm) == 0 || r.URL.Query().Get("id") != "" {
		return b
	}
	rec := httptest.NewRecorder()
	l.node.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/account/unconfirmedTransactions?"+r.URL.Query().Encode(), nil))
	var pool, chain page
	if json.Unmarshal(rec.Body.Bytes(), &pool) != nil || json.Unmarshal(b, &chain) != nil {
		return b
	}
	var fake []map[string]json.RawMessage
	for _, it := range pool.Data {
		for _, inner := range hashesOf(it["meta"]) {
			wrapper, ok := l.confirm[inner]
			if !ok {
				continue
			}
			meta, _ := json.Marshal(map[string]any{"height": l.fakeHeight, "id": 1_000_000 + len(fake),
				"hash": map[string]string{"data": wrapper.String()}, "innerHash": map[string]string{"data": inner.String()}})
			fake = append(fake, map[string]json.RawMessage{"transaction": it["transaction"], "meta": meta})
		}
	}
	out, _ := json.Marshal(page{Data: append(fake, chain.Data...)})
	return out
}

// renumber gives the listed items ids just below before, as the next
// page of an endless history.
func renumber(b []byte, before int64) []byte {
	var p page
	if json.Unmarshal(b, &p) != nil {
		return b
	}
	for i, it := range p.Data {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(it["meta"], &m)
		m["id"], _ = json.Marshal(before - 1 - int64(i))
		it["meta"], _ = json.Marshal(m)
	}
	out, _ := json.Marshal(p)
	return out
}

// set changes the liar under its lock.
func (l *liar) set(f func(l *liar)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f(l)
}
