package main

import (
	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

// evaluation is the stable JSON shape of `datchuan evaluate --format json`,
// documented in docs/evaluate.md. Add fields; never rename or remove them.
type evaluation struct {
	Set      evalSet    `json:"set"`
	Unit     string     `json:"unit,omitempty"` // the evaluated unit's code, when the file names it
	Class    string     `json:"class"`          // the region or group whose thresholds were used
	Year     int        `json:"year"`
	Criteria []evalCrit `json:"criteria"`
	// A district's conditions and members (district sets only).
	Conditions []evalCondition `json:"conditions,omitempty"`
	Members    []evalMember    `json:"members,omitempty"`
	// Revocation is the Decision 18/2022 risk of a recognised unit with
	// these results.
	Revocation status.Revocation `json:"revocation"`
	Totals     evalTotals        `json:"totals"`
	input      datchuan.Classifiers
}

type evalSet struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LegalBasis string `json:"legal_basis"`
	Draft      bool   `json:"draft"`
}

type evalCrit struct {
	Code       string          `json:"code"`
	Name       string          `json:"name"`
	Status     status.Status   `json:"status"`
	Met        bool            `json:"met"`
	Indicators []evalIndicator `json:"indicators"`
}

type evalIndicator struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Unit      string         `json:"unit"`
	Value     *string        `json:"value"` // as written back: "95%", "19/20", "đạt"; null when absent
	Threshold *evalThreshold `json:"threshold"`
	Status    status.Status  `json:"status"`
	Met       bool           `json:"met"`
}

type evalThreshold struct {
	Text     string   `json:"text"` // "≥ 95%", "Đạt", "Không"
	Value    *float64 `json:"value"`
	Class    string   `json:"class"`
	Year     int      `json:"year"`
	Source   string   `json:"source"`
	Verified bool     `json:"verified"`
}

// evalCondition is a district condition: "100% of communes meet NTM",
// "no outstanding debt".
type evalCondition struct {
	Code   string                 `json:"code"`
	Text   string                 `json:"text"`
	Kind   datchuan.ConditionKind `json:"kind"`
	Tier   datchuan.Tier          `json:"tier,omitempty"` // the tier members must meet
	Status status.Status          `json:"status"`
	Met    bool                   `json:"met"`
	// Counted of Total meet (members, or the district's criteria), Percent
	// of them, NeedPercent required.
	Counted     int     `json:"counted"`
	Total       int     `json:"total"`
	Percent     float64 `json:"percent"`
	NeedPercent float64 `json:"need_percent"`
	Value       *string `json:"value"` // a boolean condition's value; null otherwise or when absent
}

// evalMember is a commune or town of the district with its result on each
// tier it was evaluated on.
type evalMember struct {
	Unit    string             `json:"unit"`
	Type    string             `json:"type"`
	Results []evalMemberResult `json:"results"`
}

type evalMemberResult struct {
	Tier             datchuan.Tier `json:"tier"`
	Set              string        `json:"set"`
	CriteriaMet      int           `json:"criteria_met"`
	CriteriaTotal    int           `json:"criteria_total"`
	Meets            bool          `json:"meets"`
	RevocationAtRisk bool          `json:"revocation_at_risk"`
}

type evalTotals struct {
	CriteriaMet      int  `json:"criteria_met"`
	CriteriaTotal    int  `json:"criteria_total"`
	IndicatorsMet    int  `json:"indicators_met"`
	IndicatorsTotal  int  `json:"indicators_total"`
	NoData           int  `json:"no_data"`
	ThresholdMissing int  `json:"threshold_missing"`
	Meets            bool `json:"meets"`
}

