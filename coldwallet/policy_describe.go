package coldwallet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nemcustody/nemcustody/transaction"
)

// Describe says in plain lines what the policy lets the offline signer
// sign: for a person writing a policy, and for 'nemcustody policy check'.
// A policy DecodePolicy would refuse is described by its error.
func (p *Policy) Describe() ([]string, error) {
	c, err := p.compile()
	if err != nil {
		return nil, err
	}
	var d []string
	if p.KillSwitch {
		d = append(d, "KILL SWITCH ON: nothing is signed")
	}
	if len(p.Networks) == 0 || len(c.types) == 0 {
		return append(d, "nothing is signed: no network or no type is allowed"), nil
	}
	var nets []string
	for _, n := range p.Networks {
		nets = append(nets, n.String())
	}
	d = append(d, "networks: "+strings.Join(nets, ", "), "types: "+strings.Join(p.Types, ", "))
	if c.maxAmount == 0 {
		d = append(d, "each item: nothing (maxAmountPerTransaction is not set), so nothing is signed")
	} else {
		d = append(d, fmt.Sprintf("each item: at most %s XEM out of the account, amount, levies and every fee it signs counted", c.maxAmount))
	}
	if c.maxFee != 0 {
		d = append(d, fmt.Sprintf("each fee: at most %s XEM", c.maxFee))
	}
	if w := c.window; w != nil {
		d = append(d, fmt.Sprintf("rolling window: at most %s XEM and %d transfers can take effect on chain within any %s", w.maxAmount, w.maxCount, w.period))
	} else {
		d = append(d, "rolling window: none, so no transfer is signed")
	}
	switch {
	case p.AnyRecipient:
		d = append(d, "recipients: ANY ADDRESS (anyRecipient): no allowlist protects transfers; the amounts, the window and the account limits are the only bounds")
	case len(p.Recipients) == 0:
		d = append(d, "recipients: none, so no transfer is signed")
	default:
		var rs []string
		for _, r := range p.Recipients {
			rs = append(rs, r.String())
		}
		d = append(d, fmt.Sprintf("recipients: %d (%s)", len(rs), strings.Join(rs, ", ")))
	}
	if len(p.Mosaics) == 0 {
		d = append(d, "mosaics other than nem:xem: none")
	}
	for _, m := range p.Mosaics {
		id, _ := transaction.ParseMosaicID(m.ID) // checked by compile
		pin := c.mosaics[id]
		d = append(d, fmt.Sprintf("mosaic %s: at most %d smallest units per item, pinned with %s", id, pin.max, describeLevy(pin.levy)))
	}
	if c.deadline == 0 {
		d = append(d, "deadlines: none allowed (maxDeadline is not set), so nothing is signed")
	} else {
		d = append(d, fmt.Sprintf("deadlines: at most %s after the node time", c.deadline))
	}
	if p.AllowModifications {
		kinds := "every kind"
		if len(p.Modifications) > 0 {
			kinds = strings.Join(p.Modifications, ", ")
		}
		d = append(d, "cosignatory modifications and conversions: "+kinds+
			"; only into the registered plan or its registered next version, never one that lets online keys or one custodian act alone")
	}
	return d, nil
}

// reviewWarnings are what the review must say loudly about the policy
// itself for req: a transfer that only anyRecipient allows. numbers are
// the items' numbers in the request the operator sees (req may be one
// signer's part of it).
func (p *Policy) reviewWarnings(req *Request, numbers []int) []string {
	if !p.AnyRecipient {
		return nil
	}
	var w []string
	for i, it := range req.Items {
		if t, ok := approvedBy(it).(*transaction.Transfer); ok && !slices.Contains(p.Recipients, t.Recipient) {
			w = append(w, fmt.Sprintf("WARNING: THE POLICY ALLOWS ANY RECIPIENT (anyRecipient): no allowlist checks %s (item %d); read the address yourself", t.Recipient, numbers[i]))
		}
	}
	return w
}
