package payout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/internal/faultpoint"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Store keeps a queue's withdrawals, batches and responses. Its
// implementations are the embedded store (OpenSQLite) and PostgreSQL
// (OpenPostgres); the queue uses nothing but the operations listed here,
// each of which is one database transaction, durable when it returns.
type Store interface {
	// Close releases the database.
	Close() error

	// bind records the account the store pays from, or checks it.
	bind(ctx context.Context, account sign.Address) error
	// submit stores w as accepted unless its ID is stored, and returns
	// the stored withdrawal and whether it is new.
	submit(ctx context.Context, w Withdrawal, now time.Time) (stored, bool, error)
	// claim takes up to max withdrawals that may be built (accepted or
	// expired, oldest first), which no other claim holds, and stores
	// what build makes of them, all or nothing. It refuses with
	// ErrAwaiting while a batch asking one of signers awaits signatures.
	claim(ctx context.Context, max int, signers []sign.PublicKey, now time.Time, build buildFunc) (*Batch, []Record, error)
	// receive stores what fn makes of a batch and a response.
	receive(ctx context.Context, batch string, now time.Time, fn receiveFunc) ([]Record, error)
	// update applies changes, each only if the withdrawal is still in the
	// state and attempt it names, and returns the changed records.
	update(ctx context.Context, changes []change, now time.Time) ([]Record, error)
	// get returns one withdrawal; list those in the given states (all
	// when none), in submission order.
	get(ctx context.Context, id string) (stored, error)
	list(ctx context.Context, states []State) ([]stored, error)
	// pending returns the batches that await signatures.
	pending(ctx context.Context) ([]*Batch, error)
}

// stored is a withdrawal as stored, with its current build.
type stored struct {
	Record
	wrapper  []byte // the signed wrapper's announce object
	payloads []byte // the announce objects, one per line, once signed
}

// built is one withdrawal as a build makes it.
type built struct {
	id        string
	from      State // the state it was claimed in
	attempt   int   // the new attempt
	timestamp transaction.Timestamp
	deadline  transaction.Timestamp
	inner     transaction.Hash
	wrapper   transaction.Hash
	signed    []byte // the signed wrapper's announce object
}

// buildFunc builds a batch from the claimed withdrawals. heads is the
// stored journal heads document (nil when none); taken reports whether an
// inner hash is used by a stored build already. It returns nil when none
// of them can be built now.
type buildFunc func(claimed []stored, heads []byte, taken func(transaction.Hash) (bool, error)) (*Batch, []built, error)

// batchView is a batch as stored, for receive.
type batchView struct {
	id        string
	request   []byte
	heads     []byte
	responses map[sign.PublicKey][]byte
	attempts  []batchAttempt
}

// batchAttempt is one build of a batch, and where its withdrawal is now.
type batchAttempt struct {
	id      string
	attempt int
	inner   transaction.Hash
	wrapper []byte
	state   State // the withdrawal's state
	current int   // the withdrawal's current attempt
}

// receipt is what receive stores: the response, the journal heads after
// it, and the announce payloads of the builds it completes.
type receipt struct {
	signer   sign.PublicKey
	response []byte
	heads    []byte
	signed   map[string][]byte // withdrawal ID -> payloads
}

// receiveFunc checks a response against its batch.
type receiveFunc func(*batchView) (*receipt, error)

// change moves one withdrawal.
type change struct {
	id            string
	from          State
	attempt       int
	to            State
	height        uint64
	confirmations uint64
	reason        string
}

// dialect is what differs between the SQL databases.
type dialect struct {
	name string
	// schema creates the tables.
	schema []string
	// lock is appended to a SELECT of one row that serializes writers
	// (PostgreSQL: FOR UPDATE; SQLite's write transactions are exclusive).
	lock string
	// skipLocked is appended to the SELECT of withdrawals to build, so
	// that two servers never take the same one.
	skipLocked string
	// dollar numbers placeholders $1, $2... instead of ?.
	dollar bool
}

