package coldwallet

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// PolicyMosaic pins a mosaic other than nem:xem that transfers may move:
// the levy its definition must carry, and the most of it one signed item
// may take out of the account.
//
//	{"id": "alice:coin", "levy": null, "maxQuantity": "5000"}
//	{"id": "alice:gold", "levy": {"type": "absolute", "recipient": "TB...",
//	  "mosaic": "nem:xem", "fee": "1000000"}, "maxQuantity": "20"}
//
// The offline side cannot ask the chain for a mosaic's definition: the
// request carries the definition the online side read from a node, and the
// pin is what the offline side trusts. A transfer is refused unless every
// mosaic it moves is pinned and the definition the request carries has
// exactly the pinned levy (null: none). The levies counted are then the
// pinned ones: in XEM they count in maxAmountPerTransaction and the window,
// in a mosaic against that mosaic's maxQuantity (so the levy's mosaic must
// be pinned too), and every levy recipient must be on the recipient
// allowlist.
//
// What the pin bounds: NIS charges the levy of the definition it holds when
// the transfer executes (TransferTransaction.transfer). A definition's
// creator can change its levy only while owning the mosaic's whole supply
// (MosaicDefinitionCreationTransactionValidator.isModificationAllowed), so
// while the account holds any of the mosaic the levy cannot change. It can
// change between the signature and the execution only if the account held
// none of it in between (a transfer signed earlier emptied it) and received
// some again before this transfer executes; maxDeadline bounds how long
// that window stays open. Pin only mosaics whose definition you checked
// yourself, and keep the watcher running: it reads definitions from the
// node and counts the levies of what actually left.
type PolicyMosaic struct {
	// ID is "namespace:name".
	ID string `json:"id"`
	// Levy is the levy the definition must carry; null for none.
	Levy *PolicyLevy `json:"levy"`
	// MaxQuantity caps, in the mosaic's smallest units (a decimal
	// integer, at least 1), what one signed item takes out of the account:
	// the quantity its transfer moves (quantity × amount / 1,000,000) and
	// every levy paid in this mosaic.
	MaxQuantity string `json:"maxQuantity"`
}

// PolicyLevy is a mosaic levy as NIS's MosaicLevy holds it.
type PolicyLevy struct {
	// Type is "absolute" (a fixed fee per transfer, whatever the quantity)
	// or "percentile" (a share of the quantity moved, per 10,000).
	Type string `json:"type"`
	// Recipient receives the levy.
	Recipient sign.Address `json:"recipient"`
	// Mosaic is what the levy is paid in: "nem:xem" or a mosaic.
	Mosaic string `json:"mosaic"`
	// Fee is a decimal integer: smallest units of Mosaic (absolute), or
	// units per 10,000 of the quantity moved (percentile).
	Fee string `json:"fee"`
}

// levyTypes maps PolicyLevy.Type to NIS's levy types.
var levyTypes = map[string]transaction.LevyType{"absolute": transaction.LevyAbsolute, "percentile": transaction.LevyPercentile}

// compiledMosaic is a pin, parsed.
type compiledMosaic struct {
	levy *transaction.MosaicLevy
	max  uint64
}

// compileMosaics parses the pins.
func (p *Policy) compileMosaics() (map[transaction.MosaicID]compiledMosaic, error) {
	if p.AllowMosaics {
		return nil, fmt.Errorf("coldwallet: policy: allowMosaics is no longer accepted: it let any mosaic through whatever levy NIS charges on it; pin each mosaic in \"mosaics\" with its levy and maxQuantity")
	}
	out := map[transaction.MosaicID]compiledMosaic{}
	for i, m := range p.Mosaics {
		at := fmt.Sprintf("coldwallet: policy: mosaics[%d]", i)
		id, err := transaction.ParseMosaicID(m.ID)
		if err != nil {
			return nil, fmt.Errorf("%s.id: %w", at, err)
		}
		if id == transaction.XEMMosaic {
			return nil, fmt.Errorf("%s.id: nem:xem is XEM, which maxAmountPerTransaction and the window bound", at)
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("%s.id: %s is pinned twice", at, id)
		}
		c := compiledMosaic{}
		if c.max, err = decimalQuantity(m.MaxQuantity); err != nil || c.max == 0 {
			return nil, fmt.Errorf("%s.maxQuantity: want a decimal integer of smallest units, from 1 to 2^63-1", at)
		}
		if l := m.Levy; l != nil {
			typ, ok := levyTypes[l.Type]
			if !ok {
				return nil, fmt.Errorf("%s.levy.type: want \"absolute\" or \"percentile\"", at)
			}
			if err := l.Recipient.Validate(); err != nil {
				return nil, fmt.Errorf("%s.levy.recipient: %w", at, err)
			}
			in, err := transaction.ParseMosaicID(l.Mosaic)
			if err != nil {
				return nil, fmt.Errorf("%s.levy.mosaic: %w", at, err)
			}
			fee, err := decimalQuantity(l.Fee)
			if err != nil {
				return nil, fmt.Errorf("%s.levy.fee: want a decimal integer from 0 to 2^63-1", at)
			}
			c.levy = &transaction.MosaicLevy{Type: typ, Recipient: l.Recipient, MosaicID: in, Fee: fee}
		}
		out[id] = c
	}
	return out, nil
}

