package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/nis"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// mosaicFlags parses the --mosaic NS:NAME:UNITS flags.
func mosaicFlags(specs []string) ([]transaction.Mosaic, error) {
	var out []transaction.Mosaic
	for i, s := range specs {
		cut := strings.LastIndexByte(s, ':')
		if cut < 0 {
			return nil, usagef("--mosaic %d: want NS:NAME:UNITS", i+1)
		}
		id, err := transaction.ParseMosaicID(s[:cut])
		if err != nil {
			return nil, usagef("--mosaic %d: want NS:NAME:UNITS, with a mosaic id NIS accepts", i+1)
		}
		if id == transaction.XEMMosaic {
			return nil, usagef("--mosaic %d: give XEM with --amount", i+1)
		}
		units, err := strconv.ParseUint(s[cut+1:], 10, 64)
		if err != nil || units == 0 || units > transaction.MaxQuantity {
			return nil, usagef("--mosaic %d: UNITS must be a whole number of smallest units from 1 to %d", i+1, uint64(transaction.MaxQuantity))
		}
		if slices.ContainsFunc(out, func(m transaction.Mosaic) bool { return m.ID == id }) {
			return nil, usagef("--mosaic %d: %s given twice", i+1, id)
		}
		out = append(out, transaction.Mosaic{ID: id, Quantity: units})
	}
	if len(out) > transaction.MaxMosaics {
		return nil, usagef("at most %d --mosaic", transaction.MaxMosaics)
	}
	return out, nil
}

// mosaicInfo is what a request needs to know of the mosaics it moves: the
// definitions it carries and the supplies that price the transfer.
type mosaicInfo struct {
	defs     []transaction.MosaicDefinition // sorted by id
	supplies map[transaction.MosaicID]transaction.MosaicSupply
}

func (m *mosaicInfo) supply(id transaction.MosaicID) (transaction.MosaicSupply, bool) {
	s, ok := m.supplies[id]
	return s, ok
}

// warnings say what levy each definition carries, for the operator of the
// online side to compare with the offline policy's pins.
func (m *mosaicInfo) warnings() []string {
	var w []string
	for _, d := range m.defs {
		if l := d.Levy; l != nil {
			kind := fmt.Sprintf("%d smallest units of %s", l.Fee, l.MosaicID)
			if l.MosaicID == transaction.XEMMosaic {
				kind = transaction.Amount(l.Fee).String() + " XEM"
			}
			if l.Type == transaction.LevyPercentile {
				kind = fmt.Sprintf("%d per 10,000 of the units moved, in %s", l.Fee, l.MosaicID)
			}
			w = append(w, fmt.Sprintf("%s carries a levy of %s to %s, paid by the account on top of the transfer", d.ID, kind, l.Recipient))
		}
	}
	return w
}

// mosaicDefinitions reads the definitions and supplies of mosaics: from
// the node at url, or from the definition files (a mosaic whose supply can
// change then needs the node).
func mosaicDefinitions(mosaics []transaction.Mosaic, url string, files []string, n sign.Network) (*mosaicInfo, error) {
	info := &mosaicInfo{supplies: map[transaction.MosaicID]transaction.MosaicSupply{}}
	byID := map[transaction.MosaicID]*transaction.MosaicDefinition{}
	for _, f := range files {
		b, err := readFileLimit(f, "mosaic definition", nisjson.MaxSize)
		if err != nil {
			return nil, err
		}
		d, err := nisjson.DecodeMosaicDefinition(b, n)
		if err != nil {
			return nil, fmt.Errorf("--mosaic-definition %s: %w", f, err)
		}
		if byID[d.ID] != nil {
			return nil, usagef("--mosaic-definition: two files define %s", d.ID)
		}
		byID[d.ID] = d
	}
	for _, m := range mosaics {
		d := byID[m.ID]
		delete(byID, m.ID)
		var supply uint64
		switch {
		case url != "":
			ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
			c := &nis.Client{BaseURL: url}
			var err error
			if d, err = c.MosaicDefinition(ctx, m.ID, n); err == nil {
				supply, err = c.MosaicSupply(ctx, m.ID)
			}
			cancel()
			if err != nil {
				return nil, fmt.Errorf("mosaic %s: %w", m.ID, err)
			}
		case d == nil:
			return nil, usagef("--mosaic %s: give its definition with --mosaic-definition, or --node", m.ID)
		case d.Properties.SupplyMutable:
			return nil, usagef("--mosaic %s: its supply can change, and the fee depends on the current supply: give --node", m.ID)
		default:
			supply = d.Properties.InitialSupply
		}
		info.defs = append(info.defs, *d)
		info.supplies[m.ID] = transaction.MosaicSupply{Supply: supply, Divisibility: d.Properties.Divisibility}
	}
	if len(byID) > 0 {
		var extra []string
		for id := range byID {
			extra = append(extra, id.String())
		}
		slices.Sort(extra)
		return nil, usagef("--mosaic-definition: %s is not a --mosaic", strings.Join(extra, ", "))
	}
	slices.SortFunc(info.defs, func(a, b transaction.MosaicDefinition) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	return info, nil
}
