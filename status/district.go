package status

import datchuan "github.com/datchuan/datchuan"

// Type words of commune-level units that district conditions count (the
// domain's, named here for the engine's readers).
const (
	TypeCommune = datchuan.TypeCommune
	TypeTown    = datchuan.TypeTown
	TypeWard    = datchuan.TypeWard
)

// Member is a commune-level unit of a district with its evaluated results.
type Member struct {
	Unit *datchuan.Unit `json:"unit"` // Type "Xã", "Thị trấn" or "Phường"
	// Results holds the member's result for each tier it has a set for
	// (commune_ntm, commune_ntm_advanced, civilised_urban ...).
	Results map[datchuan.Tier]UnitResult `json:"results"`
}

// ConditionResult is the evaluation of one district condition.
type ConditionResult struct {
	Code    string                 `json:"code"`
	TextVi  string                 `json:"text_vi"`
	Kind    datchuan.ConditionKind `json:"kind"`
	Tier    datchuan.Tier          `json:"tier,omitempty"` // for share conditions: the tier members must meet
	Status  Status                 `json:"status"`
	Met     int                    `json:"met"`     // members meeting the tier, or criteria met (all_criteria_met)
	Total   int                    `json:"total"`   // members counted, or criteria in the set
	Percent float64                `json:"percent"` // Met/Total in percent, 0 when Total is 0
	Need    float64                `json:"need"`    // the MinPercent required (share conditions), 100 otherwise
	// For boolean conditions: the value used (nil if none) and, when it is
	// not confirmed yet, whether it would meet.
	Value     *datchuan.Value `json:"value,omitempty"`
	WouldMeet bool            `json:"would_meet"`
}

// DistrictResult is the evaluation of a district against a district set.
type DistrictResult struct {
	Unit       UnitResult        `json:"unit"` // the district's own criteria
	Conditions []ConditionResult `json:"conditions"`
	Meets      bool              `json:"meets"` // own criteria all met and every condition met
	Members    []Member          `json:"members"`
	Revocation Revocation        `json:"revocation"`
}

// EvaluateDistrict evaluates district against the district set for year.
// values are the district's current values: those of its own indicators and
// of its boolean conditions (IndicatorCode = the condition's code). members
// are its commune-level units with their results, already evaluated.
func EvaluateDistrict(set *datchuan.CriteriaSet, district *datchuan.Unit, year int, values []*datchuan.Value, members []Member) DistrictResult {
	own := EvaluateUnit(set, district.ID, district.Classifiers, year, values)
	byCode := latestValues(set.ID, values)
	d := DistrictResult{
		Unit:       own,
		Conditions: make([]ConditionResult, len(set.Conditions)),
		Members:    members,
		Meets:      own.Meets,
	}
	for i, cond := range set.Conditions {
		cr := evaluateCondition(cond, own, byCode[cond.Code], members)
		if cr.Status != Met {
			d.Meets = false
		}
		d.Conditions[i] = cr
	}
	d.Revocation = districtRevocation(set, own.Revocation, members)
	return d
}

func evaluateCondition(cond datchuan.Condition, own UnitResult, v *datchuan.Value, members []Member) ConditionResult {
	r := ConditionResult{Code: cond.Code, TextVi: cond.TextVi, Kind: cond.Kind, Tier: cond.Tier}
	switch cond.Kind {
	case datchuan.CondShareOfCommunes:
		shareCondition(&r, cond, members, TypeCommune)
	case datchuan.CondShareOfTowns:
		shareCondition(&r, cond, members, TypeTown)
	case datchuan.CondAllCriteria:
		r.Met, r.Total, r.Need = own.Met, own.Total, 100
		r.Percent = percentOf(own.Met, own.Total)
		r.Status = Met
		if !own.Meets {
			r.Status = Worst(criterionStatuses(own)...)
		}
	case datchuan.CondBoolean:
		// The statement itself is the bound: a pass/fail value, no threshold.
		r.Value, r.Total, r.Need = v, 1, 100
		r.Status = NoData
		if v != nil {
			r.Status, r.WouldMeet = judge(datchuan.KindPassFail, 0, v)
		}
		if r.Status == Met {
			r.Met, r.Percent = 1, 100
		}
	default:
		// A kind this engine does not know cannot be judged, so it is never
		// met; the catalog loader rejects such sets before they get here.
		r.Status = ThresholdMissing
	}
	return r
}

// shareCondition counts the members of the given type that meet cond.Tier.
// A member with no result for the tier does not meet it. With no member of
// the type the condition holds vacuously ("Thị trấn (nếu có)"); when none of
// them has a result for the tier at all it is NoData rather than a failure.
func shareCondition(r *ConditionResult, cond datchuan.Condition, members []Member, unitType string) {
	r.Need = cond.MinPercent
	evaluated := 0
	for _, m := range members {
		if m.Unit == nil || m.Unit.Type != unitType {
			continue
		}
		r.Total++
		res, ok := m.Results[cond.Tier]
		if !ok {
			continue
		}
		evaluated++
		if res.Meets {
			r.Met++
		}
	}
	r.Percent = percentOf(r.Met, r.Total)
	switch {
	case r.Total == 0:
		r.Status = Met
	case evaluated == 0:
		r.Status = NoData
	case atLeast(r.Percent, r.Need):
		r.Status = Met
	default:
		r.Status = NotMet
	}
}

func criterionStatuses(u UnitResult) []Status {
	s := make([]Status, len(u.Criteria))
	for i, c := range u.Criteria {
		s[i] = c.Status
	}
	return s
}
