package status_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

func TestEvaluateIndicatorKinds(t *testing.T) {
	var (
		yes      = datchuan.BoolMeasure(true)
		no       = datchuan.BoolMeasure(false)
		num      = datchuan.NumberMeasure
		ratio    = datchuan.RatioMeasure
		ok       = datchuan.StateConfirmed
		reported = datchuan.StateReported
		returned = datchuan.StateReturned
	)
	tests := []struct {
		name      string
		kind      datchuan.IndicatorKind
		bound     float64
		m         datchuan.Measure
		state     datchuan.ValueState
		want      status.Status
		wouldMeet bool
	}{
		{"pass/fail đạt", datchuan.KindPassFail, 0, yes, ok, status.Met, false},
		{"pass/fail không đạt", datchuan.KindPassFail, 0, no, ok, status.NotMet, false},
		{"pass/fail given a number", datchuan.KindPassFail, 0, num(1), ok, status.NoData, false},
		{"pass/fail given a ratio", datchuan.KindPassFail, 0, ratio(1, 1), ok, status.NoData, false},

		{"none allowed: none (yes/no)", datchuan.KindNoneAllowed, 0, yes, ok, status.Met, false},
		{"none allowed: some (yes/no)", datchuan.KindNoneAllowed, 0, no, ok, status.NotMet, false},
		{"none allowed: count 0", datchuan.KindNoneAllowed, 0, num(0), ok, status.Met, false},
		{"none allowed: count 3", datchuan.KindNoneAllowed, 0, num(3), ok, status.NotMet, false},
		{"none allowed given a ratio", datchuan.KindNoneAllowed, 0, ratio(0, 10), ok, status.NoData, false},

		{"percent min: number at the bound", datchuan.KindPercentMin, 95, num(95), ok, status.Met, false},
		{"percent min: number just below", datchuan.KindPercentMin, 95, num(94.99), ok, status.NotMet, false},
		{"percent min: 19/20 meets 95", datchuan.KindPercentMin, 95, ratio(19, 20), ok, status.Met, false},
		{"percent min: 18/20 fails 95", datchuan.KindPercentMin, 95, ratio(18, 20), ok, status.NotMet, false},
		{"percent min: 1/3 meets 33.33", datchuan.KindPercentMin, 33.33, ratio(1, 3), ok, status.Met, false},
		{"percent min: 2/3 fails 66.67", datchuan.KindPercentMin, 66.67, ratio(2, 3), ok, status.NotMet, false},
		{"percent min: zero denominator", datchuan.KindPercentMin, 95, ratio(0, 0), ok, status.NoData, false},
		{"percent min given đạt", datchuan.KindPercentMin, 95, yes, ok, status.NoData, false},

		{"percent max: at the bound", datchuan.KindPercentMax, 5, num(5), ok, status.Met, false},
		{"percent max: above", datchuan.KindPercentMax, 5, num(5.1), ok, status.NotMet, false},
		{"percent max: 1/20 meets 5", datchuan.KindPercentMax, 5, ratio(1, 20), ok, status.Met, false},
		{"percent max: 2/20 fails 5", datchuan.KindPercentMax, 5, ratio(2, 20), ok, status.NotMet, false},

		{"amount min: at the bound", datchuan.KindAmountMin, 47, num(47), ok, status.Met, false},
		{"amount min: below", datchuan.KindAmountMin, 47, num(46.9), ok, status.NotMet, false},

		{"per person min: 2000 m² for 1000 people meets 2", datchuan.KindPerPersonMin, 2, ratio(2000, 1000), ok, status.Met, false},
		{"per person min: 1999 m² for 1000 people fails 2", datchuan.KindPerPersonMin, 2, ratio(1999, 1000), ok, status.NotMet, false},
		{"per person min: a number", datchuan.KindPerPersonMin, 2, num(2.5), ok, status.Met, false},

		{"reported, would meet", datchuan.KindPercentMin, 95, ratio(19, 20), reported, status.Reported, true},
		{"reported, would not meet", datchuan.KindPercentMin, 95, ratio(10, 20), reported, status.Reported, false},
		// A returned value is the reporter's turn, not the reviewer's: it
		// will not be confirmed as it is, so it would meet nothing.
		{"returned, met as reported", datchuan.KindPassFail, 0, yes, returned, status.Returned, false},
		{"returned, below the bound", datchuan.KindAmountMin, 47, num(20), returned, status.Returned, false},
		{"returned with a shape that does not fit", datchuan.KindPercentMin, 95, yes, returned, status.Returned, false},
		{"reported with a shape that does not fit", datchuan.KindPercentMin, 95, yes, reported, status.Reported, false},
		{"no state at all is not confirmed", datchuan.KindPassFail, 0, yes, "", status.Reported, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := indicator("x", tt.kind, known("", 0, tt.bound))
			v := value(communeSet, "x", tt.m, tt.state)
			got := status.EvaluateIndicator(&ind, dbscl, 2024, v)
			if got.Status != tt.want || got.WouldMeet != tt.wouldMeet {
				t.Errorf("status %s, would meet %v; want %s, %v", got.Status, got.WouldMeet, tt.want, tt.wouldMeet)
			}
			if !got.HasThreshold || got.Threshold.Value != tt.bound || got.Value != v {
				t.Errorf("threshold %+v (has %v), value %p; want the known bound %v and the value %p", got.Threshold, got.HasThreshold, got.Value, tt.bound, v)
			}
		})
	}
}

