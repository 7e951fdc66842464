package datchuan_test

import (
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// Every message is written "Vietnamese (English)"; an error keeps the two
// apart, so that a page shows its own language only.
func TestErrorfSplitsTheLanguages(t *testing.T) {
	for _, tc := range []struct {
		format string
		args   []any
		vi, en string
	}{
		{"Cần nêu lý do trả lại (a reason is required to return a value)", nil,
			"Cần nêu lý do trả lại", "A reason is required to return a value"},
		{"Vai trò %s cần đơn vị cấp %s (a %s role needs a %s)", []any{"Thành viên BCĐ xã", "xã", "commune", "commune"},
			"Vai trò Thành viên BCĐ xã cần đơn vị cấp xã", "A commune role needs a commune"},
		{"Cần tệp (PDF, Word…) (the file is required)", nil, "Cần tệp (PDF, Word…)", "The file is required"},
		// A name a user typed that ends in brackets is no English text.
		{"Không có cơ quan %s", []any{"Sở Xây dựng (cũ)"}, "Không có cơ quan Sở Xây dựng (cũ)", ""},
		{"%q: phần trăm lớn hơn 100 (percentage above 100)", []any{"150"}, `"150": phần trăm lớn hơn 100`, "Percentage above 100"},
	} {
		e := datchuan.Errorf(datchuan.EINVALID, tc.format, tc.args...)
		if e.Message != tc.vi || e.MessageEn != tc.en {
			t.Errorf("Errorf(%q) = %q / %q, want %q / %q", tc.format, e.Message, e.MessageEn, tc.vi, tc.en)
		}
	}
	e := datchuan.Errorf(datchuan.EINVALID, "Không có cơ quan %s", "X")
	if got := e.Text().In("en"); got != "Không có cơ quan X" {
		t.Errorf("a message without English, on an English page: %q", got)
	}
}

func TestProblemsKeepBothLanguages(t *testing.T) {
	p := datchuan.Problems{}
	p.Add(datchuan.FieldReason, "Cần nêu lý do (a reason is required)")
	err := p.Err()
	vi, en := datchuan.ErrorFields(err), datchuan.ErrorFieldsIn(err, "en")
	if vi[datchuan.FieldReason] != "Cần nêu lý do" || en[datchuan.FieldReason] != "A reason is required" {
		t.Errorf("fields %v / %v", vi, en)
	}
	if msg := datchuan.ErrorMessage(err); strings.Contains(msg, "required") {
		t.Errorf("the Vietnamese message carries English: %q", msg)
	}
	if s := err.Error(); !strings.Contains(s, "Cần nêu lý do") || !strings.Contains(s, "A reason is required") {
		t.Errorf("the log line should carry both languages: %q", s)
	}
}

// 31/02/2022 has the right shape: it is refused as a day that does not
// exist, not as a wrong format.
func TestParseDateSaysTheDayDoesNotExist(t *testing.T) {
	for in, want := range map[string]string{
		"31/02/2022": "Ngày 31/02/2022 không có thật: tháng 2/2022 chỉ có 28 ngày",
		"29/02/2023": "Ngày 29/02/2023 không có thật: tháng 2/2023 chỉ có 28 ngày",
		"2022-04-31": "Ngày 2022-04-31 không có thật: tháng 4/2022 chỉ có 30 ngày",
		"01/13/2022": "Ngày 01/13/2022 không có thật: không có tháng 13",
		"22.06.2022": `Ngày "22.06.2022" cần dạng dd/mm/yyyy`,
		"mai":        `Ngày "mai" cần dạng dd/mm/yyyy`,
	} {
		_, err := datchuan.ParseDate(in)
		if got := datchuan.ErrorMessage(err); got != want {
			t.Errorf("ParseDate(%q): %q, want %q", in, got, want)
		}
		p := datchuan.Problems{}
		p.ParseDate("due", in, true)
		if p["due"].Vi != want {
			t.Errorf("Problems.ParseDate(%q): %q, want %q", in, p["due"].Vi, want)
		}
	}
	for in, want := range map[string]datchuan.Date{
		"29/02/2024": datchuan.NewDate(2024, 2, 29), "1/9/2022": datchuan.NewDate(2022, 9, 1), " 2022-06-22 ": datchuan.NewDate(2022, 6, 22),
	} {
		if got, err := datchuan.ParseDate(in); err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v", in, got, err)
		}
	}
}

func TestAgencyKindLabels(t *testing.T) {
	if got := datchuan.AgencyCommuneCommittee.LabelVi(); got != "Ban Chỉ đạo xã" {
		t.Errorf("commune committee: %q", got)
	}
	if got := datchuan.AgencyDepartment.LabelEn(); got != "Department" {
		t.Errorf("department: %q", got)
	}
}
