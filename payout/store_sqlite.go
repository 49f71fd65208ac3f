package payout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go

	"github.com/nemcustody/nemcustody/internal/newfile"
)

// sqliteParams are the connection settings of the embedded store: wait up
// to 30 s for another process's write; write-ahead log, synced at every
// commit (synchronous FULL), so a committed step survives a crash or a
// power loss; every transaction takes the write lock when it begins
// (BEGIN IMMEDIATE), so a transaction that reads and then writes never
// works on what another process changed in between; foreign keys
// enforced.
const sqliteParams = "_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"

var sqliteDialect = dialect{
	name:   "sqlite",
	schema: schemaOf("INTEGER", "BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT"),
}

// OpenSQLite opens the embedded store: one SQLite database file at path
// (modernc.org/sqlite, pure Go, no server and no set-up). With create it
// makes a new store and refuses an existing file; without, it opens an
// existing store and refuses a missing one: a mistyped path never starts
// an empty queue, which would forget what was built.
//
// A new store appears whole or not at all: the empty tables are written to
// a temporary database, and its file is placed at path as a new file
// (mode 0600) by internal/newfile. Every step a queue stores is one
// transaction, synced to disk before the call returns. Several processes
// may open the same file: SQLite serializes their writes.
func OpenSQLite(ctx context.Context, path string, create bool) (Store, error) {
	if path == "" {
		return nil, errors.New("payout: store: no path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	if create {
		if err := createSQLite(ctx, abs); err != nil {
			return nil, err
		}
	} else if st, err := os.Stat(abs); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("payout: store %s does not exist (create it first): %w", path, err)
		}
		return nil, fmt.Errorf("payout: store: %w", err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("payout: store %s is not a file", path)
	}
	s, err := openSQLite(abs, "rw")
	if err != nil {
		return nil, err
	}
	if err := s.checkSchema(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return s, nil
}

// openSQLite opens the database at the absolute path abs in SQLite's mode
// ("rw": it must exist; "rwc": it may be created).
func openSQLite(abs, mode string) (*sqlStore, error) {
	// A URI filename, so that mode=rw forbids creating the file: escape
	// what a URI path cannot hold.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(abs))
	db, err := sql.Open("sqlite", "file:"+esc+"?mode="+mode+"&"+sqliteParams)
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	return &sqlStore{db: db, d: sqliteDialect}, nil
}

// createSQLite writes a new store with empty tables at abs.
func createSQLite(ctx context.Context, abs string) error {
	if err := newfile.Check(abs, "payout store"); err != nil {
		return fmt.Errorf("payout: %w", err)
	}
	dir, err := os.MkdirTemp("", "nemcustody-store-")
	if err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "store.sqlite")
	s, err := openSQLite(tmp, "rwc")
	if err != nil {
		return err
	}
	err = s.createSchema(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	b, err := os.ReadFile(tmp)
	if err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	if err := newfile.Write(newfile.File{Path: abs, What: "payout store", Data: b, Perm: 0o600}); err != nil {
		return fmt.Errorf("payout: %w", err)
	}
	return nil
}
