package nis

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// AnnounceResult is a node's answer to an announce (NIS's
// NemAnnounceResult).
type AnnounceResult struct {
	// Code is the validation result; see Result.Accepted.
	Code Result
	// Message is what the node sent with it (NIS sends Code's name).
	Message string
	// Hash is the transaction's hash, computed here; a hash the node
	// sends (transactionHash) must be the same.
	Hash transaction.Hash
	// InnerHash is a wrapper's inner hash, the one its cosignatures name;
	// zero for other types. The node's innerTransactionHash must match.
	InnerHash transaction.Hash
}

// announceResultJSON is NemAnnounceResult: NemRequestResult's type, code
// and message, then the hashes ({} when absent; NIS versions before the
// hashes were added send none).
type announceResultJSON struct {
	Type                 *int        `json:"type"`
	Code                 *int        `json:"code"`
	Message              *string     `json:"message"`
	InnerTransactionHash *hashObject `json:"innerTransactionHash"`
	TransactionHash      *hashObject `json:"transactionHash"`
}

// typeValidationResult is NemRequestResult.TYPE_VALIDATION_RESULT.
const typeValidationResult = 1

// Announce posts one signed transaction to /transaction/announce.
//
// The payload is checked here first: its bytes must parse strictly
// (transaction.Parse) and its signature verify, or nothing is sent. The
// error is then nil when the node accepted the transaction or already knew
// it (Success, Neutral, FailureHashExists: see Result.Accepted), and a
// *NodeError (ErrRejected) for any other result; the result is returned in
// both cases. A Neutral answer is checked: the transaction must then be in
// the node's unconfirmed pool or confirmed, else the error wraps
// ErrNotKnown (NIS can answer Neutral for a hash it refused). A network failure is retried under c.Retry, which is safe:
// the node answers a repeated announce of the same bytes with Neutral or
// FailureHashExists.
//
// A cosignature is accepted only while its wrapper is in the node's
// unconfirmed pool (else FailureMultisigNoMatchingMultisig); use
// AnnounceInOrder for a wrapper and its cosignatures.
func (c *Client) Announce(ctx context.Context, a transaction.Announcement) (*AnnounceResult, error) {
	s, err := parseAnnouncement(a)
	if err != nil {
		return nil, err
	}
	return c.announce(ctx, s)
}

// parseAnnouncement reads and verifies a payload.
func parseAnnouncement(a transaction.Announcement) (*transaction.Signed, error) {
	data, err := hex.DecodeString(a.Data)
	if err != nil {
		return nil, fmt.Errorf("nis: announce: data is not hex")
	}
	tx, err := transaction.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("nis: announce: %w", err)
	}
	sig, err := sign.ParseSignature(strings.ToLower(a.Signature))
	if err != nil {
		return nil, fmt.Errorf("nis: announce: signature: %w", err)
	}
	s := &transaction.Signed{Tx: tx, Signature: sig}
	if err := transaction.VerifySigned(s); err != nil {
		return nil, fmt.Errorf("nis: announce: %w", err)
	}
	return s, nil
}

// announce posts a parsed and verified payload.
func (c *Client) announce(ctx context.Context, s *transaction.Signed) (*AnnounceResult, error) {
	res := &AnnounceResult{}
	var err error
	if res.Hash, err = transaction.HashOf(s.Tx); err != nil {
		return nil, err
	}
	if ms, ok := s.Tx.(*transaction.Multisig); ok {
		if res.InnerHash, err = transaction.InnerHash(ms); err != nil {
			return nil, err
		}
	}
	a, err := s.Announcement()
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	b, err := c.post(ctx, "/transaction/announce", body)
	if err != nil {
		return nil, err
	}
	var j announceResultJSON
	if err := decodeStrict("announce", b, &j); err != nil {
		return nil, err
	}
	if j.Type == nil || j.Code == nil || j.Message == nil {
		return nil, badResponse("announce: type, code and message are required")
	}
	if *j.Type != typeValidationResult {
		return nil, badResponse("announce: result type %d is not a validation result", *j.Type)
	}
	res.Code, res.Message = Result(*j.Code), clean(*j.Message)
	if h, ok, err := j.TransactionHash.hash("announce: transactionHash"); err != nil {
		return nil, err
	} else if ok && h != res.Hash {
		return nil, badResponse("announce: the node reports hash %s for transaction %s", h, res.Hash)
	}
	h, ok, err := j.InnerTransactionHash.hash("announce: innerTransactionHash")
	if err != nil {
		return nil, err
	}
	if ok && h != res.InnerHash {
		return nil, badResponse("announce: the node reports inner hash %s, not %s", h, res.InnerHash)
	}
	if !res.Code.Accepted() {
		return res, &NodeError{Code: res.Code, Name: res.Code.String(), Message: res.Message}
	}
	if res.Code == Neutral {
		if err := c.confirmKnown(ctx, s, res); err != nil {
			return res, err
		}
	}
	return res, nil
}