func newEvaluation(set *datchuan.CriteriaSet, c datchuan.Classifiers, r status.UnitResult) evaluation {
	out := evaluation{
		Set:   evalSet{ID: set.ID, Name: set.NameVi, LegalBasis: set.Legal.Text(), Draft: set.Draft},
		Class: r.Class, Year: r.Year, input: c, Revocation: r.Revocation,
		Totals: evalTotals{CriteriaMet: r.Met, CriteriaTotal: r.Total, Meets: r.Meets},
	}
	for _, cr := range r.Criteria {
		ec := evalCrit{Code: cr.Code, Name: cr.NameVi, Status: cr.Status, Met: cr.Status == status.Met}
		for _, ir := range cr.Indicators {
			ind, _ := set.Indicator(ir.Code)
			ei := evalIndicator{Code: ir.Code, Name: ir.NameVi, Kind: string(ir.Kind), Unit: ind.Unit, Status: ir.Status, Met: ir.Status == status.Met}
			if ir.Value != nil {
				v := measureText(ind, ir.Value.Measure)
				ei.Value = &v
			}
			if ir.HasThreshold {
				th := ir.Threshold
				et := &evalThreshold{Text: thresholdText(ind, th), Class: th.Class, Year: th.Year, Source: th.Source, Verified: th.Verified}
				if ind.Kind.Numeric() {
					v := th.Value
					et.Value = &v
				}
				ei.Threshold = et
			}
			out.Totals.IndicatorsTotal++
			switch ir.Status {
			case status.Met:
				out.Totals.IndicatorsMet++
			case status.NoData:
				out.Totals.NoData++
			case status.ThresholdMissing:
				out.Totals.ThresholdMissing++
			}
			ec.Indicators = append(ec.Indicators, ei)
		}
		out.Criteria = append(out.Criteria, ec)
	}
	return out
}

// newDistrictEvaluation is a district's evaluation: its own criteria, its
// conditions, its members; it meets the standard only with every condition.
func newDistrictEvaluation(set *datchuan.CriteriaSet, c datchuan.Classifiers, r status.DistrictResult) evaluation {
	out := newEvaluation(set, c, r.Unit)
	out.Totals.Meets, out.Revocation = r.Meets, r.Revocation
	for _, cr := range r.Conditions {
		ec := evalCondition{Code: cr.Code, Text: cr.TextVi, Kind: cr.Kind, Tier: cr.Tier, Status: cr.Status, Met: cr.Status == status.Met,
			Counted: cr.Met, Total: cr.Total, Percent: cr.Percent, NeedPercent: cr.Need}
		if cr.Value != nil {
			v := cr.Value.Measure.String()
			ec.Value = &v
		}
		out.Conditions = append(out.Conditions, ec)
	}
	for _, m := range r.Members {
		em := evalMember{Unit: m.Unit.Code, Type: m.Unit.Type}
		for _, tier := range memberTierOrder {
			if res, ok := m.Results[tier]; ok {
				em.Results = append(em.Results, evalMemberResult{Tier: tier, Set: res.SetID, CriteriaMet: res.Met, CriteriaTotal: res.Total,
					Meets: res.Meets, RevocationAtRisk: res.Revocation.AtRisk})
			}
		}
		out.Members = append(out.Members, em)
	}
	return out
}

// measureText writes a value for reading beside its threshold: a must-be-none
// answer as có/không có, a share with its percentage.
func measureText(ind *datchuan.Indicator, m datchuan.Measure) string {
	percent := ind.Kind == datchuan.KindPercentMin || ind.Kind == datchuan.KindPercentMax
	switch {
	case ind.Kind == datchuan.KindNoneAllowed && m.Kind == datchuan.MeasureBool:
		if m.Bool {
			return "không có"
		}
		return "có"
	case percent && m.Kind == datchuan.MeasureNumber:
		return m.String() + "%"
	case percent && m.Kind == datchuan.MeasureRatio:
		q, _ := m.Quantity(ind.Kind)
		return m.String() + " (" + datchuan.FormatNumber(q) + "%)"
	}
	return m.String()
}

// thresholdText writes a threshold as the official texts do.
func thresholdText(ind *datchuan.Indicator, th datchuan.Threshold) string {
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "Đạt"
	case datchuan.KindNoneAllowed:
		return "Không"
	case datchuan.KindPercentMin:
		return "≥ " + datchuan.FormatNumber(th.Value) + "%"
	case datchuan.KindPercentMax:
		return "≤ " + datchuan.FormatNumber(th.Value) + "%"
	}
	s := "≥ " + datchuan.FormatNumber(th.Value)
	if ind.Unit != "" {
		s += " " + ind.Unit
	}
	return s
}
