package status

import datchuan "github.com/datchuan/datchuan"

// IndicatorResult is the evaluation of one indicator for one unit.
type IndicatorResult struct {
	Code   string                 `json:"code"`
	NameVi string                 `json:"name_vi"`
	Kind   datchuan.IndicatorKind `json:"kind"`
	Status Status                 `json:"status"`
	// Value is the value used, nil if none. A value is kept even when it
	// could not count (ThresholdMissing, a shape that does not fit the kind)
	// so that pages can show what was reported.
	Value *datchuan.Value `json:"value,omitempty"`
	// Threshold is the threshold entry that applies to the unit's class and
	// year; it may be an entry that is not Known, to show its provenance.
	Threshold    datchuan.Threshold `json:"threshold"`
	HasThreshold bool               `json:"has_threshold"` // a Known threshold applied
	WouldMeet    bool               `json:"would_meet"`    // for Reported: the value waiting for confirmation would meet the threshold
}

// CriterionResult is the evaluation of one criterion for one unit.
type CriterionResult struct {
	Code       string            `json:"code"`
	NameVi     string            `json:"name_vi"`
	Status     Status            `json:"status"`
	Indicators []IndicatorResult `json:"indicators"`
	Met        int               `json:"met"`   // indicators met
	Total      int               `json:"total"` // indicators of the criterion
}

// UnitResult is the evaluation of one unit against one criteria set.
type UnitResult struct {
	UnitID   int64             `json:"unit_id"`
	SetID    string            `json:"set_id"`
	Tier     datchuan.Tier     `json:"tier"`
	Year     int               `json:"year"`
	Class    string            `json:"class"` // the classifier value used, after the override
	Criteria []CriterionResult `json:"criteria"`
	Met      int               `json:"met"`   // criteria met
	Total    int               `json:"total"` // criteria in the set (e.g. 14/19)
	Meets    bool              `json:"meets"` // all criteria met
	// Revocation is the Decision 18/2022 risk: what would happen to a
	// recognised unit with these results.
	Revocation Revocation `json:"revocation"`
}

// EvaluateUnit evaluates the unit unitID, with classifiers c, against set for
// year. values are the unit's current values (already chosen as of a date);
// values of other sets are ignored, and when several are given for one
// indicator the last one in the slice is used.
func EvaluateUnit(set *datchuan.CriteriaSet, unitID int64, c datchuan.Classifiers, year int, values []*datchuan.Value) UnitResult {
	class := set.ClassOf(c)
	byCode := latestValues(set.ID, values)
	r := UnitResult{
		UnitID:   unitID,
		SetID:    set.ID,
		Tier:     set.Tier,
		Year:     year,
		Class:    class,
		Criteria: make([]CriterionResult, len(set.Criteria)),
		Total:    len(set.Criteria),
	}
	for i := range set.Criteria {
		cr := evaluateCriterion(&set.Criteria[i], class, year, byCode)
		if cr.Status == Met {
			r.Met++
		}
		r.Criteria[i] = cr
	}
	// An empty set proves nothing: it is not met.
	r.Meets = r.Total > 0 && r.Met == r.Total
	r.Revocation = unitRevocation(set, r.Criteria)
	return r
}

// latestValues indexes the values of set setID by indicator code, the last
// one in the slice winning.
func latestValues(setID string, values []*datchuan.Value) map[string]*datchuan.Value {
	m := make(map[string]*datchuan.Value, len(values))
	for _, v := range values {
		if v != nil && v.SetID == setID {
			m[v.IndicatorCode] = v
		}
	}
	return m
}

func evaluateCriterion(c *datchuan.Criterion, class string, year int, values map[string]*datchuan.Value) CriterionResult {
	r := CriterionResult{
		Code:       c.Code,
		NameVi:     c.NameVi,
		Indicators: make([]IndicatorResult, len(c.Indicators)),
		Total:      len(c.Indicators),
	}
	statuses := make([]Status, len(c.Indicators))
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		ir := EvaluateIndicator(ind, class, year, values[ind.Code])
		if ir.Status == Met {
			r.Met++
		}
		r.Indicators[i], statuses[i] = ir, ir.Status
	}
	r.Status = Worst(statuses...)
	return r
}

// EvaluateIndicator evaluates one indicator for a unit of the given class in
// year, with v its current value (nil if none). A missing Known threshold
// decides first: without a bound, no value can be judged met.
func EvaluateIndicator(ind *datchuan.Indicator, class string, year int, v *datchuan.Value) IndicatorResult {
	th, found := ind.ThresholdFor(class, year)
	r := IndicatorResult{
		Code:         ind.Code,
		NameVi:       ind.NameVi,
		Kind:         ind.Kind,
		Value:        v,
		Threshold:    th,
		HasThreshold: found && th.Known,
	}
	switch {
	case !r.HasThreshold:
		r.Status = ThresholdMissing
	case v == nil:
		r.Status = NoData
	default:
		r.Status, r.WouldMeet = judge(ind.Kind, th.Value, v)
	}
	return r
}

// judge gives the status of a value against a known bound: a returned
// value is Returned (it will not be confirmed as it is, so it would meet
// nothing), another unconfirmed one Reported (with whether it would meet),
// a confirmed one Met or NotMet, and one whose shape does not fit the kind
// NoData.
func judge(kind datchuan.IndicatorKind, bound float64, v *datchuan.Value) (s Status, wouldMeet bool) {
	met, ok := v.Measure.Satisfies(kind, bound)
	switch {
	case v.State == datchuan.StateReturned:
		return Returned, false
	case !confirmed(v):
		return Reported, ok && met
	case !ok:
		return NoData, false
	case met:
		return Met, false
	}
	return NotMet, false
}
