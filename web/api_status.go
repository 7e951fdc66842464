package web

import (
	"net/http"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// The status endpoints answer a summary by default: each unit's criteria
// with their status and counts, the district's conditions and what
// blocks it, without each indicator's threshold and value (tens of
// kilobytes for a district of 15 communes, against megabytes).
// ?detail=indicators gives the whole evaluation, as the pages use it.

// wantsDetail reports whether the request asks for every indicator.
func wantsDetail(r *http.Request) (bool, error) {
	switch r.URL.Query().Get("detail") {
	case "":
		return false, nil
	case "indicators":
		return true, nil
	}
	return false, datchuan.Errorf(datchuan.EINVALID, "detail chỉ nhận giá trị indicators (detail takes only \"indicators\")")
}

// unitBrief names a unit.
type unitBrief struct {
	ID    int64          `json:"id"`
	Code  string         `json:"code"`
	Name  string         `json:"name"`
	Level datchuan.Level `json:"level"`
}

func briefUnit(u *datchuan.Unit) unitBrief {
	return unitBrief{ID: u.ID, Code: u.Code, Name: u.Name, Level: u.Level}
}

// criterionBrief is a criterion's status and indicator counts.
type criterionBrief struct {
	Code   string        `json:"code"`
	Status status.Status `json:"status"`
	Met    int           `json:"met"`
	Total  int           `json:"total"`
}

// resultBrief is a unit against one set, criterion by criterion.
type resultBrief struct {
	SetID      string            `json:"set_id"`
	Tier       datchuan.Tier     `json:"tier"`
	Year       int               `json:"year"`
	Met        int               `json:"met"`
	Total      int               `json:"total"`
	Meets      bool              `json:"meets"`
	Criteria   []criterionBrief  `json:"criteria"`
	Revocation status.Revocation `json:"revocation"`
}

func briefResult(r status.UnitResult) resultBrief {
	out := resultBrief{SetID: r.SetID, Tier: r.Tier, Year: r.Year, Met: r.Met, Total: r.Total, Meets: r.Meets,
		Revocation: r.Revocation, Criteria: make([]criterionBrief, len(r.Criteria))}
	for i, c := range r.Criteria {
		out.Criteria[i] = criterionBrief{Code: c.Code, Status: c.Status, Met: c.Met, Total: c.Total}
	}
	return out
}

// communeBrief is a commune-level unit with its results by tier.
type communeBrief struct {
	Unit    unitBrief                     `json:"unit"`
	Results map[datchuan.Tier]resultBrief `json:"results"`
}

func briefCommunes(rows []rollup.CommuneRow) []communeBrief {
	out := make([]communeBrief, len(rows))
	for i, row := range rows {
		c := communeBrief{Unit: briefUnit(row.Unit), Results: map[datchuan.Tier]resultBrief{}}
		for tier, r := range row.Results {
			c.Results[tier] = briefResult(r)
		}
		out[i] = c
	}
	return out
}

// conditionBrief is a district condition without the value behind it.
type conditionBrief struct {
	Code    string        `json:"code"`
	Status  status.Status `json:"status"`
	Met     int           `json:"met"`
	Total   int           `json:"total"`
	Percent float64       `json:"percent"`
	Need    float64       `json:"need"`
}

// blockerBrief is what blocks a district, without the value behind it.
type blockerBrief struct {
	UnitID    int64         `json:"unit_id"`
	Tier      datchuan.Tier `json:"tier"`
	Criterion string        `json:"criterion_code,omitempty"`
	Indicator string        `json:"indicator_code,omitempty"`
	Condition string        `json:"condition_code,omitempty"`
	Status    status.Status `json:"status"`
}

// districtResultBrief is the district's evaluation in the shape of
// status.DistrictResult, without its members (the communes are listed
// once, beside it).
type districtResultBrief struct {
	Unit       resultBrief       `json:"unit"` // its own criteria
	Conditions []conditionBrief  `json:"conditions"`
	Meets      bool              `json:"meets"` // own criteria and every condition
	Revocation status.Revocation `json:"revocation"`
}

// districtBrief is a district's status in summary, in the shape of
// rollup.DistrictStatus.
type districtBrief struct {
	Unit     unitBrief            `json:"unit"`
	On       datchuan.Date        `json:"on"`
	Target   *datchuan.Target     `json:"target,omitempty"`
	Set      *rollup.SetRef       `json:"set"`
	Result   *districtResultBrief `json:"result,omitempty"`
	Communes []communeBrief       `json:"communes"`
	Blockers []blockerBrief       `json:"blockers,omitempty"`
}

func briefDistrict(d *rollup.DistrictStatus) districtBrief {
	out := districtBrief{Unit: briefUnit(d.Unit), On: d.On, Target: d.Target, Set: d.Set, Communes: briefCommunes(d.Communes)}
	if r := d.Result; r != nil {
		res := &districtResultBrief{Unit: briefResult(r.Unit), Meets: r.Meets, Revocation: r.Revocation,
			Conditions: make([]conditionBrief, len(r.Conditions))}
		for i, c := range r.Conditions {
			res.Conditions[i] = conditionBrief{Code: c.Code, Status: c.Status, Met: c.Met, Total: c.Total, Percent: c.Percent, Need: c.Need}
		}
		out.Result = res
	}
	for _, b := range d.Blockers {
		out.Blockers = append(out.Blockers, blockerBrief{UnitID: b.UnitID, Tier: b.Tier, Criterion: b.CriterionCode,
			Indicator: b.IndicatorCode, Condition: b.ConditionCode, Status: b.Status})
	}
	return out
}

// provinceBrief is a province's districts and communes in summary.
type provinceBrief struct {
	Unit      unitBrief       `json:"unit"`
	On        datchuan.Date   `json:"on"`
	Districts []districtBrief `json:"districts"`
	Communes  []communeBrief  `json:"communes,omitempty"`
}

func briefProvince(p *rollup.ProvinceStatus) provinceBrief {
	out := provinceBrief{Unit: briefUnit(p.Unit), On: p.On, Districts: make([]districtBrief, len(p.Districts)),
		Communes: briefCommunes(p.Communes)}
	for i, d := range p.Districts {
		out.Districts[i] = briefDistrict(d)
	}
	return out
}