// schemaVersion is the version of the tables this package writes.
const schemaVersion = "1"

// sqlStore is a Store on a database/sql database.
type sqlStore struct {
	db *sql.DB
	d  dialect
}

func (s *sqlStore) Close() error { return s.db.Close() }

// q rewrites a query written with ? placeholders for the dialect.
func (s *sqlStore) q(query string) string {
	if !s.d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// inTx runs fn in a transaction and commits it. point names the commit
// for the crash test: "payout.<point>.commit" before it,
// "payout.<point>.done" after it.
func (s *sqlStore) inTx(ctx context.Context, point string, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	faultpoint.Point("payout." + point + ".commit")
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("payout: store: commit: %w", err)
	}
	faultpoint.Point("payout." + point + ".done")
	return nil
}

// createSchema creates the tables in a new database.
func (s *sqlStore) createSchema(ctx context.Context) error {
	return s.inTx(ctx, "create", func(tx *sql.Tx) error {
		for _, stmt := range s.d.schema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("payout: store: creating the tables: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO payout_meta (name, value) VALUES ('schema', ?)`), schemaVersion)
		if err != nil {
			return fmt.Errorf("payout: store: creating the tables: %w", err)
		}
		return nil
	})
}

// checkSchema checks that the database holds this package's tables.
func (s *sqlStore) checkSchema(ctx context.Context) error {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM payout_meta WHERE name = 'schema'`).Scan(&v)
	if err != nil {
		return fmt.Errorf("payout: store: not a payout store (create one first): %w", err)
	}
	if v != schemaVersion {
		return fmt.Errorf("payout: store: tables of version %q, this program reads version %s", v, schemaVersion)
	}
	return nil
}

func (s *sqlStore) bind(ctx context.Context, account sign.Address) error {
	return s.inTx(ctx, "bind", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO payout_meta (name, value) VALUES ('account', ?) ON CONFLICT (name) DO NOTHING`), account.String()); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		var have string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM payout_meta WHERE name = 'account'`).Scan(&have); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		if have != account.String() {
			return fmt.Errorf("payout: store: it pays from %s, the plan's account is %s", have, account)
		}
		return nil
	})
}

// selectStored reads withdrawals with their current build; a WHERE
// clause follows.
const selectStored = `SELECT w.id, w.recipient, w.amount, w.message, w.state, w.attempt, w.height, w.confirmations, w.reason, w.submitted, w.updated,
	COALESCE(a.batch, ''), COALESCE(a.ts, 0), COALESCE(a.deadline, 0), COALESCE(a.inner_hash, ''), COALESCE(a.wrapper_hash, ''), a.wrapper, a.payloads
	FROM payout_withdrawals w LEFT JOIN payout_attempts a ON a.withdrawal = w.id AND a.attempt = w.attempt `

type scanner interface{ Scan(...any) error }

func scanStored(r scanner) (stored, error) {
	var x stored
	var to, state, inner, wrapper string
	var amount, submitted, updated, ts, deadline, height, confirmations int64
	err := r.Scan(&x.ID, &to, &amount, &x.Message, &state, &x.Attempt, &height, &confirmations, &x.Reason, &submitted, &updated,
		&x.Batch, &ts, &deadline, &inner, &wrapper, &x.wrapper, &x.payloads)
	if err != nil {
		return x, err
	}
	if x.To, err = sign.ParseCanonicalAddress(to); err != nil {
		return x, fmt.Errorf("payout: store: withdrawal %s: recipient: %w", x.ID, err)
	}
	if amount < 0 || ts < 0 || deadline < 0 || height < 0 || confirmations < 0 || ts > int64(transaction.MaxTimestamp) || deadline > int64(transaction.MaxTimestamp) {
		return x, fmt.Errorf("payout: store: withdrawal %s: a negative or out-of-range number", x.ID)
	}
	x.Amount, x.Timestamp, x.Deadline = transaction.Amount(amount), transaction.Timestamp(ts), transaction.Timestamp(deadline)
	x.Height, x.Confirmations = uint64(height), uint64(confirmations)
	x.State = State(state)
	x.Submitted, x.Updated = time.Unix(submitted, 0).UTC(), time.Unix(updated, 0).UTC()
	for _, h := range []struct {
		s   string
		dst *transaction.Hash
	}{{inner, &x.InnerHash}, {wrapper, &x.WrapperHash}} {
		if h.s == "" {
			continue
		}
		if *h.dst, err = transaction.ParseHash(h.s); err != nil {
			return x, fmt.Errorf("payout: store: withdrawal %s: %w", x.ID, err)
		}
	}
	return x, nil
}

// queryer is a database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *sqlStore) getIn(ctx context.Context, db queryer, id string) (stored, error) {
	x, err := scanStored(db.QueryRowContext(ctx, s.q(selectStored+`WHERE w.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, fmt.Errorf("payout: withdrawal %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return x, fmt.Errorf("payout: store: %w", err)
	}
	return x, nil
}

