package status

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	datchuan "github.com/datchuan/datchuan"
)

// Revocation is the quantitative revocation rule of Decision 18/2022/QĐ-TTg
// applied to a result: whether a recognised unit with this result would be
// at risk of losing its recognition, and why.
//
// Only criteria whose status is NotMet count. Revocation is a formal act
// taken on confirmed evaluations; a criterion that is merely Reported or
// Returned, has no data, or lacks a threshold in our (draft) set is a gap in
// the record, not evidence that the unit fell back, and must not push a
// unit towards losing its title.
type Revocation struct {
	AtRisk    bool     `json:"at_risk"`
	NotMet    int      `json:"not_met"`     // criteria not met (confirmed failures)
	Total     int      `json:"total"`       // criteria in the set
	Percent   float64  `json:"percent"`     // NotMet/Total, in percent
	KeyNotMet []string `json:"key_not_met"` // codes of not-met criteria that the rule names (income, environment ...)
	Reason    string   `json:"reason"`      // Vietnamese; empty if not at risk

	// For a district: its communes (Xã) that are themselves at risk.
	CommunesAtRisk  int     `json:"communes_at_risk,omitempty"`
	Communes        int     `json:"communes,omitempty"`
	CommunesPercent float64 `json:"communes_percent,omitempty"`
}

// unitRevocation applies set.Revocation to a unit's criteria; a set without
// a rule never puts a unit at risk.
func unitRevocation(set *datchuan.CriteriaSet, criteria []CriterionResult) Revocation {
	r := Revocation{Total: len(criteria)}
	for i, c := range criteria {
		if c.Status != NotMet {
			continue
		}
		r.NotMet++
		if set.Criteria[i].RevocationKey {
			r.KeyNotMet = append(r.KeyNotMet, c.Code)
		}
	}
	r.Percent = percentOf(r.NotMet, r.Total)
	rule := set.Revocation
	if rule == nil || r.NotMet == 0 {
		return r
	}
	head := fmt.Sprintf("%d/%d tiêu chí không đạt (%s%%)", r.NotMet, r.Total, formatPercent(r.Percent))
	switch {
	case atLeast(r.Percent, rule.AnyPercent):
		r.AtRisk = true
		r.Reason = fmt.Sprintf("%s ≥ %s%%", head, datchuan.FormatNumber(rule.AnyPercent))
	case atLeast(r.Percent, rule.KeyPercent) && len(r.KeyNotMet) > 0:
		r.AtRisk = true
		r.Reason = fmt.Sprintf("%s ≥ %s%%, trong đó có tiêu chí %s", head,
			datchuan.FormatNumber(rule.KeyPercent), strings.Join(r.KeyNotMet, ", "))
	}
	return r
}

// districtRevocation adds the communes rule to the district's own: the
// district is at risk when at least CommunesPercent of its communes are.
func districtRevocation(set *datchuan.CriteriaSet, own Revocation, members []Member) Revocation {
	r := own
	rule := set.Revocation
	if rule == nil || rule.CommunesPercent <= 0 {
		return r
	}
	for _, m := range members {
		if m.Unit == nil || m.Unit.Type != TypeCommune {
			continue
		}
		r.Communes++
		if res, ok := m.Results[datchuan.TierCommuneNTM]; ok && res.Revocation.AtRisk {
			r.CommunesAtRisk++
		}
	}
	r.CommunesPercent = percentOf(r.CommunesAtRisk, r.Communes)
	if r.CommunesAtRisk == 0 || !atLeast(r.CommunesPercent, rule.CommunesPercent) {
		return r
	}
	reason := fmt.Sprintf("%d/%d xã có nguy cơ bị thu hồi công nhận (%s%%) ≥ %s%%",
		r.CommunesAtRisk, r.Communes, formatPercent(r.CommunesPercent), datchuan.FormatNumber(rule.CommunesPercent))
	r.AtRisk = true
	if r.Reason != "" {
		reason += "; " + r.Reason
	}
	r.Reason = reason
	return r
}

// formatPercent writes p with at most one decimal and a decimal comma:
// 52,6; 30.
func formatPercent(p float64) string {
	s := strconv.FormatFloat(math.Round(p*10)/10, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}
