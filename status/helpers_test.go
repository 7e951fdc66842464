package status_test

import (
	"fmt"
	"testing"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

const (
	communeSet  = "test-commune"
	districtSet = "test-district"
	tdmnpb      = "TDMNPB"
	dbscl       = "DBSCL"
	dbsh        = "DBSH"
)

// Units of the tests: a Mekong commune, the same commune flagged extremely
// difficult, and a Red River commune.
var (
	mekong     = datchuan.Classifiers{Region: dbscl}
	mekongHard = datchuan.Classifiers{Region: dbscl, ExtremelyDifficult: true}
	redRiver   = datchuan.Classifiers{Region: dbsh}
)

func known(class string, year int, v float64) datchuan.Threshold {
	return datchuan.Threshold{Class: class, Year: year, Value: v, Known: true}
}

func unknown(class string) datchuan.Threshold { return datchuan.Threshold{Class: class} }

func indicator(code string, kind datchuan.IndicatorKind, th ...datchuan.Threshold) datchuan.Indicator {
	return datchuan.Indicator{Code: code, NameVi: "Chỉ tiêu " + code, Kind: kind, Thresholds: th}
}

func criterion(code string, key bool, inds ...datchuan.Indicator) datchuan.Criterion {
	return datchuan.Criterion{Code: code, NameVi: "Tiêu chí " + code, RevocationKey: key, Indicators: inds}
}

// MustCommuneSet returns a small commune set with one indicator of every
// kind, thresholds by region and year, and the 2021–2025 override and
// revocation rule. Every threshold a Mekong or TDMNPB commune needs is Known;
// criterion 8 has no entry for the Red River region.
//
//	1  1.1 pass_fail                    6  17.4 per_person_min ≥ 2 (key)
//	2  2.1 percent_min ≥ 100               17.8 percent_min ≥ 100
//	   2.2 percent_min TDMNPB 70, DBSCL 90, others 80
//	3  9.1 none_allowed                 7  15.1 percent_min ≥ 95
//	4  10 amount_min (key) DBSCL 50,    8  16 percent_min DBSCL 90, TDMNPB 70
//	   DBSCL 2025: 62, TDMNPB 40, 2025: 48
//	5  11 percent_max DBSCL 5, TDMNPB 13 9  19.1 pass_fail (key)
//	                                    10 5 percent_min ≥ 80
func MustCommuneSet(tb testing.TB) *datchuan.CriteriaSet {
	tb.Helper()
	return &datchuan.CriteriaSet{
		ID:         communeSet,
		PeriodFrom: 2021, PeriodTo: 2025,
		Level:      datchuan.LevelCommune,
		Tier:       datchuan.TierCommuneNTM,
		Classifier: datchuan.ByRegion,
		Classes:    []datchuan.ClassifierValue{{Code: tdmnpb}, {Code: dbsh}, {Code: dbscl}},
		Override:   &datchuan.Override{Flag: "extremely_difficult", Use: tdmnpb},
		Revocation: &datchuan.RevocationRule{AnyPercent: 50, KeyPercent: 30},
		Criteria: []datchuan.Criterion{
			criterion("1", false, indicator("1.1", datchuan.KindPassFail, known("", 0, 0))),
			criterion("2", false,
				indicator("2.1", datchuan.KindPercentMin, known("", 0, 100)),
				indicator("2.2", datchuan.KindPercentMin, known(tdmnpb, 0, 70), known(dbscl, 0, 90), known("", 0, 80))),
			criterion("3", false, indicator("9.1", datchuan.KindNoneAllowed, known("", 0, 0))),
			criterion("4", true, indicator("10", datchuan.KindAmountMin,
				known(dbscl, 0, 50), known(dbscl, 2025, 62), known(tdmnpb, 0, 40), known(tdmnpb, 2025, 48))),
			criterion("5", false, indicator("11", datchuan.KindPercentMax, known(dbscl, 0, 5), known(tdmnpb, 0, 13))),
			criterion("6", true,
				indicator("17.4", datchuan.KindPerPersonMin, known("", 0, 2)),
				indicator("17.8", datchuan.KindPercentMin, known("", 0, 100))),
			criterion("7", false, indicator("15.1", datchuan.KindPercentMin, known("", 0, 95))),
			criterion("8", false, indicator("16", datchuan.KindPercentMin, known(dbscl, 0, 90), known(tdmnpb, 0, 70))),
			criterion("9", true, indicator("19.1", datchuan.KindPassFail, known("", 0, 0))),
			criterion("10", false, indicator("5", datchuan.KindPercentMin, known("", 0, 80))),
		},
	}
}

// goodMeasures meet every indicator of MustCommuneSet for a Mekong commune in
// any year of the period.
func goodMeasures() map[string]datchuan.Measure {
	return map[string]datchuan.Measure{
		"1.1":  datchuan.BoolMeasure(true),
		"2.1":  datchuan.RatioMeasure(12, 12),
		"2.2":  datchuan.NumberMeasure(92),
		"9.1":  datchuan.BoolMeasure(true),
		"10":   datchuan.NumberMeasure(65),
		"11":   datchuan.RatioMeasure(40, 1000), // 4%
		"17.4": datchuan.RatioMeasure(5400, 2500),
		"17.8": datchuan.NumberMeasure(100),
		"15.1": datchuan.NumberMeasure(96.5),
		"16":   datchuan.RatioMeasure(9, 10),
		"19.1": datchuan.BoolMeasure(true),
		"5":    datchuan.RatioMeasure(4, 5),
	}
}

// value returns a value of set for indicator code in the given state.
func value(set, code string, m datchuan.Measure, state datchuan.ValueState) *datchuan.Value {
	return &datchuan.Value{SetID: set, IndicatorCode: code, Measure: m, State: state}
}

// valuesOf turns measures into confirmed values of set, in code order of
// MustCommuneSet, with changes applied on top.
func valuesOf(set string, measures map[string]datchuan.Measure, changes ...*datchuan.Value) []*datchuan.Value {
	var out []*datchuan.Value
	for _, code := range []string{"1.1", "2.1", "2.2", "9.1", "10", "11", "17.4", "17.8", "15.1", "16", "19.1", "5"} {
		if m, ok := measures[code]; ok {
			out = append(out, value(set, code, m, datchuan.StateConfirmed))
		}
	}
	return append(out, changes...)
}

// MustFlatSet returns a set of n criteria with one pass/fail indicator each
// (criterion i+1, indicator "i+1.1"), the criteria listed in keys being
// revocation keys, and rule as its revocation rule.
func MustFlatSet(tb testing.TB, n int, rule *datchuan.RevocationRule, keys ...string) *datchuan.CriteriaSet {
	tb.Helper()
	isKey := make(map[string]bool)
	for _, k := range keys {
		isKey[k] = true
	}
	s := &datchuan.CriteriaSet{ID: "flat", Tier: datchuan.TierCommuneNTM, Classifier: datchuan.ByRegion, Revocation: rule}
	for i := 1; i <= n; i++ {
		code := fmt.Sprint(i)
		s.Criteria = append(s.Criteria, criterion(code, isKey[code], indicator(code+".1", datchuan.KindPassFail, known("", 0, 0))))
	}
	return s
}

// flatValues gives set's indicators confirmed values: met except those whose
// criteria codes are in notMet, which get a confirmed "không đạt", and those
// in reported, which get an unconfirmed "đạt".
func flatValues(set *datchuan.CriteriaSet, notMet []string, reported []string) []*datchuan.Value {
	state := make(map[string]string)
	for _, c := range notMet {
		state[c] = "no"
	}
	for _, c := range reported {
		state[c] = "reported"
	}
	var out []*datchuan.Value
	for _, c := range set.Criteria {
		code := c.Indicators[0].Code
		switch state[c.Code] {
		case "no":
			out = append(out, value(set.ID, code, datchuan.BoolMeasure(false), datchuan.StateConfirmed))
		case "reported":
			out = append(out, value(set.ID, code, datchuan.BoolMeasure(true), datchuan.StateReported))
		default:
			out = append(out, value(set.ID, code, datchuan.BoolMeasure(true), datchuan.StateConfirmed))
		}
	}
	return out
}

func criteriaStatuses(r status.UnitResult) map[string]status.Status {
	m := make(map[string]status.Status)
	for _, c := range r.Criteria {
		m[c.Code] = c.Status
	}
	return m
}

func indicatorResult(tb testing.TB, r status.UnitResult, code string) status.IndicatorResult {
	tb.Helper()
	for _, c := range r.Criteria {
		for _, ind := range c.Indicators {
			if ind.Code == code {
				return ind
			}
		}
	}
	tb.Fatalf("indicator %s not in result", code)
	return status.IndicatorResult{}
}
