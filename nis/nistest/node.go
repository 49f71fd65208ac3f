package nistest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// PushCacheTTL is how long NIS repeats its answer to an announced hash
// (PushService.TX_CACHE_SECONDS): a cosignature refused because its
// wrapper was not yet in the pool is refused again, from that cache, for
// ten minutes.
const PushCacheTTL = 600 * time.Second

// Node is an in-memory NIS node. Create it with New; the exported fields
// may be set before the node serves requests. A Node is safe for
// concurrent use; it serves HTTP through ServeHTTP.
type Node struct {
	// Network is the node's network; other networks are refused
	// (FAILURE_WRONG_NETWORK).
	Network sign.Network
	// CacheTTL overrides PushCacheTTL; negative disables the cache.
	CacheTTL time.Duration
	// AutoHarvest includes every complete pool transaction in a block
	// right after each announce that NIS answers with SUCCESS.
	AutoHarvest bool
	// NeutralFirst makes the push cache record NEUTRAL for a hash before
	// the transaction is validated, whatever the result, as NIS's
	// PushService does: an announce repeated within the cache's TTL is
	// then answered NEUTRAL even when the first one was refused.
	NeutralFirst bool

	muxOnce sync.Once
	mux     *http.ServeMux

	mu        sync.Mutex
	nowMillis int64
	accounts  map[sign.Address]*account
	pool      []*entry // unconfirmed root transactions, in arrival order
	chain     []*entry // confirmed, oldest first
	chainHash map[transaction.Hash]bool
	push      map[transaction.Hash]pushed
	announces map[transaction.Hash]int
	height    uint64
	nextID    int64
	mosaics   map[transaction.MosaicID]*transaction.MosaicDefinition
}

// account is the state NIS keeps for an address.
type account struct {
	addr          sign.Address
	pub           *sign.PublicKey
	balance       transaction.Amount
	mosaics       map[transaction.MosaicID]uint64 // smallest units
	cosignatories []sign.PublicKey
	minCos        int
	cosignatoryOf []sign.Address
}

// entry is a root transaction in the pool or the chain.
type entry struct {
	signed   *transaction.Signed // a wrapper collects its cosignatures here
	hash     transaction.Hash
	inner    *transaction.Hash
	children []transaction.Hash // inner and cosignature hashes
	height   uint64
	id       int64
}

// pushed is a cached announce result.
type pushed struct {
	result int
	at     int64 // node time in ms
}

// New returns a node of network n whose clock reads now.
func New(n sign.Network, now transaction.Timestamp) *Node {
	return &Node{
		Network:   n,
		nowMillis: int64(now) * 1000,
		accounts:  map[sign.Address]*account{},
		chainHash: map[transaction.Hash]bool{},
		push:      map[transaction.Hash]pushed{},
		announces: map[transaction.Hash]int{},
		height:    1,
		nextID:    1,
		mosaics:   map[transaction.MosaicID]*transaction.MosaicDefinition{},
	}
}

// DefineMosaic records a mosaic definition as if its creation (or a
// redefinition) had been confirmed; a new mosaic's creator holds its whole
// initial supply. Its levy is what transfers of the mosaic pay, and its
// supply prices them.
func (n *Node) DefineMosaic(d transaction.MosaicDefinition) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, known := n.mosaics[d.ID]; !known {
		units := d.Properties.InitialSupply
		for range d.Properties.Divisibility {
			units *= 10
		}
		n.learn(d.Creator).setMosaic(d.ID, units)
	}
	n.mosaics[d.ID] = &d
}

// SetMosaicBalance sets addr's balance of a mosaic, in smallest units.
func (n *Node) SetMosaicBalance(addr sign.Address, id transaction.MosaicID, units uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.acct(addr).setMosaic(id, units)
}

// MosaicBalance returns addr's balance of a mosaic, in smallest units.
func (n *Node) MosaicBalance(addr sign.Address, id transaction.MosaicID) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.acct(addr).mosaics[id]
}

func (a *account) setMosaic(id transaction.MosaicID, units uint64) {
	if a.mosaics == nil {
		a.mosaics = map[transaction.MosaicID]uint64{}
	}
	a.mosaics[id] = units
}

// levies is the node's transaction.LevyLookup: the levies of the
// definitions it holds (NamespaceCacheLookupAdapters.asMosaicLevyLookup).
func (n *Node) levies(id transaction.MosaicID) (*transaction.MosaicLevy, bool) {
	d, ok := n.mosaics[id]
	if !ok {
		return nil, false
	}
	return d.Levy, true
}

// supplies prices mosaic transfers (asMosaicFeeInformationLookup): the
// fake keeps no supply changes, so the supply is the initial one.
func (n *Node) supplies(id transaction.MosaicID) (transaction.MosaicSupply, bool) {
	d, ok := n.mosaics[id]
	if !ok {
		return transaction.MosaicSupply{}, false
	}
	return transaction.MosaicSupply{Supply: d.Properties.InitialSupply, Divisibility: d.Properties.Divisibility}, true
}

// Time returns the node's network time.
func (n *Node) Time() transaction.Timestamp {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.now()
}