func (s *sqlStore) get(ctx context.Context, id string) (stored, error) {
	return s.getIn(ctx, s.db, id)
}

func (s *sqlStore) list(ctx context.Context, states []State) ([]stored, error) {
	query := selectStored
	var args []any
	if len(states) > 0 {
		query += `WHERE w.state IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", ") + `) `
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+`ORDER BY w.seq`), args...)
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	defer rows.Close()
	var out []stored
	for rows.Next() {
		x, err := scanStored(rows)
		if err != nil {
			return nil, fmt.Errorf("payout: store: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	return out, nil
}

func (s *sqlStore) submit(ctx context.Context, w Withdrawal, now time.Time) (stored, bool, error) {
	var x stored
	var created bool
	err := s.inTx(ctx, "submit", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO payout_withdrawals (id, recipient, amount, message, state, attempt, height, confirmations, reason, submitted, updated)
			VALUES (?, ?, ?, ?, ?, 0, 0, 0, '', ?, ?) ON CONFLICT (id) DO NOTHING`),
			w.ID, w.To.String(), int64(w.Amount), w.Message, string(Accepted), now.Unix(), now.Unix())
		if err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		created = n == 1
		x, err = s.getIn(ctx, tx, w.ID)
		return err
	})
	return x, created, err
}

// records reads the records of ids, in that order.
func (s *sqlStore) records(ctx context.Context, db queryer, ids []string) ([]Record, error) {
	var out []Record
	for _, id := range ids {
		x, err := s.getIn(ctx, db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, x.Record)
	}
	return out, nil
}

// move applies one change if the withdrawal is still where it names;
// it reports whether it did.
func (s *sqlStore) move(ctx context.Context, tx *sql.Tx, c change, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, s.q(`UPDATE payout_withdrawals SET state = ?, height = ?, confirmations = ?, reason = ?, updated = ?
		WHERE id = ? AND state = ? AND attempt = ?`),
		string(c.to), int64(c.height), int64(c.confirmations), c.reason, now.Unix(), c.id, string(c.from), c.attempt)
	if err != nil {
		return false, fmt.Errorf("payout: store: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("payout: store: %w", err)
	}
	return n == 1, nil
}

func (s *sqlStore) update(ctx context.Context, changes []change, now time.Time) ([]Record, error) {
	if len(changes) == 0 {
		return nil, nil
	}
	sorted := sortedChanges(changes)
	var moved []string
	err := s.inTx(ctx, "update", func(tx *sql.Tx) error {
		moved = moved[:0]
		for _, c := range sorted {
			ok, err := s.move(ctx, tx, c, now)
			if err != nil {
				return err
			}
			if ok {
				moved = append(moved, c.id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.records(ctx, s.db, moved)
}

// sortedChanges orders changes by withdrawal ID, the order in which every
// transaction locks withdrawals (no deadlock between two servers).
func sortedChanges(changes []change) []change {
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b change) int { return strings.Compare(a.id, b.id) })
	return out
}
