package status

import datchuan "github.com/datchuan/datchuan"

// Blocker is one thing that still stands between a unit and recognition: an
// indicator or a district condition that is not Met, or a member commune
// that has not been evaluated for a tier its district needs.
type Blocker struct {
	UnitID        int64           `json:"unit_id"`
	SetID         string          `json:"set_id,omitempty"` // empty for a member with no result for Tier
	Tier          datchuan.Tier   `json:"tier"`
	CriterionCode string          `json:"criterion_code,omitempty"`
	IndicatorCode string          `json:"indicator_code,omitempty"`
	ConditionCode string          `json:"condition_code,omitempty"`
	Status        Status          `json:"status"`
	Value         *datchuan.Value `json:"value,omitempty"` // the value behind the status, nil if none
}

// Blockers lists every indicator of r that is not Met, in set order.
func (r UnitResult) Blockers() []Blocker {
	var out []Blocker
	for _, c := range r.Criteria {
		for _, ind := range c.Indicators {
			if ind.Status == Met {
				continue
			}
			out = append(out, Blocker{
				UnitID:        r.UnitID,
				SetID:         r.SetID,
				Tier:          r.Tier,
				CriterionCode: c.Code,
				IndicatorCode: ind.Code,
				Status:        ind.Status,
				Value:         ind.Value,
			})
		}
	}
	return out
}

// Blockers lists what still blocks the district's recognition: its own
// indicators that are not Met, its conditions that are not Met, then the
// blockers of the members that a condition needs one by one.
//
// A share condition that needs every member (MinPercent ≥ 100: all communes
// NTM, every town a civilised urban area) is blocked by each failing
// indicator of each member, so those are listed. A condition that needs only
// a share (at least 10% advanced communes) is not blocked by any member in
// particular: listing every commune that is not advanced would bury the
// real work, so only the condition itself is listed.
func (d DistrictResult) Blockers() []Blocker {
	out := d.Unit.Blockers()
	for _, c := range d.Conditions {
		if c.Status == Met {
			continue
		}
		out = append(out, Blocker{
			UnitID:        d.Unit.UnitID,
			SetID:         d.Unit.SetID,
			Tier:          d.Unit.Tier,
			ConditionCode: c.Code,
			Status:        c.Status,
			Value:         c.Value,
		})
	}
	type need struct {
		unitType string
		tier     datchuan.Tier
	}
	listed := make(map[need]bool)
	for _, c := range d.Conditions {
		n := need{memberType(c.Kind), c.Tier}
		if n.unitType == "" || !atLeast(c.Need, 100) || listed[n] {
			continue
		}
		listed[n] = true
		out = append(out, memberBlockers(d.Members, n.unitType, n.tier)...)
	}
	return out
}

// memberType is the type of member a share condition counts, "" for other kinds.
func memberType(k datchuan.ConditionKind) string {
	switch k {
	case datchuan.CondShareOfCommunes:
		return TypeCommune
	case datchuan.CondShareOfTowns:
		return TypeTown
	}
	return ""
}

// memberBlockers lists, for each member of the type, its blockers for tier;
// a member with no result for the tier is itself a NoData blocker.
func memberBlockers(members []Member, unitType string, tier datchuan.Tier) []Blocker {
	var out []Blocker
	for _, m := range members {
		if m.Unit == nil || m.Unit.Type != unitType {
			continue
		}
		res, ok := m.Results[tier]
		if !ok {
			out = append(out, Blocker{UnitID: m.Unit.ID, Tier: tier, Status: NoData})
			continue
		}
		out = append(out, res.Blockers()...)
	}
	return out
}
