package payout

// This file holds every use of packages multisig and coldwallet (and of
// transaction's builders): building a batch, and checking responses.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/nemcustody/nemcustody/coldwallet"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// maxItems is the most items one request holds.
const maxItems = coldwallet.MaxItems

// cosigners returns the offline keys asked to sign, checked against the
// plan: Queue.Cosigners, or every offline cosigner but the initiator.
func (q *Queue) cosigners() ([]sign.PublicKey, error) {
	if q.Initiator == nil {
		return nil, errors.New("payout: the queue has no initiator key (Initiator) to sign wrappers with")
	}
	initiator := q.Initiator.PublicKey()
	if _, ok := q.Plan.Cosigner(initiator); !ok {
		return nil, fmt.Errorf("payout: the initiator %s: %w", initiator.Address(q.Plan.Network), multisig.ErrNotCosigner)
	}
	keys := q.Cosigners
	if keys == nil {
		for _, c := range q.Plan.Cosigners {
			if c.Role == multisig.Offline && c.PublicKey != initiator {
				keys = append(keys, c.PublicKey)
			}
		}
	}
	for i, k := range keys {
		switch {
		case k == initiator:
			return nil, fmt.Errorf("payout: cosigner %d is the initiator, whose wrapper counts as its signature already", i+1)
		case slices.Index(keys, k) != i:
			return nil, fmt.Errorf("payout: cosigner %d is listed twice", i+1)
		}
		if _, ok := q.Plan.Cosigner(k); !ok {
			return nil, fmt.Errorf("payout: cosigner %d (%s): %w", i+1, k.Address(q.Plan.Network), multisig.ErrNotCosigner)
		}
	}
	if have, need := 1+len(keys), q.Plan.State().Required(); have < need {
		return nil, fmt.Errorf("payout: the initiator and %d cosigner(s) give %d signature(s), NIS requires %d", len(keys), have, need)
	}
	if len(keys) == 0 {
		return nil, errors.New("payout: no offline key to ask: the initiator alone meets the threshold (a relaxed plan)")
	}
	return keys, nil
}

// builder returns the buildFunc of a batch stamped nodeTime and asking
// signers: for each withdrawal the transfer, the wrapper the initiator
// signs, and one cosign item per signer (with the full inner
// transaction), then the request. A withdrawal that expired is built again
// only at a node time more than NIS's 10 s tolerance after its previous
// deadline, so the two builds are never valid at one time.
func (q *Queue) builder(nodeTime transaction.Timestamp, signers []sign.PublicKey) buildFunc {
	return func(claimed []stored, headsDoc []byte, taken func(transaction.Hash) (bool, error)) (*Batch, []built, error) {
		heads := &coldwallet.Heads{}
		if headsDoc != nil {
			var err error
			if heads, err = coldwallet.DecodeHeads(headsDoc); err != nil {
				return nil, nil, fmt.Errorf("payout: store: %w", err)
			}
		}
		deadline, err := transaction.Deadline(nodeTime, q.deadline())
		if err != nil {
			return nil, nil, fmt.Errorf("payout: Deadline: %w", err)
		}
		req := &coldwallet.Request{Network: q.Plan.Network, NodeTime: nodeTime, Signers: signers, Heads: heads.Of(signers)}
		b := &Batch{NodeTime: nodeTime, Deadline: deadline, Signers: signers}
		var builds []built
		used := map[transaction.Hash]bool{}
		for _, c := range claimed {
			if len(req.Items)+len(signers) > maxItems {
				break
			}
			if c.State == Expired && !rebuildable(c.Record, nodeTime) {
				q.logger().Warn("payout: not built again yet: the node's time is not past the previous deadline",
					"id", c.ID, "deadline", uint32(c.Deadline), "nodeTime", uint32(nodeTime))
				continue
			}
			x, err := q.buildOne(c, nodeTime, deadline, used, taken)
			if err != nil {
				return nil, nil, err
			}
			for _, k := range signers {
				cs, err := q.Plan.Cosignature(x.inner, k, multisig.TxOptions{Timestamp: nodeTime, Deadline: x.deadline})
				if err != nil {
					return nil, nil, fmt.Errorf("payout: withdrawal %s: %w", c.ID, err)
				}
				req.Items = append(req.Items, coldwallet.Item{Kind: coldwallet.KindCosign, Tx: cs, Inner: x.inner, Withdrawal: c.ID})
			}
			builds = append(builds, x.built)
			b.Withdrawals = append(b.Withdrawals, c.ID)
		}
		if len(builds) == 0 {
			return nil, nil, nil
		}
		req.Note = fmt.Sprintf("payout batch: %d withdrawal(s), %s to %s", len(builds), b.Withdrawals[0], b.Withdrawals[len(b.Withdrawals)-1])
		if b.Request, err = req.MarshalText(); err != nil {
			return nil, nil, err
		}
		if b.ID, err = req.ID(); err != nil {
			return nil, nil, err
		}
		return b, builds, nil
	}
}

