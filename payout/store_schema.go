package payout

import "strings"

// schemaOf returns the statements that create the tables, with the
// dialect's names for a 64-bit integer, a byte string and an
// auto-numbered key.
//
// The tables:
//
//   - payout_meta: the schema version, the account the store pays from,
//     and the journal heads of the offline keys ("" until a response).
//   - payout_withdrawals: one row per withdrawal ID (unique), its state
//     and its current build (attempt); seq is the submission order.
//   - payout_attempts: every build ever made, (withdrawal, attempt)
//     unique: a build is stored once, and never replaced. Its wrapper
//     and inner hashes are unique too.
//   - payout_batches: every request built, with its envelope.
//   - payout_responses: the latest response of each key to each batch.
func schemaOf(integer, bytes, serial string) []string {
	states := `'` + strings.Join([]string{string(Accepted), string(Built), string(Signed), string(Announced), string(Confirmed), string(Expired), string(Failed)}, `', '`) + `'`
	r := strings.NewReplacer("INTEGER", integer, "BYTES", bytes, "SERIAL", serial, "STATES", states)
	stmts := []string{
		`CREATE TABLE payout_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE payout_withdrawals (
			seq SERIAL,
			id TEXT NOT NULL UNIQUE,
			recipient TEXT NOT NULL,
			amount INTEGER NOT NULL CHECK (amount > 0),
			message TEXT NOT NULL,
			state TEXT NOT NULL CHECK (state IN (STATES)),
			attempt INTEGER NOT NULL CHECK (attempt >= 0),
			height INTEGER NOT NULL,
			confirmations INTEGER NOT NULL,
			reason TEXT NOT NULL,
			submitted INTEGER NOT NULL,
			updated INTEGER NOT NULL)`,
		`CREATE INDEX payout_withdrawals_state ON payout_withdrawals (state, seq)`,
		`CREATE TABLE payout_batches (
			seq SERIAL,
			id TEXT NOT NULL UNIQUE,
			request BYTES NOT NULL,
			signers TEXT NOT NULL,
			node_time INTEGER NOT NULL,
			deadline INTEGER NOT NULL,
			created INTEGER NOT NULL)`,
		`CREATE TABLE payout_attempts (
			withdrawal TEXT NOT NULL REFERENCES payout_withdrawals (id),
			attempt INTEGER NOT NULL CHECK (attempt >= 1),
			batch TEXT NOT NULL REFERENCES payout_batches (id),
			item INTEGER NOT NULL,
			ts INTEGER NOT NULL,
			deadline INTEGER NOT NULL,
			inner_hash TEXT NOT NULL UNIQUE,
			wrapper_hash TEXT NOT NULL UNIQUE,
			wrapper BYTES NOT NULL,
			payloads BYTES,
			PRIMARY KEY (withdrawal, attempt))`,
		`CREATE INDEX payout_attempts_batch ON payout_attempts (batch, item)`,
		`CREATE TABLE payout_responses (
			batch TEXT NOT NULL REFERENCES payout_batches (id),
			signer TEXT NOT NULL,
			response BYTES NOT NULL,
			PRIMARY KEY (batch, signer))`,
		`INSERT INTO payout_meta (name, value) VALUES ('heads', '')`,
	}
	for i, s := range stmts {
		stmts[i] = r.Replace(s)
	}
	return stmts
}
