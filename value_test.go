package datchuan_test

import (
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

func TestParseMeasure(t *testing.T) {
	tests := []struct {
		kind datchuan.IndicatorKind
		in   string
		want datchuan.Measure
	}{
		{datchuan.KindPassFail, "Đạt", datchuan.BoolMeasure(true)},
		{datchuan.KindPassFail, "không đạt", datchuan.BoolMeasure(false)},
		{datchuan.KindPassFail, "có", datchuan.BoolMeasure(true)},
		{datchuan.KindPassFail, "NO", datchuan.BoolMeasure(false)},
		{datchuan.KindPassFail, "true", datchuan.BoolMeasure(true)},
		// Must-be-none: "không" answers "is there any?" and so meets it.
		{datchuan.KindNoneAllowed, "không", datchuan.BoolMeasure(true)},
		{datchuan.KindNoneAllowed, "có", datchuan.BoolMeasure(false)},
		{datchuan.KindNoneAllowed, "đạt", datchuan.BoolMeasure(true)},
		{datchuan.KindNoneAllowed, "3", datchuan.NumberMeasure(3)},
		{datchuan.KindPercentMin, "95%", datchuan.NumberMeasure(95)},
		{datchuan.KindPercentMin, "95,5", datchuan.NumberMeasure(95.5)},
		{datchuan.KindPercentMin, " 95.5 % ", datchuan.NumberMeasure(95.5)},
		{datchuan.KindPercentMin, "19/20", datchuan.RatioMeasure(19, 20)},
		{datchuan.KindAmountMin, "1.234,5", datchuan.NumberMeasure(1234.5)},
		{datchuan.KindPerPersonMin, "1200/300", datchuan.RatioMeasure(1200, 300)},
	}
	for _, tt := range tests {
		got, err := datchuan.ParseMeasure(tt.kind, tt.in)
		if err != nil {
			t.Errorf("ParseMeasure(%s, %q): %v", tt.kind, tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMeasure(%s, %q) = %+v, want %+v", tt.kind, tt.in, got, tt.want)
		}
	}
}

func TestParseMeasureRefuses(t *testing.T) {
	tests := []struct {
		kind datchuan.IndicatorKind
		in   string
	}{
		{datchuan.KindPassFail, ""},
		{datchuan.KindPassFail, "95"},
		{datchuan.KindPassFail, "1/2"},
		{datchuan.KindPercentMin, "đạt"},
		{datchuan.KindPercentMin, "101%"},
		{datchuan.KindPercentMin, "21/20"},
		{datchuan.KindPercentMin, "3/0"},
		{datchuan.KindPercentMin, "abc"},
		{datchuan.KindAmountMin, "45%"},
		{datchuan.KindAmountMin, "-3"},
	}
	for _, tt := range tests {
		_, err := datchuan.ParseMeasure(tt.kind, tt.in)
		if datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("ParseMeasure(%s, %q) error = %v, want EINVALID", tt.kind, tt.in, err)
		}
	}
}

func TestSatisfies(t *testing.T) {
	tests := []struct {
		m    datchuan.Measure
		kind datchuan.IndicatorKind
		th   float64
		met  bool
	}{
		{datchuan.RatioMeasure(19, 20), datchuan.KindPercentMin, 95, true},
		{datchuan.RatioMeasure(18, 20), datchuan.KindPercentMin, 95, false},
		{datchuan.RatioMeasure(29, 100), datchuan.KindPercentMin, 29, true},
		{datchuan.NumberMeasure(4.9), datchuan.KindPercentMax, 5, true},
		{datchuan.NumberMeasure(5.1), datchuan.KindPercentMax, 5, false},
		{datchuan.NumberMeasure(0), datchuan.KindNoneAllowed, 0, true},
		{datchuan.NumberMeasure(2), datchuan.KindNoneAllowed, 0, false},
		{datchuan.RatioMeasure(1200, 300), datchuan.KindPerPersonMin, 4, true},
		{datchuan.NumberMeasure(64.9), datchuan.KindAmountMin, 65, false},
	}
	for _, tt := range tests {
		met, ok := tt.m.Satisfies(tt.kind, tt.th)
		if !ok || met != tt.met {
			t.Errorf("%+v.Satisfies(%s, %v) = %v, %v; want %v, true", tt.m, tt.kind, tt.th, met, ok, tt.met)
		}
	}
	if _, ok := datchuan.BoolMeasure(true).Satisfies(datchuan.KindPercentMin, 50); ok {
		t.Error("a yes/no value fits a percentage indicator")
	}
}

func TestCurrentValuesAsOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2022, 7, d, 9, 0, 0, 0, time.UTC) }
	values := []*datchuan.Value{
		{ID: 1, UnitID: 7, SetID: "s", IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 7, 1), ReportedAt: day(1), Measure: datchuan.NumberMeasure(90)},
		{ID: 2, UnitID: 7, SetID: "s", IndicatorCode: "17.8", AsOf: datchuan.NewDate(2022, 7, 5), ReportedAt: day(5), Measure: datchuan.NumberMeasure(100)},
		{ID: 3, UnitID: 7, SetID: "s", IndicatorCode: "1.1", AsOf: datchuan.NewDate(2022, 7, 2), ReportedAt: day(2), Measure: datchuan.BoolMeasure(true)},
	}
	reviews := []*datchuan.Review{
		{ID: 1, ValueID: 1, Decision: datchuan.StateReturned, At: day(2), Reason: "thiếu minh chứng"},
		{ID: 2, ValueID: 2, Decision: datchuan.StateConfirmed, At: day(6)},
	}
	got := datchuan.CurrentValues(values, reviews, day(4))
	if len(got) != 2 || got[0].IndicatorCode != "1.1" || got[1].ID != 1 {
		t.Fatalf("as of 4/7: got %d values %+v, want 1.1 and the first 17.8 report", len(got), got)
	}
	if got[1].State != datchuan.StateReturned || got[1].ReturnReason != "thiếu minh chứng" {
		t.Errorf("as of 4/7 the 17.8 report is %s (%q), want returned with its reason", got[1].State, got[1].ReturnReason)
	}
	if got[0].State != datchuan.StateReported {
		t.Errorf("1.1 state = %s, want reported", got[0].State)
	}
	now := datchuan.CurrentValues(values, reviews, time.Time{})
	if now[1].ID != 2 || now[1].State != datchuan.StateConfirmed {
		t.Errorf("now: 17.8 = report %d %s, want report 2 confirmed", now[1].ID, now[1].State)
	}
	if values[0].State != "" {
		t.Error("CurrentValues modified its input")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Huyện Cầu Ngang":     "huyen cau ngang",
		"Xã  Đôn   Châu":      "xa don chau",
		"Xã Hòa Ân":           "xa hoa an",
		"Xã Hoà Tân":          "xa hoa tan",
		"Thị trấn Long Thành": "thi tran long thanh",
	} {
		if got := datchuan.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	d, err := datchuan.ParseDate("22/06/2022")
	if err != nil || d != datchuan.NewDate(2022, 6, 22) {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	if d.VN() != "22/06/2022" || d.String() != "2022-06-22" {
		t.Errorf("formats: %s %s", d.VN(), d)
	}
	if !d.Within(datchuan.Date{}, datchuan.NewDate(2022, 6, 23)) || d.Within(datchuan.Date{}, d) {
		t.Error("Within treats the upper bound as inclusive")
	}
	if _, err := datchuan.ParseDate("31/02/2022"); err == nil {
		t.Error("31/02/2022 parsed")
	}
	end := datchuan.EndOfDay(d)
	if got := end.UTC().Format(time.RFC3339); got != "2022-06-22T17:00:00Z" {
		t.Errorf("EndOfDay(22/06/2022) = %s, want 23/06 00:00 ICT = 2022-06-22T17:00:00Z", got)
	}
}