func TestEvaluateIndicatorNoData(t *testing.T) {
	ind := indicator("x", datchuan.KindPercentMin, known("", 0, 90))
	got := status.EvaluateIndicator(&ind, dbscl, 2024, nil)
	want := status.IndicatorResult{
		Code: "x", NameVi: "Chỉ tiêu x", Kind: datchuan.KindPercentMin, Status: status.NoData,
		Threshold: known("", 0, 90), HasThreshold: true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// A threshold that is not Known decides before anything else: not even a
// perfect confirmed value can be met against a bound we do not know.
func TestEvaluateIndicatorThresholdMissing(t *testing.T) {
	perfect := value(communeSet, "x", datchuan.NumberMeasure(100), datchuan.StateConfirmed)
	tests := []struct {
		name      string
		ind       datchuan.Indicator
		v         *datchuan.Value
		threshold datchuan.Threshold // the entry reported
	}{
		{"unknown entry, perfect value", indicator("x", datchuan.KindPercentMin, unknown("")), perfect, unknown("")},
		{"unknown entry for the class beats a known general one",
			indicator("x", datchuan.KindPercentMin, known("", 0, 80), unknown(dbscl)), perfect, unknown(dbscl)},
		{"unknown entry, no value", indicator("x", datchuan.KindPercentMin, unknown("")), nil, unknown("")},
		{"unknown entry, unconfirmed value", indicator("x", datchuan.KindPercentMin, unknown("")),
			value(communeSet, "x", datchuan.NumberMeasure(100), datchuan.StateReported), unknown("")},
		{"no entry for the class", indicator("x", datchuan.KindPercentMin, known(tdmnpb, 0, 70)), perfect, datchuan.Threshold{}},
		{"no entry for the year", indicator("x", datchuan.KindAmountMin, known("", 2022, 40)), perfect, datchuan.Threshold{}},
		{"no thresholds at all", indicator("x", datchuan.KindPercentMin), perfect, datchuan.Threshold{}},
		{"pass/fail without a Known entry", indicator("x", datchuan.KindPassFail, unknown("")),
			value(communeSet, "x", datchuan.BoolMeasure(true), datchuan.StateConfirmed), unknown("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := status.EvaluateIndicator(&tt.ind, dbscl, 2024, tt.v)
			if got.Status != status.ThresholdMissing || got.HasThreshold || got.WouldMeet {
				t.Errorf("status %s, has threshold %v, would meet %v; want threshold_missing, false, false", got.Status, got.HasThreshold, got.WouldMeet)
			}
			if got.Threshold != tt.threshold {
				t.Errorf("threshold %+v, want %+v", got.Threshold, tt.threshold)
			}
			if got.Value != tt.v {
				t.Errorf("the value reported was dropped")
			}
		})
	}
}

func TestEvaluateUnitThresholdSelection(t *testing.T) {
	set := MustCommuneSet(t)
	tests := []struct {
		name      string
		cl        datchuan.Classifiers
		year      int
		code      string
		m         datchuan.Measure
		wantClass string
		bound     float64
		want      status.Status
	}{
		{"Mekong commune needs 90% roads", mekong, 2024, "2.2", datchuan.NumberMeasure(75), dbscl, 90, status.NotMet},
		{"extremely difficult Mekong commune uses TDMNPB 70%", mekongHard, 2024, "2.2", datchuan.NumberMeasure(75), tdmnpb, 70, status.Met},
		{"Red River commune uses the general 80%", redRiver, 2024, "2.2", datchuan.NumberMeasure(75), dbsh, 80, status.NotMet},
		{"extremely difficult income", mekongHard, 2024, "10", datchuan.NumberMeasure(45), tdmnpb, 40, status.Met},
		{"income 2022 uses the all-years entry", mekong, 2022, "10", datchuan.NumberMeasure(55), dbscl, 50, status.Met},
		{"income 2025 entry beats the all-years entry", mekong, 2025, "10", datchuan.NumberMeasure(55), dbscl, 62, status.NotMet},
		{"income 2025 met", mekong, 2025, "10", datchuan.NumberMeasure(62), dbscl, 62, status.Met},
		{"extremely difficult income 2025", mekongHard, 2025, "10", datchuan.NumberMeasure(47), tdmnpb, 48, status.NotMet},
		{"poverty at most 5% in the Mekong", mekong, 2024, "11", datchuan.NumberMeasure(8), dbscl, 5, status.NotMet},
		{"poverty at most 13% when extremely difficult", mekongHard, 2024, "11", datchuan.NumberMeasure(8), tdmnpb, 13, status.Met},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := []*datchuan.Value{value(set.ID, tt.code, tt.m, datchuan.StateConfirmed)}
			r := status.EvaluateUnit(set, 7, tt.cl, tt.year, vals)
			if r.Class != tt.wantClass || r.Year != tt.year {
				t.Errorf("class %q year %d, want %q %d", r.Class, r.Year, tt.wantClass, tt.year)
			}
			got := indicatorResult(t, r, tt.code)
			if got.Status != tt.want || got.Threshold.Value != tt.bound {
				t.Errorf("%s against %v; want %s against %v", got.Status, got.Threshold.Value, tt.want, tt.bound)
			}
		})
	}
}

