package coldwallet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Errors of the combiner.
var (
	// ErrForeignResponse: a response to another request. Responses are
	// never combined across requests.
	ErrForeignResponse = errors.New("response belongs to another request")
	// ErrResponse: a response that does not fit its request (wrong signer,
	// missing or extra items, a signature that does not verify).
	ErrResponse = errors.New("response does not match its request")
)

// Combined is the online side's view of a request after its responses.
type Combined struct {
	// Signed holds, per request item, the signed transaction, or nil when
	// its signer has not answered yet.
	Signed []*transaction.Signed
	// Missing lists the items (numbered from 1) still unsigned.
	Missing []int
	// Reports holds the multisig status of each wrapper, in item order.
	Reports []*multisig.Report
	// Announce lists what to POST to /transaction/announce, in order: every
	// signed transaction that is not part of a wrapper group in item order
	// (a conversion), then each complete wrapper followed by its
	// cosignatures. A wrapper whose threshold is not met is left out.
	Announce []transaction.Announcement
	// Complete reports that every item is signed and every wrapper meets
	// its threshold.
	Complete bool
}

// Combine verifies responses against the request they answer and the plan
// of the multisig account, and orders the result for announcing.
//
// Each response must name requestID; its signer must be one of the
// request's signers and answer exactly the items that signer signs, each
// with a signature that verifies over the request's own bytes (never over
// anything the response brings). Two responses by one signer are refused.
// presigned adds transactions signed elsewhere, typically the wrapper the
// online key signed when it built the request; a presigned wrapper groups
// with the request's cosignatures of its inner transaction.
//
// Every wrapper (from the request or presigned) is checked with
// multisig.Status, which refuses cosignatures of another transaction,
// account or signer. Cosign items whose wrapper is neither presigned nor
// an item of the request can never be announced (NIS accepts a
// cosignature only while its wrapper is in the pool): the error wraps
// multisig.ErrMissing and names each inner transaction and its items.
//
// Every signature is verified once: multisig.Status verifies the wrappers
// and cosignatures it checks, Combine the others, all before anything is
// returned. A signature that does not verify is reported naming its
// response and item (or its presigned transaction), ahead of any other
// fault of the input.
func Combine(plan *multisig.Plan, req *Request, requestID string, responses []*Response, presigned []*transaction.Signed) (*Combined, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if id, err := req.ID(); err != nil || id != requestID {
		return nil, fmt.Errorf("coldwallet: the request does not have ID %s", requestID)
	}
	c := &Combined{Signed: make([]*transaction.Signed, len(req.Items))}
	var u unverified
	answered := map[sign.PublicKey]bool{}
	for i, resp := range responses {
		if err := c.take(req, requestID, i+1, resp, answered, &u); err != nil {
			return nil, u.fail(err)
		}
	}
	for i, s := range c.Signed {
		if s == nil {
			c.Missing = append(c.Missing, i+1)
		}
	}
	for i, s := range presigned {
		if s == nil || s.Tx == nil {
			return nil, u.fail(fmt.Errorf("coldwallet: presigned transaction %d is missing", i+1))
		}
		u.add(s, func(err error) error { return fmt.Errorf("coldwallet: presigned transaction %d: %w", i+1, err) })
	}
	if err := c.group(plan, req, presigned, &u); err != nil {
		return nil, u.fail(err)
	}
	// What no multisig.Status call verified: transactions outside a
	// wrapper group, and the cosignatures of a wrapper not signed yet.
	if err := u.verify(); err != nil {
		return nil, err
	}
	return c, nil
}

// take checks response number n against the request and puts its
// signatures in c.Signed; their verification is left to u.
func (c *Combined) take(req *Request, requestID string, n int, resp *Response, answered map[sign.PublicKey]bool, u *unverified) error {
	what := fmt.Sprintf("coldwallet: response %d", n)
	if resp == nil {
		return fmt.Errorf("%s: %w: missing", what, ErrResponse)
	}
	if resp.RequestID != requestID {
		return fmt.Errorf("%s: %w: it answers %s, not %s", what, ErrForeignResponse, resp.RequestID, requestID)
	}
	if answered[resp.Signer] {
		return fmt.Errorf("%s: %w: a second response by %s", what, ErrResponse, resp.Signer)
	}
	answered[resp.Signer] = true
	want := itemsOf(req, resp.Signer)
	if len(want) == 0 {
		return fmt.Errorf("%s: %w: %s is not a signer of the request", what, ErrResponse, resp.Signer)
	}
	if len(resp.Signatures) != len(want) {
		return fmt.Errorf("%s: %w: %d signatures, the signer has %d items", what, ErrResponse, len(resp.Signatures), len(want))
	}
	for j, s := range resp.Signatures {
		if s.Item != want[j] {
			return fmt.Errorf("%s: %w: a signature for item %d, which %s does not sign", what, ErrResponse, s.Item, resp.Signer)
		}
		signed := &transaction.Signed{Tx: req.Items[s.Item-1].Tx, Signature: s.Signature}
		u.add(signed, func(err error) error { return fmt.Errorf("%s: %w: item %d: %w", what, ErrResponse, s.Item, err) })
		c.Signed[s.Item-1] = signed
	}
	return nil
}

