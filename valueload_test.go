package datchuan_test

import (
	"errors"
	"testing"

	"github.com/datchuan/datchuan"
)

func TestAtRow(t *testing.T) {
	ind := &datchuan.Indicator{Code: "2.1", Kind: datchuan.KindPercentMin}
	v := datchuan.Value{IndicatorCode: "2.1", AsOf: datchuan.NewDate(2024, 6, 30), Measure: datchuan.NumberMeasure(120)}
	bad := v.ValidateRow(ind, datchuan.NewDate(2024, 7, 1))
	err := datchuan.AtRow(7, bad)
	var re *datchuan.RowError
	if !errors.As(err, &re) || re.Row != 7 {
		t.Fatalf("AtRow(7, …) = %v, want a RowError of row 7", err)
	}
	if datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Errorf("code %q, want invalid", datchuan.ErrorCode(err))
	}
	want := datchuan.ErrorText(bad)
	if got := datchuan.ErrorText(err); got.Vi != "Dòng 7: "+want.Vi || got.En != "Row 7: "+want.En {
		t.Errorf("message %q, want the row's problem led by its number", got)
	}
	// The fields stay, for an importer to point at the column.
	if got := datchuan.ErrorFields(err)[datchuan.FieldValue]; got == "" || got != datchuan.ErrorFields(bad)[datchuan.FieldValue] {
		t.Errorf("value field %q, want %q", got, datchuan.ErrorFields(bad)[datchuan.FieldValue])
	}
	plain := errors.New("disk full")
	if got := datchuan.AtRow(1, plain); got != plain {
		t.Errorf("AtRow of a fault = %v, want it unchanged", got)
	}
}

func TestValidateRow(t *testing.T) {
	set := &datchuan.CriteriaSet{ID: "s", Criteria: []datchuan.Criterion{{Code: "1", Indicators: []datchuan.Indicator{{Code: "1.1", Kind: datchuan.KindPassFail}}}},
		Conditions: []datchuan.Condition{{Code: "C1", Kind: datchuan.CondShareOfCommunes}, {Code: "C5", Kind: datchuan.CondBoolean}}}
	today := datchuan.NewDate(2024, 7, 1)
	row := func(code string, state datchuan.ValueState, reason string) datchuan.Value {
		return datchuan.Value{IndicatorCode: code, AsOf: datchuan.NewDate(2024, 6, 30), Measure: datchuan.BoolMeasure(true), State: state, ReturnReason: reason}
	}
	for _, tc := range []struct {
		name string
		v    datchuan.Value
		ok   bool
	}{
		{"reported", row("1.1", "", ""), true},
		{"confirmed", row("1.1", datchuan.StateConfirmed, ""), true},
		{"returned with a reason", row("1.1", datchuan.StateReturned, "Thiếu biên bản"), true},
		{"returned without one", row("1.1", datchuan.StateReturned, " "), false},
		{"an unknown state", row("1.1", "approved", ""), false},
		{"a pass/fail condition", row("C5", datchuan.StateConfirmed, ""), true},
		{"a condition the engine computes", row("C1", "", ""), false},
		{"no such indicator", row("9.9", "", ""), false},
	} {
		err := tc.v.ValidateRow(set.ReportedIndicator(tc.v.IndicatorCode), today)
		if (err == nil) != tc.ok {
			t.Errorf("%s: ValidateRow = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
