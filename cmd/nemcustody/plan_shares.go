package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/multisig"
)

// sharesSpecHelp explains --shares.
const sharesSpecHelp = `--shares LABEL:G:GROUPS records who holds the SLIP-39 shares of the
cosigner labelled LABEL ('nemcustody key backup'): G groups restore the
key; GROUPS are the groups in share order, separated by ';', each the
custodian holding its one share ("lawyer") or T*HOLDER+HOLDER+... for a
group of which T shares restore it ("2*bank+notary+lawyer"). Holders are
custodian names, compared as custodians are. The plan is refused when one
holder could restore the key alone, or when a holder is the custodian of
an online cosigner (no share on the online side).
`

// parseSharesSpec parses LABEL:G:GROUPS. n numbers the flag in errors,
// which never repeat the value.
func parseSharesSpec(spec string, n int) (string, *multisig.ShareBackup, error) {
	what := fmt.Sprintf("--shares %d", n)
	label, rest, ok1 := strings.Cut(spec, ":")
	gt, groups, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || label == "" || groups == "" {
		return "", nil, usagef("%s: want LABEL:G:GROUPS", what)
	}
	b := &multisig.ShareBackup{}
	v, err := strconv.Atoi(gt)
	if err != nil || v < 1 || v > 16 {
		return "", nil, usagef("%s: the group threshold must be a number from 1 to 16", what)
	}
	b.GroupThreshold = v
	for i, g := range strings.Split(groups, ";") {
		sg := multisig.ShareGroup{MemberThreshold: 1}
		holders := g
		if t, h, ok := strings.Cut(g, "*"); ok {
			v, err := strconv.Atoi(t)
			if err != nil || v < 1 || v > 16 {
				return "", nil, usagef("%s: group %d: the member threshold before '*' must be a number from 1 to 16", what, i+1)
			}
			sg.MemberThreshold, holders = v, h
		}
		sg.Holders = strings.Split(holders, "+")
		for j, h := range sg.Holders {
			if p := multisig.CustodianProblem(h); p != "" {
				return "", nil, usagef("%s: group %d, holder %d: the custodian %s", what, i+1, j+1, p)
			}
		}
		b.Groups = append(b.Groups, sg)
	}
	return label, b, nil
}

// applyShares records each --shares spec on the cosigner with its label.
func applyShares(cosigners []multisig.Cosigner, specs []string) error {
	seen := map[string]bool{}
	for n, spec := range specs {
		label, b, err := parseSharesSpec(spec, n+1)
		if err != nil {
			return err
		}
		found := false
		for i := range cosigners {
			if cosigners[i].Label == label {
				if seen[label] {
					return usagef("--shares %d: the cosigner's shares are given twice", n+1)
				}
				cosigners[i].Shares, found, seen[label] = b, true, true
				break
			}
		}
		if !found {
			return usagef("--shares %d: no --cosigner has that label", n+1)
		}
	}
	return nil
}

// sharesSummary is the shares member of plan check's cosigners.
type sharesSummary struct {
	GroupThreshold int                 `json:"groupThreshold"`
	Groups         []shareGroupSummary `json:"groups"`
	Description    string              `json:"description"`
}

type shareGroupSummary struct {
	MemberThreshold int      `json:"memberThreshold"`
	Holders         []string `json:"holders"`
}

func newSharesSummary(b *multisig.ShareBackup) *sharesSummary {
	if b == nil {
		return nil
	}
	s := &sharesSummary{GroupThreshold: b.GroupThreshold, Description: b.String()}
	for _, g := range b.Groups {
		s.Groups = append(s.Groups, shareGroupSummary{g.MemberThreshold, g.Holders})
	}
	return s
}