// rebuildable reports whether an expired withdrawal may be built again at
// nodeTime: after its previous deadline and NIS's tolerance for
// timestamps ahead of a node's clock, so that no node accepts the new
// build while the old one could still be executed.
func rebuildable(r Record, nodeTime transaction.Timestamp) bool {
	return nodeTime.Time().After(r.Deadline.Time().Add(transaction.MaxAheadOfNodeTime))
}

// builtOne is one withdrawal's build and its inner transaction.
type builtOne struct {
	built
	inner transaction.Transaction
}

// buildOne builds the transfer of c and its wrapper, signed. Two builds
// of the same content at the same time would have the same inner hash,
// which NIS executes once: the deadline is then moved one second earlier
// until the hash is new.
func (q *Queue) buildOne(c stored, nodeTime, deadline transaction.Timestamp, used map[transaction.Hash]bool, taken func(transaction.Hash) (bool, error)) (*builtOne, error) {
	for try := 0; try < 60; try++ {
		d := deadline - transaction.Timestamp(try)
		tr := &transaction.Transfer{
			Header:    transaction.Header{Network: q.Plan.Network, Version: 1, Timestamp: nodeTime, Deadline: d},
			Recipient: c.To,
			Amount:    c.Amount,
		}
		if c.Message != "" {
			tr.Message = &transaction.Message{Type: transaction.MessagePlain, Payload: []byte(c.Message)}
		}
		ms, err := q.Plan.Wrap(tr, q.Initiator.PublicKey(), multisig.TxOptions{Timestamp: nodeTime, Deadline: d})
		if err != nil {
			return nil, fmt.Errorf("payout: withdrawal %s: %w", c.ID, err)
		}
		inner, err := transaction.InnerHash(ms)
		if err != nil {
			return nil, fmt.Errorf("payout: withdrawal %s: %w", c.ID, err)
		}
		if used[inner] {
			continue
		}
		if t, err := taken(inner); err != nil {
			return nil, err
		} else if t {
			continue
		}
		if err := transaction.Validate(ms, transaction.ValidateOptions{NodeTime: &nodeTime}); err != nil {
			return nil, fmt.Errorf("payout: withdrawal %s: %w", c.ID, err)
		}
		signed, err := transaction.Sign(ms, q.Initiator)
		if err != nil {
			return nil, fmt.Errorf("payout: withdrawal %s: %w", c.ID, err)
		}
		wh, err := transaction.HashOf(ms)
		if err != nil {
			return nil, err
		}
		a, err := signed.Announcement()
		if err != nil {
			return nil, err
		}
		obj, err := json.Marshal(a)
		if err != nil {
			return nil, err
		}
		used[inner] = true
		return &builtOne{
			built: built{id: c.ID, from: c.State, attempt: c.Attempt + 1, timestamp: nodeTime, deadline: d, inner: inner, wrapper: wh, signed: obj},
			inner: ms.Inner,
		}, nil
	}
	return nil, fmt.Errorf("payout: withdrawal %s: 60 withdrawals with its recipient, amount and message at node time %d: build it later", c.ID, nodeTime)
}

// parsedResponse is a response read for receive.
type parsedResponse struct {
	resp     *coldwallet.Response
	envelope []byte
}

