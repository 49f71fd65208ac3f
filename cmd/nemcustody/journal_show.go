package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
)

var journalShowCmd = &command{
	name:    "show",
	summary: "print a journal as a table (or JSON): who approved what, amounts, the window",
	run:     runJournalShow,
	usage: `Usage: nemcustody journal show JOURNAL [--json] [--period D | --policy FILE]

Verifies the journal as 'journal verify' does (a journal that does not
verify is refused: its entries are not shown as if they were the record),
then prints one line per entry: seq, time (UTC, when it was written),
event (opened, registered, signed, refused, repaired), signer (its address
on the registered plan's network), operator, what was approved or why it
was refused, the XEM it took out (amounts and every fee) and the transfers
it signed, and for every signing that counts in the rolling window what
the window held at it: the most XEM and transfers that the signings up to
then can make take effect within any period of network time, which the
policy's window caps. A repeat (a lost response released again) counts
nothing and says so.

The window's period is --period (default 24h) or the window.period of
--policy.

With --json, prints one JSON object: journal, journalId, headSeq,
headHash, period, entries (seq, time, event, requestId, signer,
signerAddress, operator, summary, xem, transfers, nodeTime, validFrom,
validUntil, repeatOf, window: {xem, transfers}).

Example:
  nemcustody journal show journal.jsonl --policy policy.json

Flags:
  --json          print JSON instead of the table
  --period D      the window's period (default 24h)
  --policy FILE   take the period from this policy's window
`,
}

// journalEntryOutput is one entry of journal show --json.
type journalEntryOutput struct {
	Seq           int             `json:"seq"`
	Time          string          `json:"time"`
	Event         string          `json:"event"`
	RequestID     string          `json:"requestId,omitempty"`
	Signer        *sign.PublicKey `json:"signer,omitempty"`
	SignerAddress *sign.Address   `json:"signerAddress,omitempty"`
	Operator      string          `json:"operator,omitempty"`
	Summary       string          `json:"summary"`
	XEM           string          `json:"xem,omitempty"`
	Transfers     int             `json:"transfers,omitempty"`
	NodeTime      uint32          `json:"nodeTime,omitempty"`
	ValidFrom     uint32          `json:"validFrom,omitempty"`
	ValidUntil    uint32          `json:"validUntil,omitempty"`
	RepeatOf      int             `json:"repeatOf,omitempty"`
	Window        *windowOutput   `json:"window,omitempty"`
}

type windowOutput struct {
	XEM       string `json:"xem"`
	Transfers int    `json:"transfers"`
}

