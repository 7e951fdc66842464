package datchuan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// A report that takes the place of a confirmed value is refused until the
// reporter says to replace it (the question names the value, its as-of
// date and the day it was confirmed) and brings evidence; a report of an
// earlier day, or over a value not confirmed, asks nothing.
func TestValueValidateReplacingConfirmed(t *testing.T) {
	ind := &datchuan.Indicator{Code: "2.4", Kind: datchuan.KindPercentMin}
	confirmed := &datchuan.Value{IndicatorCode: "2.4", Measure: datchuan.RatioMeasure(19, 19), AsOf: datchuan.MustDate("2022-08-20"),
		State: datchuan.StateConfirmed, ReviewedAt: time.Date(2022, 8, 24, 23, 30, 0, 0, time.UTC), Evidence: []string{"bien-ban"}}
	v := datchuan.Value{IndicatorCode: "2.4", Measure: datchuan.RatioMeasure(18, 19), AsOf: today}

	f := fields(t, v.Validate(ind, confirmed, false, today))
	q := f[datchuan.FieldReplace]
	// 23:30 UTC on 24/08 is 25/08 in Vietnam.
	for _, want := range []string{"19/19", "20/08/2022", "xác nhận ngày 25/08/2022"} {
		if !strings.Contains(q, want) {
			t.Errorf("the question %q does not name %q", q, want)
		}
	}
	if f[datchuan.FieldEvidence] == "" {
		t.Error("replacing a confirmed value without evidence is not refused")
	}

	f = fields(t, v.Validate(ind, confirmed, true, today))
	if _, asked := f[datchuan.FieldReplace]; asked || f[datchuan.FieldEvidence] == "" {
		t.Errorf("with the reporter's yes and no evidence: %v, want only the evidence problem", f)
	}
	v.Evidence = []string{"bien-ban"}
	if err := v.Validate(ind, confirmed, true, today); err != nil {
		t.Errorf("with the reporter's yes and evidence: %v", err)
	}

	v.Evidence = nil
	waiting := *confirmed
	waiting.State = datchuan.StateReported
	if err := v.Validate(ind, &waiting, false, today); err != nil {
		t.Errorf("over a value waiting for confirmation: %v", err)
	}
	earlier := v
	earlier.AsOf = datchuan.MustDate("2022-08-01")
	if err := earlier.Validate(ind, confirmed, false, today); err != nil {
		t.Errorf("a report of a day before the confirmed one replaces nothing, yet: %v", err)
	}
}

// An indicator whose set says `evidence: required` refuses every report
// without evidence.
func TestValueValidateEvidenceRequired(t *testing.T) {
	ind := &datchuan.Indicator{Code: "1.1", Kind: datchuan.KindPassFail, EvidenceRequired: true}
	v := datchuan.Value{IndicatorCode: "1.1", Measure: datchuan.BoolMeasure(true), AsOf: today}
	if f := fields(t, v.Validate(ind, nil, false, today)); f[datchuan.FieldEvidence] == "" {
		t.Errorf("no evidence accepted: %v", f)
	}
	v.Evidence = []string{"quyet-dinh"}
	if err := v.Validate(ind, nil, false, today); err != nil {
		t.Errorf("with evidence: %v", err)
	}
}