// decimalQuantity parses a decimal integer written as strconv writes it
// (no sign, no leading zero), at most 2^63-1.
func decimalQuantity(s string) (uint64, error) {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || strconv.FormatUint(v, 10) != s || v > math.MaxInt64 {
		return 0, fmt.Errorf("not a decimal integer from 0 to 2^63-1")
	}
	return v, nil
}

// levies is the LevyLookup of the pins: the pinned levy, and unknown for a
// mosaic the policy does not pin.
func (c *compiledPolicy) levies(id transaction.MosaicID) (*transaction.MosaicLevy, bool) {
	m, ok := c.mosaics[id]
	return m.levy, ok
}

// checkPins refuses a transfer of a mosaic the policy does not pin, or
// whose definition in the request carries another levy than the pin.
func (c *compiledPolicy) checkPins(n int, req *Request, approved transaction.Transaction) error {
	t, ok := approved.(*transaction.Transfer)
	if !ok {
		return nil
	}
	for _, m := range t.Mosaics {
		if m.ID == transaction.XEMMosaic {
			continue
		}
		pin, ok := c.mosaics[m.ID]
		if !ok {
			return &PolicyError{Item: n, Rule: "mosaics", Reason: fmt.Sprintf("the transfer moves mosaic %s, which the policy does not pin", m.ID)}
		}
		var carried *transaction.MosaicLevy
		found := false
		for i := range req.Mosaics {
			if req.Mosaics[i].ID == m.ID {
				carried, found = req.Mosaics[i].Levy, true
			}
		}
		if !found {
			return &PolicyError{Item: n, Rule: "mosaics", Reason: fmt.Sprintf("the request carries no definition of %s", m.ID)}
		}
		if !sameLevy(carried, pin.levy) {
			return &PolicyError{Item: n, Rule: "mosaics", Reason: fmt.Sprintf("the request says %s carries %s; the policy pins %s: NIS would charge the levy of the definition on chain, which the offline side cannot see",
				m.ID, describeLevy(carried), describeLevy(pin.levy))}
		}
	}
	return nil
}

// sameLevy reports whether two levies are NIS's same levy (MosaicLevy
// .equals).
func sameLevy(a, b *transaction.MosaicLevy) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// describeLevy says what a levy is, for refusals and the review.
func describeLevy(l *transaction.MosaicLevy) string {
	if l == nil {
		return "no levy"
	}
	if l.Type == transaction.LevyPercentile {
		return fmt.Sprintf("a percentile levy of %d per 10,000 in %s to %s", l.Fee, l.MosaicID, l.Recipient)
	}
	return fmt.Sprintf("an absolute levy of %d %s to %s", l.Fee, levyUnits(l.MosaicID), l.Recipient)
}

// levyUnits names the smallest units of a mosaic.
func levyUnits(id transaction.MosaicID) string {
	if id == transaction.XEMMosaic {
		return "micro-XEM"
	}
	return "units of " + id.String()
}

// checkOutflows applies the recipient allowlist to every levy of an item,
// and each pin's maxQuantity to what the item takes out of each mosaic.
func (c *compiledPolicy) checkOutflows(n int, d itemDebit) error {
	refuse := func(rule, format string, args ...any) error {
		return &PolicyError{Item: n, Rule: rule, Reason: fmt.Sprintf(format, args...)}
	}
	for _, o := range d.levies {
		// With anyRecipient the levy goes where its pin says.
		if !c.p.AnyRecipient && !slices.Contains(c.p.Recipients, o.Recipient) {
			return refuse("recipients", "the levy on %s goes to %s, which is not on the recipient allowlist", o.LevyOn, o.Recipient)
		}
	}
	for _, m := range d.mosaics {
		pin, ok := c.mosaics[m.ID]
		if !ok {
			return refuse("mosaics", "a levy is paid in mosaic %s, which the policy does not pin", m.ID)
		}
		if m.Quantity > pin.max {
			return refuse("mosaics", "%d units of %s (moved and levies) is more than the pinned maxQuantity of %d", m.Quantity, m.ID, pin.max)
		}
	}
	return nil
}