func runJournalShow(e *env, args []string) error {
	flags := newFlagSet("journal show")
	asJSON := flags.Bool("json", false, "")
	periodFlag := flags.String("period", "", "")
	policyPath := flags.String("policy", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	path, err := onePositional(pos, "JOURNAL: the journal file to show")
	if err != nil {
		return err
	}
	period := 24 * time.Hour
	switch {
	case *periodFlag != "" && *policyPath != "":
		return usagef("--period and --policy are alternatives: give one")
	case *periodFlag != "":
		if period, err = durationFlag(*periodFlag, "--period"); err != nil {
			return err
		}
	case *policyPath != "":
		p, err := loadPolicy(*policyPath)
		if err != nil {
			return err
		}
		if p.Window == nil {
			return fmt.Errorf("policy %s has no window: give --period", *policyPath)
		}
		if period, err = time.ParseDuration(p.Window.Period); err != nil {
			return fmt.Errorf("policy %s: window.period: %w", *policyPath, err)
		}
	}
	entries, res, err := verifyJournalFile(path, journal.VerifyOptions{})
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	out, id := journalEntryOutputs(entries, period)
	if *asJSON {
		if out == nil {
			out = []journalEntryOutput{}
		}
		return writeJSON(e, struct {
			Journal   string               `json:"journal"`
			JournalID string               `json:"journalId"`
			HeadSeq   int                  `json:"headSeq"`
			HeadHash  journal.Hash         `json:"headHash"`
			Period    string               `json:"period"`
			Entries   []journalEntryOutput `json:"entries"`
		}{path, id, res.HeadSeq, res.HeadHash, period.String(), out})
	}
	fmt.Fprintf(e.out, "journal %s (id %s), %d entries, head %s; window period %s\n\n", path, id, res.HeadSeq, res.HeadHash, period)
	return writeJournalTable(e, out)
}

// journalEntryOutputs describes every entry, with the running window of
// period, and returns the journal's identity.
func journalEntryOutputs(entries []journal.Entry, period time.Duration) ([]journalEntryOutput, string) {
	var network *sign.Network
	for _, en := range entries {
		if en.Event == journal.EventRegistered {
			if p, err := multisig.DecodePlan([]byte(en.Plan)); err == nil {
				network = &p.Network
			}
		}
	}
	windows := map[int]journal.WindowAt{}
	for _, w := range journal.RunningWindow(entries, period) {
		windows[w.Seq] = w
	}
	var out []journalEntryOutput
	id := ""
	for _, en := range entries {
		o := journalEntryOutput{Seq: en.Seq, Time: en.Time.UTC().Format("2006-01-02T15:04:05Z"), Event: string(en.Event),
			RequestID: en.RequestID, Operator: en.Operator, Summary: en.Summary, Transfers: en.Transfers,
			NodeTime: uint32(en.NodeTime), RepeatOf: en.RepeatOf}
		if en.Event == journal.EventOpened {
			id = journal.Identity(en)
		}
		if en.Signer != (sign.PublicKey{}) {
			k := en.Signer
			o.Signer = &k
			if network != nil {
				a := k.Address(*network)
				o.SignerAddress = &a
			}
		}
		if en.XEM > 0 {
			o.XEM = en.XEM.String()
		}
		if v := en.Validity; v != nil {
			o.ValidFrom, o.ValidUntil = uint32(v.From), uint32(v.Until)
		}
		if w, ok := windows[en.Seq]; ok {
			o.Window = &windowOutput{XEM: w.Amount, Transfers: w.Transfers}
		}
		if o.Summary == "" {
			o.Summary = describeEvent(en)
		}
		out = append(out, o)
	}
	return out, id
}

// writeJournalTable writes the entries as a table.
func writeJournalTable(e *env, out []journalEntryOutput) error {
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME (UTC)\tEVENT\tSIGNER\tOPERATOR\tXEM OUT\tTRANSFERS\tWINDOW (XEM, transfers)\tWHAT")
	for _, o := range out {
		signer := "-"
		switch {
		case o.SignerAddress != nil:
			signer = o.SignerAddress.String()
		case o.Signer != nil:
			signer = o.Signer.String()[:16] + "..."
		}
		window := "-"
		if o.Window != nil {
			window = fmt.Sprintf("%s, %d", o.Window.XEM, o.Window.Transfers)
		} else if o.RepeatOf > 0 {
			window = fmt.Sprintf("repeat of %d, not counted", o.RepeatOf)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.Seq, strings.Replace(o.Time, "T", " ", 1), o.Event, signer,
			dash(o.Operator), dash(o.XEM), dash(countOrEmpty(o.Transfers)), window, oneLine(o.Summary))
	}
	if err := tw.Flush(); err != nil {
		return errors.New("formatting the table")
	}
	return nil
}

// describeEvent says what an entry without a summary records.
func describeEvent(en journal.Entry) string {
	switch en.Event {
	case journal.EventOpened:
		return "journal created"
	case journal.EventRegistered:
		if en.NextPlan != "" {
			return "plan registered, with its next version"
		}
		return "plan registered"
	}
	return ""
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func countOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// oneLine replaces control characters (journal text is checked, but a
// table cell must stay on its line).
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
