package datchuan_test

import (
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

var today = datchuan.MustDate("2022-09-01")

// fields returns the problems of err by field, failing when err is not
// the EINVALID of a Validate.
func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	if datchuan.ErrorCode(err) != datchuan.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	return datchuan.ErrorFields(err)
}

func TestValueValidateCountsCharacters(t *testing.T) {
	ind := &datchuan.Indicator{Code: "1.1", Kind: datchuan.KindPassFail}
	v := &datchuan.Value{IndicatorCode: "1.1", Measure: datchuan.BoolMeasure(true), AsOf: today,
		Comment: strings.Repeat("ệ", datchuan.MaxText)} // 2000 letters, 6000 bytes
	if err := v.Validate(ind, nil, false, today); err != nil {
		t.Fatalf("2000 Vietnamese letters refused: %v", err)
	}
	v.Comment += "ệ"
	if f := fields(t, v.Validate(ind, nil, false, today)); !strings.Contains(f["comment"], "2001") {
		t.Errorf("comment problem = %q, want it to count 2001 characters", f["comment"])
	}
}

func TestValueValidate(t *testing.T) {
	pct := &datchuan.Indicator{Code: "17.1", Kind: datchuan.KindPercentMin}
	ok := datchuan.Value{Measure: datchuan.NumberMeasure(95), AsOf: today}
	for name, c := range map[string]struct {
		change func(v *datchuan.Value)
		field  string
	}{
		"yes/no for a percentage": {func(v *datchuan.Value) { v.Measure = datchuan.BoolMeasure(true) }, "value"},
		"above 100%":              {func(v *datchuan.Value) { v.Measure = datchuan.NumberMeasure(101) }, "value"},
		"negative":                {func(v *datchuan.Value) { v.Measure = datchuan.NumberMeasure(-1) }, "value"},
		"numerator above":         {func(v *datchuan.Value) { v.Measure = datchuan.RatioMeasure(21, 20) }, "value"},
		"no value":                {func(v *datchuan.Value) { v.Measure = datchuan.Measure{} }, "value"},
		"no as-of date":           {func(v *datchuan.Value) { v.AsOf = datchuan.Date{} }, "as_of"},
		"as-of date tomorrow":     {func(v *datchuan.Value) { v.AsOf = today.AddDays(1) }, "as_of"},
		"six files":               {func(v *datchuan.Value) { v.Evidence = make([]string, 6) }, "evidence"},
	} {
		v := ok
		c.change(&v)
		if f := fields(t, v.Validate(pct, nil, false, today)); f[c.field] == "" {
			t.Errorf("%s: no problem on %s: %v", name, c.field, f)
		}
	}
	if err := ok.Validate(pct, nil, false, today); err != nil {
		t.Errorf("a good value: %v", err)
	}
}

func TestReviewValidate(t *testing.T) {
	for _, c := range []struct {
		r     datchuan.Review
		field string
	}{
		{datchuan.Review{Decision: datchuan.StateConfirmed}, ""},
		{datchuan.Review{Decision: datchuan.StateReturned, Reason: "thiếu biên bản"}, ""},
		{datchuan.Review{Decision: datchuan.StateReturned, Reason: "  "}, "reason"},
		{datchuan.Review{Decision: "maybe"}, "decision"},
	} {
		err := c.r.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.r, err)
			}
			continue
		}
		if f := fields(t, err); f[c.field] == "" {
			t.Errorf("%+v: no problem on %s: %v", c.r, c.field, f)
		}
	}
}

func TestApprovalValidateByState(t *testing.T) {
	a := datchuan.Approval{Title: "Quy hoạch xã", AgencyID: 1, State: datchuan.ApprovalApproved}
	f := fields(t, a.Validate(today))
	if f["decision_number"] == "" || f["decision_date"] == "" {
		t.Errorf("approved without a decision: %v", f)
	}
	a.DecisionNumber, a.DecisionDate = "1234/QĐ-UBND", today.AddDays(1)
	if f := fields(t, a.Validate(today)); f["decision_date"] == "" {
		t.Errorf("a decision dated tomorrow: %v", f)
	}
	a.DecisionDate = today
	if err := a.Validate(today); err != nil {
		t.Errorf("a good decision: %v", err)
	}
	a = datchuan.Approval{Title: strings.Repeat("đ", datchuan.MaxTitle+1), AgencyID: 1, State: datchuan.ApprovalReturned}
	if f := fields(t, a.Validate(today)); f["title"] == "" || f["reason"] == "" {
		t.Errorf("long title, returned without reason: %v", f)
	}
}

