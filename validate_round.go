package datchuan

import (
	"fmt"
	"time"
)

// Limits of weekly reports, in characters and items.
const (
	MaxReportText  = 4000 // one field of a report: the work of a week may take a page
	MaxReportItems = 100  // criteria in one report
	MaxReportFiles = 10   // files of one report
)

// Field names of the weekly report forms.
const (
	FieldSummary      = "summary"
	FieldWork         = "work"
	FieldDifficulties = "difficulties"
	FieldCauses       = "causes"
	FieldProposals    = "proposals"
	FieldWeekday      = "weekday"
	FieldHour         = "hour"
	FieldResolution   = "resolution"
)

// ItemField names the field of the i-th criterion of a report form
// ("work-3"), so that a problem shows beside what was typed.
func ItemField(field string, i int) string { return fmt.Sprintf("%s-%d", field, i) }

// Validate checks a schedule: a weekday and an hour of the day.
func (s Schedule) Validate() error {
	p := Problems{}
	if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
		p.Add(FieldWeekday, "Chọn một ngày trong tuần (choose a weekday)")
	}
	if s.Hour < 0 || s.Hour > 23 {
		p.Add(FieldHour, "Giờ hạn nộp từ 0 đến 23 (the hour is 0 to 23)")
	}
	return p.Err()
}

// Validate checks a round before it is opened: a plan, a deadline within
// the years dates may take, someone to report, and a subject for an
// ad-hoc round.
func (r *Round) Validate() error {
	p := Problems{}
	if !r.Kind.Valid() {
		p.Add(FieldKind, "Loại đợt báo cáo không hợp lệ (unknown kind of round)")
	}
	if r.PlanID == 0 {
		p.Add(FieldTitle, "Đợt báo cáo chưa thuộc kế hoạch nào (round without a plan)")
	}
	if r.Kind == RoundAdHoc {
		p.text(FieldTitle, r.Title, true, MaxTitle, "nội dung yêu cầu báo cáo")
	} else {
		p.text(FieldTitle, r.Title, false, MaxTitle, "nội dung")
	}
	if r.Deadline.IsZero() {
		p.Add(FieldDeadline, "Cần hạn nộp, dạng dd/mm/yyyy (the deadline is required)")
	} else if err := DateOf(r.Deadline.In(Vietnam())).CheckRange(); err != nil {
		p.Add(FieldDeadline, "%s", ErrorText(err).Vi)
	}
	if len(r.Reporters) == 0 {
		p.Add(FieldAgency, "Kế hoạch chưa có cơ quan nào phải báo cáo: hãy phân công trước (nobody to report: assign the plan first)")
	}
	return p.Err()
}

// Validate checks a report as saved or sent: its state, each text within
// its limit and made of characters people type, its files, and the reason
// of a returned report.
func (r *Report) Validate() error {
	p := Problems{}
	if !r.State.Valid() {
		p.Add(FieldStatus, "Trạng thái báo cáo không hợp lệ (unknown report state)")
	}
	p.lines(FieldSummary, r.Summary, false, MaxReportText, "tóm tắt")
	if len(r.Items) > MaxReportItems {
		p.Add(FieldSummary, "Báo cáo có quá %d tiêu chí (more than %d criteria)", MaxReportItems, MaxReportItems)
	}
	for i, it := range r.Items {
		p.lines(ItemField(FieldWork, i), it.Work, false, MaxReportText, "kết quả thực hiện")
		p.lines(ItemField(FieldDifficulties, i), it.Difficulties, false, MaxReportText, "khó khăn, vướng mắc")
		p.lines(ItemField(FieldCauses, i), it.Causes, false, MaxReportText, "nguyên nhân")
		p.lines(ItemField(FieldProposals, i), it.Proposals, false, MaxReportText, "đề xuất, kiến nghị")
	}
	p.files(FieldFiles, len(r.Files), MaxReportFiles)
	if r.State == ReportReturned {
		p.lines(FieldReason, r.ReturnReason, true, MaxText, "lý do trả lại")
	}
	if r.State == ReportSubmitted && r.Summary == "" && allEmpty(r.Items) {
		p.Add(FieldSummary, "Báo cáo chưa có nội dung: viết tóm tắt hoặc ít nhất một tiêu chí (the report is empty)")
	}
	return p.Err()
}

func allEmpty(items []ReportItem) bool {
	for _, it := range items {
		if !it.Empty() {
			return false
		}
	}
	return true
}

// Validate checks an obstacle as raised or moved: what it is about, who
// owns it, its texts, and the note of a resolved one.
func (o *Obstacle) Validate() error {
	p := Problems{}
	p.text(FieldTitle, o.Title, true, MaxTitle, "khó khăn, vướng mắc")
	p.lines(FieldNotes, o.Detail, false, MaxReportText, "nguyên nhân, đề xuất")
	if o.UnitID == 0 || o.ProvinceID == 0 {
		p.Add(FieldUnits, "Chọn đơn vị gặp vướng mắc (choose the unit)")
	}
	if o.OwnerID == 0 {
		p.Add(FieldAgency, "Chọn cơ quan chịu trách nhiệm xử lý (choose the owner)")
	}
	if !o.State.Valid() {
		p.Add(FieldStatus, "Chọn một trạng thái (choose a state)")
	}
	if !o.Source.Valid() {
		p.Add(FieldStatus, "Nguồn vướng mắc không hợp lệ (unknown source)")
	}
	if !o.Due.IsZero() {
		if err := o.Due.CheckRange(); err != nil {
			p.Add(FieldDue, "%s", ErrorText(err).Vi)
		}
	}
	p.lines(FieldResolution, o.Resolution, o.State == ObstacleResolved, MaxText, "kết quả giải quyết")
	return p.Err()
}