// itemsOf returns the item numbers the signer signs.
func itemsOf(req *Request, signer sign.PublicKey) []int {
	var items []int
	for i, it := range req.Items {
		if it.Signer() == signer {
			items = append(items, i+1)
		}
	}
	return items
}

// wrapperGroup is a wrapper and the cosignatures of its inner
// transaction.
type wrapperGroup struct {
	wrapper *transaction.Signed
	cosigs  []*transaction.Signed
	item    bool  // the wrapper is an item of the request
	cosign  []int // the cosign items, numbered from 1
}

// wrapperGroups are the groups of a combination by inner hash, in the
// order they were first met.
type wrapperGroups struct {
	order []transaction.Hash
	m     map[transaction.Hash]*wrapperGroup
}

// get returns the group of inner hash ih, made if new.
func (gs *wrapperGroups) get(ih transaction.Hash) *wrapperGroup {
	if gs.m == nil {
		gs.m = map[transaction.Hash]*wrapperGroup{}
	}
	if gs.m[ih] == nil {
		gs.m[ih] = &wrapperGroup{}
		gs.order = append(gs.order, ih)
	}
	return gs.m[ih]
}

// addWrapper puts the wrapper s in its group; a second wrapper of the
// same inner transaction is an error.
func (gs *wrapperGroups) addWrapper(s *transaction.Signed) error {
	ih, err := transaction.InnerHash(s.Tx.(*transaction.Multisig))
	if err != nil {
		return err
	}
	g := gs.get(ih)
	if g.wrapper != nil {
		return fmt.Errorf("coldwallet: two wrappers of inner transaction %s", ih)
	}
	g.wrapper = s
	return nil
}

// group matches wrappers with the cosignatures of their inner transaction,
// asks multisig.Status about each, and lists the announcements in order.
func (c *Combined) group(plan *multisig.Plan, req *Request, presigned []*transaction.Signed, u *unverified) error {
	var groups wrapperGroups
	var singles []*transaction.Signed
	for _, s := range presigned {
		if _, ok := s.Tx.(*transaction.Multisig); !ok {
			singles = append(singles, s)
			continue
		}
		if err := groups.addWrapper(s); err != nil {
			return err
		}
	}
	for i, it := range req.Items {
		s := c.Signed[i]
		switch {
		case it.Kind == KindCosign:
			g := groups.get(it.Tx.(*transaction.MultisigSignature).OtherHash)
			g.cosign = append(g.cosign, i+1)
			if s != nil {
				g.cosigs = append(g.cosigs, s)
			}
		case it.Tx.Type() == transaction.TypeMultisig:
			if s == nil {
				ih, _ := transaction.InnerHash(it.Tx.(*transaction.Multisig))
				groups.get(ih).item = true
				continue
			}
			if err := groups.addWrapper(s); err != nil {
				return err
			}
		case s != nil:
			singles = append(singles, s)
		}
	}
	var noWrapper []string
	for _, ih := range groups.order {
		if g := groups.m[ih]; g.wrapper == nil && !g.item {
			noWrapper = append(noWrapper, fmt.Sprintf("inner transaction %s (cosigned by item(s) %s)", ih, joinInts(g.cosign)))
		}
	}
	if len(noWrapper) > 0 {
		return fmt.Errorf("coldwallet: %w: no signed wrapper of %s: pass each wrapper its initiator signed in presigned", multisig.ErrMissing, strings.Join(noWrapper, ", "))
	}
	for _, s := range singles {
		a, err := s.Announcement()
		if err != nil {
			return err
		}
		c.Announce = append(c.Announce, a)
	}
	c.Complete = len(c.Missing) == 0
	for _, ih := range groups.order {
		if err := c.announceGroup(plan, groups.m[ih], u); err != nil {
			return err
		}
	}
	return nil
}

// announceGroup checks a wrapper group with multisig.Status and adds its
// announcements when it is complete. Status verifies the wrapper and every
// cosignature it is given, so they leave u.
func (c *Combined) announceGroup(plan *multisig.Plan, g *wrapperGroup, u *unverified) error {
	if g.wrapper == nil {
		c.Complete = false
		return nil
	}
	if plan == nil {
		return fmt.Errorf("coldwallet: %w: a plan is needed to check the signatures of a multisig wrapper", multisig.ErrMissing)
	}
	r, err := multisig.Status(plan, g.wrapper, g.cosigs)
	if err != nil {
		return fmt.Errorf("coldwallet: %w", err)
	}
	u.verifiedBy(g.wrapper)
	u.verifiedBy(g.cosigs...)
	c.Reports = append(c.Reports, r)
	if !r.Complete {
		c.Complete = false
		return nil
	}
	c.Announce = append(c.Announce, r.Announce...)
	return nil
}

// joinInts writes numbers as "1, 2, 5".
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}
