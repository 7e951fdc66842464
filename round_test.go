package datchuan

import (
	"strings"
	"testing"
	"time"
)

func TestWeekAndDeadline(t *testing.T) {
	// Thursday 01/09/2022: the week starts Monday 29/08, reports are due
	// Friday 02/09 at 16:00 Vietnam time; a Sunday belongs to the week
	// that started six days before.
	if got := Week(NewDate(2022, 9, 1)); got != NewDate(2022, 8, 29) {
		t.Errorf("week of 01/09/2022: %v, want 29/08/2022", got)
	}
	if got := Week(NewDate(2022, 9, 4)); got != NewDate(2022, 8, 29) {
		t.Errorf("week of Sunday 04/09/2022: %v, want 29/08/2022", got)
	}
	due := DefaultSchedule.Deadline(NewDate(2022, 8, 29))
	if want := time.Date(2022, 9, 2, 16, 0, 0, 0, Vietnam()); !due.Equal(want) {
		t.Errorf("deadline %v, want %v", due, want)
	}
	if got := (Schedule{Weekday: time.Monday, Hour: 9}).Deadline(NewDate(2022, 8, 29)); got.Day() != 29 || got.Hour() != 9 {
		t.Errorf("a Monday 9:00 schedule: %v", got)
	}
	if l := DefaultSchedule.LabelVi(); l != "16:00 thứ Sáu hằng tuần" {
		t.Errorf("schedule label %q", l)
	}
}

func TestTimeliness(t *testing.T) {
	due := time.Date(2022, 9, 2, 16, 0, 0, 0, Vietnam())
	for _, c := range []struct {
		r    *Report
		want Timeliness
	}{
		{nil, Missing},
		{&Report{State: ReportDraft}, Missing}, // a draft is not a submission
		{&Report{State: ReportSubmitted, FirstSentAt: due}, OnTime},
		{&Report{State: ReportSubmitted, FirstSentAt: due.Add(time.Minute)}, Late},
		// Returned and sent again after the deadline: judged by the first sending.
		{&Report{State: ReportSubmitted, FirstSentAt: due.Add(-time.Hour), SentAt: due.Add(48 * time.Hour)}, OnTime},
	} {
		if got := TimelinessOf(c.r, due); got != c.want {
			t.Errorf("%+v: %s, want %s", c.r, got, c.want)
		}
	}
}

func TestReportValidate(t *testing.T) {
	ok := &Report{State: ReportSubmitted, Summary: strings.Repeat("ữ", MaxReportText)}
	if err := ok.Validate(); err != nil {
		t.Errorf("%d Vietnamese characters refused: %v", MaxReportText, err)
	}
	for name, r := range map[string]*Report{
		"too long":         {State: ReportDraft, Items: []ReportItem{{Causes: strings.Repeat("ữ", MaxReportText+1)}}},
		"a NUL":            {State: ReportDraft, Summary: "a\x00b"},
		"empty sent":       {State: ReportSubmitted},
		"returned, no why": {State: ReportReturned, Summary: "x"},
		"too many files":   {State: ReportDraft, Files: make([]string, MaxReportFiles+1)},
	} {
		if err := r.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	long := &Report{State: ReportDraft, Items: []ReportItem{{}, {Causes: strings.Repeat("x", MaxReportText+1)}}}
	if f := ErrorFields(long.Validate()); f[ItemField(FieldCauses, 1)] == "" {
		t.Errorf("the problem is not on the second criterion's causes: %v", f)
	}
}

func TestRevisionChanges(t *testing.T) {
	one := Revision{Summary: "a", Items: []ReportItem{{SetID: "s", CriterionCode: "1", Work: "w"}, {SetID: "s", CriterionCode: "2", Causes: "c"}}, Files: []string{"f1"}}
	two := Revision{Summary: "a", Items: []ReportItem{{SetID: "s", CriterionCode: "1", Work: "w2", Proposals: "p"}}, Files: []string{"f1", "f2"}}
	got := two.Changes(one)
	want := []RevisionChange{
		{"s", "1", FieldWork, "w", "w2"},
		{"s", "1", FieldProposals, "", "p"},
		{"s", "2", FieldCauses, "c", ""},
		{"", "", FieldFiles, "1", "2"},
	}
	if len(got) != len(want) {
		t.Fatalf("changes %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if c := one.Changes(one); len(c) != 0 {
		t.Errorf("a revision against itself: %+v", c)
	}
}
