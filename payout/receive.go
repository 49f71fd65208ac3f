package payout

import (
	"context"
)

// Receive takes an offline key's response to a batch: the response must
// answer the batch's request (by its ID), come from the signing journal
// the key's responses came from before and not from an older state of it
// (coldwallet.Heads), and its signatures must verify over the request's
// own bytes; then the response, the journal heads and, for every wrapper
// that now has the signatures NIS requires, the announce payloads are
// stored in one transaction, and those withdrawals are signed. It returns
// them. Receiving a response again is harmless.
func (q *Queue) Receive(ctx context.Context, response []byte) ([]Record, error) {
	if err := q.ready(ctx); err != nil {
		return nil, err
	}
	p, err := parseResponse(response)
	if err != nil {
		return nil, err
	}
	recs, err := q.Store.receive(ctx, p.resp.RequestID, q.now(), q.receiver(p))
	q.logChanges(recs)
	return recs, err
}
