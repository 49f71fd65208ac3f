package summary

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nemcustody/nemcustody/transaction"
)

// Options add context a transaction does not carry. The zero value
// summarizes from the transaction alone.
type Options struct {
	// Now is the node's network time. When set, the deadline shows the time
	// left, or that it has passed.
	Now *transaction.Timestamp
	// Mosaics gives each mosaic's divisibility so quantities show in whole
	// units; without it they show in smallest units.
	Mosaics transaction.MosaicLookup
	// Inner says the transaction is the inner transaction of a multisig
	// wrapper shown on its own (as a cosignature approves it): its signer
	// is labelled as the multisig account.
	Inner bool
}

// Line is one labelled value.
type Line struct {
	Label, Value string
}

// Summary is the human view of a transaction, computed only from the
// transaction itself: what an operator reads before signing.
type Summary struct {
	Type     transaction.Type
	Title    string
	Lines    []Line
	Warnings []string
	// Inner is the wrapped transaction's summary, for a multisig wrapper.
	Inner *Summary
}

// Of describes tx: for a transfer the recipient, the amount in XEM,
// every mosaic with the quantity it really moves (Amount × Quantity /
// 1,000,000), the fee, the deadline in UTC, and the message; for an
// aggregate modification every cosignatory added or removed and the
// change of the minimum; and so on for every type. Text from the
// transaction (messages, descriptions) is quoted with every control and
// format character escaped, so it cannot rewrite the operator's terminal.
func Of(tx transaction.Transaction, opts Options) (*Summary, error) {
	if err := transaction.Check(tx); err != nil {
		return nil, err
	}
	return summarize(tx, opts, opts.Inner), nil
}

func summarize(tx transaction.Transaction, opts Options, inner bool) *Summary {
	h := tx.Common()
	s := &Summary{Type: tx.Type(), Title: title(tx)}
	add := func(label, format string, args ...any) {
		s.Lines = append(s.Lines, Line{label, fmt.Sprintf(format, args...)})
	}
	add("network", "%s", h.Network)
	from := "signer"
	if inner {
		from = "multisig account"
	}
	add(from, "%s", h.Signer.Address(h.Network))
	switch t := tx.(type) {
	case *transaction.Transfer:
		summarizeTransfer(s, t, opts, add)
	case *transaction.ImportanceTransfer:
		mode := "activate remote harvesting"
		if t.Mode == transaction.ImportanceDeactivate {
			mode = "deactivate remote harvesting"
		}
		add("action", "%s", mode)
		add("remote account", "%s (%s)", t.Remote.Address(h.Network), t.Remote)
	case *transaction.MultisigAggregateModification:
		for _, m := range t.Modifications {
			label := "add cosignatory"
			if m.Type == transaction.ModificationDelete {
				label = "REMOVE cosignatory"
			}
			add(label, "%s (%s)", m.Cosignatory.Address(h.Network), m.Cosignatory)
		}
		if t.MinCosignatories == nil {
			add("min cosignatories", "unchanged")
		} else {
			add("min cosignatories", "%+d (relative change)", t.MinCosignatories.RelativeChange)
		}
	case *transaction.MultisigSignature:
		add("approves inner transaction", "%s", t.OtherHash)
		add("of multisig account", "%s", t.MultisigAccount)
	case *transaction.Multisig:
		s.Inner = summarize(t.Inner, opts, true)
	case *transaction.ProvisionNamespace:
		add("namespace", "%s", t.FullName())
		add("rental fee", "%s XEM", t.RentalFee)
		add("rental fee sink", "%s", t.RentalFeeSink)
	case *transaction.MosaicDefinitionCreation:
		summarizeMosaicDefinition(t, add)
	case *transaction.MosaicSupplyChange:
		dir := "increase"
		if t.SupplyType == transaction.SupplyDecrease {
			dir = "decrease"
		}
		add("mosaic", "%s", t.MosaicID)
		add("supply change", "%s by %d whole units", dir, t.Delta)
	}
	add("fee", "%s XEM", h.Fee)
	add("timestamp", "%s", utc(h.Timestamp))
	dl := utc(h.Deadline)
	if opts.Now != nil {
		if h.Deadline < *opts.Now {
			dl += " (EXPIRED)"
			s.Warnings = append(s.Warnings, "the deadline has passed: NIS will refuse this transaction")
		} else {
			dl += " (" + (time.Duration(h.Deadline-*opts.Now) * time.Second).String() + " left)"
		}
	}
	add("deadline", "%s", dl)
	return s
}

