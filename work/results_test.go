package work

import (
	"testing"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
	"github.com/datchuan/datchuan/status"
)

// An assignment is met by its result when its criterion (or indicator) is
// Met in the unit's result for its set; the day is that of the latest
// confirmation among the values it needed.
func TestMetBy(t *testing.T) {
	at := func(day int) time.Time { return time.Date(2022, 8, day, 23, 30, 0, 0, time.UTC) } // 06:30 the next day in Vietnam
	ind := func(code string, s status.Status, day int) status.IndicatorResult {
		return status.IndicatorResult{Code: code, Status: s, Value: &datchuan.Value{IndicatorCode: code, ReviewedAt: at(day)}}
	}
	result := &status.UnitResult{SetID: "ntm", Criteria: []status.CriterionResult{
		{Code: "1", Status: status.Met, Indicators: []status.IndicatorResult{ind("1.1", status.Met, 10), ind("1.2", status.Met, 20)}},
		{Code: "2", Status: status.Returned, Indicators: []status.IndicatorResult{ind("2.1", status.Met, 5), ind("2.2", status.Returned, 6)}},
	}}
	results := []rollup.UnitStatus{{Result: nil}, {Result: result}}
	for _, c := range []struct {
		name      string
		set, crit string
		ind       string
		met       bool
		on        datchuan.Date
	}{
		{"a met criterion, on its last confirmation", "ntm", "1", "", true, datchuan.NewDate(2022, 8, 21)},
		{"a met indicator, on its own confirmation", "ntm", "2", "2.1", true, datchuan.NewDate(2022, 8, 6)},
		{"a criterion with a returned value", "ntm", "2", "", false, datchuan.Date{}},
		{"its returned indicator", "ntm", "2", "2.2", false, datchuan.Date{}},
		{"a criterion the result does not have", "ntm", "9", "", false, datchuan.Date{}},
		{"another set's criterion", "advanced", "1", "", false, datchuan.Date{}},
	} {
		a := &datchuan.Assignment{SetID: c.set, CriterionCode: c.crit, IndicatorCode: c.ind}
		met, on := metBy(results, a)
		if met != c.met || on != c.on {
			t.Errorf("%s: met %v on %s, want %v on %s", c.name, met, on.VN(), c.met, c.on.VN())
		}
	}
}

// Only an assignment that expects the criterion met is done by its result;
// one that expects documents only waits for its manual mark.
func TestDoneByResult(t *testing.T) {
	for _, c := range []struct {
		outputs []datchuan.Output
		want    bool
	}{
		{[]datchuan.Output{datchuan.OutputEvaluation}, true},
		{[]datchuan.Output{datchuan.OutputGuidance, datchuan.OutputEvaluation, datchuan.OutputDossier}, true},
		{[]datchuan.Output{datchuan.OutputGuidance, datchuan.OutputDossier, datchuan.OutputReport}, false},
		{nil, false},
	} {
		if got := (&datchuan.Assignment{Outputs: c.outputs}).DoneByResult(); got != c.want {
			t.Errorf("outputs %v: done by result %v, want %v", c.outputs, got, c.want)
		}
	}
}