func TestEvaluateUnitCounts(t *testing.T) {
	set := MustCommuneSet(t)
	tests := []struct {
		name     string
		cl       datchuan.Classifiers
		values   []*datchuan.Value
		met      int
		meets    bool
		statuses map[string]status.Status // criteria not Met
	}{
		{"every criterion met", mekong, valuesOf(set.ID, goodMeasures()), 10, true, nil},
		{"extremely difficult commune with the same values", mekongHard, valuesOf(set.ID, goodMeasures()), 10, true, nil},
		{
			"one failure of each kind",
			mekong,
			valuesOf(set.ID, goodMeasures(),
				value(set.ID, "2.2", datchuan.NumberMeasure(85), datchuan.StateConfirmed),  // below 90: criterion 2 not met
				value(set.ID, "10", datchuan.NumberMeasure(70), datchuan.StateReported),    // criterion 4 waits for confirmation
				value(set.ID, "17.8", datchuan.BoolMeasure(true), datchuan.StateConfirmed), // a yes/no for a percentage
				value(set.ID, "15.1", datchuan.NumberMeasure(97), datchuan.StateReturned),  // criterion 7 back with its reporter
			),
			6, false,
			map[string]status.Status{"2": status.NotMet, "4": status.Reported, "6": status.NoData, "7": status.Returned},
		},
		{
			"Red River commune: criteria 4, 5 and 8 have no threshold for its region",
			redRiver, valuesOf(set.ID, goodMeasures()), 7, false,
			map[string]status.Status{"4": status.ThresholdMissing, "5": status.ThresholdMissing, "8": status.ThresholdMissing},
		},
		{"no values", mekong, nil, 0, false, map[string]status.Status{
			"1": status.NoData, "2": status.NoData, "3": status.NoData, "4": status.NoData, "5": status.NoData,
			"6": status.NoData, "7": status.NoData, "8": status.NoData, "9": status.NoData, "10": status.NoData,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := status.EvaluateUnit(set, 42, tt.cl, 2024, tt.values)
			if r.Met != tt.met || r.Total != 10 || r.Meets != tt.meets {
				t.Errorf("%d/%d meets %v, want %d/10 meets %v", r.Met, r.Total, r.Meets, tt.met, tt.meets)
			}
			if r.UnitID != 42 || r.SetID != set.ID || r.Tier != datchuan.TierCommuneNTM {
				t.Errorf("unit %d set %q tier %q", r.UnitID, r.SetID, r.Tier)
			}
			notMet := make(map[string]status.Status)
			for code, s := range criteriaStatuses(r) {
				if s != status.Met {
					notMet[code] = s
				}
			}
			want := tt.statuses
			if want == nil {
				want = map[string]status.Status{}
			}
			if diff := cmp.Diff(want, notMet); diff != "" {
				t.Errorf("criteria not met (-want +got)\n%s", diff)
			}
		})
	}
}