func (n *Node) now() transaction.Timestamp {
	return transaction.NetworkTimeFromMillis(n.nowMillis)
}

// SetTime sets the node's clock.
func (n *Node) SetTime(ts transaction.Timestamp) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nowMillis = int64(ts) * 1000
}

// Advance moves the node's clock forward.
func (n *Node) Advance(d time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nowMillis += d.Milliseconds()
}

// acct returns the state of addr, creating it.
func (n *Node) acct(addr sign.Address) *account {
	a := n.accounts[addr]
	if a == nil {
		a = &account{addr: addr}
		n.accounts[addr] = a
	}
	return a
}

// learn records that pub is the key of its address.
func (n *Node) learn(pub sign.PublicKey) *account {
	a := n.acct(pub.Address(n.Network))
	if a.pub == nil {
		p := pub
		a.pub = &p
	}
	return a
}

// Fund sets the balance of the account of pub (and makes its key known).
func (n *Node) Fund(pub sign.PublicKey, balance transaction.Amount) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.learn(pub).balance = balance
}

// state is the account's multisig state.
func (a *account) state() multisig.State {
	return multisig.State{Cosignatories: slices.Clone(a.cosignatories), MinCosignatories: a.minCos}
}

// Balance returns the confirmed balance of addr.
func (n *Node) Balance(addr sign.Address) transaction.Amount {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.acct(addr).balance
}

// SetMultisig makes the account of pub an m-of-n multisig account of
// cosigners, as if its conversion had been confirmed.
func (n *Node) SetMultisig(pub sign.PublicKey, cosigners []sign.PublicKey, minCosignatories int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.setMultisig(pub, cosigners, minCosignatories)
}

func (n *Node) setMultisig(pub sign.PublicKey, cosigners []sign.PublicKey, minCosignatories int) {
	a := n.learn(pub)
	for _, c := range a.cosignatories {
		ca := n.acct(c.Address(n.Network))
		ca.cosignatoryOf = slices.DeleteFunc(ca.cosignatoryOf, func(x sign.Address) bool { return x == a.addr })
	}
	a.cosignatories = slices.Clone(cosigners)
	a.minCos = minCosignatories
	for _, c := range cosigners {
		ca := n.learn(c)
		ca.cosignatoryOf = append(ca.cosignatoryOf, a.addr)
	}
}

// MultisigState returns the multisig state the node holds for addr: its
// cosignatories and the stored minCosignatories (0 meaning all), as NIS
// stores them after every confirmed conversion and change. An ordinary
// account has the zero State.
func (n *Node) MultisigState(addr sign.Address) multisig.State {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.acct(addr).state()
}

// Announces returns how many times the transaction with hash h was
// announced.
func (n *Node) Announces(h transaction.Hash) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.announces[h]
}

// InPool reports whether the root transaction h is in the unconfirmed
// pool.
func (n *Node) InPool(h transaction.Hash) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.poolEntry(h) != nil
}

// Cosignatures returns the cosignatures attached to the wrapper h in the
// pool or the chain, -1 if there is no such wrapper.
func (n *Node) Cosignatures(h transaction.Hash) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, e := range slices.Concat(n.pool, n.chain) {
		if e.hash == h {
			if ms, ok := e.signed.Tx.(*transaction.Multisig); ok {
				return len(ms.Cosignatures)
			}
		}
	}
	return -1
}

// Confirmed reports whether h (a root transaction or a child) is in the
// chain.
func (n *Node) Confirmed(h transaction.Hash) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.chainHash[h]
}

func (n *Node) poolEntry(h transaction.Hash) *entry {
	for _, e := range n.pool {
		if e.hash == h {
			return e
		}
	}
	return nil
}

// newEntry computes the hashes of s. A wrapper is copied so that
// attaching cosignatures never changes the caller's value.
func newEntry(s *transaction.Signed) (*entry, error) {
	if ms, ok := s.Tx.(*transaction.Multisig); ok {
		c := *ms
		c.Cosignatures = slices.Clone(ms.Cosignatures)
		s = &transaction.Signed{Tx: &c, Signature: s.Signature}
	}
	e := &entry{signed: s}
	var err error
	if e.hash, err = transaction.HashOf(s.Tx); err != nil {
		return nil, err
	}
	if ms, ok := s.Tx.(*transaction.Multisig); ok {
		ih, err := transaction.InnerHash(ms)
		if err != nil {
			return nil, err
		}
		e.inner = &ih
		e.children = append(e.children, ih)
		for i := range ms.Cosignatures {
			ch, err := transaction.HashOf(&ms.Cosignatures[i].Cosignature)
			if err != nil {
				return nil, err
			}
			e.children = append(e.children, ch)
		}
	}
	return e, nil
}

// AddBlock confirms transactions in a new block without validating them,
// applying their effects (balances, multisig changes): history for a test
// to start from. A wrapper should carry its cosignatures. Without
// transactions it adds an empty block: the chain grows by one, which
// counts one more confirmation for everything in it.
func (n *Node) AddBlock(txs ...*transaction.Signed) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	var es []*entry
	for _, s := range txs {
		e, err := newEntry(s)
		if err != nil {
			return err
		}
		if _, err := transaction.Debits(s.Tx, n.levies); err != nil {
			return err
		}
		es = append(es, e)
	}
	n.height++
	for _, e := range es {
		n.confirm(e)
	}
	return nil
}

