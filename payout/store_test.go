package payout

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

// TestOpenSQLite: a store is created explicitly, as a new file of mode
// 0600, and never over anything; opening needs a store: a missing path is
// not created, and a file that is not a store is refused.
func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "payouts.sqlite")
	s, err := OpenSQLite(ctx, path, true)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, fs.FileMode(0o600), st.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left")

	before, err := os.ReadFile(path)
	require.NoError(t, err)
	_, err = OpenSQLite(ctx, path, true)
	require.ErrorIs(t, err, fs.ErrExist)
	require.Contains(t, err.Error(), "payout store file "+path+" already exists; refusing to overwrite it")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)

	missing := filepath.Join(dir, "typo.sqlite")
	_, err = OpenSQLite(ctx, missing, false)
	require.ErrorIs(t, err, fs.ErrNotExist)
	require.Contains(t, err.Error(), "create it first")
	require.NoFileExists(t, missing, "opening never creates a store")

	_, err = OpenSQLite(ctx, filepath.Join(dir, "no-such-dir", "payouts.sqlite"), true)
	require.Error(t, err)

	for name, content := range map[string]string{"empty": "", "text": "not a database\n", "another SQLite database": ""} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		if name == "another SQLite database" {
			o, err := openSQLite(p, "rw")
			require.NoError(t, err)
			_, err = o.db.Exec(`CREATE TABLE t (x INTEGER)`)
			require.NoError(t, err)
			require.NoError(t, o.Close())
		}
		_, err := OpenSQLite(ctx, p, false)
		require.Error(t, err, name)
		require.True(t, strings.HasPrefix(err.Error(), "payout: store: "), err.Error())
	}

	s, err = OpenSQLite(ctx, path, false)
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestStorePaysFromOneAccount: a store records the account of the first
// queue's plan, and refuses a queue of another account.
func TestStorePaysFromOneAccount(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		c := newCustody(t)
		s, reopen := k.open(t)
		_, err := c.queue(s).Submit(ctx, withdrawals(t, 1)[0])
		require.NoError(t, err)

		other, err := multisig.NewPlan(testKey(t, "other account").PublicKey(), sign.Testnet, c.plan.Cosigners, 2, multisig.Relaxations{})
		require.NoError(t, err)
		q := c.queue(reopen())
		q.Plan = other
		_, err = q.List(ctx)
		require.EqualError(t, err, "payout: store: it pays from "+c.plan.Address().String()+", the plan's account is "+other.Address().String())
		_, err = q.Submit(ctx, withdrawals(t, 2)[1])
		require.Error(t, err)
		all, err := c.queue(reopen()).List(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
	})
}

// TestOpenPostgres: tables are created once, and a database without them
// is not a store.
func TestOpenPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := postgresDSN(t)
	_, err := OpenPostgres(ctx, dsn, false)
	require.ErrorContains(t, err, "payout: store: not a payout store (create one first)")
	s, err := OpenPostgres(ctx, dsn, true)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	_, err = OpenPostgres(ctx, dsn, true)
	require.EqualError(t, err, "payout: store: the database has a payout store already; refusing to create another")
	s, err = OpenPostgres(ctx, dsn, false)
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestOpenPostgresKeepsThePasswordSecret: a connection that fails never
// shows the password of the connection string.
func TestOpenPostgresKeepsThePasswordSecret(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{
		"host=" + t.TempDir() + " user=payouts password=Sup3rSecretPassw0rd dbname=payouts connect_timeout=2",
		"postgres://payouts:Sup3rSecretPassw0rd@127.0.0.1:1/payouts?connect_timeout=2",
	} {
		_, err := OpenPostgres(ctx, dsn, false)
		require.Error(t, err)
		require.NotContains(t, err.Error(), "Sup3rSecretPassw0rd")
		require.True(t, strings.HasPrefix(err.Error(), "payout: store: "), err.Error())
	}
}