func TestEvaluateUnitCriterionCounts(t *testing.T) {
	set := MustCommuneSet(t)
	vals := valuesOf(set.ID, goodMeasures(), value(set.ID, "17.4", datchuan.NumberMeasure(1), datchuan.StateConfirmed))
	r := status.EvaluateUnit(set, 1, mekong, 2024, vals)
	c := r.Criteria[5]
	if c.Code != "6" || c.Met != 1 || c.Total != 2 || c.Status != status.NotMet {
		t.Errorf("criterion %s: %d/%d %s, want 6: 1/2 not_met", c.Code, c.Met, c.Total, c.Status)
	}
	if got := []string{c.Indicators[0].Code, c.Indicators[1].Code}; got[0] != "17.4" || got[1] != "17.8" {
		t.Errorf("indicators %v, want set order 17.4 17.8", got)
	}
}

func TestEvaluateUnitValueSelection(t *testing.T) {
	set := MustCommuneSet(t)
	ok := datchuan.StateConfirmed
	tests := []struct {
		name   string
		values []*datchuan.Value
		want   status.Status
	}{
		{"a value of another set is ignored", []*datchuan.Value{value("other-set", "1.1", datchuan.BoolMeasure(true), ok)}, status.NoData},
		{"the last value wins: confirmed then reported", []*datchuan.Value{
			value(set.ID, "1.1", datchuan.BoolMeasure(true), ok),
			value(set.ID, "1.1", datchuan.BoolMeasure(true), datchuan.StateReported),
		}, status.Reported},
		{"the last value wins: not met then met", []*datchuan.Value{
			value(set.ID, "1.1", datchuan.BoolMeasure(false), ok),
			value(set.ID, "1.1", datchuan.BoolMeasure(true), ok),
		}, status.Met},
		{"another set's value after ours does not win", []*datchuan.Value{
			value(set.ID, "1.1", datchuan.BoolMeasure(false), ok),
			value("other-set", "1.1", datchuan.BoolMeasure(true), ok),
		}, status.NotMet},
		{"nil entries are skipped", []*datchuan.Value{nil, value(set.ID, "1.1", datchuan.BoolMeasure(true), ok), nil}, status.Met},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := status.EvaluateUnit(set, 1, mekong, 2024, tt.values)
			if got := indicatorResult(t, r, "1.1").Status; got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestWorst(t *testing.T) {
	const (
		met = status.Met
		not = status.NotMet
		nd  = status.NoData
		tm  = status.ThresholdMissing
		rep = status.Reported
		ret = status.Returned
	)
	tests := []struct {
		in   []status.Status
		want status.Status
	}{
		{[]status.Status{met, met}, met},
		{[]status.Status{met}, met},
		{nil, tm},
		{[]status.Status{rep, tm, nd, not, met}, not},
		{[]status.Status{rep, tm, nd, met}, nd},
		{[]status.Status{rep, tm, met}, tm},
		{[]status.Status{met, rep}, rep},
		{[]status.Status{rep, rep}, rep},
		{[]status.Status{ret}, ret},
		{[]status.Status{met, ret, rep}, ret},
		{[]status.Status{ret, tm, nd, met}, ret},
		{[]status.Status{rep, ret, not}, not},
	}
	for _, tt := range tests {
		if got := status.Worst(tt.in...); got != tt.want {
			t.Errorf("Worst(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// The criterion status follows the same priority when computed from values.
func TestCriterionPriority(t *testing.T) {
	set := &datchuan.CriteriaSet{ID: "p", Classifier: datchuan.ByRegion, Criteria: []datchuan.Criterion{
		criterion("1", false,
			indicator("a", datchuan.KindPassFail, known("", 0, 0)),
			indicator("b", datchuan.KindPassFail, known("", 0, 0)),
			indicator("c", datchuan.KindPassFail, known("", 0, 0)),
			indicator("d", datchuan.KindPassFail, unknown(""))),
		criterion("2", false), // no indicators
	}}
	yes := datchuan.BoolMeasure(true)
	confirmedYes := func(code string) *datchuan.Value { return value("p", code, yes, datchuan.StateConfirmed) }
	tests := []struct {
		name   string
		values []*datchuan.Value
		want   status.Status
	}{
		{"a confirmed failure comes first", []*datchuan.Value{
			value("p", "a", datchuan.BoolMeasure(false), datchuan.StateConfirmed),
			value("p", "b", yes, datchuan.StateReported),
		}, status.NotMet},
		{"a confirmed failure beats a returned value", []*datchuan.Value{
			value("p", "a", datchuan.BoolMeasure(false), datchuan.StateConfirmed),
			value("p", "b", yes, datchuan.StateReturned),
		}, status.NotMet},
		{"then a returned value, even beside missing data", []*datchuan.Value{value("p", "a", yes, datchuan.StateReturned), confirmedYes("b")}, status.Returned},
		{"then missing data", []*datchuan.Value{value("p", "a", yes, datchuan.StateReported), confirmedYes("c")}, status.NoData},
		{"then a missing threshold", []*datchuan.Value{value("p", "a", yes, datchuan.StateReported), confirmedYes("b"), confirmedYes("c")}, status.ThresholdMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := status.EvaluateUnit(set, 1, mekong, 2024, tt.values)
			if got := r.Criteria[0].Status; got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if got := r.Criteria[1].Status; got != status.ThresholdMissing {
				t.Errorf("a criterion with no indicators is %s, want threshold_missing", got)
			}
		})
	}

	reportedOnly := &datchuan.CriteriaSet{ID: "p", Criteria: []datchuan.Criterion{criterion("1", false,
		indicator("a", datchuan.KindPassFail, known("", 0, 0)), indicator("b", datchuan.KindPassFail, known("", 0, 0)))}}
	r := status.EvaluateUnit(reportedOnly, 1, mekong, 2024, []*datchuan.Value{value("p", "a", yes, datchuan.StateReported), confirmedYes("b")})
	if r.Criteria[0].Status != status.Reported || r.Meets {
		t.Errorf("met + reported: %s, meets %v; want reported, not meeting", r.Criteria[0].Status, r.Meets)
	}
	r = status.EvaluateUnit(reportedOnly, 1, mekong, 2024, []*datchuan.Value{value("p", "a", yes, datchuan.StateReturned), value("p", "b", yes, datchuan.StateReported)})
	if r.Criteria[0].Status != status.Returned || r.Met != 0 || r.Meets {
		t.Errorf("returned + reported: %s, %d met, meets %v; want returned, none met", r.Criteria[0].Status, r.Met, r.Meets)
	}
}

func TestEvaluateUnitEmptySet(t *testing.T) {
	r := status.EvaluateUnit(&datchuan.CriteriaSet{ID: "empty"}, 1, mekong, 2024, nil)
	if r.Meets || r.Total != 0 {
		t.Errorf("an empty set: meets %v total %d; want not meeting", r.Meets, r.Total)
	}
}
