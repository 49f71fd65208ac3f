package nis

import (
	"errors"
	"fmt"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"slices"
	"sync"
	"time"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Defaults of WatchConfig.
const (
	// DefaultPendingGrace is how long an unapproved wrapper may wait in
	// the pool for its cosignatures before it is reported.
	DefaultPendingGrace = 2 * time.Minute
	// DefaultLookback is the history the first poll checks.
	DefaultLookback = 24 * time.Hour
	// defaultMaxFee is the fee cap of an approved transaction: 10 XEM,
	// above the NIS minimum of every multisig payout of XEM (at most
	// 2.9 XEM for the inner transfer with a full-length message, 0.15 XEM
	// for the wrapper and for each of up to 31 cosignatures: 7.7 XEM in
	// all) yet far below a drain. Mosaic transfers can need more.
	defaultMaxFee = 10 * transaction.XEM
)

// watchPages bounds the pages of outgoing transactions one poll reads.
const watchPages = 10

// WatchConfig says what a Watcher watches.
type WatchConfig struct {
	// Account is the account whose outflows are watched: a multisig
	// account (funds leave it through wrappers its cosignatories sign) or
	// an ordinary one.
	Account sign.Address
	// Journals are the offline signers' journals (coldwallet/journal), copied to
	// the watching machine; they hold no secrets. The hashes of their
	// "signed" entries are the approved transactions. NewWatcher reads
	// and verifies them once, so that a wrong path fails at once; they
	// are read and verified again at every poll, so appending copies of
	// newer journals takes effect without a restart.
	Journals []string
	// Signers are the offline keys whose journal entries count; required
	// with Journals. A journal copy is an unsigned file on the online
	// host: anyone who can write it can append a "signed" entry naming
	// any key. So an entry approves a transaction only if its Signer is
	// one of these keys and the transaction carries that key's verified
	// signature (as its signer, or in a wrapper's cosignatures as the node
	// lists them). A forged entry then approves only what the key really
	// signed; it cannot make a transaction the key did not sign look
	// approved.
	Signers []sign.PublicKey
	// Heads are the journal heads the online side recorded from the
	// signers' responses (coldwallet.Heads.Of(Signers), from the same file
	// combine keeps), at most one per signer. A journal copy that holds
	// entries of a signer whose head is given must be that signer's
	// journal and still hold the recorded entry: a truncated, rewritten or
	// replaced copy is refused (journal.ErrRollback), at start and at
	// every poll.
	Heads []journal.Head
	// MaxFee caps the fees the account pays for one approved transaction:
	// its own fee, and for a multisig wrapper the wrapper's, the inner
	// transaction's and every attached cosignature's (NIS debits them all
	// from the multisig account and sets no upper limit but 1000 XEM per
	// cosignature). A journal approves the inner transaction, not the fee
	// the initiator puts on the wrapper; an approved transaction paying
	// more raises a Fee alert. 0 means 10 XEM.
	MaxFee transaction.Amount
	// MaxOutflow, when not 0, raises an Outflow alert when the XEM the
	// account's confirmed transactions took out within Window (transfers,
	// mosaic levies paid in XEM, rental and creation fees, and every
	// transaction fee it paid, as transaction.Debits counts them) exceeds
	// it.
	MaxOutflow transaction.Amount
	// Window is the period MaxOutflow applies to; required with it.
	Window time.Duration
	// PendingGrace is how long an unapproved multisig wrapper may wait in
	// the unconfirmed pool before it is reported: its cosignatures,
	// which are what the journals approve, are usually announced right
	// after it. 0 means DefaultPendingGrace. Confirmed transactions and
	// unconfirmed ones that are not wrappers are reported at once.
	PendingGrace time.Duration
	// Lookback limits the first poll to transactions stamped within it
	// (older history is taken as known); 0 means DefaultLookback.
	Lookback time.Duration
	// Health, when set, is the path of the key health record
	// (keyhealth.Record) of HealthPlan, which the online side keeps. It is
	// read and verified at start and at every poll, and a StaleKey alert
	// is raised for each cosigner of HealthPlan that has not proved
	// control of its key within StaleAfter.
	Health string
	// HealthPlan is the plan of Health; required with it.
	HealthPlan *multisig.Plan
	// StaleAfter is the health check period; 0 means
	// keyhealth.DefaultStaleAfter (180 days).
	StaleAfter time.Duration
	// Now is this machine's clock (time.Now when nil). A key is stale by
	// the later of it and the node's time.
	Now func() time.Time
}

// AlertKind says what an alert is about.
type AlertKind string

// Alert kinds.
const (
	// Unapproved: a transaction moving funds out of the account (or
	// changing it: any type the account is the debtor of) whose hash
	// appears in no journal.
	Unapproved AlertKind = "unapproved"
	// Fee: an approved transaction whose fees, paid by the account,
	// exceed MaxFee: a wrapper around an approved payout can carry any
	// fee its initiator chooses.
	Fee AlertKind = "fee"
	// Outflow: the XEM moved out within the window, fees included,
	// exceeds MaxOutflow.
	Outflow AlertKind = "outflow"
	// Incomplete: more outgoing transactions appeared since the last poll
	// than one poll reads (watchPages pages, of 100 or of what the
	// node returns); the oldest of them were not checked.
	Incomplete AlertKind = "incomplete"
	// WatchFailing: polls keep failing, so the account is not being
	// watched. Poll never raises it (it returns the error); Run does,
	// after FailingAfter failed polls in a row.
	WatchFailing AlertKind = "watch-failing"
	// LevyUnknown: a transaction of the account moves a mosaic whose levy
	// cannot be determined: the node does not know its definition, answers
	// garbage, or the levy would overflow NIS's long arithmetic. The
	// transaction's outflow is counted without that levy, so Outflow may
	// count too little.
	LevyUnknown AlertKind = "levy-unknown"
	// StaleKey is defined in watch_health.go.
)

// Alert is one finding of a Watcher. Its JSON form is what the CLI prints
// and posts to a webhook.
type Alert struct {
	Kind    AlertKind    `json:"kind"`
	Account sign.Address `json:"account"`
	// NodeTime is the node's network time of the poll that raised it.
	NodeTime transaction.Timestamp `json:"nodeTime"`
	// Hash is the unapproved transaction's hash (a wrapper's own hash);
	// InnerHash the hash of the transaction it wraps.
	Hash      *transaction.Hash `json:"hash,omitempty"`
	InnerHash *transaction.Hash `json:"innerHash,omitempty"`
	// Type is the type of what moves the funds (a wrapper's inner
	// transaction), in the words of transaction.Type.String.
	Type      string        `json:"type,omitempty"`
	Recipient *sign.Address `json:"recipient,omitempty"`
	// Amount is the micro-XEM moved: by the transaction (a transfer, a
	// rental or creation fee), or (Outflow) by all transactions within the
	// window, their fees included.
	Amount transaction.Amount `json:"amount,omitempty"`
	// Fee is the micro-XEM of fees the account pays for the transaction
	// (Unapproved, Fee).
	Fee transaction.Amount `json:"fee,omitempty"`
	// Levy is the micro-XEM of mosaic levies the account pays for the
	// transaction (Unapproved, Fee, LevyUnknown: those that could be
	// determined).
	Levy transaction.Amount `json:"levy,omitempty"`
	// Height is the block of a confirmed transaction; 0 while unconfirmed.
	Height uint64 `json:"height,omitempty"`
	// Limit is MaxOutflow (Outflow) or MaxFee (Fee). Window and Hashes
	// describe an Outflow alert: the window and the transactions counted.
	Limit  transaction.Amount `json:"limit,omitempty"`
	Window string             `json:"window,omitempty"`
	Hashes []transaction.Hash `json:"hashes,omitempty"`
	// Cosigner is the key of a StaleKey alert; LastProof when it last
	// proved control (RFC 3339), or "never (...)".
	Cosigner  *sign.PublicKey `json:"cosigner,omitempty"`
	LastProof string          `json:"lastProof,omitempty"`
	// Message says it in one line for people.
	Message string `json:"message"`
}

// Watcher polls a node for the outgoing transactions of an account and
// reports those no offline journal approved, and outflows above a limit.
// Create it with NewWatcher; it keeps what it has seen between polls, so
// each finding is reported once. Safe for concurrent use; polls are
// serialized.
//
// Which hash counts as approved: a transaction is approved when its own
// hash, the hash of one of the cosignatures it carries, or (for a wrapper)
// its inner transaction's hash is in a "signed" entry of a journal, and
// that entry's Signer is in WatchConfig.Signers and has signed the
// transaction on chain (see Signers). The
// own hash covers what an offline key signed itself (an ordinary
// transfer, or a wrapper it initiated). The inner hash is what the offline
// signer records under "approves" for every cosignature and wrapper: it
// approves exactly the payout, whoever initiates the wrapper. A
// cosignature's hash covers journals written before "approves" existed:
// the cosignature names the inner hash and the account, and its signature
// is verified. For those journals an unconfirmed wrapper is given
// PendingGrace to collect its cosignatures before it is reported.
//
// An approved transaction whose fees exceed MaxFee is reported as Fee.
//
// Outflow counts the XEM confirmed transactions take out of the account,
// approved or not, as transaction.Debits computes it: transfers (a
// wrapper's inner transfer included), mosaic levies paid in XEM, namespace
// rental and mosaic creation fees, and every transaction fee the account
// pays (a wrapper's, its inner transaction's, its cosignatures'). A levy
// needs the mosaic's definition: the watcher reads it from the node (GET
// /mosaic/definition), keeps it for 10 min of node time, and raises
// LevyUnknown for a transaction whose levy it cannot determine. Each counts
// at the node time the
// watcher first saw each one: a transaction's own timestamp can be set up
// to a day in the past and would let a burst hide from a short window.
// Transactions already confirmed at the first poll are counted at their
// timestamp, the best that history offers.
type Watcher struct {
	client  *Client
	cfg     WatchConfig
	signers map[sign.PublicKey]bool

	mu     sync.Mutex
	polled bool
	seen   map[transaction.Hash]*observed
	defs   map[transaction.MosaicID]*knownLevy
	// staleReported are the cosigners a StaleKey alert was raised for.
	staleReported staleKeys
}

// observed is what a watcher remembers of one transaction.
type observed struct {
	at        transaction.Timestamp // counted in the window at this time
	lastSeen  transaction.Timestamp // last poll that listed it
	confirmed bool
	reported  bool // checked for approval (and reported if not approved)
	history   bool // confirmed before the lookback of the first poll: not checked
	amount    transaction.Amount
	// levyReported: a LevyUnknown alert was raised for it.
	levyReported bool
}

// ErrNoSigners: WatchConfig has Journals but no Signers, so no journal
// entry could count as an approval.
var ErrNoSigners = errors.New("nis: watch: journals given without the signer keys whose entries count")

// NewWatcher checks cfg, reads and verifies its journals once (a missing
// or corrupt journal is an error now, not an alert minutes later), and
// returns a watcher using c.
func NewWatcher(c *Client, cfg WatchConfig) (*Watcher, error) {
	if c == nil {
		return nil, errors.New("nis: watch: no client")
	}
	if err := cfg.Account.Validate(); err != nil {
		return nil, fmt.Errorf("nis: watch: account: %w", err)
	}
	if cfg.MaxOutflow > 0 && cfg.Window <= 0 {
		return nil, errors.New("nis: watch: MaxOutflow needs a Window")
	}
	if cfg.Window < 0 || cfg.PendingGrace < 0 || cfg.Lookback < 0 {
		return nil, errors.New("nis: watch: negative duration")
	}
	if len(cfg.Journals) > 0 && len(cfg.Signers) == 0 {
		return nil, ErrNoSigners
	}
	if err := checkHealthConfig(&cfg); err != nil {
		return nil, err
	}
	signers := map[sign.PublicKey]bool{}
	for _, k := range cfg.Signers {
		if k == (sign.PublicKey{}) {
			return nil, errors.New("nis: watch: a zero signer key")
		}
		signers[k] = true
	}
	if cfg.MaxFee == 0 {
		cfg.MaxFee = defaultMaxFee
	}
	if cfg.PendingGrace == 0 {
		cfg.PendingGrace = DefaultPendingGrace
	}
	if cfg.Lookback == 0 {
		cfg.Lookback = DefaultLookback
	}
	cfg.Journals = slices.Clone(cfg.Journals)
	cfg.Signers = slices.Clone(cfg.Signers)
	if _, err := readApprovals(cfg.Journals, signers, cfg.Heads); err != nil {
		return nil, err
	}
	w := &Watcher{client: c, cfg: cfg, signers: signers, seen: map[transaction.Hash]*observed{}, defs: map[transaction.MosaicID]*knownLevy{}, staleReported: staleKeys{}}
	if _, err := w.readHealth(); err != nil {
		return nil, err
	}
	return w, nil
}
