package nis

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nemcustody/nemcustody/keyhealth"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// StaleKey: a cosigner of the health plan has not proved control of its
// key (package keyhealth) within WatchConfig.StaleAfter. Raised once per
// cosigner until a newer proof is recorded.
const StaleKey AlertKind = "stale-key"

// maxHealthSize caps the health record read at each poll.
const maxHealthSize = 1 << 20

// checkHealthConfig checks the health fields of cfg.
func checkHealthConfig(cfg *WatchConfig) error {
	if (cfg.Health == "") != (cfg.HealthPlan == nil) {
		return errors.New("nis: watch: a health record and its plan go together")
	}
	if cfg.StaleAfter < 0 {
		return errors.New("nis: watch: negative duration")
	}
	if cfg.StaleAfter == 0 {
		cfg.StaleAfter = keyhealth.DefaultStaleAfter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return nil
}

// readHealth reads and verifies the health record; nil when none is
// watched.
func (w *Watcher) readHealth() (*keyhealth.Record, error) {
	if w.cfg.Health == "" {
		return nil, nil
	}
	f, err := os.Open(w.cfg.Health)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: health record: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHealthSize+1))
	if err != nil {
		return nil, fmt.Errorf("nis: watch: health record: %w", err)
	}
	if len(b) > maxHealthSize {
		return nil, fmt.Errorf("nis: watch: health record %s is larger than %d bytes", w.cfg.Health, maxHealthSize)
	}
	r, err := keyhealth.DecodeRecord(b, w.cfg.HealthPlan)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: health record %s: %w", w.cfg.Health, err)
	}
	return r, nil
}

// healthStatus returns the status of every cosigner of the health plan
// at the later of this machine's clock and the node's time: a node that
// lies about the time, or a clock set back, cannot hide a stale key;
// either can only make one reported early. It changes nothing.
func (w *Watcher) healthStatus(rec *keyhealth.Record, now transaction.Timestamp) ([]keyhealth.KeyStatus, error) {
	if rec == nil {
		return nil, nil
	}
	at := w.cfg.Now()
	if node := now.Time(); node.After(at) {
		at = node
	}
	status, err := rec.Status(w.cfg.HealthPlan, at, w.cfg.StaleAfter)
	if err != nil {
		return nil, fmt.Errorf("nis: watch: health record %s: %w", w.cfg.Health, err)
	}
	return status, nil
}

// stale returns a StaleKey alert for each stale cosigner that was not
// reported stale since its last proof, and remembers it.
func (w *Watcher) stale(status []keyhealth.KeyStatus, now transaction.Timestamp) []Alert {
	var alerts []Alert
	for _, s := range status {
		k := s.Cosigner.PublicKey
		if !s.Stale {
			delete(w.staleReported, k)
			continue
		}
		if since, ok := w.staleReported[k]; ok && since.Equal(s.Since) {
			continue
		}
		w.staleReported[k] = s.Since
		key := k
		last := "never (counted from the record's creation, " + s.Since.Format(time.RFC3339) + ")"
		if !s.LastProof.IsZero() {
			last = s.LastProof.Format(time.RFC3339)
		}
		a := Alert{Kind: StaleKey, Account: w.cfg.Account, NodeTime: now, Cosigner: &key, LastProof: last}
		a.Message = fmt.Sprintf("cosigner %q (%s, %s) of %s has not proved control of its key within %s: last proof %s; run a key health check ('nemcustody plan health challenge')",
			s.Cosigner.Label, k.Address(w.cfg.HealthPlan.Network), s.Cosigner.Role, w.cfg.HealthPlan.Address(), days(w.cfg.StaleAfter), last)
		if s.FromFuture {
			a.Message = fmt.Sprintf("cosigner %q (%s, %s) of %s counts as stale: the health record's time for it, %s, is in the future (a clock was wrong or the record was edited); run a key health check ('nemcustody plan health challenge')",
				s.Cosigner.Label, k.Address(w.cfg.HealthPlan.Network), s.Cosigner.Role, w.cfg.HealthPlan.Address(), s.Since.Format(time.RFC3339))
		}
		alerts = append(alerts, a)
	}
	return alerts
}

// days writes d in days when it is a whole number of them.
func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

// staleKeys is the cosigners reported stale, by the time their
// staleness counted from.
type staleKeys map[sign.PublicKey]time.Time