func TestApprovalMoves(t *testing.T) {
	states := []datchuan.ApprovalState{datchuan.ApprovalDraft, datchuan.ApprovalSubmitted, datchuan.ApprovalApproved, datchuan.ApprovalReturned}
	allowed := map[[2]datchuan.ApprovalState]bool{
		{datchuan.ApprovalDraft, datchuan.ApprovalSubmitted}:    true,
		{datchuan.ApprovalReturned, datchuan.ApprovalSubmitted}: true,
		{datchuan.ApprovalSubmitted, datchuan.ApprovalApproved}: true,
		{datchuan.ApprovalSubmitted, datchuan.ApprovalReturned}: true,
	}
	for _, from := range states {
		for _, to := range states {
			if got := from.CanMoveTo(to); got != allowed[[2]datchuan.ApprovalState{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestValidateAssignmentsNamesRows(t *testing.T) {
	row := func() *datchuan.Assignment {
		return &datchuan.Assignment{UnitID: 1, SetID: "s", CriterionCode: "17", LeadID: 2, Deadline: today}
	}
	if err := datchuan.ValidateAssignments([]*datchuan.Assignment{row()}); err != nil {
		t.Fatal(err)
	}
	noLead := row()
	noLead.LeadID = 0
	err := datchuan.ValidateAssignments([]*datchuan.Assignment{row(), noLead})
	if msg := datchuan.ErrorMessage(err); !strings.HasPrefix(msg, "Dòng 2:") || !strings.Contains(msg, "chủ trì") {
		t.Errorf("a row without lead: %q", msg)
	}
	err = datchuan.ValidateAssignments([]*datchuan.Assignment{row(), row()})
	if msg := datchuan.ErrorMessage(err); !strings.Contains(msg, "dòng 1") {
		t.Errorf("a duplicate row: %q", msg)
	}
	both := row()
	both.SupportIDs = []int64{2}
	if f := fields(t, both.Validate()); f["supports"] == "" {
		t.Errorf("lead also supporting: %v", f)
	}
}

func TestTaskPlanGuidanceUserValidate(t *testing.T) {
	task := datchuan.Task{UnitID: 1, AssigneeID: 2, Title: "Lập hồ sơ", Status: datchuan.TaskTodo, Files: make([]string, 6)}
	if f := fields(t, task.Validate()); f["files"] == "" || len(f) != 1 {
		t.Errorf("a task with six files: %v", f)
	}
	plan := datchuan.Plan{ProvinceID: 1, Number: "45/KH-BCĐ", Date: today}
	if f := fields(t, plan.Validate()); f["title"] == "" || len(f) != 1 {
		t.Errorf("a plan without title: %v", f)
	}
	g := datchuan.Guidance{AgencyID: 1, SetID: "s", CriterionCode: "1", Number: "1/HD", Title: "x", Date: today.AddDays(1)}
	if f := fields(t, g.Validate(today)); f["date"] == "" || f["file"] == "" {
		t.Errorf("guidance dated tomorrow, without file: %v", f)
	}
	u := datchuan.User{Login: "a b", Name: "", Email: "nope", Lang: "fr"}
	if f := fields(t, u.Validate()); len(f) != 4 {
		t.Errorf("a bad account: %v", f)
	}
}

func TestProblemsParseDate(t *testing.T) {
	p := datchuan.Problems{}
	if d := p.ParseDate("due", "31/12/2022", true); d != datchuan.MustDate("2022-12-31") || len(p) != 0 {
		t.Errorf("31/12/2022 = %v, %v", d, p)
	}
	p.ParseDate("due", "", false)
	if len(p) != 0 {
		t.Errorf("an optional empty date: %v", p)
	}
	p.ParseDate("due", "later", false)
	p.ParseDate("deadline", "", true)
	if p["due"].Vi == "" || p["deadline"].Vi == "" {
		t.Errorf("bad and missing dates: %v", p)
	}
}

// A must-be-none indicator (9.1 nhà tạm) is answered có/không or by a
// count: a ratio says nothing of whether any is left, and the engine could
// only show it as "no data".
func TestFitsNoneAllowed(t *testing.T) {
	for m, want := range map[datchuan.Measure]bool{
		datchuan.BoolMeasure(true): true, datchuan.NumberMeasure(0): true, datchuan.NumberMeasure(3): true,
		datchuan.RatioMeasure(1, 2): false,
	} {
		if err := m.Fits(datchuan.KindNoneAllowed); (err == nil) != want {
			t.Errorf("%v fits a must-be-none indicator: %v, want %v", m, err, want)
		}
	}
}
