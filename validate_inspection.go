package datchuan

import "time"

// Limits of an inspection, in items.
const (
	MaxInspectionUnits    = 30  // units visited on one inspection: a district and its communes
	MaxInspectionCriteria = 100 // criteria checked
	MaxInspectionPhotos   = 40  // photos of one inspection
	MaxPhotosAtOnce       = 10  // photos of one upload
)

// Field names of the inspection forms.
const (
	FieldPlanned  = "planned"
	FieldDone     = "done"
	FieldTeam     = "team"
	FieldResult   = "result"
	FieldPhotos   = "photos"
	FieldTaken    = "taken"
	FieldCaption  = "caption"
	FieldFollowUp = "follow_up"
)

// Validate checks an inspection as planned, edited or moved: a title, the
// inspecting agency, the day planned (and, once done, the day it was done,
// not in the future, with its team), units visited, a criteria set, and
// texts within their limits.
func (x *Inspection) Validate(today Date) error {
	p := Problems{}
	p.text(FieldTitle, x.Title, true, MaxTitle, "tên đợt kiểm tra")
	if x.ProvinceID == 0 {
		p.Add(FieldUnits, "Đợt kiểm tra chưa có tỉnh (inspection without a province)")
	}
	if x.AgencyID == 0 {
		p.Add(FieldAgency, "Chọn cơ quan kiểm tra (choose the inspecting agency)")
	}
	if !x.State.Valid() {
		p.Add(FieldStatus, "Trạng thái đợt kiểm tra không hợp lệ (unknown state)")
	}
	p.day(FieldPlanned, x.Planned, true, "ngày kiểm tra dự kiến")
	switch {
	case x.State == InspectionDone:
		p.day(FieldDone, x.Done, true, "ngày kiểm tra thực tế")
		p.notAfter(FieldDone, x.Done, today, "ngày kiểm tra thực tế")
		if len(x.Members()) == 0 {
			p.Add(FieldTeam, "Cần ghi thành phần đoàn kiểm tra, mỗi người một dòng (the team is required once done)")
		}
	case !x.Done.IsZero():
		p.Add(FieldDone, "Chỉ ghi ngày kiểm tra thực tế khi đã kiểm tra (a done date only once done)")
	}
	p.lines(FieldTeam, x.Team, false, MaxText, "thành phần đoàn kiểm tra")
	switch n := len(x.UnitIDs); {
	case n == 0:
		p.Add(FieldUnits, "Chọn ít nhất một xã hoặc huyện được kiểm tra (choose at least one unit)")
	case n > MaxInspectionUnits:
		p.Add(FieldUnits, "Tối đa %d đơn vị một đợt; đã chọn %d (at most %d units)", MaxInspectionUnits, n, MaxInspectionUnits)
	}
	if blank(x.SetID) {
		p.Add(FieldCriteria, "Chọn bộ tiêu chí kiểm tra (choose a criteria set)")
	}
	if len(x.Criteria) > MaxInspectionCriteria {
		p.Add(FieldCriteria, "Quá %d tiêu chí (more than %d criteria)", MaxInspectionCriteria, MaxInspectionCriteria)
	}
	p.lines(FieldSummary, x.Summary, false, MaxReportText, "kết luận")
	return p.Err()
}

// day checks a date field: given when required, within the years dates
// may take.
func (p Problems) day(field string, d Date, required bool, what string) {
	switch {
	case d.IsZero():
		if required {
			p.Add(field, "Cần %s, dạng dd/mm/yyyy (%s required, dd/mm/yyyy)", what, field)
		}
	default:
		if err := d.CheckRange(); err != nil {
			p.put(field, ErrorText(err))
		}
	}
}

// Validate checks a finding: a unit and a criterion of the inspection's
// set, a known result, a note within its limit.
func (f *Finding) Validate() error {
	p := Problems{}
	if f.InspectionID == 0 || f.UnitID == 0 {
		p.Add(FieldUnits, "Chọn đơn vị được kiểm tra (choose the unit)")
	}
	if blank(f.SetID) || blank(f.CriterionCode) {
		p.Add(FieldCriteria, "Chọn tiêu chí hoặc chỉ tiêu được kiểm tra (choose a criterion or indicator)")
	}
	if !f.Result.Valid() {
		p.Add(FieldResult, "Chọn kết quả: đạt, cần hoàn thiện thêm hoặc chưa đạt (choose a result)")
	}
	p.lines(FieldNote, f.Note, false, MaxText, "nhận xét")
	if f.ObstacleID != 0 && f.TaskID != 0 {
		p.Add(FieldFollowUp, "Một kết quả chỉ thành một vướng mắc hoặc một nhiệm vụ (a finding becomes one obstacle or one task)")
	}
	return p.Err()
}

// Validate checks a photo before it is added: the file, a caption within
// its limit, the time it was taken (not after now) and where that time
// comes from.
func (ph *InspectionPhoto) Validate(now time.Time) error {
	p := Problems{}
	if !IsAttachmentID(ph.AttachmentID) {
		p.Add(FieldPhotos, "Chọn ảnh để tải lên (choose a photo)")
	}
	p.text(FieldCaption, ph.Caption, false, MaxTitle, "chú thích")
	if !ph.TakenFrom.Valid() {
		p.Add(FieldTaken, "Nguồn giờ chụp không hợp lệ (unknown source of the time taken)")
	}
	switch {
	case ph.TakenAt.IsZero():
		p.Add(FieldTaken, "Cần giờ chụp ảnh (the time taken is required)")
	case ph.TakenFrom == PhotoTimeTyped && ph.TakenAt.After(now):
		p.Add(FieldTaken, "Giờ chụp không được sau lúc này (the time taken cannot be in the future)")
	default:
		if err := DateOf(ph.TakenAt.In(Vietnam())).CheckRange(); err != nil {
			p.put(FieldTaken, ErrorText(err))
		}
	}
	return p.Err()
}