// parseResponse reads a response envelope strictly.
func parseResponse(envelope []byte) (*parsedResponse, error) {
	r, err := coldwallet.ParseResponse(envelope)
	if err != nil {
		return nil, fmt.Errorf("payout: response: %w", err)
	}
	return &parsedResponse{resp: r, envelope: envelope}, nil
}

// receiver returns the receiveFunc of a response: the response must answer
// the batch's request, come from the journal the key used before (the
// stored journal heads, coldwallet.Heads), and verify with the stored
// wrappers and responses (coldwallet.Combine); each wrapper it completes
// gives its announce payloads.
func (q *Queue) receiver(p *parsedResponse) receiveFunc {
	return func(v *batchView) (*receipt, error) {
		if !slices.ContainsFunc(v.attempts, func(a batchAttempt) bool { return a.current == a.attempt }) {
			// Recording its journal head would make the key's response to
			// the batch that replaced this one look rolled back.
			return nil, fmt.Errorf("payout: batch %s: every withdrawal it holds expired and was built again since: its signatures can no longer be used; nothing was stored", v.id)
		}
		req, id, err := coldwallet.ParseRequest(v.request)
		if err != nil {
			return nil, fmt.Errorf("payout: store: batch %s: %w", v.id, err)
		}
		heads := &coldwallet.Heads{}
		if v.heads != nil {
			if heads, err = coldwallet.DecodeHeads(v.heads); err != nil {
				return nil, fmt.Errorf("payout: store: %w", err)
			}
		}
		if err := heads.Check(req, p.resp); err != nil {
			return nil, fmt.Errorf("payout: batch %s: %w", v.id, err)
		}
		var responses []*coldwallet.Response
		for signer, b := range v.responses {
			if signer == p.resp.Signer {
				continue
			}
			r, err := coldwallet.ParseResponse(b)
			if err != nil {
				return nil, fmt.Errorf("payout: store: batch %s: %w", v.id, err)
			}
			responses = append(responses, r)
		}
		responses = append(responses, p.resp)
		slices.SortFunc(responses, func(a, b *coldwallet.Response) int { return bytes.Compare(a.Signer[:], b.Signer[:]) })
		byInner := map[transaction.Hash]batchAttempt{}
		var wrappers []*transaction.Signed
		for _, a := range v.attempts {
			s, err := nisjson.DecodeAnnouncement(a.wrapper)
			if err != nil {
				return nil, fmt.Errorf("payout: store: withdrawal %s: %w", a.id, err)
			}
			wrappers = append(wrappers, s)
			byInner[a.inner] = a
		}
		c, err := coldwallet.Combine(q.Plan, req, id, responses, wrappers)
		if err != nil {
			return nil, fmt.Errorf("payout: batch %s: %w", v.id, err)
		}
		if err := heads.Accept(req, p.resp); err != nil {
			return nil, fmt.Errorf("payout: batch %s: %w", v.id, err)
		}
		rc := &receipt{signer: p.resp.Signer, response: p.envelope, signed: map[string][]byte{}}
		if rc.heads, err = heads.MarshalJSON(); err != nil {
			return nil, err
		}
		for _, r := range c.Reports {
			a, ok := byInner[r.InnerHash]
			if !ok || !r.Complete {
				continue
			}
			var lines []byte
			for _, ann := range r.Announce {
				b, err := json.Marshal(ann)
				if err != nil {
					return nil, err
				}
				lines = append(append(lines, b...), '\n')
			}
			rc.signed[a.id] = lines
		}
		return rc, nil
	}
}

// payloadsOf reads stored announce payloads, one object per line.
func payloadsOf(id string, b []byte) ([]transaction.Announcement, error) {
	var out []transaction.Announcement
	for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		s, err := nisjson.DecodeAnnouncement(line)
		if err != nil {
			return nil, fmt.Errorf("payout: store: withdrawal %s: payloads: %w", id, err)
		}
		a, err := s.Announcement()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("payout: store: withdrawal %s: no payloads", id)
	}
	return out, nil
}
