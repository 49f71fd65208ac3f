package payout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

var postgresDialect = dialect{
	name:       "postgres",
	schema:     schemaOf("BIGINT", "BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
	lock:       " FOR UPDATE",
	skipLocked: " FOR UPDATE OF w SKIP LOCKED",
	dollar:     true,
}

// OpenPostgres opens a store in a PostgreSQL database (through
// github.com/jackc/pgx/v5), for exchanges that run several online
// servers on one queue. dsn is pgx's connection string ("postgres://user@
// host/db", or "host=/run/postgresql dbname=payouts"). With create it makes
// the tables and refuses a database that has them; without, it refuses a
// database without them.
//
// Servers sharing the database never build the same withdrawal twice:
// every build holds a row lock that serializes builders (and the
// withdrawals it takes are locked with FOR UPDATE SKIP LOCKED), each
// change is a compare-and-set on the withdrawal's state and build, and
// (withdrawal, build) is a unique key. Transactions run at PostgreSQL's
// default READ COMMITTED isolation; each is committed before the call
// that makes it returns (keep the server's synchronous_commit on).
func OpenPostgres(ctx context.Context, dsn string, create bool) (Store, error) {
	if dsn == "" {
		return nil, errors.New("payout: store: no PostgreSQL connection string")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	s := &sqlStore{db: db, d: postgresDialect}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("payout: store: PostgreSQL: %w", err)
	}
	if create {
		var exists bool
		if err := db.QueryRowContext(ctx, `SELECT to_regclass('payout_meta') IS NOT NULL`).Scan(&exists); err != nil {
			db.Close()
			return nil, fmt.Errorf("payout: store: %w", err)
		}
		if exists {
			db.Close()
			return nil, errors.New("payout: store: the database has a payout store already; refusing to create another")
		}
		if err := s.createSchema(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := s.checkSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