// summarizeMosaicDefinition adds the lines of a mosaic definition.
func summarizeMosaicDefinition(t *transaction.MosaicDefinitionCreation, add func(string, string, ...any)) {
	d := t.Definition
	add("mosaic", "%s", d.ID)
	add("description", "%s", quoteText(d.Description))
	add("divisibility", "%d", d.Properties.Divisibility)
	add("initial supply", "%d", d.Properties.InitialSupply)
	add("supply mutable", "%t", d.Properties.SupplyMutable)
	add("transferable", "%t", d.Properties.Transferable)
	if l := d.Levy; l != nil {
		kind := "absolute"
		if l.Type == transaction.LevyPercentile {
			kind = "percentile (per 10,000)"
		}
		add("levy", "%s %d of %s to %s", kind, l.Fee, l.MosaicID, l.Recipient)
	}
	add("creation fee", "%s XEM", t.CreationFee)
	add("creation fee sink", "%s", t.CreationFeeSink)
}

func summarizeTransfer(s *Summary, t *transaction.Transfer, opts Options, add func(string, string, ...any)) {
	add("to", "%s", t.Recipient)
	if len(t.Mosaics) == 0 {
		add("amount", "%s XEM", t.Amount)
	} else {
		add("multiplier", "%s (each mosaic moves quantity × multiplier; shown below)", t.Amount)
		for _, m := range t.Mosaics {
			add("mosaic", "%s", mosaicMoved(m, t.Amount, opts.Mosaics))
		}
	}
	switch {
	case t.Message == nil:
		add("message", "none")
	case t.Message.Type == transaction.MessageEncrypted:
		add("message", "encrypted, %d bytes (not shown)", len(t.Message.Payload))
	case utf8.Valid(t.Message.Payload):
		add("message", "%s", quoteText(string(t.Message.Payload)))
	default:
		add("message", "hex %s (not UTF-8)", hex.EncodeToString(t.Message.Payload))
	}
}

// mosaicMoved formats the quantity a transfer really moves of mosaic m.
func mosaicMoved(m transaction.Mosaic, amount transaction.Amount, lookup transaction.MosaicLookup) string {
	raw := new(big.Int).Mul(new(big.Int).SetUint64(m.Quantity), new(big.Int).SetUint64(uint64(amount)))
	raw.Quo(raw, big.NewInt(int64(transaction.XEM)))
	div, known := uint8(0), false
	if m.ID == transaction.XEMMosaic {
		div, known = 6, true
	} else if lookup != nil {
		if info, ok := lookup(m.ID); ok {
			div, known = info.Divisibility, true
		}
	}
	if !known {
		return fmt.Sprintf("%s %s smallest units (divisibility unknown)", m.ID, raw)
	}
	return fmt.Sprintf("%s %s", m.ID, decimal(raw, div))
}

// decimal formats v smallest units at div decimals.
func decimal(v *big.Int, div uint8) string {
	s := v.String()
	if div == 0 {
		return s
	}
	for len(s) <= int(div) {
		s = "0" + s
	}
	return s[:len(s)-int(div)] + "." + s[len(s)-int(div):]
}

func title(tx transaction.Transaction) string {
	switch t := tx.(type) {
	case *transaction.Multisig:
		return "multisig wrapper of a " + t.Inner.Type().String()
	case *transaction.Transfer:
		if len(t.Mosaics) > 0 {
			return "transfer (v" + strconv.Itoa(int(t.Version)) + ", with mosaics)"
		}
		return "transfer (v" + strconv.Itoa(int(t.Version)) + ")"
	case *transaction.MultisigAggregateModification:
		return "multisig aggregate modification (v" + strconv.Itoa(int(t.Version)) + ")"
	}
	return tx.Type().String()
}

func utc(ts transaction.Timestamp) string { return ts.Time().Format("2006-01-02 15:04:05 UTC") }

// quoteText quotes s with every non-printable, control and format
// character (including bidirectional overrides) escaped.
func quoteText(s string) string { return strconv.Quote(s) }

// String renders the summary as aligned "label: value" lines, the inner
// transaction of a wrapper indented under it, and warnings last.
func (s *Summary) String() string {
	var b strings.Builder
	s.write(&b, "")
	return b.String()
}

func (s *Summary) write(b *strings.Builder, indent string) {
	width := 0
	for _, l := range s.Lines {
		width = max(width, len(l.Label))
	}
	fmt.Fprintf(b, "%s%s\n", indent, strings.ToUpper(s.Title))
	for _, l := range s.Lines {
		fmt.Fprintf(b, "%s  %-*s  %s\n", indent, width+1, l.Label+":", l.Value)
	}
	if s.Inner != nil {
		fmt.Fprintf(b, "%s  wraps:\n", indent)
		s.Inner.write(b, indent+"    ")
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(b, "%s  WARNING: %s\n", indent, w)
	}
}