// Harvest includes in a new block every pool transaction that NIS would:
// those whose deadlines have not passed and, for a wrapper, that carry
// enough cosignatures (MultisigSignaturesPresentValidator). Expired
// transactions are dropped. It returns how many were included.
func (n *Node) Harvest() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.harvest()
}

func (n *Node) harvest() int {
	now := n.now()
	var keep, include []*entry
	modified := map[sign.Address]bool{}
	n.height++
	for _, e := range n.pool {
		acting := n.actingAccount(e.signed.Tx)
		_, isMod := innerOf(e.signed.Tx).(*transaction.MultisigAggregateModification)
		switch {
		case expired(e.signed.Tx, now):
		case acting.state().Validate(e.signed.Tx) != nil:
			// An earlier block or transaction changed the account: NIS
			// drops what no longer validates.
		case !n.complete(e):
			keep = append(keep, e)
		case isMod && modified[acting.addr]:
			// One aggregate modification per account and block
			// (BlockMultisigAggregateModificationValidator).
			keep = append(keep, e)
		default:
			if isMod {
				modified[acting.addr] = true
			}
			include = append(include, e)
			n.confirm(e)
		}
	}
	n.pool = keep
	if len(include) == 0 {
		n.height--
	}
	return len(include)
}

// innerOf returns a wrapper's inner transaction, or tx itself.
func innerOf(tx transaction.Transaction) transaction.Transaction {
	if ms, ok := tx.(*transaction.Multisig); ok {
		return ms.Inner
	}
	return tx
}

// expired reports whether a deadline of tx or of a child has passed.
func expired(tx transaction.Transaction, now transaction.Timestamp) bool {
	return errors.Is(transaction.CheckTimes(tx, now), transaction.ErrExpired)
}

// confirm appends e to the chain in the block at the current height and
// applies it.
func (n *Node) confirm(e *entry) {
	e.height, e.id = n.height, n.nextID
	n.nextID++
	n.chain = append(n.chain, e)
	n.chainHash[e.hash] = true
	for _, c := range e.children {
		n.chainHash[c] = true
	}
	n.apply(e.signed.Tx)
}

// apply executes tx's effects on balances and multisig state: the debtor
// pays what transaction.Debits says, each recipient (a transfer's, a
// levy's, a sink) is credited, fees go to no one.
func (n *Node) apply(tx transaction.Transaction) {
	n.learn(tx.Common().Signer)
	if ms, ok := tx.(*transaction.Multisig); ok {
		n.learn(ms.Inner.Common().Signer)
		for _, cs := range ms.Cosignatures {
			n.learn(cs.Cosignature.Signer)
		}
	}
	if d, err := transaction.Debits(tx, n.levies); err == nil {
		debtor := n.acct(d.Debtor)
		debtor.balance -= min(debtor.balance, d.XEM)
		for _, m := range d.Mosaics {
			debtor.setMosaic(m.ID, debtor.mosaics[m.ID]-min(debtor.mosaics[m.ID], m.Quantity))
		}
		for _, o := range d.Outflows {
			if o.Recipient == (sign.Address{}) {
				continue
			}
			to := n.acct(o.Recipient)
			if o.Mosaic == transaction.XEMMosaic {
				to.balance += transaction.Amount(o.Quantity)
			} else {
				to.setMosaic(o.Mosaic, to.mosaics[o.Mosaic]+o.Quantity)
			}
		}
	}
	n.effects(tx)
}

// effects applies what tx does besides moving funds: change
// cosignatories.
func (n *Node) effects(tx transaction.Transaction) {
	switch t := tx.(type) {
	case *transaction.Multisig:
		n.effects(t.Inner)
	case *transaction.MultisigAggregateModification:
		a := n.learn(t.Signer)
		// harvest validated t against this state just before.
		if next, err := a.state().Apply(t); err == nil {
			n.setMultisig(t.Signer, next.Cosignatories, next.MinCosignatories)
		}
	}
}

// complete reports whether e can be included in a block: not a wrapper,
// or a wrapper with the signatures MultisigSignaturesPresentValidator
// requires (multisig.State.Satisfied): the wrapper's signer and the
// cosignatures' signers, counted against the account's state.
func (n *Node) complete(e *entry) bool {
	ms, ok := e.signed.Tx.(*transaction.Multisig)
	if !ok {
		return true
	}
	signers := []sign.PublicKey{ms.Signer}
	for _, cs := range ms.Cosignatures {
		signers = append(signers, cs.Cosignature.Signer)
	}
	st := n.acct(ms.Inner.Common().Signer.Address(n.Network)).state()
	return st.Satisfied(ms.Inner, signers) == nil
}

// String describes the node for test failures.
func (n *Node) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return fmt.Sprintf("nistest.Node{network %v, time %d, height %d, %d in pool, %d confirmed}", n.Network, n.now(), n.height, len(n.pool), len(n.chain))
}
