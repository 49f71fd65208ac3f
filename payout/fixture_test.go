package payout

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// t0 is the test node's time when a test starts.
const t0 transaction.Timestamp = 250_000_000

// postgresEnv names the environment variable that gives the tests a
// PostgreSQL server: a pgx connection string of a database the tests may
// create schemas in (.ci/run starts a throwaway cluster and sets it).
const postgresEnv = "NEMCUSTODY_TEST_POSTGRES"

// testKey derives a deterministic key from a label.
func testKey(t testing.TB, label string) *sign.PrivateKey {
	seed := sha256.Sum256([]byte("payout " + label))
	k, err := sign.NewPrivateKeyFromSeed(seed[:])
	require.NoError(t, err)
	return k
}

// customer is the address of a test customer.
func customer(t testing.TB, i int) sign.Address {
	return testKey(t, fmt.Sprint("customer ", i)).Address(sign.Testnet)
}

// storeKind opens stores of one kind for a test.
type storeKind struct {
	name string
	// open returns a new, empty store and a function that opens it again
	// (another handle, as another process or server would).
	open func(t testing.TB) (Store, func() Store)
}

// sqliteKind is the embedded store, in the test's temporary directory.
var sqliteKind = storeKind{"sqlite", func(t testing.TB) (Store, func() Store) {
	path := filepath.Join(t.TempDir(), "payouts.sqlite")
	s, err := OpenSQLite(context.Background(), path, true)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, func() Store {
		o, err := OpenSQLite(context.Background(), path, false)
		require.NoError(t, err)
		t.Cleanup(func() { o.Close() })
		return o
	}
}}

// postgresKind is PostgreSQL, in a new schema of the database postgresEnv
// names; the schema is dropped at the end of the test.
var postgresKind = storeKind{"postgres", func(t testing.TB) (Store, func() Store) {
	dsn := postgresDSN(t)
	s, err := OpenPostgres(context.Background(), dsn, true)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, func() Store {
		o, err := OpenPostgres(context.Background(), dsn, false)
		require.NoError(t, err)
		t.Cleanup(func() { o.Close() })
		return o
	}
}}

// postgresDSN creates a schema for the test and returns a connection
// string whose search path is that schema. It skips the test when no
// server is given.
func postgresDSN(t testing.TB) string {
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("no PostgreSQL server: set %s to a pgx connection string (.ci/run starts one)", postgresEnv)
	}
	var b [6]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	schema := "payout_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	if strings.Contains(base, "://") {
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	return base + " search_path=" + schema
}

// storeKinds are the stores every store test runs on: the embedded one
// always, PostgreSQL when a server is given (the test skips otherwise).
var storeKinds = []storeKind{sqliteKind, postgresKind}

// forEachStore runs test once per store kind.
func forEachStore(t *testing.T, test func(t *testing.T, k storeKind)) {
	for _, k := range storeKinds {
		t.Run(k.name, func(t *testing.T) { test(t, k) })
	}
}

// custody is a 2-of-3 account on a test node: one online key (hot), two
// offline vaults; the account holds a million XEM.
type custody struct {
	t                            testing.TB
	node                         *nistest.Node
	srv                          *httptest.Server
	client                       *nis.Client
	plan                         *multisig.Plan
	account, hot, vaultA, vaultB *sign.PrivateKey
}

func newCustody(t testing.TB) *custody {
	c := &custody{t: t, account: testKey(t, "account"), hot: testKey(t, "hot"), vaultA: testKey(t, "vault A"), vaultB: testKey(t, "vault B")}
	c.plan = newCustodyPlan(t, c)
	c.node = nistest.New(sign.Testnet, t0)
	c.node.Fund(c.account.PublicKey(), 1_000_000*transaction.XEM)
	c.node.SetMultisig(c.account.PublicKey(), c.plan.Keys(), 2)
	c.serve(c.node)
	return c
}

