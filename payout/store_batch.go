package payout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

func (s *sqlStore) claim(ctx context.Context, max int, signers []sign.PublicKey, now time.Time, build buildFunc) (*Batch, []Record, error) {
	var batch *Batch
	err := s.inTx(ctx, "build", func(tx *sql.Tx) error {
		batch = nil
		// One build at a time: the schema row is every builder's lock.
		var v string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM payout_meta WHERE name = 'schema'`+s.d.lock).Scan(&v); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		awaiting, err := s.awaiting(ctx, tx)
		if err != nil {
			return err
		}
		for _, b := range awaiting {
			for _, k := range b.Signers {
				if slices.Contains(signers, k) {
					return fmt.Errorf("payout: batch %s (%d withdrawals, deadline %d) awaits the signature of %s: %w",
						b.ID, len(b.Withdrawals), b.Deadline, k, ErrAwaiting)
				}
			}
		}
		rows, err := tx.QueryContext(ctx, s.q(selectStored+`WHERE w.state IN (?, ?) ORDER BY w.seq LIMIT ?`+s.d.skipLocked), string(Accepted), string(Expired), max)
		if err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		var claimed []stored
		for rows.Next() {
			x, err := scanStored(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("payout: store: %w", err)
			}
			claimed = append(claimed, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		if len(claimed) == 0 {
			return nil
		}
		heads, err := s.heads(ctx, tx, "")
		if err != nil {
			return err
		}
		taken := func(h transaction.Hash) (bool, error) {
			var one int
			err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM payout_attempts WHERE inner_hash = ?`), h.String()).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			if err != nil {
				return false, fmt.Errorf("payout: store: %w", err)
			}
			return true, nil
		}
		b, builds, err := build(claimed, heads, taken)
		if err != nil || b == nil {
			return err
		}
		if err := s.storeBuild(ctx, tx, b, builds, now); err != nil {
			return err
		}
		batch = b
		return nil
	})
	if err != nil || batch == nil {
		return nil, nil, err
	}
	recs, err := s.records(ctx, s.db, batch.Withdrawals)
	return batch, recs, err
}

// storeBuild stores a built batch and moves its withdrawals to Built,
// each only from the state and attempt it was claimed in.
func (s *sqlStore) storeBuild(ctx context.Context, tx *sql.Tx, b *Batch, builds []built, now time.Time) error {
	var keys []string
	for _, k := range b.Signers {
		keys = append(keys, k.String())
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO payout_batches (id, request, signers, node_time, deadline, created) VALUES (?, ?, ?, ?, ?, ?)`),
		b.ID, b.Request, strings.Join(keys, " "), int64(b.NodeTime), int64(b.Deadline), now.Unix())
	if err != nil {
		return fmt.Errorf("payout: store: batch %s: %w", b.ID, err)
	}
	for i, w := range builds {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO payout_attempts (withdrawal, attempt, batch, item, ts, deadline, inner_hash, wrapper_hash, wrapper)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			w.id, w.attempt, b.ID, i+1, int64(w.timestamp), int64(w.deadline), w.inner.String(), w.wrapper.String(), w.signed)
		if err != nil {
			return fmt.Errorf("payout: store: withdrawal %s, build %d: %w", w.id, w.attempt, err)
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE payout_withdrawals SET state = ?, attempt = ?, height = 0, confirmations = 0, reason = '', updated = ?
				WHERE id = ? AND state = ? AND attempt = ?`),
			string(Built), w.attempt, now.Unix(), w.id, string(w.from), w.attempt-1)
		if err != nil {
			return fmt.Errorf("payout: store: withdrawal %s: %w", w.id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("payout: store: withdrawal %s changed while it was built; nothing was stored", w.id)
		}
	}
	return nil
}