// newCustodyPlan is the 2-of-3 plan of c's keys.
func newCustodyPlan(t testing.TB, c *custody) *multisig.Plan {
	plan, err := multisig.NewPlan(c.account.PublicKey(), sign.Testnet, []multisig.Cosigner{
		{PublicKey: c.hot.PublicKey(), Label: "withdrawal server", Role: multisig.Online, Custodian: "datacenter"},
		{PublicKey: c.vaultA.PublicKey(), Label: "vault A", Role: multisig.Offline, Custodian: "site A"},
		{PublicKey: c.vaultB.PublicKey(), Label: "vault B", Role: multisig.Offline, Custodian: "site B"},
	}, 2, multisig.Relaxations{})
	require.NoError(t, err)
	return plan
}

// serve puts h (the node, or something in front of it) at c.client.
func (c *custody) serve(h http.Handler) {
	if c.srv != nil {
		c.srv.Close()
	}
	c.srv = httptest.NewServer(h)
	c.t.Cleanup(c.srv.Close)
	c.client = &nis.Client{BaseURL: c.srv.URL, Timeout: 5 * time.Second, Retry: nis.RetryPolicy{Attempts: 2, Backoff: time.Millisecond, MaxBackoff: time.Millisecond}}
}

// queue returns a queue of c's plan on s whose clock is the node's.
func (c *custody) queue(s Store) *Queue {
	return &Queue{
		Store: s, Plan: c.plan, Node: c.client, Initiator: c.hot,
		Cosigners:       []sign.PublicKey{c.vaultA.PublicKey()},
		AnnounceOptions: nis.AnnounceOptions{Wait: 5 * time.Second, Poll: time.Millisecond},
		Poll:            time.Millisecond,
		Now:             func() time.Time { return c.node.Time().Time() },
	}
}

// withdrawals returns n withdrawals W-0001... to distinct customers,
// 1 to n XEM.
func withdrawals(t testing.TB, n int) []Withdrawal {
	out := make([]Withdrawal, n)
	for i := range out {
		out[i] = Withdrawal{ID: fmt.Sprintf("W-%04d", i+1), To: customer(t, i+1), Amount: transaction.Amount(i+1) * transaction.XEM, Message: fmt.Sprintf("withdrawal %d", i+1)}
	}
	return out
}

// vault is an offline signer with its journal, which signs whatever its
// policy allows: any recipient, transfers of up to 10,000 XEM, 5,000
// transfers a day.
type vault struct {
	t      testing.TB
	signer *coldwallet.OfflineSigner
	path   string
	mu     sync.Mutex
}

func (c *custody) newVault(t testing.TB, key *sign.PrivateKey) *vault {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := journal.Create(path, "test", nil, journal.Options{Now: func() time.Time { return c.node.Time().Time() }})
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	_, err = coldwallet.Register(j, c.plan, nil, "test")
	require.NoError(t, err)
	policy := &coldwallet.Policy{Version: coldwallet.PolicyVersion, Networks: []sign.Network{sign.Testnet}, Types: []string{"transfer"},
		MaxAmountPerTransaction: "10000", Window: &coldwallet.PolicyWindow{Period: "24h", MaxAmount: "100000000", MaxCount: 100000},
		Recipients: []sign.Address{}, AnyRecipient: true, MaxDeadline: "6h"}
	return &vault{t: t, path: path, signer: &coldwallet.OfflineSigner{Key: key, Plan: c.plan, Policy: policy, Journal: j,
		Confirm: func(*coldwallet.Review) (bool, error) { return true, nil }, Now: func() time.Time { return c.node.Time().Time() }}}
}

// sign signs a request and returns the response.
func (v *vault) sign(request []byte) []byte {
	v.mu.Lock()
	defer v.mu.Unlock()
	res, err := v.signer.Sign(request)
	require.NoError(v.t, err)
	return res.Response
}

// confirm includes the pool in a block and adds blocks until everything
// in it has n confirmations.
func (c *custody) confirm(n int) {
	c.node.Harvest()
	for range n - 1 {
		require.NoError(c.t, c.node.AddBlock())
	}
}

// states counts records by state.
func states(rs []Record) map[State]int {
	out := map[State]int{}
	for _, r := range rs {
		out[r.State]++
	}
	return out
}