// heads returns the stored journal heads document (nil when none), read
// with suffix (a lock, or "").
func (s *sqlStore) heads(ctx context.Context, tx *sql.Tx, suffix string) ([]byte, error) {
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM payout_meta WHERE name = 'heads'`+suffix).Scan(&v); err != nil {
		return nil, fmt.Errorf("payout: store: journal heads: %w", err)
	}
	if v == "" {
		return nil, nil
	}
	return []byte(v), nil
}

// awaiting returns the batches with withdrawals that await signatures.
func (s *sqlStore) awaiting(ctx context.Context, db queryer) ([]*Batch, error) {
	rows, err := db.QueryContext(ctx, s.q(`SELECT b.id, b.request, b.signers, b.node_time, b.deadline FROM payout_batches b
		WHERE EXISTS (SELECT 1 FROM payout_withdrawals w JOIN payout_attempts a ON a.withdrawal = w.id AND a.attempt = w.attempt
			WHERE w.state = ? AND a.batch = b.id)
		ORDER BY b.seq`), string(Built))
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	var out []*Batch
	for rows.Next() {
		b := &Batch{}
		var keys string
		var nodeTime, deadline int64
		if err := rows.Scan(&b.ID, &b.Request, &keys, &nodeTime, &deadline); err != nil {
			rows.Close()
			return nil, fmt.Errorf("payout: store: %w", err)
		}
		b.NodeTime, b.Deadline = transaction.Timestamp(nodeTime), transaction.Timestamp(deadline)
		for _, k := range strings.Fields(keys) {
			pub, err := sign.ParsePublicKey(k)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("payout: store: batch %s: %w", b.ID, err)
			}
			b.Signers = append(b.Signers, pub)
		}
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	for _, b := range out {
		ids, err := s.batchWithdrawals(ctx, db, b.ID)
		if err != nil {
			return nil, err
		}
		b.Withdrawals = ids
	}
	return out, nil
}

// batchWithdrawals returns the IDs a batch pays, in item order.
func (s *sqlStore) batchWithdrawals(ctx context.Context, db queryer, batch string) ([]string, error) {
	rows, err := db.QueryContext(ctx, s.q(`SELECT withdrawal FROM payout_attempts WHERE batch = ? ORDER BY item`), batch)
	if err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("payout: store: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("payout: store: %w", err)
	}
	return ids, nil
}

func (s *sqlStore) pending(ctx context.Context) ([]*Batch, error) {
	return s.awaiting(ctx, s.db)
}

func (s *sqlStore) receive(ctx context.Context, batch string, now time.Time, fn receiveFunc) ([]Record, error) {
	var moved []string
	err := s.inTx(ctx, "receive", func(tx *sql.Tx) error {
		moved = moved[:0]
		v := &batchView{id: batch, responses: map[sign.PublicKey][]byte{}}
		err := tx.QueryRowContext(ctx, s.q(`SELECT request FROM payout_batches WHERE id = ?`+s.d.lock), batch).Scan(&v.request)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("payout: batch %s: %w", batch, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		if v.heads, err = s.heads(ctx, tx, s.d.lock); err != nil {
			return err
		}
		if err := s.readResponses(ctx, tx, v); err != nil {
			return err
		}
		if err := s.readAttempts(ctx, tx, v); err != nil {
			return err
		}
		rc, err := fn(v)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO payout_responses (batch, signer, response) VALUES (?, ?, ?)
			ON CONFLICT (batch, signer) DO UPDATE SET response = excluded.response`), batch, rc.signer.String(), rc.response)
		if err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE payout_meta SET value = ? WHERE name = 'heads'`), string(rc.heads)); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		for _, a := range v.attempts { // in withdrawal ID order
			payloads, ok := rc.signed[a.id]
			if !ok || a.state != Built || a.current != a.attempt {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE payout_attempts SET payloads = ? WHERE withdrawal = ? AND attempt = ?`), payloads, a.id, a.attempt); err != nil {
				return fmt.Errorf("payout: store: %w", err)
			}
			ok, err := s.move(ctx, tx, change{id: a.id, from: Built, attempt: a.attempt, to: Signed}, now)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("payout: store: withdrawal %s changed while its signatures were stored; nothing was stored", a.id)
			}
			moved = append(moved, a.id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.records(ctx, s.db, moved)
}

func (s *sqlStore) readResponses(ctx context.Context, tx *sql.Tx, v *batchView) error {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT signer, response FROM payout_responses WHERE batch = ? ORDER BY signer`), v.id)
	if err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var signer string
		var resp []byte
		if err := rows.Scan(&signer, &resp); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		pub, err := sign.ParsePublicKey(signer)
		if err != nil {
			return fmt.Errorf("payout: store: batch %s: %w", v.id, err)
		}
		v.responses[pub] = resp
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	return nil
}

func (s *sqlStore) readAttempts(ctx context.Context, tx *sql.Tx, v *batchView) error {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT a.withdrawal, a.attempt, a.inner_hash, a.wrapper, w.state, w.attempt
		FROM payout_attempts a JOIN payout_withdrawals w ON w.id = a.withdrawal WHERE a.batch = ? ORDER BY a.withdrawal`), v.id)
	if err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a batchAttempt
		var inner, state string
		if err := rows.Scan(&a.id, &a.attempt, &inner, &a.wrapper, &state, &a.current); err != nil {
			return fmt.Errorf("payout: store: %w", err)
		}
		if a.inner, err = transaction.ParseHash(inner); err != nil {
			return fmt.Errorf("payout: store: withdrawal %s: %w", a.id, err)
		}
		a.state = State(state)
		v.attempts = append(v.attempts, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("payout: store: %w", err)
	}
	return nil
}
